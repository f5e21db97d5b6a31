"""The export panel on a team server goes through the store's checked export."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime

import psycopg
import pytest
from conftest import FAST_HASHER, PIN, unlock
from harness import Harness

from app.domain.models import (
    Child,
    Consent,
    ConsentGiver,
    ConsentRecord,
    Level,
    Recipient,
    Session,
)
from app.security import PinGuard
from app.storage.postgres import APP_ROLE, MasterKey, PostgresRepository
from app.ui.app import build_main
from tests.storage.conftest import add_user


@pytest.fixture
def server(pg_cluster, pg_database, tmp_path):
    """Team norr's store as user u-kurator, a child whose session has an
    answer kept from the school, a consent for the school; the owner's
    connection."""
    (tmp_path / "team-server").mkdir()
    add_user(pg_cluster.conninfo(pg_database), "u-kurator", team="norr")
    repo = PostgresRepository(
        pg_cluster.conninfo(pg_database, APP_ROLE),
        team="norr",
        master_key=MasterKey(os.urandom(32)),
        actor="u-kurator",
        data_dir=tmp_path / "team-server",
    )
    PinGuard(repo, hasher=FAST_HASHER).set_pin(PIN)
    child = Child.new("Elev A")
    repo.add_child(child)
    session = Session.new(child.id)
    grid = session.grid.toggle("maths", Level.FUN).toggle("pe", Level.FUN)
    session = replace(session, grid=grid, not_to={"grid:pe": frozenset({"school"})})
    repo.save_session(session)
    yield repo, child, session, pg_cluster.conninfo(pg_database)
    repo.close()


def exports(owner: str) -> list[tuple[str, str, str, str]]:
    with psycopg.connect(owner) as conn:
        return conn.execute(
            "SELECT actor, child_id, detail, recipient FROM audit"
            " WHERE action = 'export' ORDER BY id"
        ).fetchall()


def test_the_panels_export_on_a_team_server_is_checked_and_logged_there(server):
    """Without consent the panel shows the refusal and nothing is logged; with
    it the JSON holds no answer kept from the school, its row is in the
    database, and the session's chip says *Exporterad*."""
    repo, child, session, owner = server
    main = build_main(repo, hasher=FAST_HASHER, idle_watch=False, encrypt=False)
    with Harness(main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click(f"export-{session.id}")
        h.event("export-recipient", "select", "school")
        h.click("export-json")
        assert "samtycke" in h.find("export-message").value.lower()
        assert not [i for i in h.invocations if i.name == "save_file"]
        assert exports(owner) == []
        repo.save_consent(
            child.id,
            ConsentRecord(
                consents=(
                    Consent(
                        id="k1",
                        given_by=(ConsentGiver.GUARDIANS,),
                        recipients=(Recipient.SCHOOL,),
                        given_at=datetime.now(UTC),
                    ),
                )
            ),
        )
        h.click("export-json")
        (saved,) = [i for i in h.invocations if i.name == "save_file"]
        data = saved.args["src_bytes"]
        assert b"maths" in data
        assert b'"pe"' not in data
        assert h.find("export-message").value.startswith("Exporterad: ")
    assert exports(owner) == [("u-kurator", child.id, f"{session.id}/json", "school")]
