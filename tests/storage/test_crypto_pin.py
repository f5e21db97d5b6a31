"""The PIN is the key: set-up makes the vault, a right try unlocks, data migrates."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from app.domain.models import Child, Session
from app.security import (
    PASSPHRASE_ENV,
    BackoffActive,
    PinGuard,
    WrongPassphrase,
    WrongRecoveryKey,
    keys_from_env_or_prompt,
)
from app.storage.audit import AuditLog
from app.storage.crypto import MAGIC, KdfParams, Vault, VaultLocked
from app.storage.repository import Repository
from app.storage.safe_storage import backup_path_for

PIN = "482913"
FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
NAME = "Signe Provsson"
NOTE = "Vill inte åka skolbuss"


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def guard_for(folder: Path, clock: Clock | None = None) -> PinGuard:
    """A PinGuard with encryption on a fresh repository (as after a restart)."""
    return PinGuard(
        Repository(folder), hasher=FAST, clock=clock or Clock(), encrypt=True
    )


def add_child(repo: Repository) -> Child:
    """A child with one session holding a note."""
    child = Child.new(NAME)
    repo.add_child(child)
    repo.save_session(replace(Session.new(child.id), notes=NOTE))
    return child


def actions(folder: Path) -> list[str]:
    """The audit log's actions, oldest first."""
    return [e.action for e in AuditLog(folder).entries()]


def test_first_pin_creates_the_vault_and_a_recovery_key_and_stores_no_hash(tmp_path):
    """Set-up: a key file, a recovery key to show once, no PIN hash, no PIN."""
    guard = guard_for(tmp_path)
    recovery = guard.set_pin(PIN)
    assert recovery is not None
    assert guard.take_new_recovery_key() == recovery
    assert guard.take_new_recovery_key() is None
    assert guard.encrypted
    assert guard.is_set()
    assert guard.vault is guard.repo.vault is not None
    assert not guard.repo.get_setting("pin_hash")
    assert guard.vault.kdf_params == KdfParams.from_hasher(FAST)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert PIN.encode() not in path.read_bytes(), path
            assert recovery.encode() not in path.read_bytes(), path


def test_set_up_without_a_recovery_key_makes_none(tmp_path):
    """recovery=False: no key is shown, and none opens the folder."""
    guard = guard_for(tmp_path)
    assert guard.set_pin(PIN, recovery=False) is None
    assert not guard.vault.has_recovery_key


def test_after_a_restart_the_pin_is_what_opens_the_childrens_data(tmp_path):
    """Locked before verify(); verify(right PIN) attaches the vault to the repo."""
    first = guard_for(tmp_path)
    first.set_pin(PIN)
    child = add_child(first.repo)
    restarted = guard_for(tmp_path)
    assert restarted.repo.locked
    with pytest.raises(VaultLocked):
        restarted.repo.list_children()
    assert restarted.verify(PIN)
    assert restarted.repo.sessions(child.id)[0].notes == NOTE
    vault = restarted.unlock(PIN)
    assert vault is restarted.repo.vault  # one vault per repository


def test_a_wrong_passphrase_is_refused_and_slows_down_like_a_wrong_pin(tmp_path):
    """Wrong tries are counted: after three, even the right one must wait."""
    clock = Clock()
    guard_for(tmp_path, clock).set_pin(PIN)
    guard = guard_for(tmp_path, clock)
    for _ in range(3):
        assert not guard.verify("000000")
    clock.now += 1
    with pytest.raises(WrongPassphrase):
        guard.unlock("111111")
    with pytest.raises(BackoffActive) as exc:
        guard.verify(PIN)
    assert exc.value.seconds == pytest.approx(2)
    assert guard.repo.locked
    clock.now += 2
    assert guard.verify(PIN)
    assert not guard.repo.locked
    assert actions(tmp_path).count("unlock_failed") == 4


