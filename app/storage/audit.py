"""Append-only, hash-chained audit log: who did what, when, to which child id.

Each line is a JSON object holding the SHA-256 of the previous line, so a
removed, reordered or edited entry breaks the chain and :func:`verify` says
where. Entries never hold answers or names: only an action word, a child id
and short technical details the caller vouches for.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

GENESIS = "0" * 64
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
    }
)
ALLOWED_DETAIL_KEYS = frozenset(
    {"session_id", "recipient", "format", "reason", "count", "file_kind"}
)


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
        self._lock = threading.Lock()

    def record(
        self,
        action: str,
        child_id: str | None = None,
        *,
        actor: str = "counsellor",
        **details: Any,
    ) -> AuditEntry:
        """Append an event durably; refuses unknown actions and detail keys."""
        if action not in ALLOWED_ACTIONS:
            raise ValueError(f"unknown audit action {action!r}")
        unknown = set(details) - ALLOWED_DETAIL_KEYS
        if unknown:
            raise ValueError(f"audit details may not hold {sorted(unknown)}")
        with self._lock:
            prev = self._last_hash()
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
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                os.write(fd, (line + "\n").encode())
                os.fsync(fd)
            finally:
                os.close(fd)
            return entry

    def entries(self) -> list[AuditEntry]:
        """Every entry, oldest first, after checking the chain."""
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
        """
        entries, broken_at = self._scan()
        shown = [e for e in entries if child_id is None or e.child_id == child_id]
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

    def _scan(self) -> tuple[list[AuditEntry], int | None]:
        """The entries up to the first broken link, and that line's number."""
        out: list[AuditEntry] = []
        prev = GENESIS
        if not self.path.exists():
            return out, None
        lines = self.path.read_text(encoding="utf-8").splitlines()
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

    def _last_hash(self) -> str:
        if not self.path.exists():
            return GENESIS
        with self.path.open("rb") as f:
            try:
                f.seek(-2, os.SEEK_END)
                while f.read(1) != b"\n":
                    f.seek(-2, os.SEEK_CUR)
            except OSError:
                f.seek(0)
            last = f.readline().decode()
        return json.loads(last)["hash"] if last.strip() else GENESIS
