"""Master-key rotation: every team's child keys rewrapped under a new master
key in batches (owner lists the teams, the app's role rewraps one team per
transaction), resumable, counts only; afterwards the old key can go."""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace

import psycopg
import pytest

from app import main, team_server
from app.domain.models import Child, Level, Session
from app.storage.key_rotation import rotate_master_key
from app.storage.master_keys import (
    KeyRing,
    LocalKey,
    MasterKeyMissing,
    MasterKeySource,
    Pkcs11Key,
)
from app.storage.postgres import OPERATOR_ROLE, PostgresRepository, migrate

TEAMS = ("team-a", "team-b")
PER_TEAM = 5


def _fill(app: str, key: MasterKeySource) -> dict[str, list[str]]:
    """Five invented children with a session in each of two teams; their ids."""
    made: dict[str, list[str]] = {}
    for team in TEAMS:
        repo = PostgresRepository(app, team=team, master_key=key)
        try:
            for n in range(PER_TEAM):
                child = Child.new(f"Testbarn {team} {n}")
                repo.add_child(child)
                session = Session.new(child.id)
                session = replace(session, grid=session.grid.toggle("maths", Level.FUN))
                repo.save_session(session)
                made.setdefault(team, []).append(child.id)
        finally:
            repo.close()
    return made


def _read_all(app: str, keys: MasterKeySource | KeyRing, made) -> int:
    """Open every child and its sessions with ``keys``; how many opened."""
    opened = 0
    for team, ids in made.items():
        repo = PostgresRepository(app, team=team, master_key=keys)
        try:
            for child_id in ids:
                assert repo.get_child(child_id).display_name.startswith("Testbarn")
                assert len(repo.sessions(child_id)) == 1
                opened += 1
        finally:
            repo.close()
    return opened


def _key_ids(owner: str) -> dict[str | None, int]:
    with psycopg.connect(owner) as conn:
        rows = conn.execute(
            "SELECT key_id, count(*) FROM child_keys GROUP BY key_id"
        ).fetchall()
    return dict(rows)


