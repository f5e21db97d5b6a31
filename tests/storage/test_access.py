"""Who on a team sees which child (schema 6): assigned counsellors and
break-glass, enforced by row-level security; *Bara för mig* answers for the
counsellor who held the session only."""

from __future__ import annotations

import os
from dataclasses import replace

import psycopg
import pytest

from app.domain.models import Child, Level, Session
from app.domain.sharing import Share, set_share
from app.domain.staff import Role
from app.storage.postgres import (
    APP_ROLE,
    AUDITOR_ROLE,
    OPERATOR_ROLE,
    MasterKey,
    NotPermitted,
    PostgresRepository,
    PrivateAnswersError,
)
from app.storage.store import NotFoundError
from tests.storage.conftest import add_user

TEAM = "team-a"
CHILD_TABLES = (
    "children",
    "child_keys",
    "sessions",
    "plans",
    "meetings",
    "consents",
    "recordings",
)
REASON = "Ordinarie kurator sjuk, möte med vårdnadshavare i dag"


@pytest.fixture
def team(pg_cluster, pg_database):
    """Team A with an admin and two counsellors; counsellor 1 added a child
    with a session, a plan, a meeting sheet, a consent and a recorded voice."""
    owner = pg_cluster.conninfo(pg_database)
    app = pg_cluster.conninfo(pg_database, APP_ROLE)
    master = MasterKey(os.urandom(32))
    add_user(owner, "chef-1", role=Role.ADMIN, name="Admin Påhittad")
    add_user(owner, "kurator-1", name="Kurator Påhittad")
    add_user(owner, "psykolog-2", name="Psykolog Påhittad")
    opened: list[PostgresRepository] = []

    def repo_for(actor: str, conninfo: str = app) -> PostgresRepository:
        repo = PostgresRepository(conninfo, team=TEAM, master_key=master, actor=actor)
        opened.append(repo)
        return repo

    mine = repo_for("kurator-1")
    child = Child.new("Testbarn Påhittad")
    mine.add_child(child)
    session = replace(Session.new(child.id), notes="anteckning")
    mine.save_session(session)
    mine.update_plan(child.id, lambda p: p)
    mine.update_meeting(child.id, session.id, lambda m: m)
    mine.update_consent(child.id, lambda c: c)
    mine.save_recorded_voice(child.id, "sv", "Skolan", b"RIFF", "audio/wav")
    yield {
        "owner": owner,
        "app": app,
        "repo_for": repo_for,
        "child": child,
        "session": session,
        "operator": pg_cluster.conninfo(pg_database, OPERATOR_ROLE),
        "auditor": pg_cluster.conninfo(pg_database, AUDITOR_ROLE),
    }
    for repo in opened:
        repo.close()


def visible(conninfo: str, user: str | None, tables=CHILD_TABLES) -> dict[str, int]:
    """Rows of each table the app's role sees for ``user`` in team A."""
    with psycopg.connect(conninfo) as conn:
        conn.execute("SELECT set_config('app.team', %s, false)", (TEAM,))
        if user is not None:
            conn.execute("SELECT set_config('app.user', %s, false)", (user,))
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables
        }


def test_a_colleague_not_assigned_sees_and_changes_no_row_of_the_child(team):
    """Another counsellor of the same team, through the repository and through
    raw SQL as the app's role, sees 0 rows of every child table, updates and
    deletes 0 and cannot add a row for the child."""
    child, session = team["child"], team["session"]
    other = team["repo_for"]("psykolog-2")
    assert other.list_children() == []
    for read in (
        lambda: other.get_child(child.id),
        lambda: other.sessions(child.id),
        lambda: other.load_plan(child.id),
        lambda: other.load_consent(child.id),
        lambda: other.save_session(replace(session, notes="överskrivet")),
        lambda: other.update_meeting(child.id, session.id, lambda m: m),
    ):
        with pytest.raises(NotFoundError):
            read()
    other.erase_child(child.id)
    assert other.access(child.id) is None
    assert set(visible(team["app"], "psykolog-2").values()) == {0}
    with psycopg.connect(team["app"]) as conn:
        conn.execute("SELECT set_config('app.team', %s, false)", (TEAM,))
        conn.execute("SELECT set_config('app.user', 'psykolog-2', false)")
        for table in CHILD_TABLES:
            column = "id" if table == "children" else "child_id"
            value = {"child_keys": "wrapped", "recordings": "info"}.get(
                table, "payload"
            )
            assert conn.execute(f"DELETE FROM {table}").rowcount == 0
            assert (
                conn.execute(
                    f"UPDATE {table} SET {value} = {value} WHERE {column} = %s",
                    (child.id,),
                ).rowcount
                == 0
            )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO plans (team_id, child_id, payload) VALUES (%s, %s, '')",
                (TEAM, child.id),
            )
    mine = team["repo_for"]("kurator-1")
    assert mine.get_child(child.id) == child
    assert mine.load_session(child.id, session.id).session == session
    assert set(visible(team["app"], "kurator-1").values()) == {1}


