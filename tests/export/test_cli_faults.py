"""Commands and the server's start on a faulty data folder: a sentence, no traceback.

Each fault — a read-only folder, a path that is a file, a full disk at the
unlock, a damaged or tampered file — ends with one Swedish sentence on stderr
and a non-zero exit status, and says nothing of the child's data.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from app.domain.models import Child
from app.main import run
from app.security import PIN_ATTEMPTS, PinGuard
from app.storage.repository import Repository
from tests.export.conftest import add_demo
from tests.folder_faults import disk_full, read_only, snapshot

PASSPHRASE = "482913"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def folder(tmp_path, monkeypatch) -> tuple[Path, Child, Child]:
    """An encrypted data folder with two invented children, opened by the env."""
    data = tmp_path / "data"
    repo = Repository(data)
    PinGuard(repo, hasher=FAST_HASHER, encrypt=True).set_pin(PASSPHRASE)
    first, second = add_demo(repo, count=2)
    monkeypatch.setenv("MINROST_DATA_DIR", str(data))
    monkeypatch.setenv("MINROST_PASSPHRASE", PASSPHRASE)
    return data, first, second


@pytest.fixture
def out(tmp_path) -> Path:
    """An empty folder for the exported files (outside the data folder)."""
    target = tmp_path / "out"
    target.mkdir()
    return target


def app(*argv: str) -> int:
    """Run one command in-process; return its exit status (a traceback fails)."""
    with pytest.raises(SystemExit) as done:
        run(list(argv))
    return done.value.code or 0


def says_nothing_of(text: str, *children: Child) -> None:
    """Neither the name nor the case reference of any child is in ``text``."""
    for child in children:
        assert child.display_name not in text
        assert child.case_ref not in text


# --- a read-only data folder ------------------------------------------------------


def test_export_from_a_read_only_folder_works_and_says_it_is_not_logged(
    folder, out, capsys, monkeypatch
):
    """Reading and exporting need no write; the missing audit entry is said."""
    data, child, _ = folder
    read_only(monkeypatch, data)
    status = app(
        "export", "--child", child.case_ref, "--format", "json", "--out", str(out)
    )
    err = capsys.readouterr().err
    assert status == 0, err
    assert [p.name for p in out.iterdir()] != []
    assert "skrivskyddad" in err
    assert "kunde inte skrivas in i loggen" in err


@pytest.mark.parametrize("command", ["import", "demo-data"])
def test_commands_that_write_refuse_a_read_only_folder_with_a_sentence(
    folder, out, capsys, monkeypatch, command
):
    """import and demo-data say the folder is read-only and change nothing."""
    data, child, other = folder
    assert (
        app("export", "--child", child.case_ref, "--format", "json", "--out", str(out))
        == 0
    )
    [exported] = out.iterdir()
    capsys.readouterr()
    before = snapshot(data)
    read_only(monkeypatch, data)
    argv = (
        ["import", "--as-copy", str(exported)]
        if command == "import"
        else ["demo-data", "--children", "1"]
    )
    status = app(*argv)
    err = capsys.readouterr().err
    monkeypatch.undo()
    assert status == 2
    assert "skrivskyddad" in err
    says_nothing_of(err, child, other)
    assert snapshot(data) == before


# --- the data folder's path is a file ---------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ("export", "--child", "NT-1", "--format", "json", "--out", "."),
        ("import", "x.json"),
        ("demo-data", "--children", "1"),
    ],
    ids=["export", "import", "demo-data"],
)
def test_a_data_folder_path_that_is_a_file_gets_a_sentence(
    tmp_path, capsys, monkeypatch, argv
):
    """MINROST_DATA_DIR naming a file is said plainly; the file is left alone."""
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("keep")
    monkeypatch.setenv("MINROST_DATA_DIR", str(not_a_folder))
    assert app(*argv) == 2
    assert "är en fil, inte en mapp" in capsys.readouterr().err
    assert not_a_folder.read_text() == "keep"


def test_serve_refuses_a_data_folder_path_that_is_a_file(tmp_path, monkeypatch):
    """The server does not start; it says why in one sentence."""
    import app.main

    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("keep")
    monkeypatch.setenv("MINROST_DATA_DIR", str(not_a_folder))
    monkeypatch.setattr(app.main.web, "serve", lambda *a, **k: pytest.fail("served"))
    with pytest.raises(SystemExit) as stopped:
        app.main.serve()
    assert "är en fil, inte en mapp" in str(stopped.value.code)


def test_serve_opens_a_read_only_folder_and_says_so(folder, capsys, monkeypatch):
    """A read-only folder is served (to read and export), with a note."""
    import app.main

    data, child, other = folder
    served = []
    monkeypatch.setattr(app.main.web, "serve", lambda *a, **k: served.append(k))
    monkeypatch.setattr(app.main, "freeze_start_up", lambda: None)
    read_only(monkeypatch, data)
    app.main.serve()
    printed = capsys.readouterr().out
    assert len(served) == 1
    assert "skrivskyddad" in printed
    says_nothing_of(printed, child, other)


# --- a full disk ------------------------------------------------------------------


def test_unlock_and_export_on_a_full_disk_give_a_note_not_a_traceback(
    folder, out, capsys, monkeypatch
):
    """A right passphrase after a wrong one must reset the counter: best-effort."""
    data, child, _ = folder
    Repository(data).set_setting(PIN_ATTEMPTS, {"failed": 1, "not_before": 0})
    disk_full(monkeypatch, data)
    status = app(
        "export", "--child", child.case_ref, "--format", "text", "--out", str(out)
    )
    err = capsys.readouterr().err
    assert status == 0, err
    assert "Disken är full" in err
    assert "kunde inte skrivas in i loggen" in err
    assert len(list(out.iterdir())) == 1


def test_import_on_a_full_disk_is_refused_with_a_sentence(
    folder, out, capsys, monkeypatch
):
    """A command that must write says the disk is full and changes nothing."""
    data, child, _ = folder
    app("export", "--child", child.case_ref, "--format", "json", "--out", str(out))
    [exported] = out.iterdir()
    capsys.readouterr()
    before = snapshot(data)
    disk_full(monkeypatch, data)
    status = app("import", "--as-copy", str(exported))
    err = capsys.readouterr().err
    monkeypatch.undo()
    assert status == 2
    assert "Disken där datamappen ligger är full" in err
    assert snapshot(data) == before


# --- damaged and tampered files -----------------------------------------------------


def _cut(path: Path) -> None:
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])


def _flip(path: Path, at: int) -> None:
    raw = bytearray(path.read_bytes())
    raw[at] ^= 0x40
    path.write_bytes(bytes(raw))


def _garbage(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 2)


def _edit_json(path: Path, change: Callable[[dict], None]) -> None:
    doc = json.loads(path.read_text())
    change(doc)
    path.write_text(json.dumps(doc))


def _counter(doc: dict) -> None:
    doc["counter"]["1"]["counter"] += 5


def _kdf(doc: dict) -> None:
    doc["kdf"]["time_cost"] = 99


def _version(doc: dict) -> None:
    doc["version"] = 7


def _pending(doc: dict) -> None:
    doc["migration_pending"] = True


def kid(d: Path, a: str, tail: str = "") -> Path:
    """Child ``a``'s file (``tail=".bak"``: its backup)."""
    return d / "children" / f"{a}.json{tail}"


