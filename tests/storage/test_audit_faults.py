"""The audit log under a full disk and after a crash: never torn, never a lock-out."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from app.security import PinGuard
from app.storage.audit import AuditLog
from app.storage.repository import Repository
from app.storage.safe_storage import StorageWriteError

PIN = "482913"
FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def guard_for(folder: Path) -> PinGuard:
    """The PIN check of a freshly started app on ``folder`` (encrypted)."""
    return PinGuard(Repository(folder), hasher=FAST, encrypt=True)


def is_audit_log(fd: int) -> bool:
    """Whether ``fd`` is open on a file named audit.log (Linux /proc)."""
    return os.path.basename(os.readlink(f"/proc/self/fd/{fd}")) == "audit.log"


def test_a_short_write_is_continued_until_the_line_is_whole(tmp_path, monkeypatch):
    """A disk that takes 7 bytes per write still gets whole, chained lines."""
    real_write = os.write

    def trickle(fd: int, data) -> int:
        return real_write(fd, bytes(data[:7]) if is_audit_log(fd) else data)

    log = AuditLog(tmp_path)
    monkeypatch.setattr(os, "write", trickle)
    log.record("child_created", "c1")
    log.record("export", "c1", recipient="school", format="pdf")
    monkeypatch.undo()
    assert [e.action for e in log.entries()] == ["child_created", "export"]


def test_a_full_disk_during_a_record_leaves_the_log_as_it_was(tmp_path, monkeypatch):
    """Half a line, then ENOSPC: the log is cut back; the next unlock works."""
    guard = guard_for(tmp_path)
    guard.set_pin(PIN)
    guard.audit.record("child_created", "c1")
    before = guard.audit.path.read_bytes()
    real_write = os.write
    calls: list[int] = []

    def disk_fills(fd: int, data) -> int:
        if not is_audit_log(fd):
            return real_write(fd, data)
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", disk_fills)
    with pytest.raises(StorageWriteError, match=r"audit\.log") as refused:
        guard.audit.record("export", "c1", recipient="school", format="pdf")
    monkeypatch.undo()
    assert refused.value.errno == errno.ENOSPC
    assert guard.audit.path.read_bytes() == before

    again = guard_for(tmp_path)  # the app started again on the same folder
    assert again.verify(PIN)
    assert [e.action for e in again.audit.entries()][-2:] == [
        "child_created",
        "unlocked",
    ]


def test_a_failed_fsync_takes_the_line_back_out(tmp_path, monkeypatch):
    """A line the disk would not make durable is not left in the log."""
    log = AuditLog(tmp_path)
    log.record("child_created", "c1")
    before = log.path.read_bytes()
    real_fsync = os.fsync
    failed: list[int] = []

    def fsync_fails_once(fd: int) -> None:
        if is_audit_log(fd) and not failed:
            failed.append(fd)
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_fails_once)
    with pytest.raises(StorageWriteError, match=r"audit\.log"):
        log.record("export", "c1")
    monkeypatch.undo()
    assert log.path.read_bytes() == before
    log.record("export", "c1")
    assert [e.action for e in log.entries()] == ["child_created", "export"]


def test_a_torn_last_line_is_kept_aside_reported_and_the_chain_goes_on(tmp_path):
    """A half line left by an earlier version: set aside, named, and unlock works."""
    guard = guard_for(tmp_path)
    guard.set_pin(PIN)
    guard.audit.record("child_created", "c1")
    whole = guard.audit.path.read_bytes()
    torn = b'{"action": "export", "actor": "counsellor", "at": "2026-0'
    guard.audit.path.write_bytes(whole + torn)

    again = guard_for(tmp_path)
    assert again.verify(PIN)  # before the fix: JSONDecodeError, "Error running app"

    (kept,) = again.audit.set_aside_files()
    assert kept.parent == tmp_path
    assert kept.name.startswith("audit.log.torn-")
    assert kept.read_bytes() == torn
    assert guard.audit.path.read_bytes().startswith(whole)
    actions = [e.action for e in again.audit.entries()]  # the chain is whole
    assert actions[-3:] == ["child_created", "audit_line_set_aside", "unlocked"]
    text = again.audit.export_text()
    assert "Kedjan är hel" in text
    assert f"har lagts åt sidan i filen {kept.name}" in text


def test_an_unparsable_last_line_is_kept_aside_when_the_log_is_read(tmp_path):
    """Garbage after the last entry (a crash mid-write) is not a broken chain."""
    log = AuditLog(tmp_path)
    log.record("child_created", "c1")
    garbage = b"\x00" * 40 + b"\n"
    log.path.write_bytes(log.path.read_bytes() + garbage)

    assert [e.action for e in log.entries()] == [
        "child_created",
        "audit_line_set_aside",
    ]
    (kept,) = log.set_aside_files()
    assert kept.read_bytes() == garbage


def test_a_last_entry_missing_only_its_newline_is_kept_in_the_log(tmp_path):
    """A whole entry whose newline never reached the disk stays an entry."""
    log = AuditLog(tmp_path)
    log.record("child_created", "c1")
    log.record("export", "c1")
    log.path.write_bytes(log.path.read_bytes()[:-1])
    log.record("child_erased", "c1")
    assert [e.action for e in log.entries()] == [
        "child_created",
        "export",
        "child_erased",
    ]
    assert log.set_aside_files() == []
