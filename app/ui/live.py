"""Other screens on the same child session see a save at once.

Every browser session (a tablet, a laptop tab) has its own ``SessionStore``.
After a save, the store's ``on_saved`` publishes the new session on Flet's
pubsub (one in-memory hub per server process, ``page.pubsub``) under a topic
naming the child session; every other browser session following that topic
swaps the saved value into its own store, which re-renders its screen.
Compare-and-set saves (``SessionStore``) keep the taps safe even when a
message comes late; this only keeps what each screen shows fresh.

On a team server several processes serve one team (deploy/), and a tablet
on one shares no memory with a laptop on another: :class:`ServerSaves` is the
process's one link to the store's news of saves made elsewhere
(``Store.listen_saves``: PostgreSQL LISTEN/NOTIFY, ids only). It republishes
each on the same topic of this process's pubsub, and the screens following
it read the session back from their store.

Flet runs an async pubsub handler in a task that carries the *sender's*
context, and an observable change schedules its re-render on the page of the
current context, so the handler hands the work to its own page with
``page.run_task``, which binds that page.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import flet as ft

from app.domain.models import Session
from app.storage.store import Listening, SavedElsewhere, Store

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

    async def _heard(self, topic: str, saved: SessionSaved | SavedElsewhere) -> None:
        # Runs with the sender's context: re-bind to this session's page.
        self._page.run_task(self._apply, saved)

    async def _apply(self, saved: SessionSaved | SavedElsewhere) -> None:
        store = self._store
        if store is None or store.child.id != saved.child_id:
            return
        if isinstance(saved, SessionSaved):
            store.reload(saved.session, saved.revision)
            return
        if store.revision is not None and saved.revision <= store.revision:
            return  # seen already
        # Another process saved it: read it back (off the event loop). A
        # store that cannot be reached now leaves the screen as it is; the
        # next tap's compare-and-set still loses nothing.
        with contextlib.suppress(OSError, LookupError):
            stored = await asyncio.to_thread(
                store.repo.load_session, saved.child_id, saved.session_id
            )
            if self._store is store:
                store.reload(stored.session, stored.revision)


class ServerSaves:
    """This process's one listener for saves made by other processes.

    Started with the first browser session (whose pubsub hub every session of
    this app shares); each notice goes out on the child session's topic.
    A data folder has no other writers, so nothing is started for one.
    """

    def __init__(self, repo: Store) -> None:
        self._repo = repo
        self._lock = threading.Lock()
        self._started = False
        self.listening: Listening | None = None

    def attach(self, page: ft.Page) -> None:
        """Start listening (once per process), publishing on ``page``'s hub."""
        with self._lock:
            if self._started:
                return
            self._started = True
            hub = page.session.connection.pubsubhub

            def republish(saved: SavedElsewhere) -> None:
                hub.send_all_on_topic(
                    topic_for(saved.child_id, saved.session_id), saved
                )

            self.listening = self._repo.listen_saves(republish)

    def close(self) -> None:
        """Stop listening (tests; a server process just ends)."""
        if self.listening is not None:
            self.listening.close()
