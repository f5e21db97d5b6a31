"""One Min röst per data folder: a lock file that other processes respect.

The per-file locks in ``safe_storage`` only order threads of one process. Two
app processes on the same folder would each read, change and write the same
files and lose each other's saves, so the app takes this lock at start-up and
refuses to run if another process holds it.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

import filelock

__all__ = ["LOCK_FILE_NAME", "DataDirInUseError", "DataDirLock"]

LOCK_FILE_NAME = ".minrost.lock"


class DataDirInUseError(RuntimeError):
    """Another process already runs Min röst on this data folder."""

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        super().__init__(
            f"En annan Min röst körs redan med datamappen {self.data_dir}. "
            "Avsluta den först, eller välj en annan mapp med MINROST_DATA_DIR."
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.data_dir,))


class DataDirLock:
    """Exclusive, non-blocking lock on a data folder, held across processes."""

    def __init__(self, data_dir: str | os.PathLike[str]) -> None:
        self.data_dir = Path(data_dir)
        self.lock_path = self.data_dir / LOCK_FILE_NAME
        # thread_local=False: the lock belongs to the process, so a release from
        # another thread (e.g. a shutdown handler) must work. The OS drops it by
        # itself if the process dies, so a crash never leaves the folder locked.
        self._lock = filelock.FileLock(
            self.lock_path, mode=0o600, thread_local=False, blocking=False
        )

    @property
    def is_locked(self) -> bool:
        """Whether this object holds the lock now."""
        return self._lock.is_locked

    def acquire(self) -> None:
        """Take the lock at once or raise ``DataDirInUseError``."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            self._lock.acquire(blocking=False)
        except filelock.Timeout:
            raise DataDirInUseError(self.data_dir) from None

    def release(self) -> None:
        """Give the lock back (harmless if not held)."""
        if self._lock.is_locked:
            self._lock.release(force=True)

    def __enter__(self) -> DataDirLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
