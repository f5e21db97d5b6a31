"""`python -m app move-out | move-in`: a data folder to a team server and back."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.storage.audit import AuditLog
from app.storage.postgres import OPERATOR_ROLE, MasterKey, PostgresRepository
from tests.export.test_cli import FAST, app, opened


@pytest.fixture
def data(tmp_path, monkeypatch):
    """An empty data folder named by MINROST_DATA_DIR (keys with cheap Argon2)."""
    folder = tmp_path / "data"
    monkeypatch.setenv("MINROST_DATA_DIR", str(folder))
    monkeypatch.setattr("app.security.DEFAULT_KDF", FAST)
    return folder


@pytest.fixture
def team_db(pg_cluster, pg_database, monkeypatch, tmp_path):
    """A team's database (app role) and the master key in the environment."""
    key = MasterKey.generate()
    monkeypatch.setenv("MINROST_MASTER_KEY", key)
    monkeypatch.setattr("app.team_server.data_dir", lambda: tmp_path / "srv")
    return pg_cluster.conninfo(pg_database, OPERATOR_ROLE), key


def test_a_folder_moves_to_the_team_server_and_back_by_command(
    data, team_db, tmp_path, capsys
):
    """move-out of the folder, move-in to the team's database, move-out from
    there, move-in to a new folder: the same children and sessions, and the
    folder's audit log names each child moved out."""
    database, key = team_db
    assert app("demo-data", "--children", "2") == 0
    folder = opened(data)
    for child in folder.list_children():
        for session in folder.sessions(child.id):
            folder.save_session(replace(session, private=frozenset()))
    moved = tmp_path / "flytt.json"
    assert app("move-out", "--out", str(moved)) == 0
    assert app("move-in", str(moved), "--database", database, "--team", "norr") == 0
    assert "Flyttade in 2 elever" in capsys.readouterr().out
    server = PostgresRepository(
        database,
        team="norr",
        master_key=MasterKey.from_env({"MINROST_MASTER_KEY": key}),
    )
    try:
        assert server.list_children() == folder.list_children()
    finally:
        server.close()
    back = tmp_path / "tillbaka.json"
    assert (
        app("move-out", "--out", str(back), "--database", database, "--team", "norr")
        == 0
    )
    assert (
        app("move-out", "--out", str(back), "--database", database, "--team", "norr")
        == 1
    )
    logged = [e.child_id for e in AuditLog(data).entries() if e.action == "export"]
    assert sorted(logged) == sorted(c.id for c in folder.list_children())


def test_a_folder_with_private_answers_is_not_moved_by_command(data, tmp_path, capsys):
    """Bara för mig answers: refused with a sentence, no file written."""
    assert app("demo-data", "--children", "1") == 0
    moved = tmp_path / "flytt.json"
    assert app("move-out", "--out", str(moved)) == 1
    assert "Bara för mig" in capsys.readouterr().err
    assert not moved.exists()


def test_a_move_as_the_apps_role_is_refused_not_emptied(
    pg_cluster, pg_database, team_db, tmp_path, capsys
):
    """move-out and move-in as minrost_app (no signed-in user: no child
    visible) stop with a sentence naming minrost_operator; nothing written."""
    from app.storage.postgres import APP_ROLE

    as_app = pg_cluster.conninfo(pg_database, APP_ROLE)
    out = tmp_path / "tom.json"
    capsys.readouterr()
    for argv in (
        ("move-out", "--out", str(out), "--database", as_app, "--team", "norr"),
        ("move-in", str(out), "--database", as_app, "--team", "norr"),
    ):
        status = app(*argv)
        assert OPERATOR_ROLE in str(status)
    assert not out.exists()
