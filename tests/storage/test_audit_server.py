"""Loggkontroll on the team server: every read and change of a child's data is
in the audit (ids only), exports are checked and logged in one transaction,
and old rows are pruned by the owner only."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import psycopg
import pytest

from app.domain.meeting import MeetingSheets, Plan
from app.domain.models import (
    Child,
    Consent,
    ConsentGiver,
    ConsentRecord,
    Level,
    Recipient,
    Session,
)
from app.domain.summary import without_private
from app.export.service import ConsentMissing, ExportRequest, export_session
from app.storage.postgres import (
    APP_ROLE,
    OPERATOR_ROLE,
    MasterKey,
    PostgresRepository,
)
from app.storage.store import Store
from tests.storage.conftest import add_user

ACTOR = "user-7f3a"


@pytest.fixture
def db(pg_cluster, pg_database):
    """(app conninfo, owner conninfo) of a fresh migrated database, with
    ``ACTOR`` a counsellor of team A (who is assigned what they add)."""
    owner = pg_cluster.conninfo(pg_database)
    add_user(owner, ACTOR, team="team-a")
    return pg_cluster.conninfo(pg_database, APP_ROLE), owner


@pytest.fixture
def make(db):
    """A repository of team A as ``ACTOR``, logging every read (window 0)."""
    app, _owner = db
    master = MasterKey(os.urandom(32))
    opened: list[PostgresRepository] = []

    def open_(**kw: Any) -> PostgresRepository:
        kw.setdefault("read_window", 0)
        repo = PostgresRepository(
            app, team="team-a", master_key=master, actor=ACTOR, **kw
        )
        opened.append(repo)
        return repo

    yield open_
    for repo in opened:
        repo.close()


def audit_rows(owner: str) -> list[tuple[Any, ...]]:
    """Every audit row, oldest first, as the owner sees them."""
    with psycopg.connect(owner) as conn:
        return conn.execute(
            "SELECT actor, action, child_id, detail, recipient FROM audit ORDER BY id"
        ).fetchall()


def consent(*recipients: Recipient) -> Consent:
    return Consent(
        id="c0ffee01",
        given_by=(ConsentGiver.GUARDIAN,),
        recipients=recipients,
        given_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
    )


def filled(repo: Store) -> tuple[Child, Session]:
    """A child with one session: three grid answers, one of them *Bara för
    mig*, one *not to* the school; a consent for the school."""
    child = Child.new("Testbarn Påhittad")
    repo.add_child(child)
    session = Session.new(child.id)
    grid = session.grid
    for item in ("wake_up", "pe", "social_studies"):
        grid = grid.toggle(item, Level.FUN)
    session = replace(
        session,
        grid=grid,
        private=frozenset({"grid:wake_up"}),
        not_to={"grid:pe": frozenset({Recipient.SCHOOL})},
    )
    repo.save_session(session)
    repo.save_consent(child.id, ConsentRecord(consents=(consent(Recipient.SCHOOL),)))
    return child, session


# --- every method of the seam leaves a row ------------------------------------
# Each public method of Store (and of PostgresRepository) is either called here
# with the audit action it must leave, or named below with why it leaves none.
# A new method in neither list fails the test.
CALLS: dict[str, tuple[str, Callable[[PostgresRepository, Child, Session], Any]]] = {
    "list_children": ("children_listed", lambda r, c, s: r.list_children()),
    "add_child": ("child_added", lambda r, c, s: r.add_child(Child.new("X. Y."))),
    "add_children": (
        "child_added",
        lambda r, c, s: r.add_children([(Child.new("Z. W."), [])]),
    ),
    "get_child": ("child_read", lambda r, c, s: r.get_child(c.id)),
    "erase_child": ("child_erased", lambda r, c, s: r.erase_child(c.id)),
    "set_setting": ("setting_changed", lambda r, c, s: r.set_setting("idle", 60)),
    "set_retention_months": (
        "setting_changed",
        lambda r, c, s: r.set_retention_months(36),
    ),
    "set_active": (
        "child_mode_entered",
        lambda r, c, s: r.set_active(c.id, s.id, device="d1"),
    ),
    "clear_active": (
        "child_mode_left",
        lambda r, c, s: (r.set_active(c.id, s.id, device="d1"), r.clear_active()),
    ),
    "sessions": ("sessions_read", lambda r, c, s: r.sessions(c.id)),
    "load_session": ("session_read", lambda r, c, s: r.load_session(c.id, s.id)),
    "get_session": ("session_read", lambda r, c, s: r.get_session(c.id, s.id)),
    "save_session": ("session_saved", lambda r, c, s: r.save_session(s)),
    "update_session": (
        "session_saved",
        lambda r, c, s: r.update_session(c.id, s.id, lambda x: x),
    ),
    "recorded_voices": ("voices_listed", lambda r, c, s: r.recorded_voices(c.id)),
    "recorded_voice": (
        "voice_read",
        lambda r, c, s: (
            r.save_recorded_voice(c.id, "sv", "Rast", b"OggS", "audio/ogg"),
            r.recorded_voice(c.id, "sv", "Rast"),
        ),
    ),
    "save_recorded_voice": (
        "voice_saved",
        lambda r, c, s: r.save_recorded_voice(c.id, "sv", "Rast", b"OggS", "audio/ogg"),
    ),
    "delete_recorded_voice": (
        "voice_deleted",
        lambda r, c, s: (
            r.save_recorded_voice(c.id, "sv", "Rast", b"OggS", "audio/ogg"),
            r.delete_recorded_voice(c.id, "sv", "Rast"),
        ),
    ),
    "load_consent": ("consent_read", lambda r, c, s: r.load_consent(c.id)),
    "save_consent": (
        "consent_saved",
        lambda r, c, s: r.save_consent(c.id, ConsentRecord()),
    ),
    "update_consent": (
        "consent_saved",
        lambda r, c, s: r.update_consent(c.id, lambda x: x),
    ),
    "load_plan": ("plan_read", lambda r, c, s: r.load_plan(c.id)),
    "save_plan": ("plan_saved", lambda r, c, s: r.save_plan(c.id, Plan())),
    "update_plan": ("plan_saved", lambda r, c, s: r.update_plan(c.id, lambda p: p)),
    "load_meeting": ("meeting_read", lambda r, c, s: r.load_meeting(c.id, s.id)),
    "meetings": ("meetings_read", lambda r, c, s: r.meetings(c.id)),
    "update_meeting": (
        "meeting_saved",
        lambda r, c, s: r.update_meeting(c.id, s.id, lambda m: MeetingSheets()),
    ),
    "past_retention": ("retention_listed", lambda r, c, s: r.past_retention()),
    "record_audit_search": (
        "audit_searched",
        lambda r, c, s: r.record_audit_search(child_id=c.id, user_id="u-1"),
    ),
    "export_data": (
        "export",
        lambda r, c, s: r.export_data(
            c.id, s.id, recipient=Recipient.OWN_FILE, what="pdf"
        ),
    ),
}
NOT_LOGGED = {
    "get_setting": "team settings hold no child data (idle time, retention)",
    "retention_months": "a team setting, no child data",
    "active": "ids only, asked on every page by the lock; entering and "
    "leaving child mode are logged (set_active, clear_active)",
    "atomic": "a transaction, not a read or change; its calls log themselves",
    "close": "closes the pool",
    "upsert_user": "a sign-in: logged as signed_in under the person's own id, "
    "not this repository's actor (tests/storage/test_team_server_users.py)",
    "assign": "logged as assigned (by the admin; tests/storage/test_access.py)",
    "unassign": "logged as unassigned (tests/storage/test_access.py)",
    "break_glass": "logged as break_glass with user and child, the reason kept "
    "in the grant (tests/storage/test_access.py)",
    "assigned": "who is assigned to a child: access data of staff, no record of "
    "the child is opened",
    "team_users": "the team's staff, no child data",
    "is_admin": "the signed-in user's own role",
    "access": "whether the user may open a child and why (assigned, "
    "break-glass until…), no record of the child is opened",
    "child_mode_holder": "which counsellor handed a tablet over (ids of staff, "
    "asked when a tablet in child mode reconnects); no record of a child",
    "listen_saves": "hears ids of sessions saved by other processes; the "
    "screens then read the session through a logged read",
    "check_keys": "the start's check that the master key opens one data key "
    "per key id; no record of a child is opened or shown",
}


def _public_methods() -> set[str]:
    found = set()
    for cls in (Store, PostgresRepository):
        for name, member in inspect.getmembers(cls):
            if not name.startswith("_") and inspect.isfunction(member):
                found.add(name)
    return found


def test_every_method_of_the_server_store_is_either_audited_or_says_why_not():
    """A new Store or PostgresRepository method must be added to the audit
    test (with the row it leaves) or to the named exceptions."""
    assert _public_methods() == set(CALLS) | set(NOT_LOGGED)


@pytest.mark.parametrize("method", sorted(CALLS))
def test_each_read_and_write_of_a_child_leaves_an_audit_row(make, db, method):
    """Every read and change of a child's data through the server store writes
    its audit row (actor, action, ids only) in the same transaction."""
    _app, owner = db
    repo = make()
    child, session = filled(repo)
    before = len(audit_rows(owner))
    action, call = CALLS[method]
    call(repo, child, session)
    new = audit_rows(owner)[before:]
    assert (ACTOR, action) in [(row[0], row[1]) for row in new]
    text = repr(new)
    assert "Testbarn" not in text
    assert "Påhittad" not in text


def test_a_second_read_within_the_window_writes_no_second_row(make, db):
    """Reads are de-duplicated per user and record within the read window;
    after it the next read is logged again; writes are never de-duplicated."""
    _app, owner = db
    now = [1000.0]
    repo = make(read_window=600, clock=lambda: now[0])
    child, session = filled(repo)
    start = len(audit_rows(owner))
    for _ in range(5):
        repo.load_session(child.id, session.id)
        repo.save_session(session)
    now[0] += 599
    repo.load_session(child.id, session.id)
    actions = [row[1] for row in audit_rows(owner)[start:]]
    assert actions.count("session_read") == 1
    assert actions.count("session_saved") == 5
    now[0] += 2
    repo.load_session(child.id, session.id)
    actions = [row[1] for row in audit_rows(owner)[start:]]
    assert actions.count("session_read") == 2


def test_a_read_whose_transaction_failed_is_logged_at_the_next_read(make, db):
    """A read that was rolled back (no row) does not count as logged."""
    _app, owner = db
    repo = make(read_window=600, clock=lambda: 0.0)
    child, _session = filled(repo)

    def read_then_fail() -> None:
        with repo.atomic():
            repo.load_plan(child.id)
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        read_then_fail()
    assert "plan_read" not in [row[1] for row in audit_rows(owner)]
    repo.load_plan(child.id)
    assert [row[1] for row in audit_rows(owner)].count("plan_read") == 1


# --- exports: consent and sharing checked with the audit row ---------------------
def test_an_export_without_consent_is_refused_by_the_store_itself(make, db):
    """Bypassing the UI and the service: the server store refuses an export
    to a recipient no consent covers, in Swedish, and logs no export."""
    _app, owner = db
    repo = make()
    child, session = filled(repo)
    with pytest.raises(ConsentMissing) as caught:
        repo.export_data(child.id, session.id, recipient=Recipient.BUP, what="json")
    assert "inget samtycke" in caught.value.msg_sv
    assert "export" not in [row[1] for row in audit_rows(owner)]


def test_a_withdrawn_consent_stops_the_export_at_once(make, db):
    """The consent is read in the export's own transaction: a withdrawal
    just before holds."""
    _app, _owner = db
    repo = make()
    child, session = filled(repo)
    repo.update_consent(child.id, lambda r: r.withdraw("c0ffee01", datetime.now(UTC)))
    with pytest.raises(ConsentMissing) as caught:
        repo.export_data(child.id, session.id, recipient=Recipient.SCHOOL, what="pdf")
    assert "återkallats" in caught.value.msg_sv


def test_the_export_data_holds_exactly_the_recipients_answers(make, db):
    """For the school: not the *Bara för mig* answer, not the one the child
    kept from the school; the export row names user, child, session and
    recipient."""
    _app, owner = db
    repo = make()
    child, session = filled(repo)
    got = repo.export_data(child.id, session.id, recipient=Recipient.SCHOOL, what="pdf")
    shown = without_private(got.session).grid
    assert [i for i in ("wake_up", "pe", "social_studies") if shown.levels(i)] == [
        "social_studies"
    ]
    assert got.withheld == 2
    own = repo.export_data(
        child.id, session.id, recipient=Recipient.OWN_FILE, what="pdf"
    )
    shown = without_private(own.session).grid
    assert [i for i in ("wake_up", "pe", "social_studies") if shown.levels(i)] == [
        "pe",
        "social_studies",
    ]
    exports = [row for row in audit_rows(owner) if row[1] == "export"]
    assert exports == [
        (ACTOR, "export", child.id, f"{session.id}/pdf", "school"),
        (ACTOR, "export", child.id, f"{session.id}/pdf", "own_file"),
    ]


def test_no_export_leaves_the_server_when_its_audit_row_cannot_be_written(
    make, db, tmp_path
):
    """The export's audit row is written in the export's transaction: if the
    insert fails, the service gets no data and makes no file."""
    _app, owner = db
    repo = make(data_dir=tmp_path)
    child, session = filled(repo)
    with psycopg.connect(owner, autocommit=True) as conn:
        conn.execute(f"REVOKE INSERT ON audit FROM {APP_ROLE}")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        export_session(
            repo,
            child.id,
            session.id,
            ExportRequest(fmt="text", recipient=Recipient.SCHOOL),
        )
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        repo.export_data(child.id, session.id, recipient=Recipient.SCHOOL, what="pdf")


def test_the_server_export_goes_through_the_checked_store(make, db, tmp_path):
    """The export service (panel and command line) on a team server: the
    audit row is in the database and the answer kept from the school is not
    in the file."""
    _app, owner = db
    repo = make(data_dir=tmp_path)
    child, session = filled(repo)
    result = export_session(
        repo, child.id, session.id, ExportRequest(fmt="json", recipient="school")
    )
    assert result.logged
    assert b"social_studies" in result.data
    assert b'"pe"' not in result.data
    assert b"wake_up" not in result.data
    assert [row[1:] for row in audit_rows(owner) if row[1] == "export"] == [
        ("export", child.id, f"{session.id}/json", "school")
    ]


# --- retention ------------------------------------------------------------------
OWNER = "minrost_owner_test"


@pytest.fixture
def aged(pg_cluster, pg_database, db):
    """The audit owned by a role that is not superuser (as in production, so
    row-level security holds for it too), with rows 6, 4 and 0 years old in
    two teams; returns that owner's conninfo."""
    _app, superuser = db
    with psycopg.connect(superuser, autocommit=True) as conn:
        conn.execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
            f"'{OWNER}') THEN CREATE ROLE {OWNER} LOGIN; END IF; END $$"
        )
        conn.execute(f"ALTER TABLE audit OWNER TO {OWNER}")
        conn.execute(
            "INSERT INTO audit (team_id, at, actor, action, child_id) VALUES"
            " ('team-a', now() - interval '6 years', 'a-6y', 'child_read', 'c1'),"
            " ('team-b', now() - interval '6 years 2 days', 'b-6y', 'plan_read', 'c2'),"
            " ('team-a', now() - interval '4 years', 'a-4y', 'child_read', 'c1'),"
            " ('team-a', now(), 'a-now', 'child_read', 'c1')"
        )
    return pg_cluster.conninfo(pg_database, OWNER)


