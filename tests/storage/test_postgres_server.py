"""What only the team server has: row-level security per team, an insert-only
audit, the app's role that owns nothing, encryption bound to each row, and
the versioned migrations."""

from __future__ import annotations

import os
from dataclasses import replace

import psycopg
import pytest

from app.domain.models import Child, Level, Session
from app.storage.postgres import (
    APP_ROLE,
    AUDITOR_ROLE,
    AuditReader,
    DatabaseUnavailable,
    MasterKey,
    PostgresRepository,
    UnsafeRole,
    _migrations,
    check_app_role,
    latest_version,
    migrate,
    schema_version,
)
from app.storage.store import NotFoundError
from tests.storage.conftest import TABLES, add_user, assign_sql

NAME = "Testbarn Påhittad"
NOTE = "hemlig anteckning om rasten"


@pytest.fixture
def server(pg_cluster, pg_database):
    """(app conninfo, admin conninfo, master key) of a fresh migrated database."""
    return (
        pg_cluster.conninfo(pg_database, APP_ROLE),
        pg_cluster.conninfo(pg_database),
        MasterKey(os.urandom(32)),
    )


@pytest.fixture
def team_a(server):
    """Team A's repository with one child and one session with a note."""
    app, admin, master = server
    add_user(admin, "kurator-1", team="team-a")
    repo = PostgresRepository(app, team="team-a", master_key=master, actor="kurator-1")
    child = Child.new(NAME)
    repo.add_child(child)
    session = replace(Session.new(child.id), notes=NOTE)
    session = replace(session, grid=session.grid.toggle("maths", Level.FUN))
    repo.save_session(session)
    yield repo, child, session
    repo.close()


def counts(conn: psycopg.Connection) -> dict[str, int]:
    """Rows visible in each table that the app's role may read."""
    return {
        t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in TABLES
        if t != "audit"
    }


def test_another_teams_user_sees_and_changes_no_row(server, team_a):
    """Team B, through the repository and through raw SQL as the app's role,
    sees 0 rows of team A, updates and deletes 0, and cannot insert for A."""
    app, _admin, master = server
    _repo, child, session = team_a
    other = PostgresRepository(app, team="team-b", master_key=master)
    try:
        assert other.list_children() == []
        with pytest.raises(NotFoundError):
            other.get_child(child.id)
        with pytest.raises(NotFoundError):
            other.save_session(replace(session, notes="överskrivet"))
        with pytest.raises(NotFoundError):
            other.update_plan(child.id, lambda p: p)
        other.erase_child(child.id)
    finally:
        other.close()
    with psycopg.connect(app) as conn:
        conn.execute("SELECT set_config('app.team', 'team-b', false)")
        assert set(counts(conn).values()) == {0}
        assert conn.execute("UPDATE sessions SET revision = 99").rowcount == 0
        assert conn.execute("UPDATE children SET payload = 'x'").rowcount == 0
        assert conn.execute("DELETE FROM children").rowcount == 0
        assert conn.execute("DELETE FROM child_keys").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(
                "INSERT INTO children (team_id, id, payload) VALUES ('team-a', 'x', '')"
            )
    fresh, stored = team_a[0], team_a[0].load_session(child.id, session.id)
    assert fresh.get_child(child.id) == child
    assert stored.session == session
    assert stored.revision == 1


def test_without_a_team_nothing_is_visible(server, team_a):
    """The app's role with no team set (or an empty one) sees no row at all."""
    app, _admin, _master = server
    with psycopg.connect(app) as conn:
        assert set(counts(conn).values()) == {0}
        conn.execute("SELECT set_config('app.team', '', false)")
        assert set(counts(conn).values()) == {0}
        conn.execute("SELECT set_config('app.team', 'team-a', false)")
        assert set(counts(conn).values()) == {0}
        conn.execute("SELECT set_config('app.user', 'kurator-1', false)")
        assert counts(conn)["children"] == 1


def test_the_app_role_cannot_read_change_or_delete_audit_rows(server, team_a):
    """The audit is insert-only for the app: UPDATE, DELETE, TRUNCATE and SELECT
    are refused; the rows of what team A did are there, naming no child."""
    app, admin, _master = server
    _repo, child, _session = team_a
    for statement in (
        "UPDATE audit SET actor = 'någon annan'",
        "DELETE FROM audit",
        "TRUNCATE audit",
        "SELECT count(*) FROM audit",
    ):
        with psycopg.connect(app) as conn:
            conn.execute("SELECT set_config('app.team', 'team-a', false)")
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    with psycopg.connect(admin) as conn:
        rows = conn.execute(
            "SELECT team_id, actor, action, child_id FROM audit ORDER BY id"
        ).fetchall()
    assert rows == [
        ("team-a", "kurator-1", "child_added", child.id),
        ("team-a", "kurator-1", "session_saved", child.id),
    ]
    assert NAME not in str(rows)


