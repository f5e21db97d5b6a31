"""The commands never write a child in plaintext: a folder is encrypted first."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.domain.models import Child, Session
from app.main import run
from app.paths import ROOT
from app.security import PASSPHRASE_ENV, SetupRefused, keys_for_command
from app.storage.crypto import MAGIC, KdfParams, Vault
from app.storage.repository import Repository

PASSPHRASE = "påhittad lösenfras för test"
FAST = KdfParams(time_cost=1, memory_cost=8, parallelism=1)
RECOVERY_KEY = re.compile(r"\b[A-Z2-7]{4}(?:-[A-Z2-7]{4}){7}\b")


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """An empty data folder named by MINROST_DATA_DIR (keys with cheap Argon2)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("MINROST_DATA_DIR", str(folder))
    monkeypatch.setattr("app.security.DEFAULT_KDF", FAST)
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    return folder


def app(*argv: str) -> int:
    """Run one command in-process with MINROST_PASSPHRASE; return its exit status."""
    os.environ[PASSPHRASE_ENV] = PASSPHRASE
    with pytest.raises(SystemExit) as done:
        run(list(argv))
    return done.value.code or 0


def opened(folder: Path) -> Repository:
    """The data folder as the app sees it after the unlock (if it has keys)."""
    vault = Vault.unlock(folder, PASSPHRASE) if Vault.exists(folder) else None
    return Repository(folder, vault=vault)


def free_text(value: Any) -> set[str]:
    """Every string in a stored document that a person wrote or could read."""
    if isinstance(value, dict):
        return set().union(*(free_text(v) for v in value.values()), set())
    if isinstance(value, list | tuple):
        return set().union(*(free_text(v) for v in value), set())
    if isinstance(value, str) and len(value) >= 4 and " " in value.strip():
        return {value}
    return set()


def invented_texts(folder: Path) -> set[str]:
    """Names, case references, notes and own labels of every child in ``folder``."""
    repo = opened(folder)
    texts: set[str] = set()
    for child in repo.list_children():
        texts |= {child.display_name, *([child.case_ref] if child.case_ref else [])}
        with repo._db(repo.child_path(child.id)) as db:
            for table in db.tables():
                texts |= free_text(db.table(table).all())
    assert texts
    return texts


