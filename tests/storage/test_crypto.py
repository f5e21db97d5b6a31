"""Children's data encrypted at rest: what the vault refuses, and what it keeps."""

from __future__ import annotations

import json
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.domain.models import Child, CustomItem, Session
from app.storage import crypto
from app.storage.crypto import (
    KEY_FILE_NAME,
    MAGIC,
    KdfParams,
    KeyFileTampered,
    Vault,
    VaultExists,
    VaultLocked,
    WrongPassphrase,
    WrongRecoveryKey,
    _parse,
    read_counter,
)
from app.storage.repository import Repository
from app.storage.safe_storage import CorruptFileError, SafeStorage, backup_path_for

PASSPHRASE = "korrekt häst batteri"
FAST = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
NAME = "Vilgot Testberg"
NOTE = "Rädd för idrottslektionen"
OWN_ITEM = "Hemligt kojbygge"


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    """A fresh encrypted data folder (cheap Argon2, no recovery key)."""
    created, _ = Vault.create(tmp_path, PASSPHRASE, recovery=False, kdf=FAST)
    return created


@pytest.fixture
def repo(tmp_path: Path, vault: Vault) -> Repository:
    """A repository that reads and writes through the vault."""
    return Repository(tmp_path, vault=vault)


def add_child(repo: Repository, name: str = NAME) -> tuple[Child, Session]:
    """A child with one session holding a note and one of the child's own items."""
    child = Child.new(name, "Ärende 17")
    repo.add_child(child)
    session = Session.new(child.id)
    session = replace(
        session,
        notes=NOTE,
        grid=session.grid.add_custom(CustomItem("own1", OWN_ITEM, "star")),
    )
    repo.save_session(session)
    return child, session


def reopen(tmp_path: Path) -> Repository:
    """The folder as a restarted app sees it: keys read again from disk."""
    return Repository(tmp_path, vault=Vault.unlock(tmp_path, PASSPHRASE))


def files_of(folder: Path) -> list[Path]:
    """Every file under ``folder``."""
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_a_changed_byte_anywhere_in_a_childs_file_is_refused(tmp_path, repo):
    """Ciphertext, tag, nonce or counter: one flipped bit and the file is refused."""
    child, _ = add_child(repo)
    path = repo.child_path(child.id)
    original = path.read_bytes()
    _, _, header, _ = _parse(original)
    # A byte in the counter, the nonce, the ciphertext and the tag.
    for offset in (len(MAGIC) + 8, len(header) - 1, len(header) + 5, -1):
        raw = bytearray(original)
        raw[offset] ^= 0x01
        path.write_bytes(bytes(raw))
        with pytest.raises(CorruptFileError, match="integrity check") as exc:
            reopen(tmp_path).sessions(child.id)
        assert NAME not in str(exc.value)
    path.write_bytes(original)
    assert reopen(tmp_path).sessions(child.id)[0].notes == NOTE


def test_a_file_copied_over_from_another_child_is_refused(tmp_path, repo):
    """Swapping two children's files is seen: each is bound to its own file id."""
    first, _ = add_child(repo, "Ada A")
    second, _ = add_child(repo, "Bo B")
    shutil.copyfile(repo.child_path(second.id), repo.child_path(first.id))
    with pytest.raises(CorruptFileError, match="belongs to another file"):
        reopen(tmp_path).get_child(first.id)


def test_a_rolled_back_copy_of_a_childs_file_is_refused(tmp_path, repo):
    """An older copy put back in place (e.g. to revive a withdrawn consent) fails."""
    child, session = add_child(repo)
    path = repo.child_path(child.id)
    old = path.read_bytes()
    for note in ("andra", "tredje"):
        repo.save_session(replace(session, notes=note))
    path.write_bytes(old)
    with pytest.raises(CorruptFileError, match="older version") as exc:
        reopen(tmp_path).sessions(child.id)
    # The .bak (one save back) is still offered, as a restore on request.
    assert exc.value.backup_path == backup_path_for(path)


