"""A verified sign-in becomes a user of the team, and their own repository
names them in the audit (``app.team_server.TeamServer``)."""

from __future__ import annotations

import os

import psycopg
import pytest

from app.domain.models import Child
from app.domain.staff import Role
from app.oidc import Identity, OidcConfig, OidcSignIn, SignInRefused
from app.storage.postgres import APP_ROLE, AuditReader, MasterKey, PostgresRepository
from app.team_server import TeamServer

ISSUER = "https://idp.example.test"


@pytest.fixture
def team_server(pg_cluster, pg_database):
    """A TeamServer for team "norr" on a fresh database."""
    app = pg_cluster.conninfo(pg_database, APP_ROLE)
    base = PostgresRepository(app, team="norr", master_key=MasterKey(os.urandom(32)))
    signin = OidcSignIn(
        OidcConfig(issuer=ISSUER, client_id="c", groups={}), "http://x/cb"
    )
    yield TeamServer(base, signin), pg_cluster.conninfo(pg_database)
    base.close()


def person(
    subject: str = "sub-1", *, team: str = "norr", name: str = "Testa"
) -> Identity:
    return Identity(ISSUER, subject, name, team, Role.COUNSELLOR)


def test_sign_in_upserts_one_user_per_person(team_server) -> None:
    """The same issuer + subject keeps its app id; name and role follow the provider."""
    server, owner = team_server
    first = server.admit(person())
    again = server.admit(
        Identity(ISSUER, "sub-1", "Testa Nyttnamn", "norr", Role.ADMIN)
    )
    other = server.admit(person("sub-2"))
    assert first.id == again.id != other.id
    assert (again.name, again.role) == ("Testa Nyttnamn", Role.ADMIN)
    with psycopg.connect(owner) as conn:
        rows = conn.execute(
            "SELECT team_id, id, subject, name, role FROM users ORDER BY subject"
        ).fetchall()
    assert rows == [
        ("norr", first.id, "sub-1", "Testa Nyttnamn", "admin"),
        ("norr", other.id, "sub-2", "Testa", "counsellor"),
    ]


def test_a_person_of_another_team_is_refused(team_server) -> None:
    """One process serves one team: a person mapped to another is not let in."""
    server, owner = team_server
    with pytest.raises(SignInRefused) as caught:
        server.admit(person(team="syd"))
    assert caught.value.reason == "other_team"
    with psycopg.connect(owner) as conn:
        assert conn.execute("SELECT count(*) FROM users").fetchone() == (0,)


def test_the_users_repository_names_them_in_the_audit(team_server) -> None:
    """store_for(user) shares the pool and writes audit rows naming user.id."""
    server, owner = team_server
    user = server.admit(person())
    store = server.store_for(user)
    assert store.pool is server.base.pool
    child = Child.new("Testbarn Påhittad")
    store.add_child(child)
    rows = AuditReader(owner, team="norr").search(child_id=child.id)
    assert [(r.actor, r.action) for r in rows] == [(user.id, "child_added")]


def test_each_sign_in_is_in_the_audit_under_the_persons_own_id(team_server) -> None:
    """Loggkontroll searching a user finds when they signed in (no name in the row)."""
    server, owner = team_server
    user = server.admit(person())
    server.admit(person())
    rows = AuditReader(owner, team="norr").search(actor=user.id)
    assert [(r.action, r.child_id) for r in rows] == [("signed_in", None)] * 2
