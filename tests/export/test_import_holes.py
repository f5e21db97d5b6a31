"""The import holes of issue #14: every one refused clearly, none changes a byte.

Unknown session keys, timestamps at the edge of the date range, a depth check
that backtracks, a FIFO as the file, a full disk in the middle of an import,
refused imports that still rewrote files, and input echoed whole in a message.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from app.export.json_export import dumps
from app.export.json_import import ImportRejected, import_file
from app.main import run
from app.storage.crypto import KdfParams, Vault
from app.storage.locks import DataDirLock
from app.storage.repository import Repository
from tests.export.bad_imports.generate import valid_doc
from tests.export.conftest import add_demo
from tests.export.test_json_io import snapshot

FAST_KDF = KdfParams(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def locked_repo(tmp_path: Path) -> Repository:
    """An encrypted data folder (fast KDF) with three invented children."""
    vault, _ = Vault.create(tmp_path / "enc", "lösenfras 123", kdf=FAST_KDF)
    repo = Repository(tmp_path / "enc", vault=vault)
    add_demo(repo, count=3)
    return repo


def _with(path: str, value: Any) -> bytes:
    doc = valid_doc()
    *parents, last = path.split("/")
    node: Any = doc
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[last] = value
    return dumps(doc)


def _refused(repo: Repository, data: bytes | Path, **options: Any) -> str:
    """Import ``data``, expect a refusal that changed nothing; return the message."""
    before = snapshot(repo.data_dir)
    with pytest.raises(ImportRejected) as caught:
        import_file(repo, data, **options)
    assert snapshot(repo.data_dir) == before
    return caught.value.msg_sv


# --- unknown session keys ----------------------------------------------------------


def _session_key(raw_value: str) -> bytes:
    text = dumps(valid_doc()).decode()
    text = text.replace(
        '"session": {', '"session": {\n    "future": ' + raw_value + ","
    )
    return text.encode()


@pytest.mark.parametrize(
    "raw_value",
    ["1e400", '"\\ud800"', "[" + ",".join(["0"] * 200_000) + "]"],
    ids=["huge-float", "lone-surrogate", "200000-elements"],
)
def test_unknown_session_keys_are_refused(locked_repo, raw_value):
    """A session key this version does not know is refused, naming the key."""
    message = _refused(locked_repo, _session_key(raw_value), as_copy=True)
    assert "”session.future” är okänt" in message


# --- timestamps and dates ----------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("session/started", "9999-12-31T23:59:59-23:59"),
        ("session/started", "0001-01-01T00:00:00+00:00"),
        ("session/reviewed_at", "9999-12-31T23:00:00+00:00"),
        ("child/created", "9999-12-31T23:59:59+00:00"),
        ("created_at", "1970-01-01T00:00:00+00:00"),
        ("consent/consents/0/given_at", "2101-01-01T00:00:00+00:00"),
        ("plan/points/0/history/0/at", "1999-12-31T23:59:59+00:00"),
        ("plan/next_meeting/when", "9999-12-31"),
        ("plan/points/0/follow_up", "9999-12-31"),
        ("meeting/when", "9999-12-31T23:59:59"),
    ],
)
def test_timestamps_outside_the_years_2000_to_2100_are_refused(repo, path, value):
    """Times and dates lie in 2000–2100, so exports and retention never overflow."""
    message = _refused(repo, _with(path, value))
    field = path.replace("/0/", "[0].").replace("/", ".")
    assert f"”{field}” ligger inte mellan år 2000 och 2100" in message


# --- the depth check ---------------------------------------------------------------


@pytest.mark.timeout(120)
def test_the_depth_check_reads_escaped_quotes_in_one_pass(repo):
    """1.9 MB of escaped quotes in an open string is refused as broken JSON at once
    (the timeout only guards against the old check's hours of backtracking)."""
    data = b'{"format": "' + b'\\"' * 950_000
    assert len(data) < 2 * 1024 * 1024
    assert "inte giltig JSON" in _refused(repo, data)


# --- the kind of file --------------------------------------------------------------


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_only_regular_files_are_read_and_nothing_blocks(repo, tmp_path, kind):
    """A FIFO, a folder or a device is refused at once as not a regular file."""
    if kind == "fifo":
        source = tmp_path / "export.json"
        os.mkfifo(source)
    else:
        source = tmp_path / "export.json"
        source.mkdir()
    assert "inte en vanlig fil" in _refused(repo, source)


# --- all or nothing ----------------------------------------------------------------


def _import_failing_at(
    repo: Repository, data: bytes, monkeypatch, call: str, n: int
) -> str | None:
    """Import with the n-th ``os.<call>`` failing (ENOSPC); the refusal or None."""
    real = getattr(os, call)
    calls = 0

    def failing(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == n:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args)

    with monkeypatch.context() as patch:
        patch.setattr(os, call, failing)
        try:
            import_file(repo, data)
        except ImportRejected as refused:
            return refused.msg_sv
    return None


@pytest.mark.parametrize("call", ["write", "fsync"])
def test_a_full_disk_at_any_step_of_an_import_changes_no_byte(
    locked_repo, monkeypatch, call
):
    """ENOSPC at the n-th write or fsync, for every n: refused, every file as before."""
    data = dumps(valid_doc())
    for n in range(1, 200):
        before = snapshot(locked_repo.data_dir)
        message = _import_failing_at(locked_repo, data, monkeypatch, call, n)
        if message is None:
            break
        assert "Inget har ändrats" in message
        assert snapshot(locked_repo.data_dir) == before, f"{call} #{n}"
        assert len(locked_repo.list_children()) == 3
    assert n > 5
    assert len(locked_repo.list_children()) == 4


def _extra_key(raw_value: str) -> bytes:
    return _session_key(raw_value)


@pytest.mark.parametrize(
    "data",
    [_extra_key("1e400"), _extra_key('"\\udfff"')],
    ids=["huge-float", "lone-surrogate"],
)
def test_a_refused_copy_rewrites_no_index_counter_or_key_backup(locked_repo, data):
    """Imports refused after the first write used to rewrite index.json, a counter
    or keys.json.bak; now every file of the encrypted folder keeps its bytes."""
    _refused(locked_repo, data, as_copy=True)


# --- messages ----------------------------------------------------------------------


def test_a_4000_digit_format_version_is_not_echoed_back(repo):
    """A huge number is named, never repeated whole in the message."""
    text = (
        dumps(valid_doc())
        .decode()
        .replace('"format_version": 4', '"format_version": ' + "9" * 4000)
    )
    message = _refused(repo, text.encode())
    assert "9" * 41 not in message
    assert len(message) < 300


def test_the_cli_checks_the_file_before_taking_the_data_folder_lock(
    tmp_path, monkeypatch, capsys
):
    """A bad file is refused by what is wrong with it, even while the folder is busy."""
    folder = tmp_path / "data"
    monkeypatch.setenv("MINROST_DATA_DIR", str(folder))
    bad = tmp_path / "bad.json"
    bad.write_bytes(_with("session/started", "i går"))
    with DataDirLock(folder), pytest.raises(SystemExit) as done:
        run(["import", str(bad)])
    assert done.value.code == 1
    assert "”session.started” är inte en tidpunkt" in capsys.readouterr().err