def test_an_encrypted_save_decrypts_the_childs_file_only_once(
    tmp_path, repo, monkeypatch
):
    """The read before the save is the only decryption; the counter is still
    recorded, so the file reads back after a restart and a rollback is refused."""
    child, session = add_child(repo)
    path = repo.child_path(child.id)
    calls = []

    class CountingAESGCM:
        def __init__(self, key):
            self.inner = AESGCM(key)

        def encrypt(self, nonce, data, aad):
            return self.inner.encrypt(nonce, data, aad)

        def decrypt(self, nonce, data, aad):
            calls.append(aad)
            return self.inner.decrypt(nonce, data, aad)

    monkeypatch.setattr(crypto, "AESGCM", CountingAESGCM)
    before = path.read_bytes()
    repo.save_session(replace(session, notes="andra"))
    assert len(calls) == 1
    monkeypatch.undo()
    after = path.read_bytes()
    assert read_counter(after) == read_counter(before) + 1
    assert repo.vault.recorded_counter(repo.vault.file_id_for(path)) == read_counter(
        after
    )
    assert reopen(tmp_path).get_session(child.id, session.id).notes == "andra"
    path.write_bytes(before)
    with pytest.raises(CorruptFileError, match="older version"):
        reopen(tmp_path).sessions(child.id)


def test_a_rolled_back_index_is_refused(tmp_path, repo):
    """The list of children is protected the same way as each child's file."""
    add_child(repo, "Ada A")
    old = repo.index_path.read_bytes()
    add_child(repo, "Bo B")
    repo.index_path.write_bytes(old)
    with pytest.raises(CorruptFileError, match="older version"):
        reopen(tmp_path).list_children()


def test_putting_the_backup_in_place_is_refused_but_it_can_be_restored(tmp_path, repo):
    """.bak over the file is a rollback; restoring it on request works."""
    child, session = add_child(repo)
    repo.save_session(replace(session, notes="senaste"))
    path = repo.child_path(child.id)
    shutil.copyfile(backup_path_for(path), path)
    fresh = reopen(tmp_path)
    with pytest.raises(CorruptFileError, match="older version") as exc:
        fresh.sessions(child.id)
    assert exc.value.backup_path is not None
    quarantined = fresh.restore_backup(path)
    assert quarantined.exists()
    assert reopen(tmp_path).sessions(child.id)[0].notes == NOTE
    # The restored version is a new save: it and its .bak read back later.
    again = reopen(tmp_path)
    again.save_session(replace(session, notes="efter"))
    assert again.sessions(child.id)[0].notes == "efter"


def test_a_damaged_file_offers_its_backup_and_restoring_it_works(tmp_path, repo):
    """A changed byte: the error names a readable backup; restore brings it back."""
    child, session = add_child(repo)
    repo.save_session(replace(session, notes="senaste"))
    path = repo.child_path(child.id)
    raw = bytearray(path.read_bytes())
    raw[-3] ^= 0xFF
    path.write_bytes(bytes(raw))
    fresh = reopen(tmp_path)
    with pytest.raises(CorruptFileError) as exc:
        fresh.sessions(child.id)
    assert exc.value.backup_path == backup_path_for(path)
    fresh.restore_backup(path)
    assert reopen(tmp_path).sessions(child.id)[0].notes == NOTE
    assert not list(path.parent.glob("*.tmp-*"))


def test_a_crash_between_a_save_and_its_counter_record_leaves_the_file_readable(
    tmp_path, repo, vault
):
    """The file is one save ahead of its record: read, and the record catches up."""
    child, _ = add_child(repo)
    path = repo.child_path(child.id)
    file_id = vault.file_id_for(path)
    before = vault.recorded_counter(file_id)
    # A save whose counter record never happened (the process died after it).
    storage = SafeStorage(path, codec=vault.codec_for(path))
    storage.write(storage.read())
    assert read_counter(path.read_bytes()) == before + 1
    assert Vault.unlock(tmp_path, PASSPHRASE).recorded_counter(file_id) == before
    fresh = reopen(tmp_path)
    assert fresh.get_child(child.id).display_name == NAME
    assert fresh.vault.recorded_counter(file_id) == before + 1


