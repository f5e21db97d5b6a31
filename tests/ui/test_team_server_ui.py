"""The app's real screens on the team server's store (PostgreSQL)."""

from __future__ import annotations

import os

import psycopg
import pytest
from conftest import FAST_HASHER, PIN, unlock
from harness import THIS_BROWSER, Harness

from app.domain.models import Level, Session
from app.security import PinGuard
from app.storage.postgres import OPERATOR_ROLE, MasterKey, PostgresRepository
from app.ui.app import build_main
from app.web import device_id


@pytest.fixture
def server_repo(pg_cluster, pg_database, tmp_path):
    """Team *norr*'s store, with the PIN chosen as `serve --database` runs it."""
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


@pytest.fixture
def server_main(server_repo):
    """``main`` as ``serve --database`` builds it (no local vault)."""
    return build_main(server_repo, hasher=FAST_HASHER, idle_watch=False, encrypt=False)


def test_a_child_added_in_the_workspace_is_stored_on_the_server(
    server_repo, server_main
):
    """Unlock, add a child: it is in the team's database and its page opens."""
    with Harness(server_main) as h:
        unlock(h)
        h.type("child-name", "A. B.")
        h.click("add-child")
        (child,) = server_repo.list_children()
        assert h.route == f"/arbete/barn/{child.id}"
    assert child.display_name == "A. B."


def test_a_childs_tap_is_saved_on_the_server_before_the_next(server_repo, server_main):
    """Child mode on the server store: each tap is a committed revision."""
    with Harness(server_main) as h:
        unlock(h)
        h.type("child-name", "A. B.")
        h.click("add-child")
    (child,) = server_repo.list_children()
    session = Session.new(child.id)
    server_repo.save_session(session)
    server_repo.set_active(child.id, session.id, device=device_id(THIS_BROWSER))
    with Harness(server_main, route="/barn/bra-pa") as h:
        h.click("pen-fun")
        h.click("tile-maths")
        stored = server_repo.load_session(child.id, session.id)
        assert dict(stored.session.grid.marks) == {"maths": (Level.FUN,)}
        h.click("tile-music")
        again = server_repo.load_session(child.id, session.id)
        assert sorted(again.session.grid.marks) == ["maths", "music"]
        assert again.revision > stored.revision


def test_one_tablet_leaving_child_mode_leaves_the_others_in_it(
    server_repo, server_main
):
    """Two tablets hand over to two children; the first ends child mode with
    the PIN: the second still shows its child, on the server's records."""
    from app.domain.models import Child

    first, second = Child.new("A. A."), Child.new("B. B.")
    sessions = []
    for child in (first, second):
        server_repo.add_child(child)
        session = Session.new(child.id)
        server_repo.save_session(session)
        sessions.append(session)
    server_repo.set_active(first.id, sessions[0].id, device=device_id(THIS_BROWSER))
    server_repo.set_active(second.id, sessions[1].id, device="another-tablet")
    with Harness(server_main, route="/las-upp") as h:
        unlock(h)
        assert h.route == f"/arbete/barn/{first.id}"
    assert server_repo.active(device=device_id(THIS_BROWSER)) is None
    assert server_repo.active(device="another-tablet") == (second.id, sessions[1].id)


def test_a_childs_key_that_does_not_open_is_said_in_swedish_on_the_workspace(
    server_repo, server_main, pg_cluster, pg_database
):
    """A wrapped key changed in the database (or a wrong master key): the
    workspace says so in a sentence, shows no child and never garbage."""
    from app.domain.models import Child

    child = Child.new("K. L.")
    server_repo.add_child(child)
    with psycopg.connect(pg_cluster.conninfo(pg_database)) as conn:
        conn.execute(
            "UPDATE child_keys SET wrapped = set_byte(wrapped, 20,"
            " get_byte(wrapped, 20) # 1)"
        )
    with Harness(server_main) as h:
        unlock(h)
        assert h.exists("fault-notice")
        shown = " ".join(h.texts())
        assert "går inte att låsa upp med teamserverns huvudnyckel" in shown
        assert "K. L." not in shown
