"""Storage on a read-only folder or a full disk: typed errors; reading still works."""

from __future__ import annotations

import pickle

import pytest
from argon2 import PasswordHasher

from app.domain.models import Child
from app.security import BackoffActive, PinGuard
from app.storage.errors import (
    DataFolderNotADirectory,
    DataFolderReadOnly,
    DiskFull,
)
from app.storage.locks import DataDirLock
from app.storage.repository import Repository
from app.storage.safe_storage import SafeStorage, StorageWriteError
from tests.folder_faults import disk_full, read_only

PIN = "482913"
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def test_a_save_on_a_read_only_folder_raises_a_typed_error(tmp_path, monkeypatch):
    """SafeStorage says *read-only*, keeps the file, and the error survives pickling."""
    path = tmp_path / "x.json"
    SafeStorage(path).write({"t": {"1": {"a": 1}}})
    read_only(monkeypatch, tmp_path)
    with pytest.raises(DataFolderReadOnly) as caught:
        SafeStorage(path).write({"t": {"1": {"a": 2}}})
    assert isinstance(caught.value, StorageWriteError)
    again = pickle.loads(pickle.dumps(caught.value))
    assert isinstance(again, DataFolderReadOnly)
    monkeypatch.undo()
    assert SafeStorage(path).read() == {"t": {"1": {"a": 1}}}


def test_a_save_on_a_full_disk_raises_disk_full(tmp_path, monkeypatch):
    """ENOSPC during a save is DiskFull (a StorageWriteError), nothing changed."""
    path = tmp_path / "x.json"
    SafeStorage(path).write({"t": {"1": {"a": 1}}})
    disk_full(monkeypatch, tmp_path)
    with pytest.raises(DiskFull) as caught:
        SafeStorage(path).write({"t": {"1": {"a": 2}}})
    assert isinstance(caught.value, StorageWriteError)
    monkeypatch.undo()
    assert SafeStorage(path).read() == {"t": {"1": {"a": 1}}}


def test_the_folder_lock_is_taken_on_a_read_only_folder(tmp_path, monkeypatch):
    """Locking writes nothing, so a read-only folder can be opened to read."""
    from app.storage.locks import check_writable

    read_only(monkeypatch, tmp_path)
    with DataDirLock(tmp_path) as lock:
        assert lock.is_locked
        with pytest.raises(DataFolderReadOnly):
            check_writable(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_data_folder_path_that_is_a_file_is_a_typed_error(tmp_path):
    """Neither the lock nor the repository treats a file as a folder."""
    not_a_folder = tmp_path / "f"
    not_a_folder.write_text("keep")
    with pytest.raises(DataFolderNotADirectory):
        DataDirLock(not_a_folder).acquire()
    with pytest.raises(DataFolderNotADirectory):
        Repository(not_a_folder)
    with pytest.raises(DataFolderNotADirectory):
        DataDirLock(not_a_folder / "below").acquire()
    assert not_a_folder.read_text() == "keep"


def test_a_read_only_folder_unlocks_and_still_backs_off_wrong_tries(
    tmp_path, monkeypatch
):
    """Wrong tries that cannot be saved are counted in memory; the right one opens."""
    data = tmp_path / "data"
    repo = Repository(data)
    PinGuard(repo, hasher=FAST_HASHER, encrypt=True).set_pin(PIN)
    repo.add_child(Child.new("J"))
    read_only(monkeypatch, data)
    now = [1000.0]
    fresh = Repository(data)
    guard = PinGuard(fresh, hasher=FAST_HASHER, clock=lambda: now[0])
    for _ in range(3):
        assert not guard.verify("000000")
    assert isinstance(guard.not_saved, DataFolderReadOnly)
    # A new guard (another browser session) sees the same count.
    other = PinGuard(fresh, hasher=FAST_HASHER, clock=lambda: now[0])
    with pytest.raises(BackoffActive):
        other.verify(PIN)
    now[0] += 2
    assert other.verify(PIN)
    assert [c.display_name for c in fresh.list_children()] == ["J"]


def test_a_right_pin_with_no_failed_tries_writes_nothing(tmp_path, monkeypatch):
    """The unlock itself needs no write: only the audit entry is tried."""
    data = tmp_path / "data"
    repo = Repository(data)
    PinGuard(repo, hasher=FAST_HASHER, encrypt=True).set_pin(PIN)
    settings = (data / "settings.json").read_bytes()
    guard = PinGuard(Repository(data), hasher=FAST_HASHER)
    assert guard.verify(PIN)
    assert (data / "settings.json").read_bytes() == settings
    assert guard.not_saved is None