def test_the_wrong_passphrase_opens_nothing(tmp_path, vault):
    """Unlock with a wrong passphrase raises WrongPassphrase."""
    with pytest.raises(WrongPassphrase):
        Vault.unlock(tmp_path, "fel lösenfras")
    assert Vault.unlock(tmp_path, PASSPHRASE).file_ids() == vault.file_ids()


def test_the_passphrase_is_normalised_so_a_decomposed_a_ring_still_opens(tmp_path):
    """'å' typed as one code point or as 'a' + ring opens the same folder."""
    Vault.create(tmp_path, "h\u00e5llplats 42", recovery=False, kdf=FAST)
    Vault.unlock(tmp_path, "ha\u030allplats 42")


def test_the_recovery_key_opens_the_folder_when_the_passphrase_is_forgotten(
    tmp_path,
):
    """The recovery key shown at set-up reads the data; typed loosely it still works."""
    created, recovery = Vault.create(tmp_path, PASSPHRASE, kdf=FAST)
    assert recovery is not None
    assert len(recovery.split("-")) == 8
    child, _ = add_child(Repository(tmp_path, vault=created))
    typed = recovery.lower().replace("-", " ")
    vault = Vault.unlock_with_recovery(tmp_path, typed)
    assert Repository(tmp_path, vault=vault).sessions(child.id)[0].notes == NOTE
    vault.change_passphrase("ny lösenfras 2")
    assert Vault.unlock(tmp_path, "ny lösenfras 2").file_ids() == vault.file_ids()


def test_a_wrong_or_malformed_recovery_key_is_refused(tmp_path):
    """Another valid-looking key, or a typo in length, opens nothing."""
    _, recovery = Vault.create(tmp_path, PASSPHRASE, kdf=FAST)
    _, other = Vault.create(tmp_path / "other", PASSPHRASE, kdf=FAST)
    with pytest.raises(WrongRecoveryKey):
        Vault.unlock_with_recovery(tmp_path, other)
    with pytest.raises(WrongRecoveryKey):
        Vault.unlock_with_recovery(tmp_path, recovery[:-5])


def test_a_replaced_recovery_key_stops_the_old_one(tmp_path):
    """new_recovery_key() makes a new key; the old one no longer opens anything."""
    vault, old = Vault.create(tmp_path, PASSPHRASE, kdf=FAST)
    new = vault.new_recovery_key()
    Vault.unlock_with_recovery(tmp_path, new)
    with pytest.raises(WrongRecoveryKey):
        Vault.unlock_with_recovery(tmp_path, old)
    vault.remove_recovery_key()
    assert not vault.has_recovery_key
    with pytest.raises(WrongRecoveryKey):
        Vault.unlock_with_recovery(tmp_path, new)


def test_changing_the_passphrase_rewrites_no_data_file(tmp_path, repo, vault):
    """Keys are re-wrapped; every data file keeps its bytes; the old phrase fails."""
    add_child(repo)
    data = {p: p.read_bytes() for p in files_of(tmp_path) if "keys" not in p.name}
    vault.change_passphrase("helt ny lösenfras")
    assert {p: p.read_bytes() for p in data} == data
    with pytest.raises(WrongPassphrase):
        Vault.unlock(tmp_path, PASSPHRASE)
    # Not even the key file's backup opens with the old passphrase.
    keys = tmp_path / KEY_FILE_NAME
    shutil.copyfile(backup_path_for(keys), keys)
    with pytest.raises(WrongPassphrase):
        Vault.unlock(tmp_path, PASSPHRASE)
    assert reopen_with(tmp_path, "helt ny lösenfras").list_children()[0].display_name


def reopen_with(tmp_path: Path, passphrase: str) -> Repository:
    """The folder unlocked with ``passphrase``."""
    return Repository(tmp_path, vault=Vault.unlock(tmp_path, passphrase))


