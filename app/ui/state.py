"""Observable stores: the UI's state, changed only through verb methods.

A verb builds the new immutable ``Session``, saves it through the repository,
and only then replaces the store's value, so the screen never shows a mark
that is not on disk. If the save fails the old value stays and ``notice`` says
so in words the screen translates.

Over 300 lines on purpose: ``SessionStore``'s compare-and-set rules (one
docstring, one ``_commit``) are read as a whole, and ``AppState`` is the only
maker of a ``SessionStore`` (open, close, the live link between tabs). The
counsellor's verbs live in ``app/ui/case_store.py``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import flet as ft

from app.domain import changes, follow_up, sharing
from app.domain import day as day_rules
from app.domain.counsellor import Counsellor
from app.domain.models import (
    AnswerStatus,
    Child,
    ConsentRecord,
    DayAnswers,
    Evaluation,
    Feeling,
    GridAnswers,
    Level,
    Origin,
    Recipient,
    Session,
    ValidationError,
    make_custom_item,
    utcnow,
)
from app.domain.sharing import Share
from app.domain.staff import StaffUser
from app.domain.upcoming import CaseDates
from app.faults import STORAGE_FAULTS
from app.pairing import Pairing
from app.security import PinGuard
from app.storage.audit import AuditLog
from app.storage.crypto import VaultError
from app.storage.errors import is_unwritable
from app.storage.repository import (
    CorruptFileError,
    Repository,
    StaleSessionError,
    StoredSession,
)
from app.storage.retention import RetentionCandidate
from app.ui.case_store import CaseStore
from app.ui.live import LiveSessions

if TYPE_CHECKING:
    from app.team_server import TeamServer

log = logging.getLogger(__name__)


class ChildAccess(Protocol):
    """What the team server says of the user's access to a child
    (``app.storage.postgres.Access``; psycopg is not needed on a laptop)."""

    assigned: bool
    break_glass_until: datetime | None


SAVE_FAILED = "save_failed"
"""``notice`` value when a change could not be written; the change was not made."""

CHANGED_ELSEWHERE = "changed_elsewhere"
"""``notice`` value when another screen had just changed the same answer: this
change was not made, and the screen now shows what is saved."""

UNDO_DEPTH = 50
GRID_SCOPE = "grid"
"""The exercise of the grid *Det här är jag bra på…* (one undo for the sheet)."""
REVIEW_SCOPE = "review"
"""The review of the answers (*bara för mig*, stars)."""


def day_scope(step: str) -> str:
    """The exercise of one screen of *En vanlig dag* (one undo per prompt)."""
    return day_rules.position_of(step)


TIMELINE_SCOPE = day_scope(day_rules.TIMELINE_PROMPT)
SAVE_ATTEMPTS = 5
"""Compare-and-set rounds before a change gives up (each loses only to a save
that landed in between, so more than one is already rare)."""


@ft.observable
@dataclass
class SessionStore:
    """The child's session being answered on this screen.

    Several browser sessions may show the same child session (a tablet and a
    laptop tab). Every save is compare-and-set on the stored revision, and no
    acknowledged change of another screen is ever overwritten:

    - **Answers** (the undoable verbs): when this copy is outdated, the verb
      is made again on the stored session and saved if it does the same there
      (``app.domain.changes.same_change``): it touches only the parts it
      touched on this screen (one colour of one tile, one entry, one prompt's
      answer…), none of which another screen has put elsewhere. Taps on other
      tiles or other colours always pass. A tap whose part another screen has
      just changed (the same colour on the same tile: the toggle would take
      away what the child there just saw added) is not saved: the store shows
      the stored session and ``notice`` is ``CHANGED_ELSEWHERE``.
    - **Settings of the sitting** (position, language, reviewed): made again
      on the stored session as they are; the last one chosen wins.
    - **Undo** takes back this screen's own last change, part by part, on the
      stored session (``app.domain.changes.apply``); other screens' changes
      stay. If another screen has changed one of those parts since (a third
      state, e.g. one more picture picked for the same prompt), nothing is
      undone, the step is dropped and ``notice`` is ``CHANGED_ELSEWHERE``. A
      step already taken back elsewhere is simply dropped.

    ``on_saved`` lets the app layer tell the other screens at once
    (``app.ui.live``); they call ``reload``.
    """

    repo: Repository
    child: Child
    session: Session
    revision: int | None = None
    """The stored revision ``session`` was read at; None: looked up at the first
    save (and a change made on a copy older than the disk's is made again)."""
    undo_stack: tuple[tuple[str, Session, Session], ...] = ()
    """This screen's own undoable changes, oldest first, each as the exercise
    it was made in (``GRID_SCOPE``, ``day_scope(step)``…) and the session
    (before, after) it; what a step did is worked out only when it is undone."""
    notice: str | None = None
    """A msgid-like key for a gentle message (e.g. ``save_failed``), or None."""
    on_saved: Callable[[SessionStore], None] | None = None
    """Called after each save of this store (not after a ``reload``)."""
    entered_by: Origin = Origin.CHILD
    """Whose the answers given on this screen are: the child's taps, or the
    counsellor's entry on the child's behalf (``Origin.COUNSELLOR``)."""

    _quiet: ClassVar[bool] = False
    """While True, changes tell no screen (see ``set_position``)."""

    def _notify(self, field: str | None) -> None:
        # The store's screens re-render on a change, except while ``_quiet``.
        if not self._quiet:
            ft.Observable._notify(self, field)

    # --- verbs ----------------------------------------------------------
    def toggle_rating(self, item_id: str, level: Level) -> None:
        """Mark ``level`` on a grid item, or remove it when already marked."""
        self._change(
            lambda s: replace(
                s, grid=follow_up.tap_grid(s.grid, item_id, level, self.entered_by)
            ),
            GRID_SCOPE,
        )

    def confirm_last_grid(self) -> None:
        """The rest of last time's grid still holds (a follow-up)."""
        self._change(follow_up.confirm_grid, GRID_SCOPE)

    def confirm_last_day(self) -> None:
        """The rest of last time's day still holds (a follow-up)."""
        self._change(follow_up.confirm_day, day_scope(day_rules.SUMMARY))

    def evaluate_point(self, point_id: str, value: Evaluation) -> None:
        """The child's rating of a plan point at a follow-up."""
        self._change(lambda s: s.evaluate(point_id, value))

    def add_custom_item(
        self, label: str, pictogram: str, level: Level | None = None
    ) -> str:
        """Add the child's own grid item (the word may be left out), marked with
        ``level``, the pen in the child's hand; returns its id. Raises
        ValidationError for a word it cannot keep."""
        item = make_custom_item(label, pictogram)
        self._change(
            lambda s: replace(s, grid=s.grid.add_custom(item, level, self.entered_by)),
            GRID_SCOPE,
        )
        return item.id

    def remove_custom_item(self, item_id: str) -> None:
        """Remove one of the child's own grid items and its marks."""
        self._change(
            lambda s: replace(s, grid=s.grid.remove_custom(item_id)), GRID_SCOPE
        )

    # --- En vanlig dag -----------------------------------------------------
    def add_day_entry(self, item_id: str, minutes: int | None = None) -> str:
        """Put an activity on the day's timeline (usual time unless given); its id."""
        new_day, entry_id = day_rules.add_entry(
            self.session.day, item_id, minutes, origin=self.entered_by
        )
        entry = day_rules.find_entry(new_day, entry_id)
        assert entry is not None
        # The same id and time if the change has to be made again on a newer copy.
        self._change(
            lambda s: replace(
                s,
                day=day_rules.add_entry(
                    s.day,
                    item_id,
                    entry.minutes,
                    entry_id,
                    origin=entry.origin,
                    time_origin=entry.time_origin,
                )[0],
            ),
            TIMELINE_SCOPE,
        )
        return entry_id

    def step_day_time(self, entry_id: str, delta: int) -> None:
        """Move a timeline entry's clock time by ``delta`` minutes from where
        it is now (two quick taps on *1 timme senare* move it two hours), the
        child's (it moves in order); at the day's ends nothing changes."""
        entry = day_rules.find_entry(self.session.day, entry_id)
        if entry is None or not day_rules.can_step(entry.minutes, delta):
            return
        minutes = day_rules.step_time(entry.minutes, delta)
        self._change(
            lambda s: replace(
                s,
                day=day_rules.retime_entry(s.day, entry_id, minutes, self.entered_by),
            ),
            TIMELINE_SCOPE,
        )

    def confirm_day_time(self, entry_id: str) -> None:
        """The child says a suggested clock time is right (*Stämmer tiden?* – Ja)."""
        self._change(
            lambda s: replace(s, day=day_rules.confirm_time(s.day, entry_id)),
            TIMELINE_SCOPE,
        )

    def remove_day_entry(self, entry_id: str) -> None:
        """Take an entry off the day's timeline."""
        self._change(
            lambda s: replace(s, day=day_rules.remove_entry(s.day, entry_id)),
            TIMELINE_SCOPE,
        )

    def toggle_day_pick(self, prompt_id: str, item_id: str) -> None:
        """Pick a picture for a prompt of the day, or unpick it."""
        self._change(
            lambda s: replace(
                s,
                day=day_rules.toggle_pick(s.day, prompt_id, item_id, self.entered_by),
            ),
            day_scope(prompt_id),
        )

    def decline_day_prompt(self, prompt_id: str, how: AnswerStatus) -> None:
        """Answer *Vet inte* / *Vill inte svara*, or take that answer back."""
        self._change(
            lambda s: replace(
                s, day=day_rules.decline(s.day, prompt_id, how, self.entered_by)
            ),
            day_scope(prompt_id),
        )

    def add_day_custom_item(self, prompt_id: str, label: str, pictogram: str) -> str:
        """Add and pick the child's own item for a prompt; its id. ValidationError."""
        item = day_rules.make_day_item(
            day_rules.prompt(prompt_id).column, label, pictogram
        )
        new_day = day_rules.place_own_item(
            self.session.day, prompt_id, item, None, self.entered_by
        )
        entry = day_rules.latest_entry_of(new_day, item.id)
        item_id = item.id
        self._change(
            lambda s: replace(
                s,
                day=day_rules.place_own_item(
                    s.day, prompt_id, item, entry, self.entered_by
                ),
            ),
            day_scope(prompt_id),
        )
        return item_id

    def remove_day_custom_item(self, item_id: str, prompt_id: str) -> None:
        """Remove one of the child's own items of the day, everywhere it is used
        (undone on the screen of ``prompt_id``, where the child removed it)."""
        self._change(
            lambda s: replace(s, day=day_rules.remove_own_item(s.day, item_id)),
            day_scope(prompt_id),
        )

    def set_day_feeling(self, step: str, item_id: str, feeling: Feeling | None) -> None:
        """Say how an activity, a place or a person of the day feels (*Hur känns
        det?*); None (*Vet inte*) takes it back. Undone on the screen of ``step``."""
        self._change(
            lambda s: replace(
                s,
                day=day_rules.set_feeling(s.day, item_id, feeling, self.entered_by),
            ),
            day_scope(step),
        )

    def toggle_private(self, answer_key: str, scope: str = REVIEW_SCOPE) -> None:
        """Mark an answer *bara för mig* (kept, never exported), or share it
        again; ``scope``: the exercise whose *Ångra* takes it back."""
        self._change(lambda s: replace(s, private=s.private ^ {answer_key}), scope)

    def set_share(self, answer_keys: Iterable[str], share: Share) -> None:
        """*Alla får veta* or *Bara för mig* for some answers (a whole exercise
        at once on *Vem får veta?*)."""
        keys = tuple(answer_keys)
        self._change(lambda s: sharing.set_share(s, keys, share), REVIEW_SCOPE)

    def set_told(self, answer_key: str, recipient: Recipient, told: bool) -> None:
        """Tell ``recipient`` one answer, or not (*not to* that recipient)."""
        self._change(
            lambda s: sharing.set_not_to(s, [answer_key], recipient, told=told),
            REVIEW_SCOPE,
        )

    def consent(self) -> ConsentRecord:
        """The child's consent as it is on disk (read again on every call: a
        withdrawal in the workspace holds at once)."""
        return self.repo.load_consent(self.child.id)

    def toggle_star(self, answer_key: str) -> None:
        """Star an answer *Viktigast för mig* (at most three), or unstar it."""
        self._change(lambda s: s.toggle_star(answer_key), REVIEW_SCOPE)

    def mark_reviewed(self) -> None:
        """Record that the child and counsellor went through the answers together."""
        now = utcnow()
        self._change(lambda s: replace(s, reviewed_at=now))
        if self.notice is None:
            AuditLog(self.repo.data_dir).record(
                "session_reviewed", self.child.id, session_id=self.session.id
            )

    def set_language(self, language: str) -> None:
        """Show the child's screens in another language; answers stay as they are."""
        if language != self.session.language:
            self._change(lambda s: replace(s, language=language))

    def set_position(self, position: str) -> None:
        """Remember where the child is, so a reload resumes there (no undo).

        No screen shows the position, so saving it re-renders nothing, unless
        the save brought something that is shown (a newer stored session made
        elsewhere, a notice): a step of the day was rendered twice before.
        """
        if self.session.position == position:
            return
        shown = (replace(self.session, position=position), self.notice)
        self._quiet = True
        try:
            self._change(lambda s: replace(s, position=position))
        finally:
            self._quiet = False
        if (self.session, self.notice) != shown:
            self.notify()

    def can_undo(self, scope: str) -> bool:
        """Whether the child has done something to take back in this exercise."""
        return any(step[0] == scope for step in self.undo_stack)

    def undo(self, scope: str | None = None) -> None:
        """Take back this screen's last change made in exercise ``scope`` (the
        one on screen; None: in any), never another exercise's, never another
        screen's (see above). Its parts are put back part by part, so the
        changes made since in other exercises stay as they are."""
        at = next(
            (
                i
                for i in range(len(self.undo_stack) - 1, -1, -1)
                if scope is None or self.undo_stack[i][0] == scope
            ),
            None,
        )
        if at is None:
            return
        _scope, before, after = self.undo_stack[at]
        back = changes.delta(after, before)

        def take_back(s: Session) -> Session | None:
            return changes.apply(s, back)

        self._commit(take_back)
        if self.notice != SAVE_FAILED:  # done, done elsewhere, or impossible now
            self.undo_stack = self.undo_stack[:at] + self.undo_stack[at + 1 :]

    def reload(self, session: Session, revision: int) -> None:
        """Show a newer stored version of this session, saved by another screen."""
        if session.id != self.session.id:
            return
        if self.revision is not None and revision <= self.revision:
            return  # this store has seen that save, or a later one, already
        self.revision = revision
        self.session = session

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

    def _change(
        self, fn: Callable[[Session], Session], scope: str | None = None
    ) -> None:
        """Make and save a verb; with a ``scope`` (the exercise) it can be undone
        there, without one (settings of the sitting) it cannot."""
        undoable = scope is not None
        base = self.session
        new = fn(base)
        if new == base:
            return
        if not undoable:
            self._commit(lambda s: new if s is base else fn(s))
            return

        def same_change(s: Session) -> Session | None:
            if s is base:
                return new
            try:
                again = fn(s)
            except (KeyError, ValueError):  # e.g. an own item removed elsewhere
                return None
            return again if changes.same_change(base, new, s, again) else None

        done = self._commit(same_change)
        if done and scope is not None:
            self.undo_stack = (*self.undo_stack, (scope, *done))[-UNDO_DEPTH:]

    def _commit(
        self, make: Callable[[Session], Session | None]
    ) -> tuple[Session, Session] | None:
        """Save ``make(session)`` compare-and-set; on a newer stored session make
        it again there. Returns the session (before, after) the save, or None
        (``notice`` says why; None when there was nothing left to do)."""
        stored: StoredSession | None = None
        if self.revision is None:
            stored = self.repo.load_session(self.child.id, self.session.id)
            if stored.session == self.session:
                self.revision, stored = stored.revision, None
        for _attempt in range(SAVE_ATTEMPTS):
            if stored is not None:
                # The disk is ahead of this copy: show it, make the change there.
                self.revision = stored.revision
                self.session = stored.session
            current = self.session
            new = make(current)
            if new is None:
                self.notice = CHANGED_ELSEWHERE
                return None
            if new == current:
                self.notice = None
                return None
            try:
                revision = self.repo.save_session(new, expected_revision=self.revision)
            except StaleSessionError as stale:
                stored = stale.stored
                continue
            except STORAGE_FAULTS as exc:
                # No answers in the log: only that a save failed, and why in kind.
                log.warning("saving a session failed: %s", type(exc).__name__)
                self.notice = SAVE_FAILED
                return None
            self.revision = revision
            self.session = new
            self.notice = None
            if self.on_saved is not None:
                self.on_saved(self)
            return current, new
        self.notice = CHANGED_ELSEWHERE
        return None


def remember_position(
    store: SessionStore, position: str
) -> Callable[[], Awaitable[None]]:
    """An effect that saves where the child is once the screen has gone out.

    Async, so Flet sends the screen's patch before the save (and its fsyncs)
    runs: the child sees the screen a save sooner.
    """

    async def remember() -> None:
        store.set_position(position)

    return remember


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
COUNSELLOR_SETTING = "counsellor:"
"""Settings key prefix of a browser's *Samtalsledare* (then the device id)."""


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


@ft.observable
@dataclass
class SignInStatus:
    """A team server's sign-in in this browser session: waiting, or refused why."""

    waiting: bool = False
    reason: str = ""
    """Why the last attempt was refused (``app.oidc.SignInRefused.reason``)."""

    def wait(self) -> None:
        """An attempt has started (the provider's window opens)."""
        self.waiting, self.reason = True, ""

    def refuse(self, reason: str) -> None:
        """The attempt did not let the person in."""
        self.waiting, self.reason = False, reason

    def clear(self) -> None:
        """Signed in: nothing to say."""
        self.waiting, self.reason = False, ""


@dataclass(frozen=True)
class AuditOverview:
    """What *Logg och gallring* shows, read once when the screen opens."""

    text: str
    """The whole audit log as text (no names or answers are ever in it)."""
    retention_months: int
    overdue: tuple[RetentionCandidate, ...]
    """Children past the retention period (``Repository.past_retention``)."""
    names: Mapping[str, str]
    """Display names by child id, for the overdue list only."""


@dataclass(frozen=True)
class TeamAudit:
    """One search of the team's audit (loggkontroll), for the admin's screen."""

    rows: tuple[Any, ...]
    """``AuditRow``s, newest first (ids, the user's name beside the id)."""
    users: Mapping[str, str]
    """The team's users: name by id, to choose whom to search for."""
    children: Mapping[str, str]
    """The team's children: display name by id, to choose and to show."""
    limit: int
    """At most this many rows are shown (narrow the search for more)."""


class AuditNotConfigured(RuntimeError):
    """No auditor connection (``MINROST_DATABASE_AUDITOR``) on this server."""


TEAM_AUDIT_LIMIT = 500


@dataclass
class AppState:
    """One browser session's state: the lock, and which child session is open.

    What the counsellor changes on a child's page goes through a ``CaseStore``
    (``open_case``); this class keeps what belongs to the browser.

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

    staff: StaffUser | None = None
    """Who is signed in on a team server (None on the laptop's data folder,
    where the PIN alone opens the workspace)."""

    audit_reader: Any = None
    """The team's audit search on a team server (``AuditReader`` on the
    auditor's own connection, ``MINROST_DATABASE_AUDITOR``); found from the
    environment on first use when not given."""
    team: TeamServer | None = None
    """A team server with sign-in (OIDC): the workspace opens to a signed-in
    user only, never with the PIN; None on the laptop (the PIN)."""
    sign_in_status: SignInStatus = field(default_factory=SignInStatus)

    live: LiveSessions | None = None
    """This browser session's link to the others (``build_main`` sets it): the
    open store hears of their saves, and they of its saves."""

    @property
    def audit(self) -> AuditLog:
        """The data folder's audit log."""
        return self.pin.audit

    def list_children(self) -> list[Child]:
        """Every child in the data folder (raises a storage fault)."""
        return self.repo.list_children()

    def case_dates(self, children: list[Child]) -> list[CaseDates]:
        """Each readable child's plan and meeting sheets, for *Kommande* (a
        damaged file is left out here: opening the child says what is wrong)."""
        out = []
        for child in children:
            try:
                plan = self.repo.load_plan(child.id)
                meetings = self.repo.meetings(child.id)
            except STORAGE_FAULTS:
                continue
            out.append(CaseDates(child.id, plan, meetings))
        return out

    def check_case(self, child_id: str) -> None:
        """Read a child's sessions once, so a damaged file is named before the
        child's page opens (raises a storage fault)."""
        self.repo.sessions(child_id)

    def restore_backup(self, path: Path) -> None:
        """Put the last good copy of a damaged file back (raises if none)."""
        self.repo.restore_backup(path)

    def read_audit_overview(self) -> AuditOverview:
        """Read the log and the retention list (raises a storage fault)."""
        return AuditOverview(
            text=self.audit.export_text(),
            retention_months=self.repo.retention_months(),
            overdue=tuple(self.repo.past_retention()),
            names={c.id: c.display_name for c in self.repo.list_children()},
        )

    def search_team_audit(
        self,
        *,
        child_id: str | None = None,
        actor: str | None = None,
        since: date | None = None,
        until: date | None = None,
    ) -> TeamAudit:
        """Loggkontroll on a team server: the team's audit by child, by user and
        by period (``until`` included), for a signed-in admin only.

        Raises PermissionError for anyone else (the laptop has no team audit)
        and AuditNotConfigured without an auditor connection.
        """
        staff = self.staff
        if staff is None or not staff.is_admin:
            raise PermissionError("the team's audit is for its admins")
        if self.audit_reader is None:
            from app.team_server import audit_reader

            self.audit_reader = audit_reader(staff.team)
        reader = self.audit_reader
        if reader is None:
            raise AuditNotConfigured()
        # The search itself is logged first (on a store that can log it).
        record = getattr(self.repo, "record_audit_search", None)
        if record is not None:
            record(child_id=child_id or None, user_id=actor or None)
        rows = reader.search(
            child_id=child_id or None,
            actor=actor or None,
            since=_day_start(since) if since else None,
            until=_day_start(until + timedelta(days=1)) if until else None,
            limit=TEAM_AUDIT_LIMIT,
            newest_first=True,
        )
        return TeamAudit(
            rows=tuple(rows),
            users=dict(reader.users()),
            children={c.id: c.display_name for c in self.repo.list_children()},
            limit=TEAM_AUDIT_LIMIT,
        )

    def record_audit_download(self) -> None:
        """Log that the log left the machine; a read-only folder still downloads."""
        try:
            self.audit.record("audit_exported")
        except OSError as exc:
            # Reading and exporting work on a read-only folder (app.faults).
            if not is_unwritable(exc):
                raise

    @property
    def idle_seconds(self) -> float:
        """Idle time before the workspace locks itself (default five minutes)."""
        return float(self.repo.get_setting(IDLE_SETTING, DEFAULT_IDLE_SECONDS))

    @property
    def counsellor(self) -> Counsellor:
        """The counsellor's name and role as this browser last gave them (for
        *Samtalsledare* in the exports); no one until first typed."""
        return Counsellor.from_doc(self.repo.get_setting(self._counsellor_key))

    def remember_counsellor(self, counsellor: Counsellor) -> None:
        """Keep the counsellor's name and role for this browser's next exports
        (the settings file: an adult's details, never a child's)."""
        if counsellor != self.counsellor:
            self.repo.set_setting(self._counsellor_key, counsellor.to_doc())

    @property
    def _counsellor_key(self) -> str:
        # Per browser: two counsellors sharing a data folder each keep theirs.
        return COUNSELLOR_SETTING + self.device

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
        if (
            active is not None
            and self.team is not None
            and self.staff is None
            and self.repo is self.team.base
        ):
            # Only a tablet in child mode asks who handed it over.
            self.follow_child_mode()
        if active is None:
            if self.store is not None:
                self._close()
            return None
        child_id, session_id = active
        if self.store is None or (self.store.child.id, self.store.session.id) != (
            child_id,
            session_id,
        ):
            try:
                child = self.repo.get_child(child_id)
                stored = self.repo.load_session(child_id, session_id)
            except (CorruptFileError, VaultError):
                # Damaged, not gone: child mode stays until an adult sees to it.
                return None
            except LookupError:
                self.repo.clear_active(device=self.device)
                return None
            self._open(child, stored)
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

    def sign_in(self, user: StaffUser, repo: Any) -> None:
        """A verified user opens the workspace; their repository names them in
        the audit. The sign-in counts as activity for the idle lock."""
        self.staff = user
        self.repo = repo
        self.lock.unlock(self.clock())

    def sign_out(self) -> None:
        """Nobody is signed in any more (a team server's browser came back)."""
        if self.team is None:
            return
        self.staff = None
        self.repo = self.team.base
        self.lock.lock()
        self.follow_child_mode()

    def follow_child_mode(self) -> None:
        """On a team server with nobody signed in, a tablet in child mode works
        as the counsellor who handed it over (who alone may see the child);
        any other browser keeps the team's bare repository, which sees none."""
        if self.team is None or self.staff is not None:
            return
        self.repo = self.team.child_mode_store(self.device) or self.team.base

    def leave_child_mode_signed_in(self, user: StaffUser, repo: Any) -> None:
        """End child mode after a counsellor's fresh sign-in (a team server)."""
        active = self.repo.active(device=self.device)
        self.repo.clear_active(device=self.device)
        self._close()
        self.sign_in(user, repo)
        if active:
            self.audit.record("child_mode_left", active[0], session_id=active[1])

    def create_child(self, display_name: str, case_ref: str = "") -> Child:
        """Register a child (no session yet). Raises ValidationError."""
        child = Child.new(display_name, case_ref)
        self.repo.add_child(child)
        self.audit.record("child_created", child.id)
        return child

    def leave_child_mode(self, secret: str) -> bool:
        """End child mode with the PIN; the workspace opens. May raise BackoffActive."""
        if not self.try_unlock(secret):
            return False
        # After the PIN: it may have unlocked the data.
        active = self.repo.active(device=self.device)
        self.repo.clear_active(device=self.device)
        self._close()
        if active:
            self.audit.record("child_mode_left", active[0], session_id=active[1])
        return True

    def open_case(self, child_id: str, *, with_session: bool = False) -> CaseStore:
        """Read a child's case for the counsellor's screens, linked to this
        browser (handing over to the child, leaving child mode on erasure).
        Raises NotFoundError or a storage fault."""
        return CaseStore.open(
            self.repo,
            self.audit,
            child_id,
            with_session=with_session,
            hand_over=self._enter_child_mode,
            leave=self._forget_child,
        )

    # --- who may see which child (a team server with a signed-in user) -------
    @property
    def may_assign(self) -> bool:
        """The signed-in user is the team's admin (never on the laptop)."""
        return self.staff is not None and self.staff.is_admin

    def access(self, child_id: str) -> ChildAccess | None:
        """Why the signed-in user sees the child (assigned, or break-glass
        until when), or None; always None on the laptop."""
        if self.staff is None:
            return None
        return self.repo.access(child_id)  # type: ignore[attr-defined]

    def break_glass(self, child_id: str, reason: str) -> None:
        """Open a child the user is not assigned to, with a stated reason (the
        server keeps the reason and logs the grant). ValueError: too short."""
        self.repo.break_glass(child_id, reason)  # type: ignore[attr-defined]

    def team_users(self) -> list[StaffUser]:
        """The team's staff, for the admin's assignment panel."""
        return self.repo.team_users()  # type: ignore[attr-defined]

    def assigned(self, child_id: str) -> list[str]:
        """Ids of the users assigned to the child."""
        return self.repo.assigned(child_id)  # type: ignore[attr-defined]

    def set_assigned(self, child_id: str, user_id: str, assigned: bool) -> None:
        """Assign a user to the child or take them off (the admin only; the
        database refuses anyone else)."""
        if assigned:
            self.repo.assign(child_id, user_id)  # type: ignore[attr-defined]
        else:
            self.repo.unassign(child_id, user_id)  # type: ignore[attr-defined]

    def _forget_child(self, child_id: str) -> None:
        """Before a child is erased: no device may stay in child mode on them."""
        if (self.repo.active() or ("",))[0] == child_id:
            self.repo.clear_active(child_id=child_id)
            self._close()

    def _enter_child_mode(self, child: Child, stored: StoredSession) -> SessionStore:
        session = stored.session
        self.repo.set_active(child.id, session.id, device=self.device)
        self.audit.record("child_mode_entered", child.id, session_id=session.id)
        # No lock.lock() here: while child mode is recorded the gate shows no
        # workspace at all, leaving it takes the PIN, and a lock change now
        # would re-render the gate and race the handler's own navigation.
        store = self._open(child, stored)
        self.prefs.child_language = session.language
        # On a team server the tablet is the child's now: whoever handed it
        # over must sign in again to come back (not re-rendered: see above).
        self.staff = None
        return store

    def _open(self, child: Child, stored: StoredSession) -> SessionStore:
        """Make the store of a child session, linked to the other screens."""
        live = self.live
        self.store = SessionStore(
            self.repo,
            child,
            stored.session,
            revision=stored.revision,
            on_saved=live.publish if live is not None else None,
        )
        if live is not None:
            live.follow(self.store)
        return self.store

    def _close(self) -> None:
        self.store = None
        if self.live is not None:
            self.live.follow(None)


__all__ = [
    "CHANGED_ELSEWHERE",
    "SAVE_FAILED",
    "AppState",
    "AuditNotConfigured",
    "LockState",
    "Paired",
    "Prefs",
    "SessionStore",
    "TeamAudit",
    "ValidationError",
]


def _day_start(day: date) -> datetime:
    """Midnight at the start of ``day`` in this server's time zone."""
    return datetime.combine(day, datetime.min.time()).astimezone()