def _records_digest(owner: str) -> str:
    """The children's sealed records: a rotation must not touch them."""
    with psycopg.connect(owner) as conn:
        rows = [
            conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
            for t in ("children", "sessions")
        ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture
def server(pg_cluster, pg_database):
    """(operator conninfo, owner conninfo) of a fresh migrated database: the
    administrator's commands and these tests see the whole team."""
    return (
        pg_cluster.conninfo(pg_database, OPERATOR_ROLE),
        pg_cluster.conninfo(pg_database),
    )


@pytest.mark.parametrize("new_kind", ["local", "pkcs11"])
def test_rotation_rewraps_every_team_and_then_the_new_key_alone_opens_all(
    new_kind, server, softhsm
):
    """Every child key of every team ends under the new key (also from an
    environment key into the HSM); the records are untouched; the new key
    alone opens every child and the old key alone none."""
    app, owner = server
    old = LocalKey(os.urandom(32))
    new = LocalKey(os.urandom(32)) if new_kind == "local" else None
    new = new or Pkcs11Key(softhsm.uri("mk-2"))
    made = _fill(app, old)
    # Two keys from before schema 8 carry no key id: the rotation names them.
    with psycopg.connect(owner) as conn:
        conn.execute(
            "UPDATE child_keys SET key_id = NULL WHERE child_id = ANY(%s)",
            (made["team-b"][:2],),
        )
    records = _records_digest(owner)
    report = rotate_master_key(owner, app, KeyRing(new, [old]), batch_size=3)
    assert (report.teams, report.rewrapped, report.already, report.remaining) == (
        2,
        2 * PER_TEAM,
        0,
        0,
    )
    assert _key_ids(owner) == {new.key_id: 2 * PER_TEAM}
    assert _records_digest(owner) == records
    assert _read_all(app, new, made) == 2 * PER_TEAM
    with pytest.raises(MasterKeyMissing, match=f"Huvudnyckeln {new.key_id}"):
        _read_all(app, old, made)
    with psycopg.connect(owner) as conn:
        logged = conn.execute(
            "SELECT team_id, count(*) FROM audit WHERE action = 'master_key_rotated'"
            " GROUP BY team_id ORDER BY team_id"
        ).fetchall()
    assert logged == [("team-a", 2), ("team-b", 2)]  # one row per batch of 3


class Killed(Exception):
    """Stands for the process being stopped between two batches."""


def test_an_interrupted_rotation_leaves_every_child_readable_and_a_rerun_finishes(
    server, monkeypatch, tmp_path
):
    """Stopped after its first batch: some keys under the new key, the rest
    under the old; with both configured (also as `serve` reads them) every
    child opens; a second run rewraps the rest; then the old key can go."""
    app, owner = server
    old_b64, new_b64 = LocalKey.generate(), LocalKey.generate()
    old = LocalKey.from_env({"K": old_b64}, "K")
    new = LocalKey.from_env({"K": new_b64}, "K")
    made = _fill(app, old)
    both = KeyRing(new, [old])

    def stop(_team: str, _done: int) -> None:
        raise Killed

    with pytest.raises(Killed):
        rotate_master_key(owner, app, both, batch_size=3, after_batch=stop)
    assert _key_ids(owner) == {new.key_id: 3, old.key_id: 2 * PER_TEAM - 3}
    assert _read_all(app, both, made) == 2 * PER_TEAM
    with pytest.raises(MasterKeyMissing):
        _read_all(app, new, made)  # not done yet: the old key is still needed
    monkeypatch.setattr(team_server, "data_dir", lambda: tmp_path)
    during = {
        "MINROST_MASTER_KEY": new_b64,
        "MINROST_OLD_MASTER_KEY_SOURCES": "env:MINROST_RETIRING_KEY",
        "MINROST_RETIRING_KEY": old_b64,
    }
    for team in TEAMS:
        store = team_server.open_server_store(app, team=team, environ=during)
        try:
            assert len(store.list_children()) == PER_TEAM
        finally:
            store.close()
    report = rotate_master_key(owner, app, both, batch_size=3)
    assert (report.teams, report.rewrapped, report.already, report.remaining) == (
        2,
        2 * PER_TEAM - 3,
        3,
        0,
    )
    assert _read_all(app, new, made) == 2 * PER_TEAM
    again = rotate_master_key(owner, app, both, batch_size=3)
    assert (again.teams, again.rewrapped, again.already) == (0, 0, 2 * PER_TEAM)


def test_a_key_that_will_not_unwrap_stops_the_run_with_its_batch_untouched(server):
    """Without the old key the run stops at the first key it cannot open,
    saying which key id is missing; that batch's rows are as they were."""
    app, owner = server
    old, new = LocalKey(os.urandom(32)), LocalKey(os.urandom(32))
    made = _fill(app, old)
    before = _key_ids(owner)
    with pytest.raises(MasterKeyMissing, match=f"Huvudnyckeln {old.key_id}"):
        rotate_master_key(owner, app, KeyRing(new), batch_size=PER_TEAM * 2)
    assert _key_ids(owner) == before
    assert _read_all(app, old, made) == 2 * PER_TEAM


def test_after_rotation_a_start_with_the_old_key_alone_is_refused(
    server, monkeypatch, tmp_path
):
    """`serve --database` with only the retired key stops with one Swedish
    sentence naming the key id the children need; with the new key it starts."""
    app, owner = server
    old_b64, new_b64 = LocalKey.generate(), LocalKey.generate()
    old = LocalKey.from_env({"K": old_b64}, "K")
    new = LocalKey.from_env({"K": new_b64}, "K")
    _fill(app, old)
    rotate_master_key(owner, app, KeyRing(new, [old]))
    monkeypatch.setattr(team_server, "data_dir", lambda: tmp_path)
    with pytest.raises(SystemExit, match=f"Huvudnyckeln {new.key_id} behövs"):
        team_server.open_server_store(
            app, team="team-a", environ={"MINROST_MASTER_KEY": old_b64}
        )
    store = team_server.open_server_store(
        app, team="team-a", environ={"MINROST_MASTER_KEY": new_b64}
    )
    try:
        assert len(store.list_children()) == PER_TEAM
    finally:
        store.close()


def test_the_rotation_command_prints_counts_only(server, monkeypatch, capsys):
    """`python -m app rotate-master-key` with the new key configured and the
    old one named by --old-key: counts on stdout, no child id or name."""
    app, owner = server
    old_b64, new_b64 = LocalKey.generate(), LocalKey.generate()
    made = _fill(app, LocalKey.from_env({"K": old_b64}, "K"))
    monkeypatch.setenv("MINROST_MASTER_KEY", new_b64)
    monkeypatch.setenv("MINROST_OLD_KEY", old_b64)
    argv = ["rotate-master-key", "--database", app, "--database-admin", owner]
    argv += ["--old-key", "env:MINROST_OLD_KEY", "--batch-size", "4"]
    with pytest.raises(SystemExit) as done:
        main.run(argv)
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.strip() == (
        "Team: 2. Nya inslagningar: 10. Redan under nya nyckeln: 0. Kvar: 0."
    )
    for ids in made.values():
        assert not any(child_id in out for child_id in ids)
    assert "Testbarn" not in out
    # Without the old key the command refuses, in Swedish, and changes nothing.
    monkeypatch.setenv("MINROST_MASTER_KEY", LocalKey.generate())
    with pytest.raises(SystemExit) as refused:
        main.run(argv[:-4])
    assert refused.value.code == 1
    assert "är inte angiven" in capsys.readouterr().err


def test_rotation_as_an_owner_without_superuser_reaches_every_team(
    pg_cluster, pg_template
):
    """With a database owner that is no superuser (FORCE ROW LEVEL SECURITY
    holds for it), the owner still lists every team's keys and the rotation
    covers both teams; the app's role still sees one team at a time.
    (``pg_template``: the app's roles exist, as a DBA would make them first.)"""
    with psycopg.connect(pg_cluster.conninfo(), autocommit=True) as conn:
        conn.execute(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname ="
            " 'minrost_owner_t') THEN CREATE ROLE minrost_owner_t LOGIN; END IF;"
            " END $$"
        )
    name = pg_cluster.create_database()
    try:
        with psycopg.connect(pg_cluster.conninfo(), autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{name}" OWNER TO minrost_owner_t')
        owner = pg_cluster.conninfo(name, "minrost_owner_t")
        migrate(owner)
        app = pg_cluster.conninfo(name, OPERATOR_ROLE)
        old, new = LocalKey(os.urandom(32)), LocalKey(os.urandom(32))
        made = _fill(app, old)
        with psycopg.connect(owner) as conn:
            assert conn.execute("SELECT count(*) FROM children").fetchone() == (0,)
        report = rotate_master_key(owner, app, KeyRing(new, [old]), batch_size=4)
        assert (report.teams, report.rewrapped, report.remaining) == (2, 10, 0)
        assert _read_all(app, new, made) == 2 * PER_TEAM
        with psycopg.connect(app) as conn:
            assert conn.execute("SELECT count(*) FROM child_keys").fetchone() == (0,)
    finally:
        pg_cluster.drop_database(name)


def test_a_child_added_under_the_old_key_during_the_run_is_counted_as_left(server):
    """A process still on the old key adds a child after its team was done:
    the run reports it as left (not done), and the next run takes it."""
    app, owner = server
    old, new = LocalKey(os.urandom(32)), LocalKey(os.urandom(32))
    _fill(app, old)
    late: list[str] = []

    def add_late(team: str, _done: int) -> None:
        if team == "team-b" and not late:
            repo = PostgresRepository(app, team="team-a", master_key=old)
            try:
                child = Child.new("Testbarn sent")
                repo.add_child(child)
                late.append(child.id)
            finally:
                repo.close()

    both = KeyRing(new, [old])
    report = rotate_master_key(owner, app, both, batch_size=4, after_batch=add_late)
    assert (report.rewrapped, report.remaining) == (2 * PER_TEAM, 1)
    assert _key_ids(owner) == {new.key_id: 2 * PER_TEAM, old.key_id: 1}
    assert rotate_master_key(owner, app, both).rewrapped == 1
    repo = PostgresRepository(app, team="team-a", master_key=new)
    try:
        assert repo.get_child(late[0]).display_name == "Testbarn sent"
    finally:
        repo.close()


KILLED_INSIDE_A_BATCH = """
import base64, os, signal, sys
from app.storage.key_rotation import rotate_master_key
from app.storage.master_keys import KeyRing, LocalKey

owner, app, old, new = sys.argv[1:5]
ring = KeyRing(LocalKey(base64.b64decode(new)), [LocalKey(base64.b64decode(old))])
real, calls = ring.wrap, []

def wrap(data_key, aad):
    calls.append(1)
    if len(calls) == 5:  # the second row of the second batch of 3
        os.kill(os.getpid(), signal.SIGKILL)
    return real(data_key, aad)

ring.wrap = wrap
rotate_master_key(owner, app, ring, batch_size=3)
"""


def test_a_rotation_killed_inside_a_batch_loses_only_that_batch(server):
    """The process killed (SIGKILL) in the middle of a batch's transaction:
    the batches before it stay done, that batch is as it was, every child
    opens with both keys, and a rerun finishes."""
    import subprocess
    import sys

    app, owner = server
    old_b64, new_b64 = LocalKey.generate(), LocalKey.generate()
    old = LocalKey.from_env({"K": old_b64}, "K")
    new = LocalKey.from_env({"K": new_b64}, "K")
    made = _fill(app, old)
    done = subprocess.run(
        [sys.executable, "-c", KILLED_INSIDE_A_BATCH, owner, app, old_b64, new_b64],
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == -9, done.stderr
    assert _key_ids(owner) == {new.key_id: 3, old.key_id: 2 * PER_TEAM - 3}
    both = KeyRing(new, [old])
    assert _read_all(app, both, made) == 2 * PER_TEAM
    report = rotate_master_key(owner, app, both)
    assert (report.rewrapped, report.already, report.remaining) == (
        2 * PER_TEAM - 3,
        3,
        0,
    )
    assert _read_all(app, new, made) == 2 * PER_TEAM
