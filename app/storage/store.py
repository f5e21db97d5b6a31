"""The seam every store of children and sessions sits behind.

Two stores implement it: ``app.storage.repository.Repository`` (the embedded
default: one encrypted file per child under a data folder) and
``app.storage.postgres.PostgresRepository`` (a team server on PostgreSQL). The
screens, exports and imports talk to a ``Store``; what is said here holds for
both, and ``tests/storage`` runs each behaviour test against both.

The rules every store keeps:

- a child, its sessions, its plan and its meeting sheets are read back exactly
  as saved; an unknown child or session raises ``NotFoundError``;
- each stored session carries a *revision*, a save counter: a save that names
  the revision its copy was read at is compare-and-set, refused with
  ``StaleSessionError`` (nothing written) when another save came in between, so
  two tablets on one child lose no update;
- ``update_session``, ``update_plan`` and ``update_meeting`` read, change and
  save under the child's lock (a row lock on the server), so concurrent
  changers are serialised;
- erasing a child removes its records and destroys its data key;
- ``atomic()`` makes a block of writes all or nothing.
"""

from __future__ import annotations

import abc
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.domain.meeting import MeetingSheets, Plan
from app.domain.models import Child, ConsentRecord, Recipient, Session
from app.domain.sharing import check_consent, for_recipient, withheld_count
from app.storage.retention import (
    RetentionCandidate,
    past_retention,
    retention_months_from,
    validate_retention_months,
)

__all__ = [
    "RETENTION_SETTING",
    "ExportData",
    "Listening",
    "NotFoundError",
    "SavedElsewhere",
    "StaleSessionError",
    "Store",
    "StoredSession",
]

RETENTION_SETTING = "retention_months"


class NotFoundError(LookupError):
    """No child or session with that id."""


@dataclass(frozen=True)
class StoredSession:
    """A session as stored, with the revision it was read at."""

    session: Session
    revision: int
    """How many times this session has been saved (0: never with a revision)."""


@dataclass(frozen=True)
class SavedElsewhere:
    """A session was saved by another process on the same store: ids only,
    never what was saved (the hearer reads it back through its own store)."""

    child_id: str
    session_id: str
    revision: int


class Listening(abc.ABC):
    """What :meth:`Store.listen_saves` started; ``close()`` stops it."""

    @abc.abstractmethod
    def close(self) -> None:
        """Stop listening (waits for the listener to end)."""


class StaleSessionError(Exception):
    """A compare-and-set save found a newer revision stored; nothing was written.

    ``stored`` is the session as it is stored now, read under the same lock.
    """

    def __init__(self, stored: StoredSession) -> None:
        super().__init__(f"session saved elsewhere (revision {stored.revision})")
        self.stored = stored


MAX_RECORDING_BYTES = 8 * 1024 * 1024
"""The largest recording kept (about 90 s of 44.1 kHz mono WAV): a label or a
question is a few seconds; anything far longer is a mistake, not a voice."""
RECORDING_MIMES = ("audio/wav", "audio/mpeg", "audio/ogg", "audio/webm", "audio/mp4")
"""The kinds of audio a recording may be (what browsers play)."""


class RecordingTooLarge(ValueError):
    """A recording above :data:`MAX_RECORDING_BYTES`, or empty: nothing saved."""


@dataclass(frozen=True)
class RecordingInfo:
    """What the index says of one recorded voice (no audio)."""

    language: str
    text: str
    """The shown text it replaces the synthetic clip of (translated)."""
    mime: str
    size: int
    recorded: str
    """When it was saved (ISO 8601, UTC)."""


@dataclass(frozen=True)
class Recording:
    """One recorded voice with its audio."""

    info: RecordingInfo
    audio: bytes


def recording_doc(info: RecordingInfo) -> dict[str, Any]:
    """The stored form of a recording's description (no audio)."""
    return {
        "language": info.language,
        "text": info.text,
        "mime": info.mime,
        "size": info.size,
        "recorded": info.recorded,
    }


def recording_info(doc: dict[str, Any]) -> RecordingInfo:
    """Rebuild a recording's description from its stored form."""
    return RecordingInfo(
        language=str(doc["language"]),
        text=str(doc["text"]),
        mime=str(doc["mime"]),
        size=int(doc["size"]),
        recorded=str(doc["recorded"]),
    )


@dataclass(frozen=True)
class ExportData:
    """What one export may hold, given out by ``Store.export_data`` after the
    consent check: the session (and the one before it) as the recipient may
    get it (``sharing.for_recipient``: every answer it may not see is marked
    private), the consent that allowed it, the plan and the meeting sheets."""

    child: Child
    session: Session
    previous: Session | None
    consent: ConsentRecord
    plan: Plan
    meeting: MeetingSheets
    withheld: int
    """How many answers the recipient does not get (never which)."""
    voices: tuple[tuple[str, str, str, bytes], ...] = ()
    """(language, text, MIME type, audio) of each recorded voice, when asked."""


