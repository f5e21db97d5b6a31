"""Other screens on the same child session see a save at once.

Every browser session (a tablet, a laptop tab) has its own ``SessionStore``.
After a save, the store's ``on_saved`` publishes the new session on Flet's
pubsub (one in-memory hub per server process, ``page.pubsub``) under a topic
naming the child session; every other browser session following that topic
swaps the saved value into its own store, which re-renders its screen.
Compare-and-set saves (``SessionStore``) keep the taps safe even when a
message comes late; this only keeps what each screen shows fresh.

Flet runs an async pubsub handler in a task that carries the *sender's*
context, and an observable change schedules its re-render on the page of the
current context, so the handler hands the work to its own page with
``page.run_task``, which binds that page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import flet as ft

from app.domain.models import Session

if TYPE_CHECKING:
    from app.ui.state import SessionStore


def topic_for(child_id: str, session_id: str) -> str:
    """The pubsub topic of one child session (random ids; no name in it)."""
    return f"minrost/session/{child_id}/{session_id}"


@dataclass(frozen=True)
class SessionSaved:
    """A child session was saved in another browser session."""

    child_id: str
    session_id: str
    revision: int
    session: Session = field(repr=False)
    """Exactly what was written (immutable); left out of repr, since Flet logs
    pubsub messages at debug level and answers are never logged."""


class LiveSessions:
    """One browser session's link to the others through Flet's pubsub."""

    def __init__(self, page: ft.Page) -> None:
        self._page = page
        self._topic: str | None = None
        self._store: SessionStore | None = None

    def follow(self, store: SessionStore | None) -> None:
        """Keep ``store`` up to date with saves made elsewhere (None: stop)."""
        topic = None if store is None else topic_for(store.child.id, store.session.id)
        if topic != self._topic:
            pubsub = self._page.pubsub
            if self._topic is not None:
                pubsub.unsubscribe_topic(self._topic)
            if topic is not None:
                pubsub.subscribe_topic(topic, self._heard)
            self._topic = topic
        self._store = store

    def publish(self, store: SessionStore) -> None:
        """Tell the other browser sessions that ``store`` has just been saved."""
        assert store.revision is not None
        self._page.pubsub.send_others_on_topic(
            topic_for(store.child.id, store.session.id),
            SessionSaved(
                store.child.id, store.session.id, store.revision, store.session
            ),
        )

    async def _heard(self, topic: str, saved: SessionSaved) -> None:
        # Runs with the sender's context: re-bind to this session's page.
        self._page.run_task(self._apply, saved)

    async def _apply(self, saved: SessionSaved) -> None:
        store = self._store
        if store is not None and store.child.id == saved.child_id:
            store.reload(saved.session, saved.revision)
