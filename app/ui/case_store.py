"""``CaseStore``: one child's case as the counsellor changes it.

The counsellor's side of ``SessionStore``. A screen renders the store and calls
its verbs; a verb asks the domain for the new value, saves it through the
repository, and only then replaces the store's value, so the page never shows
what is not on disk. A verb that cannot save raises (``ValidationError`` for
the counsellor's input, a storage fault for the disk) and leaves the store as
it was; the screens say so (``reports_faults``, ``validation_message``).

Everything is read once, when the store is opened (``AppState.open_case``):
rendering reads no file.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import flet as ft

from app.domain import follow_up
from app.domain.meeting import MeetingSheets, Plan
from app.domain.models import (
    MAX_NAME_LENGTH,
    Child,
    Consent,
    ConsentGiver,
    ConsentRecord,
    Recipient,
    Session,
    ValidationError,
    clean_text,
    name_own_item,
    new_id,
    utcnow,
)
from app.export import service
from app.export.service import ExportRequest, ExportResult, SheetKind
from app.storage.audit import AuditLog
from app.storage.repository import Repository, StoredSession

MAX_NOTES_LENGTH = 5000
MAX_CONSENT_NOTE_LENGTH = 500


@ft.observable
@dataclass
class CaseStore:
    """A child, their sessions (oldest first), plan and meeting sheets."""

    repo: Repository
    audit: AuditLog
    child: Child
    sessions: tuple[Session, ...]
    plan: Plan
    meetings: Mapping[str, MeetingSheets] = field(default_factory=dict)
    """Meeting sheets by session id (a session without any has empty ones)."""
    consent: ConsentRecord = field(default_factory=ConsentRecord)
    """The family's consent, kept on the child, with its history."""
    hand_over: Callable[[Child, StoredSession], object] | None = None
    """Hands this browser to the child on a session (``AppState`` sets it)."""
    leave: Callable[[str], None] | None = None
    """Called with the child's id before the child is erased (``AppState``)."""
    _exported_ids: frozenset[str] | None = field(default=None, repr=False)

    @classmethod
    def open(
        cls,
        repo: Repository,
        audit: AuditLog,
        child_id: str,
        *,
        with_session: bool = False,
        hand_over: Callable[[Child, StoredSession], object] | None = None,
        leave: Callable[[str], None] | None = None,
    ) -> CaseStore:
        """Read a child's case. ``with_session``: start a first session when there
        is none (the meeting sheets belong to a session). Raises NotFoundError or
        a storage fault."""
        child = repo.get_child(child_id)
        sessions = tuple(repo.sessions(child_id))
        if with_session and not sessions:
            session = Session.new(child_id)
            repo.save_session(session)
            audit.record("session_started", child_id, session_id=session.id)
            sessions = (session,)
        return cls(
            repo,
            audit,
            child,
            sessions,
            repo.load_plan(child_id),
            meetings=repo.meetings(child_id),
            consent=repo.load_consent(child_id),
            hand_over=hand_over,
            leave=leave,
        )

    # --- reading -----------------------------------------------------------
    @property
    def latest(self) -> Session | None:
        """The newest session, or None before the first."""
        return self.sessions[-1] if self.sessions else None

    def session(self, session_id: str) -> Session:
        """One of the child's sessions (KeyError when not the child's)."""
        for s in self.sessions:
            if s.id == session_id:
                return s
        raise KeyError(session_id)

    def meeting(self, session_id: str) -> MeetingSheets:
        """A session's meeting sheets (empty until the counsellor fills them)."""
        return self.meetings.get(session_id, MeetingSheets())

    def has_recorded_voices(self) -> bool:
        """Whether a voice was recorded for this child (the export may carry them)."""
        return bool(self.repo.recorded_voices(self.child.id))

    def previous(self, session: Session) -> Session | None:
        """The session before ``session``, for comparisons (None for the first)."""
        earlier = [
            s
            for s in self.sessions
            if s.started < session.started and s.id != session.id
        ]
        return earlier[-1] if earlier else None

    @property
    def exported(self) -> frozenset[str]:
        """Ids of the sessions that have been exported (the audit log, read at
        the first look: the child's screens never need it)."""
        if self._exported_ids is None:
            self._exported_ids = frozenset(
                e.details.get("session_id", "")
                for e in self.audit.entries()
                if e.action == "export" and e.child_id == self.child.id
            )
        return self._exported_ids

    @property
    def has_last_time(self) -> bool:
        """Whether a new session starts with *Det här bestämde vi sist*."""
        return bool(self.plan.points) or len(self.sessions) > 1

    # --- verbs -------------------------------------------------------------
    def save_notes(self, session_id: str, notes: str) -> None:
        """Store the counsellor's own notes on a session (never the child's)."""
        text = notes.strip()
        if len(text) > MAX_NOTES_LENGTH:
            raise ValidationError("too_long", max=MAX_NOTES_LENGTH)
        self._change_session(session_id, lambda s: replace(s, notes=text))

    def name_own_item(self, session_id: str, item_id: str, word: str) -> None:
        """Add the word to an own item the child chose by picture alone (kept as
        the counsellor's word). Raises ValidationError for an unusable word."""
        self._change_session(session_id, lambda s: name_own_item(s, item_id, word))

    def give_consent(
        self,
        *,
        givers: tuple[ConsentGiver, ...],
        recipients: tuple[Recipient, ...],
        other_recipient: str = "",
        note: str = "",
        session_id: str = "",
    ) -> Consent:
        """Record who consented to sharing with whom, on the child (it holds for
        every session, before the first too). Raises ValidationError."""
        if not givers:
            raise ValidationError("consent_no_giver")
        if not recipients:
            raise ValidationError("consent_no_recipient")
        other = ""
        if Recipient.OTHER in recipients:
            other = clean_text(other_recipient, max_length=MAX_NAME_LENGTH)
        if note.strip():
            note = clean_text(note, max_length=MAX_CONSENT_NOTE_LENGTH)
        else:
            note = ""
        now = utcnow()
        consent = Consent(
            id=new_id(4),
            given_by=givers,
            recipients=recipients,
            given_at=now,
            other_recipient=other,
            note=note,
        )

        def change(record: ConsentRecord) -> ConsentRecord:
            record = record.give(consent)
            return record.confirm(session_id, now) if session_id else record

        self.consent = self.repo.update_consent(self.child.id, change)
        self.audit.record(
            "consent_given",
            self.child.id,
            recipient=",".join(r.value for r in recipients),
        )
        return consent

    def withdraw_consent(self, consent_id: str) -> None:
        """Withdraw a consent at once; it is kept, marked with when it ended."""
        now = utcnow()
        self.consent = self.repo.update_consent(
            self.child.id, lambda r: r.withdraw(consent_id, now)
        )
        self.audit.record("consent_withdrawn", self.child.id)

    def stop_sharing_with(self, consent_id: str, recipient: Recipient) -> None:
        """Take one recipient out of a consent at once (the rest goes on)."""
        now = utcnow()

        def change(record: ConsentRecord) -> ConsentRecord:
            old = next((c for c in record.active if c.id == consent_id), None)
            if old is None:
                return record
            rest = tuple(r for r in old.recipients if r is not recipient)
            return record.change(
                consent_id, now, recipients=rest, other_recipient=old.other_recipient
            )

        self.consent = self.repo.update_consent(self.child.id, change)
        self.audit.record(
            "consent_withdrawn", self.child.id, recipient=Recipient(recipient).value
        )

    def confirm_consent(self, session_id: str) -> None:
        """*Gäller samtycket fortfarande?* — yes, for this session."""
        now = utcnow()
        self.consent = self.repo.update_consent(
            self.child.id, lambda r: r.confirm(session_id, now)
        )

    def change_plan(self, change: Callable[[Plan], Plan]) -> Plan:
        """Change the child's plan (validation errors propagate, nothing saved)."""
        self.plan = self.repo.update_plan(self.child.id, change)
        return self.plan

    def change_meeting(
        self, session_id: str, change: Callable[[MeetingSheets], MeetingSheets]
    ) -> MeetingSheets:
        """Change a session's meeting sheets (validation errors propagate)."""
        sheets = self.repo.update_meeting(self.child.id, session_id, change)
        self.meetings = {**self.meetings, session_id: sheets}
        return sheets

    def start_session(self, *, consent_confirmed: bool = False) -> Session:
        """Start a new session and hand this browser to the child on it; a
        follow-up starts from the last session's answers, as suggestions the
        child confirms or changes. ``consent_confirmed``: the counsellor said
        the consent still holds."""
        session = Session.new(self.child.id)
        if self.sessions:
            session = follow_up.carry_over(self.sessions[-1], session)
        revision = self.repo.save_session(session)
        self.audit.record("session_started", self.child.id, session_id=session.id)
        if consent_confirmed:
            self.confirm_consent(session.id)
        self.sessions = (*self.sessions, session)
        self._hand_over(StoredSession(session, revision))
        return session

    def continue_session(self, session_id: str) -> None:
        """Hand this browser to the child on an unfinished session (or to see a
        meeting sheet)."""
        self._hand_over(self.repo.load_session(self.child.id, session_id))

    async def export_session(
        self, session_id: str, request: ExportRequest
    ) -> ExportResult:
        """Export one session (``app.export.service.export_session``, off the
        event loop); raises ConsentMissing when the consent does not cover it."""
        result = await asyncio.to_thread(
            service.export_session, self.repo, self.child.id, session_id, request
        )
        self._exported(session_id, result)
        return result

    async def print_sheet(
        self, session_id: str, kind: SheetKind, language: str
    ) -> ExportResult:
        """A meeting sheet or the plan as a PDF in ``language``, for the own file."""
        result = await asyncio.to_thread(
            service.export_meeting_sheet,
            self.repo,
            self.child.id,
            session_id,
            kind=kind,
            language=language,
        )
        self._exported(session_id, result)
        return result

    def erase(self) -> None:
        """Remove every file of the child, backups included, and log it."""
        if self.leave is not None:
            self.leave(self.child.id)
        self.repo.erase_child(self.child.id)
        self.audit.record("child_erased", self.child.id)

    # --- helpers -----------------------------------------------------------
    def _change_session(
        self, session_id: str, fn: Callable[[Session], Session]
    ) -> None:
        new = self.repo.update_session(self.child.id, session_id, fn)
        self.sessions = tuple(new if s.id == new.id else s for s in self.sessions)

    def _exported(self, session_id: str, result: ExportResult) -> None:
        if result.logged and session_id not in self.exported:
            self._exported_ids = self.exported | {session_id}
            self.notify()

    def _hand_over(self, stored: StoredSession) -> None:
        if self.hand_over is not None:
            self.hand_over(self.child, stored)


__all__ = ["MAX_NOTES_LENGTH", "CaseStore"]