def test_erasing_a_child_leaves_nothing_that_decrypts_to_it(tmp_path, repo, vault):
    """Files, backups and key are gone; no file decrypts to the name or answers."""
    child, session = add_child(repo)
    kept = Child.new("Ada Kvar")
    repo.add_child(kept)
    repo.save_session(replace(session, notes=NOTE + " igen"))
    file_id = vault.file_id_for(repo.child_path(child.id))
    repo.erase_child(child.id)

    assert not list(repo.children_dir.glob(f"{child.id}*"))
    assert file_id not in vault.file_ids()
    counters = vault.counter_path(file_id)
    assert not list(counters.parent.glob(counters.name + "*"))
    for keys in (tmp_path / KEY_FILE_NAME, backup_path_for(tmp_path / KEY_FILE_NAME)):
        assert file_id not in keys.read_text()
    # With the passphrase, try every remaining key on every file in the folder.
    fresh = Vault.unlock(tmp_path, PASSPHRASE)
    data_keys = [fresh._data_key(f, create=False) for f in fresh.file_ids()]
    for path in files_of(tmp_path):
        raw = path.read_bytes()
        texts = [raw]
        if raw.startswith(MAGIC):
            _, _, header, body = _parse(raw)
            for key in data_keys:
                try:
                    texts.append(AESGCM(key).decrypt(header[-12:], body, header))
                except Exception:
                    continue
        for text in texts:
            for secret in (NAME, NOTE, OWN_ITEM, "Ärende 17"):
                assert secret.encode() not in text, (path.name, secret)
    assert [c.id for c in Repository(tmp_path, vault=fresh).list_children()] == [
        kept.id
    ]


def test_no_name_or_answer_is_readable_anywhere_in_the_data_folder(tmp_path, repo):
    """Like `strings` over every file: no name, note, own item or case ref."""
    add_child(repo)
    for path in files_of(tmp_path):
        raw = path.read_bytes()
        for secret in (NAME, NOTE, OWN_ITEM, "Ärende 17", PASSPHRASE):
            for encoding in ("utf-8", "utf-16-le"):
                assert secret.encode(encoding) not in raw, (path.name, secret)
            assert secret.split()[0].lower().encode() not in raw.lower(), path.name


def test_the_key_file_records_its_argon2id_parameters_and_holds_no_plain_key(
    tmp_path, vault
):
    """The header names Argon2id and its costs; only wrapped keys are stored."""
    doc = json.loads((tmp_path / KEY_FILE_NAME).read_text())
    assert doc["format"] == "min-rost-keys"
    assert doc["kdf"] == {
        "algorithm": "argon2id",
        "argon2_version": 19,
        "time_cost": 1,
        "memory_cost_kib": 8,
        "parallelism": 1,
        "hash_len": 32,
    }
    assert vault.kdf_params == FAST
    assert vault._master not in (tmp_path / KEY_FILE_NAME).read_bytes()


def test_an_edited_key_file_is_refused(tmp_path, repo):
    """Lowering a recorded counter (to allow a rollback) breaks the key file's HMAC."""
    child, _ = add_child(repo)
    keys = tmp_path / KEY_FILE_NAME
    doc = json.loads(keys.read_text())
    doc["files"][f"children/{child.id}"]["counter"] = 1
    keys.write_text(json.dumps(doc))
    with pytest.raises(KeyFileTampered):
        Vault.unlock(tmp_path, PASSPHRASE)


def test_a_save_rewrites_its_own_counter_record_not_the_key_file(tmp_path, repo):
    """The key file lists every child; a tap must not rewrite it (cost grows)."""
    child, session = add_child(repo)
    keys = tmp_path / KEY_FILE_NAME
    listed = keys.read_bytes()
    repo.save_session(replace(session, notes="andra"))
    repo.save_session(replace(session, notes="tredje"))
    assert keys.read_bytes() == listed
    file_id = repo.vault.file_id_for(repo.child_path(child.id))
    record = json.loads(repo.vault.counter_path(file_id).read_text())
    assert record["counter"]["1"]["file"] == file_id
    on_disk = read_counter(repo.child_path(child.id).read_bytes())
    assert record["counter"]["1"]["counter"] == on_disk
    assert reopen(tmp_path).vault.recorded_counter(file_id) == on_disk


