"""FolderUndo: a failed block leaves every byte as it was; a good one keeps all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.storage.repository import Repository
from app.storage.safe_storage import SafeStorage
from app.storage.undo import FolderUndo
from tests.export.test_json_io import snapshot


def _folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "children").mkdir(parents=True)
    SafeStorage(data / "index.json").write({"children": {"1": {"id": "a"}}})
    SafeStorage(data / "index.json").write({"children": {"1": {"id": "b"}}})
    (data / "audit.log").write_text('{"line": 1}\n', encoding="utf-8")
    return data


def _change_everything(data: Path) -> None:
    SafeStorage(data / "index.json").write({"children": {"1": {"id": "c"}}})
    SafeStorage(data / "children" / "new.json").write({"child": {}})
    SafeStorage(data / "counters" / "children.new.json").write({"c": {}})
    with (data / "audit.log").open("a", encoding="utf-8") as log:
        log.write('{"line": 2}\n')
    os.unlink(data / "index.json.bak")


def _failing_block(data: Path) -> None:
    with FolderUndo(data):
        _change_everything(data)
        raise RuntimeError("half-way")


def test_a_failed_block_leaves_every_file_byte_for_byte(tmp_path):
    """Rewritten, new, appended and deleted files and new folders are all undone."""
    data = _folder(tmp_path)
    before = snapshot(data)
    with pytest.raises(RuntimeError):
        _failing_block(data)
    assert snapshot(data) == before
    assert not (data / "counters").exists()


def test_a_block_that_succeeds_keeps_its_changes_and_no_extra_names(tmp_path):
    """On success the changes stay and the second names are gone."""
    data = _folder(tmp_path)
    with FolderUndo(data):
        _change_everything(data)
    names = {p.name for p in data.rglob("*")}
    assert "new.json" in names
    assert not [n for n in names if n.startswith(".tmp-")]


def test_second_names_left_by_a_crash_go_at_the_next_start(tmp_path):
    """A crash inside the block leaves only .tmp- links, removed at start-up."""
    data = _folder(tmp_path)
    before = snapshot(data)
    undo = FolderUndo(data)
    undo.__enter__()  # and the process dies here
    assert any(p.name.startswith(".tmp-") for p in data.iterdir())
    Repository(data)
    assert snapshot(data) == before