def ages(owner: str) -> list[str]:
    """The rows left (their actor names their team and age), oldest first."""
    with psycopg.connect(owner) as conn:
        return [row[0] for row in conn.execute("SELECT actor FROM audit ORDER BY at")]


def test_prune_audit_removes_every_teams_rows_older_than_five_years(aged, db, capsys):
    """`python -m app prune-audit` as the owner deletes the rows older than the
    default five years in every team, keeps the rest and prints the count."""
    from tests.export.test_cli import app as run_app

    assert run_app("prune-audit", "--database-admin", aged) == 0
    assert capsys.readouterr().out == "Gallrade 2 loggrader äldre än 5 år.\n"
    assert ages(aged) == ["a-4y", "a-now"]


def test_the_app_role_cannot_prune_the_audit(aged, db, capsys):
    """Run with the app's connection the command is refused and nothing goes."""
    from tests.export.test_cli import app as run_app

    app_conninfo, _owner = db
    assert run_app("prune-audit", "--database-admin", app_conninfo) != 0
    assert "ägare" in capsys.readouterr().err
    assert len(ages(aged)) == 4


def test_a_retention_under_five_years_needs_the_explicit_override(aged, capsys):
    """--keep-years 3 is refused (nothing deleted) unless
    --allow-shorter-retention says a decision allows it."""
    from tests.export.test_cli import app as run_app

    assert run_app("prune-audit", "--database-admin", aged, "--keep-years", "3") != 0
    assert "minst 5 år" in capsys.readouterr().err
    assert len(ages(aged)) == 4
    assert (
        run_app(
            "prune-audit",
            "--database-admin",
            aged,
            "--keep-years",
            "3",
            "--allow-shorter-retention",
        )
        == 0
    )
    assert capsys.readouterr().out == "Gallrade 3 loggrader äldre än 3 år.\n"
    assert ages(aged) == ["a-now"]