def test_a_lowered_counter_record_is_refused(tmp_path, repo):
    """Editing a record down (to allow a rollback) breaks its HMAC."""
    child, session = add_child(repo)
    repo.save_session(replace(session, notes="andra"))
    path = repo.vault.counter_path(repo.vault.file_id_for(repo.child_path(child.id)))
    doc = json.loads(path.read_text())
    doc["counter"]["1"]["counter"] = 1
    path.write_text(json.dumps(doc))
    with pytest.raises(KeyFileTampered, match="changed outside"):
        reopen(tmp_path).sessions(child.id)


def test_a_counter_record_copied_from_another_child_is_refused(tmp_path, repo):
    """A record is bound to its file id: another child's (lower) one does not fit."""
    child, session = add_child(repo)
    for note in ("andra", "tredje"):
        repo.save_session(replace(session, notes=note))
    other = Child.new("Ada Annan")
    repo.add_child(other)
    repo.save_session(Session.new(other.id))
    vault = repo.vault
    mine = vault.counter_path(vault.file_id_for(repo.child_path(child.id)))
    theirs = vault.counter_path(vault.file_id_for(repo.child_path(other.id)))
    mine.write_bytes(theirs.read_bytes())
    with pytest.raises(KeyFileTampered, match="changed outside"):
        reopen(tmp_path).sessions(child.id)


def test_a_damaged_counter_record_falls_back_to_its_backup(tmp_path, repo):
    """The .bak is one save behind: the file reads (one ahead), rollback still fails."""
    child, session = add_child(repo)
    path = repo.child_path(child.id)
    old = path.read_bytes()
    for note in ("andra", "tredje", "fjärde"):
        repo.save_session(replace(session, notes=note))
    record = repo.vault.counter_path(repo.vault.file_id_for(path))
    record.write_bytes(b"{trasig")
    assert reopen(tmp_path).get_session(child.id, session.id).notes == "fjärde"
    path.write_bytes(old)
    with pytest.raises(CorruptFileError, match="older version"):
        reopen(tmp_path).sessions(child.id)


def test_counters_an_earlier_version_kept_in_the_key_file_still_count(tmp_path, repo):
    """A folder whose counters live in keys.json only: a rollback is refused."""
    child, session = add_child(repo)
    path = repo.child_path(child.id)
    old = path.read_bytes()
    repo.save_session(replace(session, notes="andra"))
    vault = repo.vault
    file_id = vault.file_id_for(path)
    newest = read_counter(path.read_bytes())

    def as_before(doc):
        doc["files"][file_id]["counter"] = newest
        doc.pop(crypto.COUNTER_RECORDS)  # nor did it require counter records

    vault._update(as_before)  # what the earlier version recorded on each save
    for leftover in (tmp_path / "counters").iterdir():
        leftover.unlink()
    path.write_bytes(old)
    with pytest.raises(CorruptFileError, match="older version"):
        reopen(tmp_path).sessions(child.id)


def test_a_second_key_file_cannot_be_created_over_the_first(tmp_path, vault):
    """create() on an encrypted folder raises instead of losing every key."""
    with pytest.raises(VaultExists):
        Vault.create(tmp_path, "en annan fras", kdf=FAST)


def test_a_locked_folder_refuses_to_read_or_write_children(tmp_path, repo):
    """Without the vault nothing is read, and nothing is written in plaintext."""
    add_child(repo)
    before = {p: p.read_bytes() for p in files_of(tmp_path)}
    locked = Repository(tmp_path)
    assert locked.locked
    with pytest.raises(VaultLocked):
        locked.list_children()
    with pytest.raises(VaultLocked):
        locked.add_child(Child.new("Ny Person"))
    assert {p: p.read_bytes() for p in files_of(tmp_path)} == before
    locked.set_setting("idle_lock_seconds", 60)  # settings need no key
    locked.use_vault(Vault.unlock(tmp_path, PASSPHRASE))
    assert locked.list_children()[0].display_name == NAME


