"""Observable stores: the UI's state, changed only through verb methods.

A verb builds the new immutable ``Session``, saves it through the repository,
and only then replaces the store's value, so the screen never shows a mark
that is not on disk. If the save fails the old value stays and ``notice`` says
so in words the screen translates.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import flet as ft

from app.domain import day as day_rules
from app.domain.meeting import MeetingSheets, Plan
from app.domain.models import (
    MAX_NAME_LENGTH,
    AnswerStatus,
    Child,
    Consent,
    ConsentGiver,
    DayAnswers,
    GridAnswers,
    Level,
    Recipient,
    Session,
    ValidationError,
    clean_text,
    make_custom_item,
    new_id,
    utcnow,
)
from app.faults import STORAGE_FAULTS
from app.pairing import Pairing
from app.security import PinGuard
from app.storage import case_file
from app.storage.audit import AuditLog
from app.storage.crypto import VaultError
from app.storage.repository import CorruptFileError, Repository

log = logging.getLogger(__name__)

SAVE_FAILED = "save_failed"
"""``notice`` value when a change could not be written; the change was not made."""

UNDO_DEPTH = 50
MAX_NOTES_LENGTH = 5000


@ft.observable
@dataclass
class SessionStore:
    """The child's session being answered on this screen."""

    repo: Repository
    child: Child
    session: Session
    undo_stack: tuple[Session, ...] = ()
    notice: str | None = None
    """A msgid-like key for a gentle message (e.g. ``save_failed``), or None."""

    # --- verbs ----------------------------------------------------------
    def toggle_rating(self, item_id: str, level: Level) -> None:
        """Mark ``level`` on a grid item, or remove it when already marked."""
        self._change(lambda s: replace(s, grid=s.grid.toggle(item_id, level)))

    def add_custom_item(self, label: str, pictogram: str) -> str:
        """Add the child's own grid item; returns its id. Raises ValidationError."""
        item = make_custom_item(label, pictogram)
        self._change(lambda s: replace(s, grid=s.grid.add_custom(item)))
        return item.id

    def remove_custom_item(self, item_id: str) -> None:
        """Remove one of the child's own grid items and its marks."""
        self._change(lambda s: replace(s, grid=s.grid.remove_custom(item_id)))

    # --- En vanlig dag -----------------------------------------------------
    def add_day_entry(self, item_id: str, minutes: int | None = None) -> str:
        """Put an activity on the day's timeline (usual time unless given); its id."""
        new_day, entry_id = day_rules.add_entry(self.session.day, item_id, minutes)
        self._change(lambda s: replace(s, day=new_day))
        return entry_id

    def retime_day_entry(self, entry_id: str, minutes: int) -> None:
        """Give a timeline entry a new clock time (it moves to its place)."""
        self._change(
            lambda s: replace(s, day=day_rules.retime_entry(s.day, entry_id, minutes))
        )

    def remove_day_entry(self, entry_id: str) -> None:
        """Take an entry off the day's timeline."""
        self._change(lambda s: replace(s, day=day_rules.remove_entry(s.day, entry_id)))

    def toggle_day_pick(self, prompt_id: str, item_id: str) -> None:
        """Pick a picture for a prompt of the day, or unpick it."""
        self._change(
            lambda s: replace(s, day=day_rules.toggle_pick(s.day, prompt_id, item_id))
        )

    def decline_day_prompt(self, prompt_id: str, how: AnswerStatus) -> None:
        """Answer *Vet inte* / *Vill inte svara*, or take that answer back."""
        self._change(lambda s: replace(s, day=day_rules.decline(s.day, prompt_id, how)))

    def add_day_custom_item(self, prompt_id: str, label: str, pictogram: str) -> str:
        """Add and pick the child's own item for a prompt; its id. ValidationError."""
        new_day, item_id = day_rules.add_own_item(
            self.session.day, prompt_id, label, pictogram
        )
        self._change(lambda s: replace(s, day=new_day))
        return item_id

    def remove_day_custom_item(self, item_id: str) -> None:
        """Remove one of the child's own items of the day, everywhere it is used."""
        self._change(
            lambda s: replace(s, day=day_rules.remove_own_item(s.day, item_id))
        )

    def toggle_private(self, answer_key: str) -> None:
        """Mark an answer *bara för mig* (kept, never exported), or share it again."""
        self._change(lambda s: replace(s, private=s.private ^ {answer_key}))

    def mark_reviewed(self) -> None:
        """Record that the child and counsellor went through the answers together."""
        self._change(lambda s: replace(s, reviewed_at=utcnow()), undoable=False)
        if self.notice is None:
            AuditLog(self.repo.data_dir).record(
                "session_reviewed", self.child.id, session_id=self.session.id
            )

    def set_language(self, language: str) -> None:
        """Show the child's screens in another language; answers stay as they are."""
        if language != self.session.language:
            self._change(lambda s: replace(s, language=language), undoable=False)

    def set_position(self, position: str) -> None:
        """Remember where the child is, so a reload resumes there (no undo)."""
        if self.session.position != position:
            self._change(lambda s: replace(s, position=position), undoable=False)

    def undo(self) -> None:
        """Take back the last change."""
        if not self.undo_stack:
            return
        previous = self.undo_stack[-1]
        previous = replace(previous, position=self.session.position)
        if self._save(previous):
            self.undo_stack = self.undo_stack[:-1]
            self.session = previous

    def dismiss_notice(self) -> None:
        """Hide the current notice."""
        self.notice = None

    # --- helpers ----------------------------------------------------------
    @property
    def grid(self) -> GridAnswers:
        """The grid answers of the session."""
        return self.session.grid

    @property
    def day(self) -> DayAnswers:
        """The answers to *En vanlig dag*."""
        return self.session.day

    def _change(self, fn: Callable[[Session], Session], undoable: bool = True) -> None:
        new = fn(self.session)
        if new == self.session:
            return
        if self._save(new):
            if undoable:
                self.undo_stack = (*self.undo_stack, self.session)[-UNDO_DEPTH:]
            self.session = new

    def _save(self, new: Session) -> bool:
        try:
            self.repo.save_session(new)
        except STORAGE_FAULTS as exc:
            # No answers in the log: only that a save failed, and why in kind.
            log.warning("saving a session failed: %s", type(exc).__name__)
            self.notice = SAVE_FAILED
            return False
        self.notice = None
        return True


