"""A session saved by one server process is heard by the others (LISTEN/NOTIFY).

Each listener here stands for another process: it is given a sender token of
its own (``skip_from``), so the saves of this test process are news to it.
"""

from __future__ import annotations

import os
import queue
from dataclasses import replace

import psycopg
import pytest

from app.domain.models import Child, Level, Session
from app.storage.notify import CHANNEL, SavesListener
from app.storage.postgres import OPERATOR_ROLE, MasterKey, PostgresRepository
from app.storage.store import SavedElsewhere, StaleSessionError

NAME = "Påhittad Testperson"
NOTE = "en påhittad anteckning"


@pytest.fixture
def app_conninfo(pg_cluster, pg_database) -> str:
    """The whole team's connection (the saves, not who may see them, are
    under test here: access is tests/storage/test_access.py's)."""
    return pg_cluster.conninfo(pg_database, OPERATOR_ROLE)


@pytest.fixture
def master() -> MasterKey:
    return MasterKey(os.urandom(32))


def repository(conninfo: str, master: MasterKey, team: str = "team-a"):
    return PostgresRepository(conninfo, team=team, master_key=master)


def child_with_session(repo: PostgresRepository) -> Session:
    child = Child.new(NAME)
    repo.add_child(child)
    session = replace(Session.new(child.id), notes=NOTE)
    repo.save_session(session)
    return session


@pytest.fixture
def heard(app_conninfo):
    """What a listener of team A in "another process" hears, in order."""
    got: queue.Queue[SavedElsewhere] = queue.Queue()
    listener = SavesListener(
        app_conninfo, team="team-a", on_saved=got.put, skip_from="another-process"
    ).start()
    assert listener.listening.wait(30), "the listener never got to LISTEN"
    yield got
    listener.close()


def test_a_save_in_one_repository_reaches_a_listener_of_another(
    app_conninfo, master, heard
):
    """A tap saved through one repository is heard with its ids and revision."""
    writer = repository(app_conninfo, master)
    try:
        session = child_with_session(writer)
        first = heard.get(timeout=30)
        tapped = replace(session, grid=session.grid.toggle("maths", Level.FUN))
        revision = writer.save_session(tapped, expected_revision=first.revision)
        second = heard.get(timeout=30)
    finally:
        writer.close()
    assert first == SavedElsewhere(session.child_id, session.id, 1)
    assert second == SavedElsewhere(session.child_id, session.id, revision)
    assert revision == 2


def test_a_refused_save_and_another_teams_save_are_not_heard(
    app_conninfo, master, heard
):
    """A stale (rolled back) save sends nothing, nor does team B's save: the
    next notice heard is team A's following save."""
    team_a = repository(app_conninfo, master)
    team_b = repository(app_conninfo, master, team="team-b")
    try:
        session = child_with_session(team_a)
        assert heard.get(timeout=30).revision == 1
        with pytest.raises(StaleSessionError):
            team_a.save_session(session, expected_revision=0)
        child_with_session(team_b)
        team_a.save_session(session, expected_revision=1)
        after = heard.get(timeout=30)
    finally:
        team_a.close()
        team_b.close()
    assert after == SavedElsewhere(session.child_id, session.id, 2)


def test_the_notice_carries_ids_only(app_conninfo, master):
    """What goes over the channel names no child and holds no answer or note."""
    with psycopg.connect(app_conninfo, autocommit=True) as conn:
        conn.execute(f"LISTEN {CHANNEL}")
        repo = repository(app_conninfo, master)
        try:
            session = child_with_session(repo)
        finally:
            repo.close()
        (notice,) = list(conn.notifies(stop_after=1, timeout=30))
    assert session.id in notice.payload
    assert NAME not in notice.payload
    assert NOTE not in notice.payload


def test_a_process_does_not_hear_its_own_saves(app_conninfo, master):
    """This process's sessions learn of its saves through Flet's pubsub: its
    own listener drops them, and hears a save sent by another process."""
    got: queue.Queue[SavedElsewhere] = queue.Queue()
    repo = repository(app_conninfo, master)
    listener = repo.listen_saves(got.put)
    try:
        assert listener.listening.wait(30)
        session = child_with_session(repo)
        with psycopg.connect(app_conninfo, autocommit=True) as conn:
            conn.execute(
                "SELECT pg_notify(%s, %s)",
                (
                    CHANNEL,
                    '{"team": "team-a", "child": "c", "session": "s",'
                    ' "revision": 7, "from": "another-process"}',
                ),
            )
        heard = got.get(timeout=30)
    finally:
        listener.close()
        repo.close()
    assert heard == SavedElsewhere("c", "s", 7)  # not the own save before it
    assert session.child_id != "c"


def test_a_listener_whose_connection_dropped_listens_again(
    pg_cluster, pg_database, app_conninfo, master, heard
):
    """The listener's connection killed by the server: it connects again and
    hears the next save."""
    listening = (
        "SELECT pid FROM pg_stat_activity"
        " WHERE query = %s AND state = 'idle' AND datname = current_database()"
    )
    with psycopg.connect(pg_cluster.conninfo(pg_database), autocommit=True) as admin:
        (old,) = admin.execute(listening, (f"LISTEN {CHANNEL}",)).fetchall()
        admin.execute("SELECT pg_terminate_backend(%s)", old)
        for _ in range(300):  # up to 30 s, until the new connection LISTENs
            now = admin.execute(listening, (f"LISTEN {CHANNEL}",)).fetchall()
            if now not in ([], [old]):
                break
            admin.execute("SELECT pg_sleep(0.1)")
        else:
            raise AssertionError("the listener did not connect again")
    repo = repository(app_conninfo, master)
    try:
        session = child_with_session(repo)
        again = heard.get(timeout=30)
    finally:
        repo.close()
    assert again == SavedElsewhere(session.child_id, session.id, 1)
