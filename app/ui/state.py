"""Observable stores: the UI's state, changed only through verb methods.

A verb builds the new immutable ``Session``, saves it through the repository,
and only then replaces the store's value, so the screen never shows a mark
that is not on disk. If the save fails the old value stays and ``notice`` says
so in words the screen translates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace

import flet as ft

from app.domain import day as day_rules
from app.domain.models import (
    AnswerStatus,
    Child,
    DayAnswers,
    GridAnswers,
    Level,
    Session,
    ValidationError,
    make_custom_item,
)
from app.storage.repository import Repository

log = logging.getLogger(__name__)

SAVE_FAILED = "save_failed"
"""``notice`` value when a change could not be written; the change was not made."""

UNDO_DEPTH = 50


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
        except OSError:
            # No answers in the log: only that a save failed.
            log.warning("saving a session failed", exc_info=False)
            self.notice = SAVE_FAILED
            return False
        self.notice = None
        return True


@dataclass
class AppState:
    """One browser session's state: which child session is open, if any.

    Deliberately not observable: the root holds it, and a root that re-rendered
    on every change would rebuild the router in the middle of a navigation.
    """

    repo: Repository
    store: SessionStore | None = None

    def open_active(self) -> SessionStore | None:
        """Open the session this device was showing the child (resume after reload)."""
        if self.store is None:
            active = self.repo.active()
            if active is not None:
                child_id, session_id = active
                try:
                    child = self.repo.get_child(child_id)
                    session = self.repo.get_session(child_id, session_id)
                except LookupError:
                    self.repo.clear_active()
                    return None
                self.store = SessionStore(self.repo, child, session)
        return self.store

    def start_new_child(self, display_name: str, case_ref: str = "") -> SessionStore:
        """Register a child and start its first session. Raises ValidationError."""
        child = Child.new(display_name, case_ref)
        self.repo.add_child(child)
        return self._start(child, Session.new(child.id))

    def continue_child(self, child_id: str) -> SessionStore:
        """Open a child's latest session, or start one if it has none."""
        child = self.repo.get_child(child_id)
        sessions = self.repo.sessions(child_id)
        return self._start(child, sessions[-1] if sessions else Session.new(child_id))

    def close(self) -> None:
        """Leave the child's session on this device."""
        self.repo.clear_active()
        self.store = None

    def _start(self, child: Child, session: Session) -> SessionStore:
        self.repo.save_session(session)
        self.repo.set_active(child.id, session.id)
        self.store = SessionStore(self.repo, child, session)
        return self.store


__all__ = ["SAVE_FAILED", "AppState", "SessionStore", "ValidationError"]