def test_the_counsellor_who_adds_a_child_is_assigned_to_it(team):
    """Adding a child assigns the adder in the same transaction; rolled back,
    neither the child nor the assignment stays."""
    mine = team["repo_for"]("kurator-1")
    assert mine.assigned(team["child"].id) == ["kurator-1"]
    assert mine.access(team["child"].id).assigned
    other = team["repo_for"]("psykolog-2")
    theirs = Child.new("B. B.")
    seen: list[list[str]] = []

    def add_then_fail() -> None:
        with other.atomic():
            other.add_child(theirs)
            seen.append([c.id for c in other.list_children()])
            raise RuntimeError("stopped half-way")

    with pytest.raises(RuntimeError, match="half-way"):
        add_then_fail()
    assert seen == [[theirs.id]]
    with psycopg.connect(team["owner"]) as conn:
        assert conn.execute(
            "SELECT count(*) FROM case_access WHERE child_id = %s", (theirs.id,)
        ).fetchone() == (0,)
    other.add_child(theirs)
    assert [c.id for c in other.list_children()] == [theirs.id]
    assert [c.id for c in mine.list_children()] == [team["child"].id]


def test_break_glass_opens_the_child_until_the_grant_ends(team):
    """A stated reason opens the child to an unassigned colleague: the grant
    keeps the reason, one audit row names user and child (not the reason);
    once ``until`` has passed the colleague sees nothing again."""
    child, session = team["child"], team["session"]
    other = team["repo_for"]("psykolog-2")
    until = other.break_glass(child.id, REASON)
    assert [c.id for c in other.list_children()] == [child.id]
    assert other.load_session(child.id, session.id).session == session
    access = other.access(child.id)
    assert not access.assigned
    assert access.break_glass_until == until
    assert set(visible(team["app"], "psykolog-2").values()) == {1}
    with psycopg.connect(team["owner"]) as conn:
        grants = conn.execute(
            "SELECT user_id, child_id, reason, until - since FROM break_glass"
        ).fetchall()
        audit = conn.execute(
            "SELECT actor, action, child_id FROM audit WHERE action = 'break_glass'"
        ).fetchall()
        everything = conn.execute("SELECT * FROM audit").fetchall()
    assert [g[:3] for g in grants] == [("psykolog-2", child.id, REASON)]
    assert grants[0][3].total_seconds() == 8 * 3600
    assert audit == [("psykolog-2", "break_glass", child.id)]
    assert REASON not in str(everything)
    with psycopg.connect(team["owner"]) as conn:  # the working day is over
        conn.execute(
            "UPDATE break_glass SET since = since - interval '9 hours',"
            " until = until - interval '9 hours'"
        )
    assert other.list_children() == []
    assert other.access(child.id) is None
    with pytest.raises(NotFoundError):
        other.sessions(child.id)
    assert set(visible(team["app"], "psykolog-2").values()) == {0}


def test_break_glass_needs_a_reason_and_is_the_users_own_and_short(team):
    """A short reason is refused with nothing written; the database itself
    refuses a grant for someone else, a back-dated one, one longer than 12
    hours, or one with a short reason."""
    child = team["child"]
    other = team["repo_for"]("psykolog-2")
    with pytest.raises(ValueError, match="too short"):
        other.break_glass(child.id, "   behövs        ")
    with pytest.raises(NotFoundError):
        other.break_glass("finns-inte", REASON)
    with psycopg.connect(team["owner"]) as conn:
        assert conn.execute("SELECT count(*) FROM break_glass").fetchone() == (0,)
        assert conn.execute(
            "SELECT count(*) FROM audit WHERE action = 'break_glass'"
        ).fetchone() == (0,)
    insert = (
        "INSERT INTO break_glass (team_id, child_id, user_id, reason, since, until)"
        " VALUES ('team-a', %s, %s, %s, now() - %s::interval, now() + %s::interval)"
    )
    for user, reason, back, ahead, error in (
        ("kurator-1", REASON, "0 s", "1 hour", psycopg.errors.InsufficientPrivilege),
        ("psykolog-2", REASON, "1 day", "1 hour", psycopg.errors.InsufficientPrivilege),
        ("psykolog-2", REASON, "0 s", "2 days", psycopg.errors.CheckViolation),
        ("psykolog-2", "kort", "0 s", "1 hour", psycopg.errors.CheckViolation),
    ):
        with psycopg.connect(team["app"]) as conn:
            conn.execute("SELECT set_config('app.team', 'team-a', false)")
            conn.execute("SELECT set_config('app.user', 'psykolog-2', false)")
            with pytest.raises(error):
                conn.execute(insert, (child.id, user, reason, back, ahead))
    with psycopg.connect(team["app"]) as conn:
        conn.execute("SELECT set_config('app.team', 'team-a', false)")
        conn.execute("SELECT set_config('app.user', 'psykolog-2', false)")
        conn.execute(insert, (child.id, "psykolog-2", REASON, "0 s", "1 hour"))
        for statement in (
            "UPDATE break_glass SET until = until + interval '1 day'",
            "DELETE FROM break_glass",
        ):
            with (
                pytest.raises(psycopg.errors.InsufficientPrivilege),
                conn.transaction(),
            ):
                conn.execute(statement)