def rec(d: Path, a: str, tail: str = "") -> Path:
    """Child ``a``'s write counter record."""
    return d / "counters" / f"children.{a}.json{tail}"


def _both(change: Callable[[Path], object], path: Path) -> None:
    change(path)
    change(path.with_name(path.name + ".bak"))


def _rm(path: Path) -> None:
    path.unlink()


def _to_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


READ = "går inte att läsa"
MISSING = "saknas i datamappen"
RECORDS = "kontrollposter"

# What to do to the folder ``d``; ``a`` is the exported child, ``b`` the other.
TAMPER = [
    pytest.param(lambda d, a, b: _cut(kid(d, a)), READ, id="child-truncated"),
    pytest.param(
        lambda d, a, b: _both(_cut, kid(d, a)),
        "ingen läsbar säkerhetskopia",
        id="child-truncated-and-its-backup",
    ),
    pytest.param(lambda d, a, b: _garbage(kid(d, a)), READ, id="child-garbage"),
    pytest.param(lambda d, a, b: _flip(kid(d, a), -20), READ, id="child-flipped-byte"),
    pytest.param(
        lambda d, a, b: _flip(kid(d, a), 10), READ, id="child-flipped-counter"
    ),
    pytest.param(
        lambda d, a, b: _flip(kid(d, a), 4), READ, id="child-wrong-version-header"
    ),
    pytest.param(
        lambda d, a, b: shutil.copy(kid(d, b), kid(d, a)),
        READ,
        id="child-swapped-with-another",
    ),
    pytest.param(
        lambda d, a, b: shutil.copy(kid(d, a, ".bak"), kid(d, a)),
        READ,
        id="child-rolled-back",
    ),
    pytest.param(lambda d, a, b: _rm(kid(d, a)), MISSING, id="child-deleted"),
    pytest.param(
        lambda d, a, b: _both(_rm, kid(d, a)),
        MISSING,
        id="child-deleted-with-its-backup",
    ),
    pytest.param(
        lambda d, a, b: kid(d, a).write_text('{"child": {}}'),
        READ,
        id="child-in-plaintext",
    ),
    pytest.param(lambda d, a, b: kid(d, a).write_bytes(b""), READ, id="child-emptied"),
    pytest.param(
        lambda d, a, b: _to_folder(kid(d, a)),
        "gick inte att läsa eller skriva",
        id="child-replaced-by-a-folder",
    ),
    pytest.param(
        lambda d, a, b: _cut(d / "index.json"), "index.json", id="index-truncated"
    ),
    pytest.param(
        lambda d, a, b: _both(_garbage, d / "index.json"),
        "index.json",
        id="index-garbage-and-its-backup",
    ),
    pytest.param(
        lambda d, a, b: _rm(d / "index.json"), "index.json saknas", id="index-deleted"
    ),
    pytest.param(
        lambda d, a, b: _edit_json(d / "keys.json", _pending),
        "keys.json",
        id="key-file-edited",
    ),
    pytest.param(
        lambda d, a, b: _garbage(d / "keys.json"), "keys.json", id="key-file-garbage"
    ),
    pytest.param(
        lambda d, a, b: _edit_json(d / "keys.json", _version),
        "keys.json",
        id="key-file-wrong-version",
    ),
    pytest.param(
        lambda d, a, b: _edit_json(d / "keys.json", _kdf),
        "keys.json",
        id="key-file-argon2-edited",
    ),
    pytest.param(
        lambda d, a, b: _rm(d / "keys.json"), "keys.json saknas", id="key-file-deleted"
    ),
    pytest.param(
        lambda d, a, b: _both(_rm, d / "keys.json"),
        "keys.json saknas",
        id="key-file-deleted-with-its-backup",
    ),
    pytest.param(
        lambda d, a, b: _both(_garbage, rec(d, a)),
        RECORDS,
        id="counter-record-garbage-and-its-backup",
    ),
    pytest.param(
        lambda d, a, b: _edit_json(rec(d, a), _counter),
        RECORDS,
        id="counter-record-edited",
    ),
    pytest.param(
        lambda d, a, b: shutil.copy(d / "counters" / "index.json", rec(d, a)),
        RECORDS,
        id="counter-record-swapped",
    ),
    pytest.param(
        lambda d, a, b: _both(_garbage, d / "settings.json"),
        "settings.json",
        id="settings-garbage-and-its-backup",
    ),
]


@pytest.mark.parametrize(("tamper", "phrase"), TAMPER)
def test_export_of_a_damaged_folder_says_what_is_wrong_in_a_sentence(
    folder, out, capsys, tamper, phrase
):
    """Every damaged or tampered file: exit 2, one sentence, no data, no file."""
    data, child, other = folder
    tamper(data, child.id, other.id)
    status = app(
        "export", "--child", child.case_ref, "--format", "json", "--out", str(out)
    )
    captured = capsys.readouterr()
    assert status == 2
    assert phrase in captured.err
    assert captured.err.count("\n") == 1  # one line of sentences, no traceback
    says_nothing_of(captured.err + captured.out, child, other)
    assert list(out.iterdir()) == []
