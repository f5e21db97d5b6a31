"""Make a data folder read-only, or its disk full, inside this test process.

Tests run as root in CI, where ``chmod`` stops no write, and a read-only bind
mount needs privileges a container may not have. These fakes make the kernel
calls that write under one folder fail the way a read-only mount (``EROFS``)
or a full disk (``ENOSPC``) makes them fail; reads, and anything outside the
folder (the export's ``--out``, pytest's own files), are untouched.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
from pathlib import Path
from typing import Any

import pytest

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_PATH_CALLS = ("replace", "rename", "link", "unlink", "remove", "rmdir", "chmod")


def _inside(path: Any, folder: Path) -> bool:
    if not isinstance(path, (str, bytes, os.PathLike)):
        return False
    full = Path(os.path.abspath(os.fsdecode(path)))
    return full == folder or folder in full.parents


def _refuse(code: int, path: Any) -> OSError:
    return OSError(code, os.strerror(code), os.fsdecode(path))


def read_only(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Every write under ``folder`` fails with ``EROFS`` from now on."""
    folder = Path(os.path.abspath(folder))
    real_open, real_mkdir = os.open, os.mkdir

    def fake_open(path, flags, mode=0o777, *, dir_fd=None):
        if flags & _WRITE_FLAGS and _inside(path, folder):
            raise _refuse(errno.EROFS, path)
        return real_open(path, flags, mode, dir_fd=dir_fd)

    def fake_mkdir(path, mode=0o777, *, dir_fd=None):
        if _inside(path, folder):
            # As Linux does: an existing name wins over the read-only refusal.
            if os.path.lexists(path):
                raise _refuse(errno.EEXIST, path)
            raise _refuse(errno.EROFS, path)
        return real_mkdir(path, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "mkdir", fake_mkdir)
    for name in _PATH_CALLS:
        real = getattr(os, name)

        def fake(*args, _real=real, **kwargs):
            for arg in args[:2]:
                if _inside(arg, folder):
                    raise _refuse(errno.EROFS, arg)
            return _real(*args, **kwargs)

        monkeypatch.setattr(os, name, fake)
    real_io_open = io.open

    def fake_io_open(file, mode="r", *args, **kwargs):
        if any(c in mode for c in "wax+") and _inside(file, folder):
            raise _refuse(errno.EROFS, file)
        return real_io_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", fake_io_open)
    monkeypatch.setattr(builtins, "open", fake_io_open)


def disk_full(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Every ``os.write`` to a file opened under ``folder`` fails with ``ENOSPC``."""
    folder = Path(os.path.abspath(folder))
    real_open, real_write, real_close = os.open, os.write, os.close
    full: set[int] = set()

    def fake_open(path, flags, mode=0o777, *, dir_fd=None):
        fd = real_open(path, flags, mode, dir_fd=dir_fd)
        if _inside(path, folder):
            full.add(fd)
        return fd

    def fake_write(fd, data):
        if fd in full:
            raise _refuse(errno.ENOSPC, "")
        return real_write(fd, data)

    def fake_close(fd):
        full.discard(fd)
        return real_close(fd)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "write", fake_write)
    monkeypatch.setattr(os, "close", fake_close)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` and its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
