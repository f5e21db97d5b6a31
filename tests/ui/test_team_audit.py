"""Loggkontroll on a team server: the admin's search of the team's audit."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, timedelta

import psycopg
import pytest
from conftest import FAST_HASHER, PIN, unlock
from harness import Harness

from app.domain.models import Child, Session
from app.domain.staff import Role, StaffUser
from app.security import PinGuard
from app.storage.postgres import (
    APP_ROLE,
    AUDITOR_ROLE,
    OPERATOR_ROLE,
    AuditReader,
    MasterKey,
    PostgresRepository,
)
from app.ui.app import build_main
from tests.storage.conftest import assign_sql

ADMIN = StaffUser(id="u-admin", team="norr", role=Role.ADMIN, name="Rektor Påhittad")
COUNSELLOR = StaffUser(
    id="u-kurator", team="norr", role=Role.COUNSELLOR, name="Kurator Påhittad"
)


@pytest.fixture
def team(pg_cluster, pg_database, tmp_path):
    """Team norr: two users, two children; the counsellor read and saved one
    child, the admin read the other; the auditor's search for the screen."""
    owner = pg_cluster.conninfo(pg_database)
    with psycopg.connect(owner) as conn:
        for user in (ADMIN, COUNSELLOR):
            conn.execute(
                "INSERT INTO users (team_id, id, issuer, subject, name, role)"
                " VALUES (%s, %s, 'https://idp.invalid', %s, %s, %s)",
                (user.team, user.id, user.id, user.name, user.role.value),
            )
    master = MasterKey(os.urandom(32))
    app = pg_cluster.conninfo(pg_database, APP_ROLE)
    (tmp_path / "team-server").mkdir()
    # The children are made as an administrator command would (the whole
    # team); each user is then assigned the child they work with.
    setup = PostgresRepository(
        pg_cluster.conninfo(pg_database, OPERATOR_ROLE),
        team="norr",
        master_key=master,
        data_dir=tmp_path / "team-server",
    )
    PinGuard(setup, hasher=FAST_HASHER).set_pin(PIN)
    kid_a, kid_b = Child.new("Elev A"), Child.new("Elev B")
    setup.add_child(kid_a)
    setup.add_child(kid_b)
    setup.close()
    for user, child in ((COUNSELLOR, kid_a), (ADMIN, kid_b)):
        assign_sql(pg_cluster.conninfo(pg_database), child.id, user.id, team="norr")
        repo = PostgresRepository(app, team="norr", master_key=master, actor=user.id)
        session = Session.new(child.id)
        if user is COUNSELLOR:
            repo.save_session(session)
        repo.get_child(child.id)
        repo.close()
    repo = PostgresRepository(
        app,
        team="norr",
        master_key=master,
        actor=ADMIN.id,
        data_dir=tmp_path / "team-server",
    )
    reader = AuditReader(pg_cluster.conninfo(pg_database, AUDITOR_ROLE), team="norr")
    yield repo, reader, kid_a, kid_b
    repo.close()


def signed_in(repo, staff, reader):
    """``main`` with ``staff`` signed in (as sign-in will set it)."""
    inner = build_main(repo, hasher=FAST_HASHER, idle_watch=False, encrypt=False)

    def main(page) -> None:
        inner(page)
        page.data.staff = staff
        page.data.audit_reader = reader

    return main


def row_texts(h) -> list[str]:
    """Each shown audit row's lines, joined."""
    found = []
    i = 0
    while h.exists(f"audit-row-{i}"):
        col = h.find(f"audit-row-{i}").content
        found.append(" | ".join(t.value for t in col.controls))
        i += 1
    return found


def test_an_admin_searches_the_teams_audit_by_child_by_user_and_by_period(team):
    """The admin's *Logg* on a team server searches the database's audit:
    user names beside ids, narrowed by child, by user and by days; each
    search is itself in the audit."""
    repo, reader, kid_a, kid_b = team
    with Harness(signed_in(repo, ADMIN, reader)) as h:
        unlock(h)
        h.click("audit")
        rows = row_texts(h)
        assert any("Kurator Påhittad (u-kurator)" in r for r in rows)
        assert any(
            "Läste en session" not in r and "Sparade en session" in r for r in rows
        )
        assert not any("Elev" in r.split(" | ")[0] for r in rows)
        h.event("audit-child", "select", kid_a.id)
        h.click("audit-search")
        rows = row_texts(h)
        assert rows
        assert all(f"Elev A ({kid_a.id})" in r for r in rows)
        h.event("audit-child", "select", "*")
        h.event("audit-user", "select", ADMIN.id)
        h.click("audit-search")
        rows = row_texts(h)
        assert rows
        assert all("Rektor Påhittad (u-admin)" in r for r in rows)
        assert any(f"Öppnade barnet · Elev B ({kid_b.id})" in r for r in rows)
        assert not any("Kurator" in r for r in rows)
        tomorrow = (date.today() + timedelta(days=1)).isoformat()
        h.type("audit-since", tomorrow)
        h.click("audit-search")
        assert row_texts(h) == []
        assert h.exists("team-audit-none")
        h.type("audit-since", "igår")
        h.click("audit-search")
        assert h.exists("team-audit-error")
    searched = [
        (r.actor, r.child_id, r.detail)
        for r in reader.search()
        if r.action == "audit_searched"
    ]
    assert (ADMIN.id, kid_a.id, None) in searched
    assert (ADMIN.id, None, ADMIN.id) in searched


def test_a_counsellor_gets_no_rows_of_the_teams_audit(team):
    """Loggkontroll is the admin's: a counsellor sees the refusal, no row."""
    repo, reader, _a, _b = team
    with Harness(signed_in(repo, COUNSELLOR, reader)) as h:
        unlock(h)
        h.click("audit")
        assert h.exists("team-audit-refused")
        assert "administratörer" in h.find("team-audit-refused").value
        assert not h.exists("audit-row-0")


def test_another_teams_admin_sees_none_of_this_teams_rows(team):
    """The search runs as the auditor with the admin's own team set."""
    repo, reader, _a, _b = team
    elsewhere = replace(ADMIN, team="syd")
    other_reader = AuditReader(reader.conninfo, team="syd")
    with Harness(signed_in(repo, elsewhere, other_reader)) as h:
        unlock(h)
        h.click("audit")
        assert h.exists("team-audit-none")
        assert row_texts(h) == []


def test_an_unreachable_audit_database_is_said_not_crashed(team, tmp_path):
    """The auditor's connection fails: the screen says the log could not be
    read now, and the form stays."""
    repo, _reader, _a, _b = team
    away = AuditReader(f"host={tmp_path} dbname=none user=none", team="norr")
    with Harness(signed_in(repo, ADMIN, away)) as h:
        unlock(h)
        h.click("audit")
        assert "kunde inte läsas" in h.find("team-audit-error").value
        assert h.exists("audit-search")