def test_changing_the_pin_rewraps_keys_and_leaves_data_files_untouched(tmp_path):
    """The new PIN opens the data, the old does not; data bytes are unchanged."""
    guard = guard_for(tmp_path)
    guard.set_pin(PIN)
    add_child(guard.repo)
    data = {
        p: p.read_bytes()
        for p in tmp_path.rglob("*.json*")
        if p.is_file() and "keys" not in p.name and "settings" not in p.name
    }
    guard.set_pin("ny lösenfras 2")
    assert {p: p.read_bytes() for p in data} == data
    restarted = guard_for(tmp_path)
    assert not restarted.verify(PIN)
    assert restarted.verify("ny lösenfras 2")
    assert actions(tmp_path)[-1] == "unlocked"
    assert "pin_changed" in actions(tmp_path)


def test_changing_the_pin_of_a_locked_folder_is_refused(tmp_path):
    """Without the vault the master key cannot be re-wrapped: VaultLocked."""
    guard_for(tmp_path).set_pin(PIN)
    with pytest.raises(VaultLocked):
        guard_for(tmp_path).set_pin("ny lösenfras 2")


def test_the_recovery_key_restores_access_with_a_new_pin(tmp_path):
    """Forgotten PIN: recovery key + new PIN; the data is all there."""
    guard = guard_for(tmp_path)
    recovery = guard.set_pin(PIN)
    child = add_child(guard.repo)
    restarted = guard_for(tmp_path)
    restarted.recover(recovery, "ny lösenfras 3")
    assert restarted.repo.sessions(child.id)[0].notes == NOTE
    assert guard_for(tmp_path).verify("ny lösenfras 3")
    assert "recovery_key_used" in actions(tmp_path)
    with pytest.raises(WrongRecoveryKey):
        guard_for(tmp_path).recover("AAAA-" * 7 + "AAAA", "ny lösenfras 4")


def test_an_encrypted_folder_stays_encrypted_even_without_the_flag(tmp_path):
    """PinGuard(encrypt=False) on a folder with a key file still uses the vault."""
    guard_for(tmp_path).set_pin(PIN)
    plain_guard = PinGuard(Repository(tmp_path), hasher=FAST)
    assert plain_guard.is_set()
    assert plain_guard.verify(PIN)
    assert plain_guard.repo.vault is not None


def earlier_version_folder(folder: Path) -> Child:
    """A folder as an earlier version left it: a PIN hash and plaintext files."""
    repo = Repository(folder)
    PinGuard(repo, hasher=FAST).set_pin(PIN)
    child = add_child(repo)
    repo.save_session(replace(repo.sessions(child.id)[0], notes=NOTE + "!"))
    assert repo.child_path(child.id).read_bytes().startswith(b"{")
    assert backup_path_for(repo.child_path(child.id)).exists()
    return child


def test_the_first_right_pin_encrypts_an_earlier_versions_plaintext_data(tmp_path):
    """Migration: same data afterwards, every file and .bak encrypted, no hash."""
    child = earlier_version_folder(tmp_path)
    before = Repository(tmp_path).sessions(child.id)
    guard = guard_for(tmp_path)
    assert not guard.encrypted
    assert not guard.verify("000000")
    assert not guard.encrypted  # nothing happens on a wrong PIN
    assert guard.verify(PIN)
    assert guard.encrypted
    assert guard.take_new_recovery_key() is not None
    assert guard.repo.sessions(child.id) == before
    assert not guard.repo.get_setting("pin_hash")
    assert not guard.vault.migration_pending
    for path in [
        *guard.repo.data_files(),
        *map(backup_path_for, guard.repo.data_files()),
    ]:
        assert path.read_bytes().startswith(MAGIC), path
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert NAME.encode() not in path.read_bytes(), path
            assert NOTE.encode() not in path.read_bytes(), path
    assert "data_encrypted" in actions(tmp_path)
    restarted = guard_for(tmp_path)
    assert restarted.verify(PIN)
    assert restarted.repo.sessions(child.id) == before