def assert_no_plaintext(folder: Path, texts: set[str]) -> None:
    """No file under ``folder`` holds any of ``texts`` (raw or JSON-escaped)."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files
    for path in files:
        raw = path.read_bytes()
        for text in texts:
            escaped = json.dumps(text)[1:-1].encode("ascii")
            assert text.encode("utf-8") not in raw, (path.name, "plaintext")
            assert escaped not in raw, (path.name, "plaintext")
    for path in [folder / "index.json", *(folder / "children").glob("*.json")]:
        assert path.read_bytes().startswith(MAGIC), path.name


def test_demo_data_into_a_fresh_folder_leaves_no_plaintext_of_any_child(data, capsys):
    """With MINROST_PASSPHRASE, demo-data encrypts a new folder from the first byte."""
    assert app("demo-data", "--children", "3", "--seed", "7") == 0
    assert len(capsys.readouterr().out.split()) == 3
    assert_no_plaintext(data, invented_texts(data))


def test_import_into_a_fresh_folder_leaves_no_plaintext_of_the_child(
    data, tmp_path, capsys, monkeypatch
):
    """An import is the first write to a new folder: it is encrypted too."""
    app("demo-data", "--children", "1", "--seed", "3")
    [ref] = capsys.readouterr().out.split()
    exported = tmp_path / "session.json"
    assert (
        app("export", "--child", ref, "--format", "json", "--out", str(exported)) == 0
    )
    other = tmp_path / "other"
    monkeypatch.setenv("MINROST_DATA_DIR", str(other))
    assert app("import", str(exported)) == 0
    assert_no_plaintext(other, invented_texts(other))


def test_a_new_key_file_prints_its_recovery_key_once(data, capsys):
    """The recovery key is shown on stderr at set-up only, and it opens the folder."""
    app("demo-data", "--children", "1")
    first = capsys.readouterr()
    [key] = RECOVERY_KEY.findall(first.err)
    assert key not in first.out  # stdout stays the case references only
    Vault.unlock_with_recovery(data, key)
    app("demo-data", "--children", "1")
    assert not RECOVERY_KEY.findall(capsys.readouterr().err)


def test_without_a_passphrase_or_a_terminal_nothing_is_written(tmp_path):
    """No MINROST_PASSPHRASE and no TTY: a Swedish refusal, exit status 2."""
    folder = tmp_path / "d"
    env = {k: v for k, v in os.environ.items() if k != PASSPHRASE_ENV}
    done = subprocess.run(
        [sys.executable, "-m", "app", "demo-data", "--children", "1"],
        cwd=ROOT,
        env={**env, "MINROST_DATA_DIR": str(folder)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "Datamappen är inte krypterad ännu" in done.stderr
    assert PASSPHRASE_ENV in done.stderr
    assert "Traceback" not in done.stderr
    assert not (folder / "index.json").exists()
    assert not list((folder / "children").glob("*"))
    assert not (folder / "keys.json").exists()


def test_a_plaintext_folder_from_an_earlier_version_is_encrypted_by_a_command(
    data, capsys
):
    """Children an earlier demo-data wrote in plaintext are encrypted, not added to."""
    plain = Repository(data)  # unencrypted, as the earlier CLI left it
    child = Child.new("Elev Gammal Klartext", "NT-GAMMAL-1")
    plain.add_child(child)
    plain.save_session(Session.new(child.id))
    assert app("demo-data", "--children", "1") == 0
    texts = invented_texts(data)
    assert "Elev Gammal Klartext" in texts
    assert_no_plaintext(data, texts)


def test_the_passphrase_is_asked_for_twice_on_a_terminal(tmp_path):
    """Interactive set-up: two prompts; the same answer twice makes the key file."""
    asked: list[str] = []

    def answer(text: str) -> str:
        asked.append(text)
        return PASSPHRASE

    keys = keys_for_command(tmp_path, env={}, prompt=answer, interactive=True, kdf=FAST)
    assert len(asked) == 2
    assert keys.recovery_key
    assert Vault.unlock(tmp_path, PASSPHRASE).file_ids() == keys.vault.file_ids()


@pytest.mark.parametrize(
    ("answers", "says"),
    [
        (["en lösenfras", "en annan fras"], "inte lika"),
        (["kort", "kort"], "minst 8 tecken"),
        (["12345", "12345"], "minst 6 siffror"),
    ],
)
def test_a_mismatch_or_a_short_secret_is_refused_before_any_key_file(
    tmp_path, answers, says
):
    """Two different answers or a too short one: refused, no key file made."""
    with pytest.raises(SetupRefused) as refused:
        keys_for_command(
            tmp_path,
            env={},
            prompt=lambda _text: answers.pop(0),
            interactive=True,
            kdf=FAST,
        )
    assert says in refused.value.msg_sv
    assert not Vault.exists(tmp_path)


def test_a_torn_audit_line_is_reported_by_the_next_command(data, tmp_path, capsys):
    """A half line at the end of audit.log: kept aside, said in Swedish, no crash."""
    app("demo-data", "--children", "1")
    [ref] = capsys.readouterr().out.split()
    log = data / "audit.log"
    log.write_bytes(log.read_bytes() + b'{"action": "exp')
    out = tmp_path / "out"
    out.mkdir()
    assert app("export", "--child", ref, "--format", "text", "--out", str(out)) == 0
    err = capsys.readouterr().err
    assert "Granskningsloggens sista rad var ofullständig" in err
    assert "audit.log.torn-" in err


def test_a_folder_whose_key_file_was_deleted_is_not_given_new_keys(data, capsys):
    """Deleting keys.json must not make a command create fresh keys over the data.

    New keys could never open the children already there, and the damage would
    be hidden; the command says the key file is missing and writes nothing.
    """
    assert app("demo-data", "--children", "1") == 0
    for name in ("keys.json", "keys.json.bak"):
        (data / name).unlink(missing_ok=True)
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert app("demo-data", "--children", "1") == 2
    assert "keys.json saknas" in capsys.readouterr().err
    assert not (data / "keys.json").exists()
    after = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    assert after == before