@ft.observable
@dataclass
class Prefs:
    """Languages of this browser session: the child's and the counsellor's."""

    child_language: str = "sv"
    workspace_language: str = "sv"


@ft.observable
@dataclass
class Paired:
    """Whether this browser may use the app (always, on this machine)."""

    value: bool = True


DEFAULT_IDLE_SECONDS = 5 * 60
IDLE_SETTING = "idle_lock_seconds"


@ft.observable
@dataclass
class LockState:
    """Whether the counsellor's workspace is unlocked in this browser session."""

    unlocked: bool = False
    _last_activity: float = 0.0
    """Private (no re-render): when the counsellor last did something."""

    def unlock(self, now: float) -> None:
        """Open the workspace after a correct PIN."""
        self._last_activity = now
        self.unlocked = True

    def lock(self) -> None:
        """Close the workspace; the PIN is needed again."""
        self.unlocked = False

    def touch(self, now: float) -> None:
        """Note counsellor activity, which postpones the auto-lock."""
        self._last_activity = now

    def expired(self, now: float, idle_seconds: float) -> bool:
        """Whether the workspace has been left alone longer than allowed."""
        return self.unlocked and now - self._last_activity > idle_seconds


@dataclass
class AppState:
    """One browser session's state: the lock, and which child session is open.

    Deliberately not observable: the root holds it, and a root that re-rendered
    on every change would rebuild the router in the middle of a navigation.
    Child mode itself is kept on disk (``repo.active()``) together with the
    browser that started it, so in that browser a reload, the back button or an
    edited URL cannot leave it without the PIN, and no other browser sees it.
    """

    repo: Repository
    pin: PinGuard
    device: str = ""
    """The browser this session serves (``app.web.current_device()``); "" = none."""
    lock: LockState = field(default_factory=LockState)
    prefs: Prefs = field(default_factory=Prefs)
    paired: Paired = field(default_factory=Paired)
    pairing: Pairing | None = None
    store: SessionStore | None = None
    clock: Callable[[], float] = time.time
    unwritable: OSError | None = None
    """Why the data folder takes no writes (read-only, full disk), once known:
    at start-up, at the unlock or at a failed save. The workspace says so."""

    @property
    def folder_note(self) -> OSError | None:
        """What to tell the counsellor about a folder that takes no writes."""
        return self.unwritable or self.pin.not_saved

    @property
    def audit(self) -> AuditLog:
        """The data folder's audit log."""
        return self.pin.audit

    @property
    def idle_seconds(self) -> float:
        """Idle time before the workspace locks itself (default five minutes)."""
        return float(self.repo.get_setting(IDLE_SETTING, DEFAULT_IDLE_SECONDS))

    def child_mode(self) -> tuple[str, str] | None:
        """(child id, session id) while the device is handed to a child.

        None while the data folder is encrypted and not yet unlocked since the
        server started: the PIN comes first, then child mode resumes.
        """
        if self.repo.locked or not self.device:
            return None
        return self.repo.active(device=self.device)

    def open_active(self) -> SessionStore | None:
        """Open the session this device shows the child (resume after reload)."""
        active = self.child_mode()
        if active is None:
            self.store = None
            return None
        child_id, session_id = active
        if self.store is None or (self.store.child.id, self.store.session.id) != (
            child_id,
            session_id,
        ):
            try:
                child = self.repo.get_child(child_id)
                session = self.repo.get_session(child_id, session_id)
            except (CorruptFileError, VaultError):
                # Damaged, not gone: child mode stays until an adult sees to it.
                return None
            except LookupError:
                self.repo.clear_active()
                return None
            self.store = SessionStore(self.repo, child, session)
        return self.store

    def restore_child_language(self) -> None:
        """Before the first render: show child mode in the language chosen last."""
        store = self.open_active()
        if store is not None:
            self.prefs.child_language = store.session.language

    def set_child_language(self, language: str) -> None:
        """Switch the child's screens to ``language`` at once, keeping answers."""
        store = self.open_active()
        if store is not None:
            store.set_language(language)
        self.prefs.child_language = language

    # --- counsellor verbs --------------------------------------------------
    def try_unlock(self, secret: str) -> bool:
        """Check the PIN; unlock the workspace when right. May raise BackoffActive."""
        if self.pin.verify(secret):
            self.lock.unlock(self.clock())
            # On an encrypted folder nothing could be read before this PIN:
            # child mode's language comes back now.
            self.restore_child_language()
            return True
        return False

    def create_child(self, display_name: str, case_ref: str = "") -> Child:
        """Register a child (no session yet). Raises ValidationError."""
        child = Child.new(display_name, case_ref)
        self.repo.add_child(child)
        self.audit.record("child_created", child.id)
        return child

    def start_session(self, child_id: str) -> SessionStore:
        """Start a new session for a child and hand the device to the child."""
        child = self.repo.get_child(child_id)
        session = Session.new(child.id)
        self.repo.save_session(session)
        self.audit.record("session_started", child.id, session_id=session.id)
        return self._enter_child_mode(child, session)

    def continue_session(self, child_id: str, session_id: str) -> SessionStore:
        """Hand the device to the child on an unfinished session."""
        child = self.repo.get_child(child_id)
        return self._enter_child_mode(
            child, self.repo.get_session(child_id, session_id)
        )

    def leave_child_mode(self, secret: str) -> bool:
        """End child mode with the PIN; the workspace opens. May raise BackoffActive."""
        if not self.try_unlock(secret):
            return False
        # After the PIN: it may have unlocked the data.
        active = self.repo.active(device=self.device)
        self.repo.clear_active()
        self.store = None
        if active:
            self.audit.record("child_mode_left", active[0], session_id=active[1])
        return True

    def erase_child(self, child_id: str) -> None:
        """Remove every file of a child, backups included, and log it."""
        if (self.repo.active() or ("",))[0] == child_id:
            self.repo.clear_active()
            self.store = None
        self.repo.erase_child(child_id)
        self.audit.record("child_erased", child_id)

    def give_consent(
        self,
        child_id: str,
        session_id: str,
        *,
        givers: tuple[ConsentGiver, ...],
        recipients: tuple[Recipient, ...],
        other_recipient: str = "",
        note: str = "",
    ) -> Consent:
        """Record who consented to sharing with whom. Raises ValidationError."""
        if not givers:
            raise ValidationError("consent_no_giver")
        if not recipients:
            raise ValidationError("consent_no_recipient")
        other = ""
        if Recipient.OTHER in recipients:
            other = clean_text(other_recipient, max_length=MAX_NAME_LENGTH)
        note = clean_text(note, max_length=500) if note.strip() else ""
        consent = Consent(
            id=new_id(4),
            given_by=givers,
            recipients=recipients,
            given_at=utcnow(),
            other_recipient=other,
            note=note,
        )
        self.repo.update_session(
            child_id,
            session_id,
            lambda s: replace(s, consents=(*s.consents, consent)),
        )
        self.audit.record(
            "consent_given",
            child_id,
            session_id=session_id,
            recipient=",".join(r.value for r in recipients),
        )
        return consent

    def withdraw_consent(self, child_id: str, session_id: str, consent_id: str) -> None:
        """Withdraw a consent; it is kept, marked with when it ended."""

        def change(s: Session) -> Session:
            return replace(
                s,
                consents=tuple(
                    replace(c, withdrawn_at=utcnow())
                    if c.id == consent_id and c.active
                    else c
                    for c in s.consents
                ),
            )

        self.repo.update_session(child_id, session_id, change)
        self.audit.record("consent_withdrawn", child_id, session_id=session_id)

    def save_notes(self, child_id: str, session_id: str, notes: str) -> None:
        """Store the counsellor's own notes on a session (never the child's)."""
        text = notes.strip()
        if len(text) > MAX_NOTES_LENGTH:
            raise ValidationError("too_long", max=MAX_NOTES_LENGTH)
        self.repo.update_session(child_id, session_id, lambda s: replace(s, notes=text))

    def latest_session(self, child_id: str) -> Session:
        """The child's newest session; one is created if there is none yet."""
        sessions = self.repo.sessions(child_id)
        if sessions:
            return sessions[-1]
        session = Session.new(child_id)
        self.repo.save_session(session)
        self.audit.record("session_started", child_id, session_id=session.id)
        return session

    def change_plan(self, child_id: str, change: Callable[[Plan], Plan]) -> Plan:
        """Change the child's plan (validation errors propagate, nothing saved)."""
        return case_file.update_plan(self.repo, child_id, change)

    def change_meeting(
        self,
        child_id: str,
        session_id: str,
        change: Callable[[MeetingSheets], MeetingSheets],
    ) -> MeetingSheets:
        """Change a session's meeting sheets."""
        return case_file.update_meeting(self.repo, child_id, session_id, change)

    def show_to_child(self, child_id: str, session_id: str) -> None:
        """Hand the device to the child on a session, e.g. to see a meeting sheet."""
        self.continue_session(child_id, session_id)

    def exported_sessions(self, child_id: str) -> set[str]:
        """Ids of the child's sessions that have been exported (from the audit log)."""
        return {
            e.details.get("session_id", "")
            for e in self.audit.entries()
            if e.action == "export" and e.child_id == child_id
        }

    def _enter_child_mode(self, child: Child, session: Session) -> SessionStore:
        self.repo.set_active(child.id, session.id, device=self.device)
        self.audit.record("child_mode_entered", child.id, session_id=session.id)
        # No lock.lock() here: while child mode is recorded the gate shows no
        # workspace at all, leaving it takes the PIN, and a lock change now
        # would re-render the gate and race the handler's own navigation.
        self.store = SessionStore(self.repo, child, session)
        self.prefs.child_language = session.language
        return self.store


__all__ = [
    "SAVE_FAILED",
    "AppState",
    "LockState",
    "Paired",
    "Prefs",
    "SessionStore",
    "ValidationError",
]
