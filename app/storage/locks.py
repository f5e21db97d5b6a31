"""One Min röst per data folder: a lock the operating system holds on the folder.

The per-file locks in ``safe_storage`` only order threads of one process. Two
app processes on the same folder would each read, change and write the same
files and lose each other's saves, so the app takes this lock at start-up and
refuses to run if another process holds it.

The lock is ``flock`` on a descriptor of the data folder itself, opened
read-only and kept open for as long as the lock is held. A lock on a file
inside the folder (``.minrost.lock``, as before) could be deleted while held:
the next process would create a new file and lock that one, and two servers
would write the same folder. A folder cannot be unlinked while it holds files,
and replacing it makes another folder, so nothing can take this lock from
under its holder. It needs no write either, so a read-only folder can still be
opened (to read and export). The OS drops the lock when the process ends, even
after SIGKILL.

Where ``flock`` cannot lock a folder (Windows; some network file systems) the
lock falls back to ``filelock`` on ``.minrost.lock``; on Windows an open file
cannot be deleted, so deleting it does not free the lock there either.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import threading
from pathlib import Path
from types import TracebackType

import filelock

from app.storage.errors import DataFolderNotADirectory, folder_error

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_FILE_NAME", "DataDirInUseError", "DataDirLock", "check_writable"]

LOCK_FILE_NAME = ".minrost.lock"
"""The fallback lock file (only where the folder itself cannot be locked)."""

_NO_FOLDER_LOCK = frozenset(
    {errno.EBADF, errno.EINVAL, errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP}
)
"""``flock`` errors meaning "this file system cannot lock a folder"."""


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
    """Exclusive, non-blocking lock on a data folder, held across processes.

    The lock belongs to the process, not a thread: a release from another
    thread (e.g. a shutdown handler) works.
    """

    def __init__(self, data_dir: str | os.PathLike[str]) -> None:
        self.data_dir = Path(data_dir)
        self.lock_path = self.data_dir / LOCK_FILE_NAME
        self._fd: int | None = None
        """The open folder descriptor that holds the ``flock``."""
        self._file_lock: filelock.BaseFileLock | None = None
        """The fallback lock, where the folder itself cannot be locked."""
        self._guard = threading.Lock()

    @property
    def is_locked(self) -> bool:
        """Whether this object holds the lock now."""
        return self._fd is not None or (
            self._file_lock is not None and self._file_lock.is_locked
        )

    def acquire(self) -> None:
        """Take the lock at once or raise ``DataDirInUseError``.

        Creates a missing data folder. Raises ``DataFolderNotADirectory`` when
        the path names a file, ``DataFolderReadOnly`` when the folder is
        missing and cannot be created.
        """
        with self._guard:
            if self.is_locked:
                return
            self._prepare_folder()
            if fcntl is not None and self._lock_folder():
                return
            self._lock_file()

    def release(self) -> None:
        """Give the lock back (harmless if not held)."""
        with self._guard:
            fd, self._fd = self._fd, None
            if fd is not None:
                os.close(fd)  # closing the last descriptor drops the flock
            if self._file_lock is not None and self._file_lock.is_locked:
                self._file_lock.release(force=True)

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

    # --- helpers ------------------------------------------------------------
    def _prepare_folder(self) -> None:
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise DataFolderNotADirectory(
                errno.ENOTDIR, "the data folder is a file", str(self.data_dir)
            )
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        except FileExistsError:
            # A part of the path is a file (or a dangling link).
            raise DataFolderNotADirectory(
                errno.ENOTDIR, "the data folder is not a folder", str(self.data_dir)
            ) from None
        except OSError as exc:
            raise folder_error(exc, self.data_dir) from exc

    def _lock_folder(self) -> bool:
        """``flock`` the folder; False where this file system cannot."""
        assert fcntl is not None
        flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC
        try:
            fd = os.open(self.data_dir, flags)
        except OSError as exc:
            raise folder_error(exc, self.data_dir) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise DataDirInUseError(self.data_dir) from None
        except OSError as exc:
            os.close(fd)
            if exc.errno in _NO_FOLDER_LOCK:
                return False
            raise folder_error(exc, self.data_dir) from exc
        self._fd = fd
        return True

    def _lock_file(self) -> None:
        lock = filelock.FileLock(
            self.lock_path, mode=0o600, thread_local=False, blocking=False
        )
        try:
            lock.acquire(blocking=False)
        except filelock.Timeout:
            raise DataDirInUseError(self.data_dir) from None
        except OSError as exc:
            raise folder_error(exc, self.data_dir) from exc
        self._file_lock = lock


def check_writable(data_dir: str | os.PathLike[str]) -> None:
    """Raise ``DataFolderReadOnly`` or ``DiskFull`` if the folder takes no write now.

    Writes one byte to a new temp file and removes it. Call while holding the
    folder's lock; a temp file left by a crash here is removed at the next
    start like any other (``remove_stale_temp_files``).
    """
    folder = Path(data_dir)
    probe = folder / f".tmp-{secrets.token_hex(8)}-write-probe"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    try:
        fd = os.open(probe, flags, 0o600)
    except OSError as exc:
        raise folder_error(exc, folder) from exc
    try:
        os.write(fd, b"\n")
    except OSError as exc:
        raise folder_error(exc, folder) from exc
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(probe)