def test_a_vault_from_another_folder_is_not_accepted(tmp_path, vault):
    """use_vault() checks the vault belongs to this data folder."""
    other, _ = Vault.create(tmp_path / "other", PASSPHRASE, kdf=FAST)
    with pytest.raises(ValueError, match="another data folder"):
        Repository(tmp_path).use_vault(other)


def test_without_a_vault_the_repository_still_writes_plain_json(tmp_path):
    """An unencrypted folder behaves exactly as before (earlier versions' data)."""
    plain = Repository(tmp_path)
    child = Child.new(NAME)
    plain.add_child(child)
    doc = json.loads(plain.index_path.read_text())
    assert doc["children"]["1"]["display_name"] == NAME
    assert not plain.encrypted


def test_the_folder_can_be_moved_because_file_ids_are_relative(tmp_path, repo):
    """Ciphertext is bound to 'children/<id>', not to an absolute path."""
    child, _ = add_child(repo)
    moved = tmp_path.parent / (tmp_path.name + "-moved")
    shutil.copytree(tmp_path, moved)
    assert reopen(moved).sessions(child.id)[0].notes == NOTE


def test_a_file_from_a_newer_format_is_refused_with_a_clear_message(tmp_path, repo):
    """An unknown format version is named, not reported as damage."""
    child, _ = add_child(repo)
    path = repo.child_path(child.id)
    raw = bytearray(path.read_bytes())
    raw[len(MAGIC)] = 9
    path.write_bytes(bytes(raw))
    with pytest.raises(CorruptFileError, match="encryption format 9"):
        reopen(tmp_path).get_child(child.id)


def test_a_plaintext_file_in_an_encrypted_folder_is_refused(tmp_path, repo):
    """A planted plain JSON file is not trusted just because it parses."""
    child, _ = add_child(repo)
    path = repo.child_path(child.id)
    path.write_text(json.dumps({"child": {"1": Child.new("Falsk").to_doc()}}))
    with pytest.raises(CorruptFileError, match="not encrypted"):
        reopen(tmp_path).get_child(child.id)


def test_each_child_has_its_own_data_key(tmp_path, repo, vault):
    """Two children's files are encrypted under different keys."""
    first, _ = add_child(repo, "Ada A")
    second, _ = add_child(repo, "Bo B")
    keys = [
        vault._data_key(vault.file_id_for(repo.child_path(c.id)), create=False)
        for c in (first, second)
    ]
    assert keys[0] != keys[1]


def test_threads_saving_at_once_lose_no_save_and_no_counter(tmp_path, repo, vault):
    """Four threads, four children, many saves: all read back, records match."""
    made = [add_child(repo, f"Barn {i}") for i in range(4)]
    errors: list[BaseException] = []

    def work(child: Child, session: Session) -> None:
        try:
            for n in range(15):
                repo.save_session(replace(session, notes=f"v{n}"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=pair) for pair in made]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    fresh = reopen(tmp_path)
    for child, _ in made:
        assert fresh.sessions(child.id)[0].notes == "v14"
        path = repo.child_path(child.id)
        assert fresh.vault.recorded_counter(vault.file_id_for(path)) == read_counter(
            path.read_bytes()
        )


def test_a_deleted_index_is_reported_not_read_as_empty_and_can_be_restored(
    tmp_path, repo
):
    """Removing index.json must not look like 'no children yet'."""
    add_child(repo, "Ada A")
    add_child(repo, "Bo B")
    repo.index_path.unlink()
    fresh = reopen(tmp_path)
    with pytest.raises(CorruptFileError, match="missing") as exc:
        fresh.list_children()
    assert exc.value.backup_path is not None
    assert fresh.restore_backup(repo.index_path) is None
    assert [c.display_name for c in reopen(tmp_path).list_children()] == ["Ada A"]
