"""A save made by another server process reaches this process's screens
(LISTEN/NOTIFY, ``app.ui.live.ServerSaves``), read back from the store."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import psycopg
import pytest
from conftest import FAST_HASHER, PIN
from harness import THIS_BROWSER, Harness
from test_shared_session import tile_marks

from app.domain.models import Child, Level, Session
from app.security import PinGuard
from app.storage.notify import CHANNEL
from app.storage.postgres import OPERATOR_ROLE, MasterKey, PostgresRepository
from app.ui.app import build_main
from app.web import device_id

LISTENING = (
    "SELECT pid FROM pg_stat_activity"
    " WHERE query = %s AND state = 'idle' AND datname = current_database()"
)
"""The listener's connection, once its LISTEN has finished (idle)."""


@pytest.fixture
def server_repo(pg_cluster, pg_database, tmp_path):
    """Team *norr*'s store, with the team PIN chosen (the PIN-mode server of
    development, which connects as the operator: the whole team)."""
    repo = PostgresRepository(
        pg_cluster.conninfo(pg_database, OPERATOR_ROLE),
        team="norr",
        master_key=MasterKey(os.urandom(32)),
        data_dir=tmp_path / "team-server",
    )
    (tmp_path / "team-server").mkdir()
    PinGuard(repo, hasher=FAST_HASHER).set_pin(PIN)
    yield repo
    repo.close()


def test_a_tap_saved_by_another_worker_shows_on_this_tablet(
    pg_cluster, pg_database, server_repo
):
    """Worker 2 saves Matte *Roligt* and sends its notice: the tablet on this
    worker's grid reads the session back and shows it, without a tap."""
    child = Child.new("A. B.")
    server_repo.add_child(child)
    session = Session.new(child.id)
    server_repo.save_session(session)
    server_repo.set_active(child.id, session.id, device=device_id(THIS_BROWSER))
    main = build_main(server_repo, hasher=FAST_HASHER, idle_watch=False, encrypt=False)
    admin = pg_cluster.conninfo(pg_database)
    with Harness(main, route="/barn/bra-pa", settle_timeout=10) as h:
        assert tile_marks(h, "Matte") == ""
        with psycopg.connect(admin, autocommit=True) as conn:
            for _ in range(600):  # up to 30 s for this worker's listener
                if conn.execute(LISTENING, (f"LISTEN {CHANNEL}",)).fetchall():
                    break
                conn.execute("SELECT pg_sleep(0.05)")
            else:
                raise AssertionError("this worker never listened for saves")
        # Worker 2: the save, then the notice it sends (its own process token).
        saved = server_repo.update_session(
            child.id,
            session.id,
            lambda s: replace(s, grid=s.grid.toggle("maths", Level.FUN)),
        )
        revision = server_repo.load_session(child.id, session.id).revision
        notice = {
            "team": "norr",
            "child": child.id,
            "session": saved.id,
            "revision": revision,
            "from": "worker-2",
        }
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, json.dumps(notice)))
        h.wait_until(lambda: tile_marks(h, "Matte") == "Roligt", timeout=30)
        h.settle()
        assert tile_marks(h, "Matte") == "Roligt"