def test_the_app_role_cannot_switch_row_level_security_off(server, team_a):
    """It owns no table, so it can neither disable the policies nor read
    past them with row_security off."""
    app, _admin, _master = server
    with (
        psycopg.connect(app) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute("ALTER TABLE children DISABLE ROW LEVEL SECURITY")
    with psycopg.connect(app) as conn:
        conn.execute("SET row_security = off")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT count(*) FROM children")


def test_the_app_refuses_a_connection_that_could_bypass_the_policies(server):
    """Connected as the owner (a superuser here) the app will not start; as
    its own role it may."""
    app, admin, _master = server
    with pytest.raises(UnsafeRole):
        check_app_role(admin)
    check_app_role(app)


def test_no_name_or_answer_is_readable_anywhere_in_the_database(server, team_a):
    """Every row, read as the owner, holds neither the name nor the note."""
    _app, admin, _master = server
    with psycopg.connect(admin) as conn:
        dump = b"".join(
            repr(conn.execute(f"SELECT * FROM {t}").fetchall()).encode()
            + b"".join(
                bytes(v)
                for row in conn.execute(f"SELECT * FROM {t}").fetchall()
                for v in row
                if isinstance(v, bytes | memoryview)
            )
            for t in TABLES
        )
    assert NAME.encode() not in dump
    assert NOTE.encode() not in dump
    assert b"maths" not in dump


def test_a_row_copied_onto_another_child_does_not_decrypt(server, team_a):
    """A session's ciphertext put under another child (same team) is refused:
    each record is bound to its team, child and id."""
    _app, admin, _master = server
    repo, child, _session = team_a
    other = Child.new("B. B.")
    repo.add_child(other)
    moved = Session.new(other.id)
    repo.save_session(moved)
    with psycopg.connect(admin) as conn:
        conn.execute(
            "UPDATE sessions SET payload = (SELECT payload FROM sessions"
            " WHERE child_id = %s) WHERE child_id = %s",
            (child.id, other.id),
        )
    with pytest.raises(ValueError, match="does not decrypt"):
        repo.load_session(other.id, moved.id)
    assert repo.past_retention() == []  # unreadable: left out, not listed


def test_data_keys_open_only_under_their_master_key(server, team_a):
    """Another master key (another server's, or a wrong one) opens no child."""
    app, _admin, _master = server
    _repo, child, _session = team_a
    stranger = PostgresRepository(
        app, team="team-a", master_key=MasterKey(os.urandom(32)), actor="kurator-1"
    )
    try:
        with pytest.raises(ValueError, match="huvudnyckel"):
            stranger.get_child(child.id)
    finally:
        stranger.close()


def test_migrations_run_once_and_record_the_schema_version(pg_cluster):
    """A fresh database is migrated to the latest version; a second run (or a
    second process) applies nothing."""
    name = pg_cluster.create_database()
    try:
        admin = pg_cluster.conninfo(name)
        assert schema_version(admin) == 0
        shipped = [name for _, name, _ in _migrations()]
        assert shipped[:5] == [
            "0001_initial.sql",
            "0002_auditor.sql",
            "0003_consent.sql",
            "0004_recordings.sql",
            "0005_users.sql",
        ]
        assert migrate(admin) == shipped
        assert migrate(admin) == []
        # The numbers are reserved per branch (#22), so one may be missing.
        assert schema_version(admin) == latest_version() == int(shipped[-1][:4])
    finally:
        pg_cluster.drop_database(name)


def test_the_master_key_comes_from_the_environment_for_development():
    """MINROST_MASTER_KEY: 32 bytes in base64, else a clear error."""
    made = MasterKey.generate()
    key = MasterKey.from_env({"MINROST_MASTER_KEY": made})
    assert key.unwrap(key.wrap(b"k" * 32, b"aad"), b"aad") == b"k" * 32
    for bad in (
        {},
        {"MINROST_MASTER_KEY": "inte-base64!"},
        {"MINROST_MASTER_KEY": "QUJD"},
    ):
        with pytest.raises(ValueError, match="MINROST_MASTER_KEY"):
            MasterKey.from_env(bad)


def test_adding_many_children_stores_all_of_them_or_none(server):
    """``add_children`` (imports, seeding) is one transaction: a clash with a
    stored child leaves none of the batch behind."""
    app, admin, master = server
    add_user(admin, "kurator-1", team="team-a")
    repo = PostgresRepository(app, team="team-a", master_key=master, actor="kurator-1")
    try:
        first, second = Child.new("A"), Child.new("B")
        sessions = [Session.new(first.id), Session.new(first.id)]
        repo.add_children([(first, sessions), (second, [])])
        assert {c.id for c in repo.list_children()} == {first.id, second.id}
        assert sorted(s.id for s in repo.sessions(first.id)) == sorted(
            s.id for s in sessions
        )
        third = Child.new("C")
        with pytest.raises(psycopg.errors.UniqueViolation):
            repo.add_children([(third, [Session.new(third.id)]), (first, [])])
        assert {c.id for c in repo.list_children()} == {first.id, second.id}
        with pytest.raises(NotFoundError):
            repo.sessions(third.id)
    finally:
        repo.close()


def test_the_auditor_searches_its_teams_audit_by_child_and_by_user(server, team_a):
    """Loggkontroll: as minrost_auditor, team A's rows by child and by user;
    team B's auditor sees none of them; the auditor can change nothing."""
    app, admin, master = server
    _repo, child, session = team_a
    add_user(admin, "psykolog-2", team="team-a")
    assign_sql(admin, child.id, "psykolog-2", team="team-a")
    add_user(admin, "socionom-3", team="team-b")
    colleague = PostgresRepository(
        app, team="team-a", master_key=master, actor="psykolog-2"
    )
    other_team = PostgresRepository(
        app, team="team-b", master_key=master, actor="socionom-3"
    )
    try:
        colleague.update_session(child.id, session.id, lambda s: replace(s, notes="x"))
        second = Child.new("B. B.")
        colleague.add_child(second)
        other_team.add_child(Child.new("C. C."))
    finally:
        colleague.close()
        other_team.close()
    auditor = admin.replace("user=minrost_admin", f"user={AUDITOR_ROLE}")
    reader = AuditReader(auditor, team="team-a")
    by_child = [(r.actor, r.action) for r in reader.search(child_id=child.id)]
    assert by_child == [
        ("kurator-1", "child_added"),
        ("kurator-1", "session_saved"),
        ("psykolog-2", "session_saved"),
    ]
    by_user = [(r.action, r.child_id) for r in reader.search(actor="psykolog-2")]
    assert by_user == [("session_saved", child.id), ("child_added", second.id)]
    assert AuditReader(auditor, team="team-b").search(child_id=child.id) == []
    assert len(AuditReader(auditor, team="team-b").search()) == 1
    with psycopg.connect(auditor) as conn:
        conn.execute("SELECT set_config('app.team', 'team-a', false)")
        for statement in (
            "UPDATE audit SET actor = 'någon annan'",
            "DELETE FROM audit",
            "INSERT INTO audit (team_id, actor, action) VALUES ('team-a', 'x', 'y')",
            "SELECT count(*) FROM sessions",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
            conn.rollback()
            conn.execute("SELECT set_config('app.team', 'team-a', false)")


def test_a_server_restart_between_two_taps_costs_no_tap(server, team_a):
    """Every connection of the app is cut (as a restart does): the next save
    gets a fresh connection and goes through."""
    _app, admin, _master = server
    repo, child, session = team_a
    with psycopg.connect(admin, autocommit=True) as conn:
        cut = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE usename = %s",
            (APP_ROLE,),
        ).fetchone()[0]
    assert cut >= 1
    marked = replace(session, notes="efter omstart")
    assert repo.save_session(marked, expected_revision=1) == 2
    assert repo.get_session(child.id, session.id).notes == "efter omstart"


def test_an_unreachable_database_is_a_storage_fault_not_a_crash(tmp_path):
    """No server at the address: a save raises DatabaseUnavailable, an OSError
    as a full disk is, which the screens already turn into "not saved"."""
    from app.domain.models import Level
    from app.ui.state import SAVE_FAILED, SessionStore

    nowhere = PostgresRepository(
        f"host={tmp_path} dbname=minrost user={APP_ROLE}",
        team="team-a",
        master_key=MasterKey(os.urandom(32)),
        timeout=0.5,
    )
    try:
        child = Child.new("A")
        session = Session.new(child.id)
        with pytest.raises(DatabaseUnavailable) as failed:
            nowhere.save_session(session)
        assert isinstance(failed.value, OSError)
        store = SessionStore(nowhere, child, session, revision=1)
        store.toggle_rating("maths", Level.FUN)
        assert store.notice == SAVE_FAILED
        assert store.session == session
    finally:
        nowhere.close()


def test_many_tablets_of_a_team_are_in_child_mode_at_once(team_a):
    """Each device keeps its own session in progress; ending one, or erasing
    another's child, leaves the rest."""
    repo, child, session = team_a
    other = Child.new("B. B.")
    repo.add_child(other)
    theirs = Session.new(other.id)
    repo.save_session(theirs)
    repo.set_active(child.id, session.id, device="tablet-1")
    repo.set_active(other.id, theirs.id, device="tablet-2")
    repo.set_active(other.id, theirs.id, device="tablet-3")
    assert repo.active(device="tablet-1") == (child.id, session.id)
    assert repo.active(device="tablet-2") == (other.id, theirs.id)
    repo.clear_active(device="tablet-2")
    assert repo.active(device="tablet-2") is None
    assert repo.active(device="tablet-3") == (other.id, theirs.id)
    repo.clear_active(child_id=other.id)
    assert repo.active(device="tablet-3") is None
    assert repo.active(device="tablet-1") == (child.id, session.id)
    repo.set_active(other.id, theirs.id, device="tablet-2")
    repo.erase_child(other.id)
    assert repo.active(device="tablet-2") is None
    assert repo.active(device="tablet-1") == (child.id, session.id)
