"""`python -m app serve --database postgresql://…` serves a team server; the
embedded data folder stays the default."""

from __future__ import annotations

import pytest

from app import main, team_server
from app.storage.postgres import APP_ROLE, MasterKey, PostgresRepository
from app.storage.repository import Repository


@pytest.fixture
def served(monkeypatch):
    """What ``run`` hands to ``serve`` (nothing is served)."""
    calls: list[dict] = []

    def fake_serve(host, tls, **kwargs):
        calls.append({"host": host, "tls": tls, **kwargs})

    monkeypatch.setattr(main, "serve", fake_serve)
    for name in ("MINROST_DATABASE", "MINROST_DATABASE_ADMIN", "MINROST_TEAM"):
        monkeypatch.delenv(name, raising=False)
    return calls


def test_without_a_database_the_data_folder_is_served(served):
    """`make run` (no flag, no variable): no database, the embedded default."""
    main.run([])
    main.run(["serve"])
    assert [c["database"] for c in served] == [None, None]


def test_the_database_comes_from_the_flag_or_the_environment(served, monkeypatch):
    """--database wins; MINROST_DATABASE (and MINROST_TEAM, _DATABASE_ADMIN)
    are used without it, also by `make run` (no "serve")."""
    main.run(["serve", "--database", "postgresql:///a", "--team", "norr"])
    monkeypatch.setenv("MINROST_DATABASE", "postgresql:///b")
    monkeypatch.setenv("MINROST_TEAM", "syd")
    monkeypatch.setenv("MINROST_DATABASE_ADMIN", "postgresql:///owner")
    main.run(["serve"])
    main.run([])
    assert [(c["database"], c["team"]) for c in served] == [
        ("postgresql:///a", "norr"),
        ("postgresql:///b", "syd"),
        ("postgresql:///b", "syd"),
    ]
    assert [c["database_admin"] for c in served[1:]] == ["postgresql:///owner"] * 2


@pytest.fixture
def fresh_database(pg_cluster, monkeypatch, tmp_path):
    """An empty database (not migrated) and a development master key."""
    name = pg_cluster.create_database()
    monkeypatch.setenv("MINROST_MASTER_KEY", MasterKey.generate())
    monkeypatch.setattr(team_server, "data_dir", lambda: tmp_path)
    yield pg_cluster.conninfo(name, APP_ROLE), pg_cluster.conninfo(name)
    pg_cluster.drop_database(name)


def test_the_server_store_migrates_then_opens_the_team(fresh_database):
    """With the owner's connection the schema is brought up to date; the app
    then works as its own role, for its team, in a folder of its own."""
    app, admin = fresh_database
    repo = team_server.open_server_store(app, admin=admin, team="norr")
    try:
        assert isinstance(repo, PostgresRepository)
        assert not isinstance(repo, Repository)
        assert repo.team == "norr"
        assert repo.list_children() == []
        assert repo.data_dir is not None
        assert repo.data_dir.name == "team-server"
    finally:
        repo.close()


def test_an_unmigrated_database_is_refused_with_what_to_do(fresh_database):
    """Without the owner's connection an empty database is not used."""
    app, _admin = fresh_database
    with pytest.raises(SystemExit, match="--database-admin"):
        team_server.open_server_store(app)


def test_the_owners_connection_is_refused_as_the_apps(fresh_database):
    """The app will not run as a role that could bypass row-level security."""
    _app, admin = fresh_database
    with pytest.raises(SystemExit, match=APP_ROLE):
        team_server.open_server_store(admin, admin=admin)


def test_without_a_master_key_the_server_does_not_start(fresh_database, monkeypatch):
    """No MINROST_MASTER_KEY: one sentence saying how to make one."""
    app, admin = fresh_database
    monkeypatch.delenv("MINROST_MASTER_KEY")
    with pytest.raises(SystemExit, match="MINROST_MASTER_KEY"):
        team_server.open_server_store(app, admin=admin)


def test_the_database_role_must_fit_the_sign_in(fresh_database):
    """With sign-in the server connects as the app's role (each user sees
    their children), never the whole-team operator; without sign-in the app's
    role would see no child, so the PIN-mode server needs the operator."""
    from app.storage.postgres import OPERATOR_ROLE, migrate

    app, admin = fresh_database
    migrate(admin)
    operator = app.replace(f"user={APP_ROLE}", f"user={OPERATOR_ROLE}")
    main.check_server_role(app, signed_in=True)
    main.check_server_role(operator, signed_in=False)
    with pytest.raises(SystemExit, match=f"ansluta som {APP_ROLE}"):
        main.check_server_role(operator, signed_in=True)
    with pytest.raises(SystemExit, match=OPERATOR_ROLE):
        main.check_server_role(app, signed_in=False)
