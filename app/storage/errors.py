"""Faults of the data folder itself, as typed errors the edges can put in words.

Storage raises these (never prints); the command line (``app.cli``), the
server's start-up (``app.main``) and the UI turn them into a Swedish sentence.
They are ``OSError`` subclasses carrying the original ``errno``, so code that
already catches ``OSError`` keeps working.

``folder_error`` sorts any ``OSError`` from the data folder into these kinds:

* ``DataFolderReadOnly`` — the folder (or its disk) may not be written:
  ``EROFS`` (read-only file system), ``EACCES``/``EPERM`` (no permission).
* ``DiskFull`` — ``ENOSPC``/``EDQUOT`` (no space, or the user's quota is used up).
* ``DataFolderNotADirectory`` — the data folder's path is a file, or a part of
  it is (``ENOTDIR``, ``EEXIST`` from creating it).
"""

from __future__ import annotations

import errno
import os

__all__ = [
    "FULL_ERRNOS",
    "READ_ONLY_ERRNOS",
    "DataFolderError",
    "DataFolderNotADirectory",
    "DataFolderReadOnly",
    "DiskFull",
    "NotPermitted",
    "PrivateAnswersError",
    "folder_error",
    "is_unwritable",
]

READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
"""A write refused because the folder is read-only or not ours to write."""
FULL_ERRNOS = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})
"""A write refused because the disk (or the user's quota) is full."""


class DataFolderError(OSError):
    """The data folder cannot be used as it is (not a fault of one file's content)."""


class DataFolderNotADirectory(DataFolderError):
    """The data folder's path names a file, not a folder."""


class DataFolderReadOnly(DataFolderError):
    """The data folder may be read but not written (read-only disk, no permission)."""


class DiskFull(DataFolderError):
    """The disk holding the data folder is full."""


def folder_error(exc: OSError, path: str | os.PathLike[str] | None = None) -> OSError:
    """Return ``exc`` as the typed error for its kind (itself if none fits)."""
    if isinstance(exc, DataFolderError):
        return exc
    code = exc.errno
    kind: type[DataFolderError] | None = None
    if code in READ_ONLY_ERRNOS:
        kind = DataFolderReadOnly
    elif code in FULL_ERRNOS:
        kind = DiskFull
    elif code == errno.ENOTDIR:
        kind = DataFolderNotADirectory
    if kind is None:
        return exc
    where = os.fspath(path) if path is not None else exc.filename
    return kind(code, os.strerror(code), where)


def is_unwritable(exc: BaseException) -> bool:
    """Whether ``exc`` says the folder cannot take a write now (read-only or full)."""
    if isinstance(exc, (DataFolderReadOnly, DiskFull)):
        return True
    return isinstance(exc, OSError) and (
        exc.errno in READ_ONLY_ERRNOS or exc.errno in FULL_ERRNOS
    )


class NotPermitted(PermissionError):
    """A team server's row-level security refused the change (e.g. a
    counsellor assigning): nothing was written."""


class PrivateAnswersError(PermissionError):
    """Only the counsellor who held a session may save it while it keeps
    *Bara för mig* answers (a team server): nothing was written."""
