"""Saves heard by every server process: PostgreSQL LISTEN/NOTIFY.

On a team server several single-worker processes serve one team (deploy/).
Flet's pubsub links the browser sessions of *one* process; a tablet on
worker A and a laptop on worker B share nothing in memory. So a session save
also sends ``pg_notify`` on :data:`CHANNEL`, **in the save's transaction**
(PostgreSQL delivers it only when that transaction commits, and never when
it is rolled back), and each process keeps one :class:`SavesListener`: a
dedicated connection that ``LISTEN``s and hands each notice of its own team
to a callback (the UI republishes it on its pubsub, ``app.ui.live``).

The payload is ids only — team, child id, session id, revision and the
sending process's random token — never an answer or a name: a listener
reads the session back through its own store, under row-level security.
One channel carries every team; a listener drops other teams' notices.

A lost connection is retried (after ``retry_seconds``, doubling up to
:data:`MAX_RETRY_SECONDS` while it fails); notices sent while
it was down are not replayed — a screen then shows the change with the next
save it hears, and compare-and-set saves still lose no update.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
from collections.abc import Callable
from typing import Any

import psycopg

from app.storage.store import Listening, SavedElsewhere

CHANNEL = "minrost_saved"
PROCESS_TOKEN = secrets.token_hex(8)
"""This process's token: its own notices are heard by it through Flet's
in-process pubsub already, so its listener skips them."""

MAX_RETRY_SECONDS = 30.0
log = logging.getLogger(__name__)


def notify_saved(
    cur: psycopg.Cursor[Any],
    *,
    team: str,
    child_id: str,
    session_id: str,
    revision: int,
    origin: str = PROCESS_TOKEN,
) -> None:
    """Queue the notice of a session save in the transaction of ``cur``."""
    payload = {
        "team": team,
        "child": child_id,
        "session": session_id,
        "revision": revision,
        "from": origin,
    }
    cur.execute("SELECT pg_notify(%s, %s)", (CHANNEL, json.dumps(payload)))


def _parse(payload: str) -> tuple[str, str, SavedElsewhere] | None:
    """(team, sender, notice) of a payload, or None if it is not one of ours."""
    try:
        doc = json.loads(payload)
        return (
            str(doc["team"]),
            str(doc["from"]),
            SavedElsewhere(
                str(doc["child"]), str(doc["session"]), int(doc["revision"])
            ),
        )
    except (ValueError, KeyError, TypeError):
        return None


class SavesListener(Listening):
    """One connection that LISTENs for session saves of ``team`` (a thread).

    ``skip_from`` is a sender token whose notices are dropped (this process's
    own, by default). ``listening`` is set while ``LISTEN`` is in effect.
    """

    def __init__(
        self,
        conninfo: str,
        *,
        team: str,
        on_saved: Callable[[SavedElsewhere], None],
        skip_from: str | None = PROCESS_TOKEN,
        retry_seconds: float = 1.0,
    ) -> None:
        self.conninfo = conninfo
        self.team = team
        self.on_saved = on_saved
        self.skip_from = skip_from
        self.retry_seconds = retry_seconds
        self.listening = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name="minrost-saves-listener", daemon=True
        )

    def start(self) -> SavesListener:
        """Start the listening thread; returns self."""
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop listening and wait for the thread to end."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _run(self) -> None:
        wait = self.retry_seconds
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    wait = self.retry_seconds
                    while not self._stop.is_set():
                        for notice in conn.notifies(timeout=0.5):
                            self._deliver(notice.payload)
            except psycopg.Error as exc:
                log.warning("saves listener: connection lost (%s)", type(exc).__name__)
            self.listening.clear()
            self._stop.wait(wait)
            wait = min(wait * 2, MAX_RETRY_SECONDS)  # a server away for long

    def _deliver(self, payload: str) -> None:
        parsed = _parse(payload)
        if parsed is None:
            return
        team, sender, saved = parsed
        if team != self.team or (self.skip_from and sender == self.skip_from):
            return
        try:
            self.on_saved(saved)
        except Exception:  # one failing hearer must not stop the others' news
            log.exception("saves listener: the callback failed")