class Store(abc.ABC):
    """Children, their sessions, plans and meeting sheets, and a few settings."""

    # --- children -----------------------------------------------------------
    @abc.abstractmethod
    def list_children(self) -> list[Child]:
        """Return every child, oldest first."""

    @abc.abstractmethod
    def add_child(self, child: Child) -> None:
        """Store a new child (or replace the one with its id)."""

    @abc.abstractmethod
    def get_child(self, child_id: str) -> Child:
        """Return one child or raise NotFoundError."""

    @abc.abstractmethod
    def erase_child(self, child_id: str) -> None:
        """Remove every record of the child and destroy its data key."""

    # --- settings -----------------------------------------------------------
    @abc.abstractmethod
    def get_setting(self, key: str, default: Any = None) -> Any:
        """Return a stored setting or ``default``."""

    @abc.abstractmethod
    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting durably."""

    # --- the session in progress on a device ---------------------------------
    @abc.abstractmethod
    def set_active(self, child_id: str, session_id: str, *, device: str) -> None:
        """Remember which session the browser ``device`` shows the child."""

    @abc.abstractmethod
    def active(self, *, device: str | None = None) -> tuple[str, str] | None:
        """Return (child id, session id) of the session in progress, if any."""

    @abc.abstractmethod
    def clear_active(
        self, *, device: str | None = None, child_id: str | None = None
    ) -> None:
        """Forget the session in progress: on ``device`` only, or on whichever
        devices show ``child_id``, or everywhere. The team server keeps one per
        device; a data folder keeps one record and forgets it, whatever is
        named (the callers have checked that it is the one meant)."""

    # --- sessions -----------------------------------------------------------
    @abc.abstractmethod
    def sessions(self, child_id: str) -> list[Session]:
        """Return a child's sessions, oldest first."""

    @abc.abstractmethod
    def load_session(self, child_id: str, session_id: str) -> StoredSession:
        """Return one session with its revision, or raise NotFoundError."""

    @abc.abstractmethod
    def save_session(
        self, session: Session, *, expected_revision: int | None = None
    ) -> int:
        """Write a session durably and return its new revision (compare-and-set
        when ``expected_revision`` is given)."""

    @abc.abstractmethod
    def update_session(
        self, child_id: str, session_id: str, change: Callable[[Session], Session]
    ) -> Session:
        """Read, change and save a session under the child's lock; return it."""

    def get_session(self, child_id: str, session_id: str) -> Session:
        """Return one session or raise NotFoundError."""
        return self.load_session(child_id, session_id).session

    # --- recorded voices ----------------------------------------------------
    @abc.abstractmethod
    def recorded_voices(self, child_id: str) -> dict[tuple[str, str], RecordingInfo]:
        """The child's recorded voices by (language, shown text); no audio read."""

    @abc.abstractmethod
    def recorded_voice(
        self, child_id: str, language: str, text: str
    ) -> Recording | None:
        """The recorded voice for ``text`` in ``language``, or None."""

    @abc.abstractmethod
    def save_recorded_voice(
        self, child_id: str, language: str, text: str, audio: bytes, mime: str
    ) -> RecordingInfo:
        """Keep ``audio`` (encrypted) as the child's voice for ``text``; replaces
        an older one."""

    @abc.abstractmethod
    def delete_recorded_voice(self, child_id: str, language: str, text: str) -> bool:
        """Erase the recorded voice for ``text``; False if there was none."""

    # --- consent ------------------------------------------------------------
    @abc.abstractmethod
    def load_consent(self, child_id: str) -> ConsentRecord:
        """The child's consents and their history (old per-session ones migrated)."""

    @abc.abstractmethod
    def save_consent(self, child_id: str, record: ConsentRecord) -> None:
        """Write the child's consent record durably."""

    @abc.abstractmethod
    def update_consent(
        self, child_id: str, change: Callable[[ConsentRecord], ConsentRecord]
    ) -> ConsentRecord:
        """Read, change and save the consent under the child's lock; return it."""

    # --- the plan and the meeting sheets ------------------------------------
    @abc.abstractmethod
    def load_plan(self, child_id: str) -> Plan:
        """The child's plan (an empty one before the first meeting)."""

    @abc.abstractmethod
    def save_plan(self, child_id: str, plan: Plan) -> None:
        """Write the child's plan durably."""

    @abc.abstractmethod
    def update_plan(self, child_id: str, change: Callable[[Plan], Plan]) -> Plan:
        """Read, change and save the plan under the child's lock; return it."""

    @abc.abstractmethod
    def load_meeting(self, child_id: str, session_id: str) -> MeetingSheets:
        """The meeting sheets of a session (empty until filled in)."""

    @abc.abstractmethod
    def meetings(self, child_id: str) -> dict[str, MeetingSheets]:
        """Every filled-in meeting sheet of the child, by session id."""

    @abc.abstractmethod
    def update_meeting(
        self,
        child_id: str,
        session_id: str,
        change: Callable[[MeetingSheets], MeetingSheets],
    ) -> MeetingSheets:
        """Read, change and save a session's meeting sheets; return them."""

    # --- all or nothing -------------------------------------------------------
    @abc.abstractmethod
    def atomic(self) -> AbstractContextManager[None]:
        """``with store.atomic():`` every write of the block stays, or none does
        (an import, a move). On the server one transaction; in a data folder a
        ``FolderUndo`` under the folder's locks (the caller writes alone)."""

    # --- exports ------------------------------------------------------------
    audits_exports = False
    """True when ``export_data`` writes the export's audit row itself (the
    team server); a data folder's exports are logged by the caller."""

    def export_data(
        self,
        child_id: str,
        session_id: str,
        *,
        recipient: Recipient,
        other_name: str = "",
        what: str,
        voices: bool = False,
    ) -> ExportData:
        """An export's data for ``recipient``, or ConsentMissing.

        ``what`` names the export for the audit (``pdf``, ``json``, ``text``,
        ``sheet:after``…). A data folder reads as the exports always did; the
        team server overrides this to check and log in one transaction.
        """
        recipient = Recipient(recipient)
        child = self.get_child(child_id)
        sessions = self.sessions(child_id)
        session = self.get_session(child_id, session_id)
        consent = self.load_consent(child_id)
        check_consent(consent, recipient, other_name)
        found: list[tuple[str, str, str, bytes]] = []
        if voices:
            for language, text in sorted(self.recorded_voices(child_id)):
                recording = self.recorded_voice(child_id, language, text)
                if recording is not None:
                    found.append((language, text, recording.info.mime, recording.audio))
        return export_data_for(
            child,
            session,
            sessions,
            consent,
            recipient=recipient,
            other_name=other_name,
            plan=self.load_plan(child_id),
            meeting=self.load_meeting(child_id, session_id),
            voices=tuple(found),
        )

    # --- retention ----------------------------------------------------------
    def retention_months(self) -> int:
        """Months a child's data is kept after the last session (default 24)."""
        return retention_months_from(self.get_setting(RETENTION_SETTING))

    def set_retention_months(self, months: int) -> None:
        """Change the retention period (1-120 months). Raises ValidationError."""
        self.set_setting(RETENTION_SETTING, validate_retention_months(months))

    def past_retention(self, now: datetime | None = None) -> list[RetentionCandidate]:
        """Children whose last session is older than the retention period.

        Only a list: nothing is erased. A child whose records cannot be read is
        left out (what cannot be read cannot be judged).
        """
        records = []
        for child in self.list_children():
            try:
                records.append((child, self.sessions(child.id)))
            except self._unreadable_errors():
                continue
        return past_retention(
            records, now=now or datetime.now(UTC), months=self.retention_months()
        )

    def _unreadable_errors(self) -> tuple[type[BaseException], ...]:
        """What reading one child may raise that leaves it out of a listing."""
        return (NotFoundError,)

    # --- other processes' saves ---------------------------------------------
    def listen_saves(
        self, on_saved: Callable[[SavedElsewhere], None]
    ) -> Listening | None:
        """Call ``on_saved`` (in another thread) for each session saved by
        another process on this store; None when no other process writes
        here (a data folder is served by one process, under its lock)."""
        return None


def export_data_for(
    child: Child,
    session: Session,
    sessions: list[Session],
    consent: ConsentRecord,
    *,
    recipient: Recipient,
    other_name: str,
    plan: Plan,
    meeting: MeetingSheets,
    voices: tuple[tuple[str, str, str, bytes], ...] = (),
) -> ExportData:
    """``ExportData`` with the sessions cut down to what ``recipient`` may see."""
    earlier = [
        s for s in sessions if s.started < session.started and s.id != session.id
    ]
    previous = earlier[-1] if earlier else None
    return ExportData(
        child=child,
        session=for_recipient(session, consent, recipient, other_name),
        previous=(
            for_recipient(previous, consent, recipient, other_name)
            if previous is not None
            else None
        ),
        consent=consent,
        plan=plan,
        meeting=meeting,
        withheld=withheld_count(session, consent, recipient, other_name),
        voices=voices,
    )
