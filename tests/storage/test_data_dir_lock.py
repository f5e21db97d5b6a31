"""DataDirLock: one Min röst per data folder, across processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.storage.locks import DataDirInUseError, DataDirLock

ROOT = Path(__file__).resolve().parents[2]

# Tries the lock from a separate process; with "hold", keeps it until killed.
TRY_LOCK = """
import sys, time
from app.storage.locks import DataDirInUseError, DataDirLock
lock = DataDirLock(sys.argv[1])
try:
    lock.acquire()
except DataDirInUseError as exc:
    print("in-use", exc, flush=True)
    sys.exit(3)
print("acquired", flush=True)
if sys.argv[2:] == ["hold"]:
    time.sleep(60)
lock.release()
"""


def other_process(folder: Path, *args: str) -> subprocess.Popen[str]:
    """Start a process that tries to take the lock on ``folder``."""
    return subprocess.Popen(
        [sys.executable, "-c", TRY_LOCK, str(folder), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )


def outcome(folder: Path) -> str:
    """What another process gets when it tries the lock now."""
    proc = other_process(folder)
    out, _ = proc.communicate(timeout=30)
    return out.split()[0]


def test_second_process_is_refused_until_the_first_releases(tmp_path: Path) -> None:
    """While one process holds the folder another is refused; after release, not."""
    lock = DataDirLock(tmp_path)
    lock.acquire()
    try:
        assert outcome(tmp_path) == "in-use"
    finally:
        lock.release()
    assert outcome(tmp_path) == "acquired"


def test_refusal_message_says_another_min_rost_uses_the_folder(
    tmp_path: Path,
) -> None:
    """The error says plainly that another Min röst runs on this folder."""
    with DataDirLock(tmp_path):
        proc = other_process(tmp_path)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 3
    assert "Min röst" in out
    assert str(tmp_path) in out


def test_lock_is_freed_when_the_holding_process_dies(tmp_path: Path) -> None:
    """A crashed or killed app never leaves its data folder locked."""
    holder = other_process(tmp_path, "hold")
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "acquired"
        with pytest.raises(DataDirInUseError):
            DataDirLock(tmp_path).acquire()
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    with DataDirLock(tmp_path) as lock:
        assert lock.is_locked


def test_second_lock_in_the_same_process_is_refused(tmp_path: Path) -> None:
    """Two locks on one folder exclude each other even inside one process."""
    with DataDirLock(tmp_path):
        with pytest.raises(DataDirInUseError) as caught:
            DataDirLock(tmp_path).acquire()
        assert caught.value.data_dir == tmp_path
    with DataDirLock(tmp_path) as lock:
        assert lock.is_locked
    assert not lock.is_locked


def test_lock_creates_a_missing_data_folder(tmp_path: Path) -> None:
    """A first start with no data folder yet still gets the lock."""
    folder = tmp_path / "new" / "data"
    with DataDirLock(folder) as lock:
        assert lock.is_locked
    assert folder.is_dir()


def test_release_without_acquire_is_harmless(tmp_path: Path) -> None:
    """Releasing a lock that is not held does nothing."""
    lock = DataDirLock(tmp_path)
    lock.release()
    assert not lock.is_locked


def test_deleting_the_lock_file_does_not_let_a_second_process_in(
    tmp_path: Path,
) -> None:
    """The OS holds the lock on the folder itself: removing a file cannot free it."""
    with DataDirLock(tmp_path):
        for leftover in tmp_path.iterdir():
            if leftover.is_file():
                leftover.unlink()
        assert outcome(tmp_path) == "in-use"
    assert outcome(tmp_path) == "acquired"