def test_a_migration_cut_short_is_finished_at_the_next_unlock(tmp_path):
    """Crash after the key file but before the files: the next unlock completes it."""
    child = earlier_version_folder(tmp_path)
    before = Repository(tmp_path).sessions(child.id)
    vault, _ = Vault.create(
        tmp_path,
        PIN,
        recovery=False,
        kdf=KdfParams.from_hasher(FAST),
        migration_pending=True,
    )
    # Only the child's file got its first encrypted save before the "crash".
    path = Repository(tmp_path).child_path(child.id)
    plain = json.loads(path.read_text())
    with vault.database(path) as db:
        db.storage.write(plain)
    assert backup_path_for(path).read_bytes().startswith(b"{")
    guard = guard_for(tmp_path)
    assert guard.verify(PIN)
    assert not guard.vault.migration_pending
    assert guard.repo.list_children()[0].display_name == NAME
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert NAME.encode() not in file.read_bytes(), file
    assert guard.repo.sessions(child.id) == before
    assert backup_path_for(path).read_bytes().startswith(MAGIC)


def test_an_old_damaged_copy_is_reported_not_deleted_by_the_migration(tmp_path):
    """A .corrupt-* left by an earlier version is listed for a person to judge."""
    child = earlier_version_folder(tmp_path)
    path = Repository(tmp_path).child_path(child.id)
    damaged = path.with_name(path.name + ".corrupt-20250101T000000.000000Z")
    damaged.write_bytes(b'{"child": {"1": ')
    vault, _ = Vault.create(tmp_path, PIN, recovery=False, kdf=KdfParams(1, 8, 1))
    repo = Repository(tmp_path, vault=vault)
    report = repo.encrypt_existing_data()
    assert report.complete
    assert report.plaintext_left == [damaged]
    assert damaged.exists()
    again = repo.encrypt_existing_data()
    assert sorted(again.already) == sorted(report.encrypted)


def test_passphrase_from_the_environment_unlocks_and_is_removed(tmp_path):
    """MINROST_PASSPHRASE opens the folder for a command and leaves the env."""
    guard_for(tmp_path).set_pin(PIN)
    env = {PASSPHRASE_ENV: PIN, "OTHER": "x"}
    vault = keys_from_env_or_prompt(
        tmp_path, env=env, prompt=lambda _: pytest.fail("prompted")
    )
    assert isinstance(vault, Vault)
    assert env == {"OTHER": "x"}


def test_without_the_variable_the_passphrase_is_asked_for(tmp_path):
    """No variable: the prompt is used; a wrong answer raises WrongPassphrase."""
    guard_for(tmp_path).set_pin(PIN)
    asked = []
    vault = keys_from_env_or_prompt(
        tmp_path, env={}, prompt=lambda text: asked.append(text) or PIN
    )
    assert asked
    assert vault is not None
    with pytest.raises(WrongPassphrase):
        keys_from_env_or_prompt(tmp_path, env={}, prompt=lambda _: "fel fras 123")


def test_a_folder_without_a_pin_needs_no_passphrase(tmp_path):
    """Nothing set up yet: no prompt, no vault."""
    assert (
        keys_from_env_or_prompt(
            tmp_path, env={}, prompt=lambda _: pytest.fail("prompted")
        )
        is None
    )


def test_a_copied_folder_opens_with_the_same_pin(tmp_path):
    """A backup copy of the whole folder is usable on another machine."""
    guard = guard_for(tmp_path / "a")
    guard.set_pin(PIN)
    child = add_child(guard.repo)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    other = guard_for(tmp_path / "b")
    assert other.verify(PIN)
    assert other.repo.get_child(child.id).display_name == NAME


def test_a_first_pin_is_refused_where_the_key_file_was_deleted(tmp_path):
    """A folder with encrypted files but no keys.json gets no fresh keys from a PIN."""
    from app.security import PinGuard
    from app.storage.crypto import NoVault

    repo = Repository(tmp_path)
    guard = PinGuard(repo, hasher=FAST, encrypt=True)
    guard.set_pin("123456")
    repo.add_child(Child.new("Påhittad"))
    for name in ("keys.json", "keys.json.bak"):
        (tmp_path / name).unlink(missing_ok=True)
    fresh = PinGuard(Repository(tmp_path), hasher=FAST, encrypt=True)
    with pytest.raises(NoVault):
        fresh.set_pin("654321")
    assert not (tmp_path / "keys.json").exists()