def test_with_no_user_set_nothing_is_visible(team):
    """The app's role with the team but no user (or an unknown one, or the
    administrator commands' name ``app``) sees no child row at all."""
    tables = (*CHILD_TABLES, "case_access", "break_glass")
    for user in (None, "", "app", "ingen-sadan"):
        assert set(visible(team["app"], user, tables).values()) == {0}, user
    nobody = team["repo_for"]("app")
    assert nobody.list_children() == []
    with pytest.raises(NotPermitted):
        nobody.break_glass(team["child"].id, REASON)


def test_only_the_admin_assigns_and_sees_names_but_no_answers(team):
    """A counsellor cannot assign or unassign (repository and raw SQL); the
    admin sees the team's children's names to assign them but no session,
    plan or sheet; an assignment opens the child, taking it off closes it."""
    child, session = team["child"], team["session"]
    mine, other = team["repo_for"]("kurator-1"), team["repo_for"]("psykolog-2")
    admin = team["repo_for"]("chef-1")
    with pytest.raises(NotPermitted):
        mine.assign(child.id, "psykolog-2")
    with pytest.raises(NotPermitted):
        mine.unassign(child.id, "kurator-1")
    with psycopg.connect(team["app"]) as conn:
        conn.execute("SELECT set_config('app.team', 'team-a', false)")
        conn.execute("SELECT set_config('app.user', 'kurator-1', false)")
        assert conn.execute("DELETE FROM case_access").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO case_access (team_id, child_id, user_id, assigned_by)"
                " VALUES ('team-a', %s, 'psykolog-2', 'kurator-1')",
                (child.id,),
            )
    assert admin.is_admin()
    assert not mine.is_admin()
    assert [c.display_name for c in admin.list_children()] == [child.display_name]
    assert admin.sessions(child.id) == []
    with pytest.raises(NotFoundError):
        admin.load_session(child.id, session.id)
    assert visible(team["app"], "chef-1") == {
        "children": 1,
        "child_keys": 1,
        "sessions": 0,
        "plans": 0,
        "meetings": 0,
        "consents": 0,
        "recordings": 0,
    }
    assert [u.id for u in admin.team_users()] == ["chef-1", "kurator-1", "psykolog-2"]
    admin.assign(child.id, "psykolog-2")
    assert admin.assigned(child.id) == ["kurator-1", "psykolog-2"]
    assert mine.assigned(child.id) == ["kurator-1"]  # a counsellor: their own
    assert other.load_session(child.id, session.id).session == session
    assert admin.unassign(child.id, "psykolog-2")
    assert other.list_children() == []
    with psycopg.connect(team["owner"]) as conn:
        rows = conn.execute(
            "SELECT actor, action FROM audit WHERE action LIKE '%assigned'"
        ).fetchall()
    assert rows == [("chef-1", "assigned"), ("chef-1", "unassigned")]


