"""Append-only, hash-chained audit log: who did what, when, to which child id.

Each line is a JSON object holding the SHA-256 of the previous line, so a
removed, reordered or edited entry breaks the chain and :func:`verify` says
where. Entries never hold answers or names: only an action word, a child id
and short technical details the caller vouches for.

A line is written whole or not at all: short writes are continued, the file is
fsynced, and on any failure (a full disk) it is cut back to its length before,
so a failed ``record`` raises ``StorageWriteError`` and leaves the log as it
was. A torn or unparsable last line (a crash, or an earlier version that
ignored short writes) is found before the next write or read, copied as it is
to ``audit.log.torn-<UTC time>`` beside the log, cut off the log, and noted
in the log itself (``audit_line_set_aside``); the chain goes on from the last
whole line, and :meth:`AuditLog.export_text` names every file set aside.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.storage.safe_storage import StorageWriteError, lock_for

GENESIS = "0" * 64
TORN_INFIX = ".torn-"
"""``audit.log.torn-<UTC time>``: a torn last line, kept aside as it was."""
_HASH = re.compile(r"[0-9a-f]{64}")
ALLOWED_ACTIONS = frozenset(
    {
        "child_created",
        "session_started",
        "session_reviewed",
        "consent_given",
        "consent_withdrawn",
        "export",
        "import",
        "child_erased",
        "unlock_failed",
        "unlocked",
        "pin_set",
        "pin_changed",
        "child_mode_entered",
        "child_mode_left",
        "backup_restored",
        "recovery_key_created",
        "recovery_key_used",
        "data_encrypted",
        "audit_exported",
        "audit_line_set_aside",
    }
)
ALLOWED_DETAIL_KEYS = frozenset(
    {"session_id", "recipient", "format", "reason", "count", "file_kind"}
)


_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class AuditChainBroken(Exception):
    """The log was edited: the entry at ``line`` does not follow its predecessor."""

    def __init__(self, line: int) -> None:
        super().__init__(f"audit log chain broken at line {line}")
        self.line = line


@dataclass(frozen=True)
class AuditEntry:
    """One recorded event."""

    at: str
    actor: str
    action: str
    child_id: str | None
    details: dict[str, Any]
    prev: str
    hash: str


def _digest(prev: str, body: dict[str, Any]) -> str:
    payload = json.dumps(body, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(prev.encode() + payload).hexdigest()


class AuditLog:
    """The data folder's audit log (``audit.log``, one JSON object per line)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / "audit.log"
        # One lock per file for the whole process: every AuditLog on this
        # folder appends in turn, so no two entries name the same predecessor.
        self._lock = lock_for(self.path)

    def record(
        self,
        action: str,
        child_id: str | None = None,
        *,
        actor: str = "counsellor",
        **details: Any,
    ) -> AuditEntry:
        """Append an event durably; refuses unknown actions and detail keys.

        Raises ``StorageWriteError`` (the log as it was) if the disk refuses it.
        """
        if action not in ALLOWED_ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        unknown = set(details) - ALLOWED_DETAIL_KEYS
        if unknown:
            raise ValueError(f"audit details may not hold {sorted(unknown)}")
        with self._lock:
            _kept, prev = self._repair()
            return self._append(action, child_id, actor, details, prev)

    def set_aside_torn_line(self) -> Path | None:
        """Keep a torn or unparsable last line aside; return where, or None.

        The bytes after the last whole line are copied to
        ``audit.log.torn-<UTC time>`` (fsynced), cut off the log, and an
        ``audit_line_set_aside`` entry records it, chained to the last whole
        line. A last entry that is whole but for its newline gets the newline
        instead. Raises ``OSError`` if the folder cannot be written (then
        nothing is cut off).
        """
        with self._lock:
            return self._repair()[0]

    def set_aside_files(self) -> list[Path]:
        """Every torn line kept aside so far, oldest first."""
        return sorted(self.path.parent.glob(self.path.name + TORN_INFIX + "*"))

    def entries(self) -> list[AuditEntry]:
        """Every entry, oldest first, after checking the chain.

        A torn last line is set aside first (or, if the folder cannot be
        written, left out): it is never a broken chain.
        """
        out, broken_at = self._scan()
        if broken_at is not None:
            raise AuditChainBroken(broken_at)
        return out

    def export_text(self, *, child_id: str | None = None) -> str:
        """The log as plain text for a person to read (a DPO, a review).

        One line per entry: time, who, what, child id and the technical
        details; never names or answers, because the log holds none. The chain
        is checked first; if it is broken the text says at which line, and
        lists only the entries before it. ``child_id`` keeps one child's lines.
        Each torn line kept aside is named in a sentence.
        """
        entries, broken_at = self._scan()
        shown = [e for e in entries if child_id is None or e.child_id == child_id]
        torn_left = self._whole_length() < self._size()
        lines = [
            "Min röst – granskningslogg (audit log)",
            f"Fil: {self.path.name}",
            f"Utdrag: barn-id {child_id}" if child_id else "Utdrag: hela loggen",
            f"Poster: {len(shown)} av {len(entries)}",
            (
                f"Kedjan är BRUTEN vid rad {broken_at}: loggen har ändrats efter "
                "att den skrevs. Bara posterna före den raden visas."
                if broken_at is not None
                else "Kedjan är hel: ingen post har ändrats, tagits bort eller "
                "flyttats."
            ),
            *(
                "En ofullständig sista rad (efter ett avbrott eller en full disk) "
                f"har lagts åt sidan i filen {kept.name}; loggen fortsätter efter "
                "den."
                for kept in self.set_aside_files()
            ),
            *(
                [
                    "Den sista raden är ofullständig (efter ett avbrott eller en "
                    "full disk). Den visas inte och läggs åt sidan nästa gång "
                    "loggen kan skrivas."
                ]
                if torn_left
                else []
            ),
            f"Sista kontrollsumma: {entries[-1].hash if entries else GENESIS}",
            "",
            "tid (UTC)\tvem\thändelse\tbarn-id\tdetaljer",
        ]
        for e in shown:
            details = ", ".join(
                f"{k}={e.details[k]}"
                for k in sorted(e.details)
                if k in ALLOWED_DETAIL_KEYS
            )
            lines.append(
                "\t".join([e.at, e.actor, e.action, e.child_id or "-", details or "-"])
            )
        return "\n".join(lines) + "\n"

    # --- reading ------------------------------------------------------------
    def _scan(self) -> tuple[list[AuditEntry], int | None]:
        """The entries up to the first broken link, and that line's number.

        Sets a torn last line aside first, if the folder can be written; if
        not, leaves it out.
        """
        with self._lock:
            with suppress(OSError):
                self._repair()
            out: list[AuditEntry] = []
            prev = GENESIS
            try:
                with self.path.open("rb") as f:
                    raw = f.read(self._whole_length())
            except FileNotFoundError:
                return out, None
        lines = raw.decode("utf-8", errors="replace").splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
                body = {k: doc[k] for k in ("at", "actor", "action", "child_id")}
                body["details"] = doc["details"]
                ok = doc["prev"] == prev and doc["hash"] == _digest(prev, body)
            except (ValueError, KeyError, TypeError):
                ok = False
            if not ok:
                return out, number
            out.append(AuditEntry(**body, prev=doc["prev"], hash=doc["hash"]))
            prev = doc["hash"]
        return out, None

    def _size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def _whole_length(self) -> int:
        return self._tail()[0]

    def _tail(self) -> tuple[int, dict[str, Any] | None]:
        """Where the whole lines end, and the last whole entry (None: none).

        Walks back from the end over lines that are torn (no newline) or do
        not parse; in a healthy log that reads the last line only.
        """
        try:
            f = self.path.open("rb")
        except FileNotFoundError:
            return 0, None
        with f:
            end = f.seek(0, os.SEEK_END)
            buf, buf_start = b"", end
            while end > 0:
                # The line ending at ``end`` starts after the "\n" before it.
                while True:
                    cut = buf.rfind(b"\n", 0, max(0, end - buf_start - 1))
                    if cut >= 0 or buf_start == 0:
                        break
                    more = max(4096, len(buf))
                    new_start = max(0, buf_start - more)
                    f.seek(new_start)
                    buf = f.read(buf_start - new_start) + buf
                    buf_start = new_start
                line_start = buf_start + cut + 1
                line = buf[line_start - buf_start : end - buf_start]
                if line.endswith(b"\n"):
                    doc = _parse_line(line)
                    if doc is not None:
                        return end, doc
                end = line_start
            return 0, None

    # --- writing ------------------------------------------------------------
    def _repair(self) -> tuple[Path | None, str]:
        """Set torn bytes aside (the lock is held); (where kept, last hash)."""
        size = self._size()
        keep, last = self._tail()
        prev = last["hash"] if last else GENESIS
        if keep == size:
            return None, prev
        with self.path.open("rb") as f:
            f.seek(keep)
            torn = f.read(size - keep)
        whole = _parse_line(torn)
        if whole is not None and b"\n" not in torn and whole.get("prev") == prev:
            # Only the newline was lost: the entry itself is whole.
            self._write_all(b"\n")
            return None, whole["hash"]
        kept = self._keep_aside(torn)
        fd = os.open(self.path, os.O_WRONLY | _O_CLOEXEC)
        try:
            os.ftruncate(fd, keep)
            os.fsync(fd)
        finally:
            os.close(fd)
        note = self._append(
            "audit_line_set_aside",
            None,
            "min-rost",
            {"reason": "torn_last_line", "count": len(torn)},
            prev,
        )
        return kept, note.hash

    def _append(
        self,
        action: str,
        child_id: str | None,
        actor: str,
        details: dict[str, Any],
        prev: str,
    ) -> AuditEntry:
        """Chain one entry to ``prev`` and append it (the lock is held)."""
        body = {
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "actor": actor,
            "action": action,
            "child_id": child_id,
            "details": details,
        }
        entry = AuditEntry(**body, prev=prev, hash=_digest(prev, body))
        line = json.dumps(
            {**body, "prev": prev, "hash": entry.hash},
            sort_keys=True,
            ensure_ascii=False,
        )
        self._write_all((line + "\n").encode())
        return entry

    def _write_all(self, data: bytes) -> None:
        """Append ``data`` whole and fsynced, or cut the log back and raise."""
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | _O_CLOEXEC
        fd = os.open(self.path, flags, 0o600)
        try:
            start = os.fstat(fd).st_size
            try:
                _write_fully(fd, data)
                os.fsync(fd)
            except OSError as exc:
                try:
                    os.ftruncate(fd, start)
                    os.fsync(fd)
                except OSError:
                    pass  # then the next write or read sets the torn bytes aside
                raise StorageWriteError(self.path, exc) from None
        finally:
            os.close(fd)

    def _keep_aside(self, torn: bytes) -> Path:
        """Write ``torn`` to a new ``audit.log.torn-<UTC time>``; return its path."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_CLOEXEC
        for n in range(1, 1000):
            name = f"{self.path.name}{TORN_INFIX}{stamp}" + (f"-{n}" if n > 1 else "")
            kept = self.path.with_name(name)
            try:
                fd = os.open(kept, flags, 0o600)
            except FileExistsError:
                continue
            try:
                _write_fully(fd, torn)
                os.fsync(fd)
            except OSError:
                kept.unlink(missing_ok=True)
                raise
            finally:
                os.close(fd)
            _fsync_folder(self.path.parent)
            return kept
        raise FileExistsError(errno.EEXIST, "no free name", str(self.path))


def _write_fully(fd: int, data: bytes) -> None:
    """``os.write`` until every byte is written (a short write is continued)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.EIO, "write made no progress")
        view = view[written:]


def _parse_line(raw: bytes) -> dict[str, Any] | None:
    """The entry in one line if it is a JSON object with a hash, else None."""
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("hash"), str):
        return None
    if not _HASH.fullmatch(doc["hash"]):
        return None
    return doc


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder
    finally:
        os.close(fd)