def test_the_export_command_on_a_team_server_refuses_without_consent(
    db, pg_cluster, pg_database, tmp_path, monkeypatch, capsys
):
    """`python -m app export --database …`: to BUP (no consent) refused in
    Swedish with no file and no export row; to the school a file without the
    answers kept from it, and its export row in the database."""
    from tests.export.test_cli import app as run_app

    _app_conninfo, owner = db
    key = MasterKey.generate()
    monkeypatch.setenv("MINROST_MASTER_KEY", key)
    monkeypatch.setattr("app.team_server.data_dir", lambda: tmp_path / "srv")
    # An administrator command connects as the operator (the whole team).
    operator = pg_cluster.conninfo(pg_database, OPERATOR_ROLE)
    repo = PostgresRepository(
        operator,
        team="norr",
        master_key=MasterKey.from_env({"MINROST_MASTER_KEY": key}),
    )
    try:
        child, session = filled(repo)
    finally:
        repo.close()
    out = tmp_path / "ut"
    out.mkdir()
    server = ("--database", operator, "--team", "norr")
    common = ("export", "--child", child.id, "--format", "json", "--out", str(out))
    assert run_app(*common, "--recipient", "bup", *server) != 0
    assert "inget samtycke" in capsys.readouterr().err
    assert list(out.iterdir()) == []
    assert "export" not in [row[1] for row in audit_rows(owner)]
    assert run_app(*common, "--recipient", "school", *server) == 0
    [made] = list(out.iterdir())
    data = made.read_bytes()
    assert b"social_studies" in data
    assert b"wake_up" not in data
    assert [row[1:] for row in audit_rows(owner) if row[1] == "export"] == [
        ("export", child.id, f"{session.id}/json", "school")
    ]