def test_bara_for_mig_answers_reach_only_the_counsellor_who_held_the_session(team):
    """The child kept an answer private in kurator-1's session: a colleague
    assigned to the child gets the session without it and may not save over
    it; kurator-1 reads it back whole."""
    child = team["child"]
    mine, other = team["repo_for"]("kurator-1"), team["repo_for"]("psykolog-2")
    held = Session.new(child.id)
    held = replace(held, grid=held.grid.toggle("maths", Level.FUN))
    held = replace(held, grid=held.grid.toggle("music", Level.DISLIKE))
    held = set_share(held, ["grid:music"], Share.ONLY_ME)
    mine.save_session(held)
    team["repo_for"]("chef-1").assign(child.id, "psykolog-2")
    theirs = other.load_session(child.id, held.id).session
    assert dict(theirs.grid.marks) == {"maths": (Level.FUN,)}
    assert theirs.private == frozenset()
    listed = {s.id: s for s in other.sessions(child.id)}[held.id]
    assert "music" not in listed.grid.marks
    with pytest.raises(PrivateAnswersError):
        other.save_session(replace(theirs, notes="kollegans"))
    with pytest.raises(PrivateAnswersError):
        other.update_session(child.id, held.id, lambda s: replace(s, notes="x"))
    whole = mine.load_session(child.id, held.id)
    assert whole.session == held
    assert whole.revision == 1
    plain = other.load_session(child.id, team["session"].id)
    other.save_session(replace(plain.session, notes="kollegans"))
    assert mine.get_session(child.id, team["session"].id).notes == "kollegans"
    with psycopg.connect(team["app"]) as conn:
        conn.execute("SELECT set_config('app.team', 'team-a', false)")
        conn.execute("SELECT set_config('app.user', 'psykolog-2', false)")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE sessions SET held_by = 'psykolog-2'")


def test_administrator_commands_see_the_team_as_a_role_the_app_cannot_become(team):
    """The operator role (move-in, move-out) sees every child of the team
    without a user; the app's role cannot switch to it."""
    other = team["repo_for"]("psykolog-2")
    theirs = Child.new("B. B.")
    other.add_child(theirs)
    operator = team["repo_for"]("app", team["operator"])
    assert {c.id for c in operator.list_children()} == {team["child"].id, theirs.id}
    assert operator.sessions(team["child"].id)
    with psycopg.connect(team["app"]) as conn:
        for role in (OPERATOR_ROLE, "minrost_admin"):
            with (
                pytest.raises(psycopg.errors.InsufficientPrivilege),
                conn.transaction(),
            ):
                conn.execute(f"SET ROLE {role}")


def test_the_auditor_reads_grants_and_assignments_for_loggkontroll(team):
    """The auditor role reads the team's break-glass grants (with the reason)
    and assignments, but no child data."""
    team["repo_for"]("psykolog-2").break_glass(team["child"].id, REASON)
    with psycopg.connect(team["auditor"]) as conn:
        conn.execute("SELECT set_config('app.team', 'team-a', false)")
        assert conn.execute("SELECT user_id, reason FROM break_glass").fetchall() == [
            ("psykolog-2", REASON)
        ]
        assert conn.execute("SELECT user_id FROM case_access").fetchall() == [
            ("kurator-1",)
        ]
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT count(*) FROM children")


NOT_PER_CHILD = {
    "active_sessions": "ids of the session a tablet shows, no answers: team-wide",
    "audit": "insert-only for the app, read by the auditor: team-wide",
    "case_access": "its own policies: own rows, the admin the team's",
    "break_glass": "its own policies: own grants, the admin the team's",
}


def test_every_table_naming_a_child_is_guarded_by_assignment(pg_cluster, pg_database):
    """Each table with a ``child_id`` (and ``children``) gives the app's role
    only policies that ask for an assignment (``case_access``) or a grant
    (``break_glass``) (the admin's name-only read aside),
    unless it is listed above with the reason: a new table cannot slip in
    team-wide."""
    with psycopg.connect(pg_cluster.conninfo(pg_database)) as conn:
        tables = {
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND column_name = 'child_id'"
            )
        } | {"children"}
        policies = conn.execute(
            "SELECT tablename, policyname, roles::text[], cmd, qual, with_check"
            " FROM pg_policies WHERE schemaname = current_schema()"
        ).fetchall()
    unguarded = []
    for table in sorted(tables - set(NOT_PER_CHILD)):
        mine = [p for p in policies if p[0] == table]
        for_app = [p for p in mine if APP_ROLE in p[2] or "public" in p[2]]
        if not for_app:
            unguarded.append(f"{table}: no policy for {APP_ROLE}")
        for _t, name, _roles, cmd, qual, check in for_app:
            text = f"{qual or ''} {check or ''}"
            if "case_access" not in text or "break_glass" not in text:
                unguarded.append(f"{table}.{name} ({cmd}): {text.strip()}")
    allowed = {
        "children.user_reads (SELECT)",
        "children.user_adds (INSERT)",
        "child_keys.user_reads (SELECT)",
    }
    assert [u for u in unguarded if u.split(":")[0] not in allowed] == []
