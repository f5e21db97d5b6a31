"""A team server with sign-in: the workspace and leaving child mode need a
signed-in person from the identity provider, never the team's PIN."""

from __future__ import annotations

import os

import pytest
from conftest import FAST_HASHER, PIN
from harness import THIS_BROWSER, Harness

from app.domain.models import Child, Session
from app.domain.staff import Role
from app.oidc import Identity, OidcConfig, OidcSignIn
from app.security import PinGuard
from app.storage.postgres import APP_ROLE, AuditReader, MasterKey, PostgresRepository
from app.team_server import TeamServer
from app.ui.app import build_main
from app.web import device_id

ISSUER = "https://idp.example.test"


@pytest.fixture
def team(pg_cluster, pg_database, tmp_path):
    """Team *norr* with sign-in configured (and, from before, a team PIN)."""
    (tmp_path / "team-server").mkdir()
    repo = PostgresRepository(
        pg_cluster.conninfo(pg_database, APP_ROLE),
        team="norr",
        master_key=MasterKey(os.urandom(32)),
        data_dir=tmp_path / "team-server",
    )
    PinGuard(repo, hasher=FAST_HASHER).set_pin(PIN)
    signin = OidcSignIn(
        OidcConfig(issuer=ISSUER, client_id="min-rost", groups={}),
        "http://127.0.0.1:8550/oauth_callback",
    )
    yield TeamServer(repo, signin), pg_cluster.conninfo(pg_database)
    repo.close()


@pytest.fixture
def team_main(team):
    server, _owner = team
    return build_main(
        server.base, hasher=FAST_HASHER, idle_watch=False, encrypt=False, team=server
    )


def test_the_workspace_asks_for_sign_in_not_the_pin(team_main):
    """With sign-in configured the team PIN opens nothing: Logga in is shown."""
    with Harness(team_main) as h:
        assert h.exists("sign-in")
        assert not h.exists("pin")
        assert "Logga in med kommunens konto för att öppna arbetsytan." in h.texts()


def test_a_signed_in_user_works_under_their_own_name(team, team_main):
    """After a verified sign-in the workspace opens and the audit names the user."""
    server, owner = team
    with Harness(team_main) as h:
        user = server.admit(Identity(ISSUER, "sub-1", "Testa", "norr", Role.COUNSELLOR))
        h.run_in_app(lambda: h.page.data.sign_in(user, server.store_for(user)))
        assert not h.exists("sign-in")
        h.type("child-name", "A. B.")
        h.click("add-child")
    (child,) = server.store_for(user).list_children()
    rows = AuditReader(owner, team="norr").search(child_id=child.id)
    # The add and the reads that showed it (audit22 logs reads) name the user.
    assert ("child_added", user.id) in [(r.action, r.actor) for r in rows]
    assert {r.actor for r in rows} == {user.id}


def test_a_refused_sign_in_says_why(team_main):
    """A person in no mapped group is told so, in words, on the sign-in card."""
    with Harness(team_main) as h:
        h.run_in_app(lambda: h.page.data.sign_in_status.refuse("no_group"))
        assert h.exists("sign-in-error")
        assert any("hör inte till någon grupp" in t for t in h.texts())


def test_leaving_child_mode_needs_a_fresh_sign_in_not_the_pin(team, team_main):
    """On a team server, /las-upp offers sign-in (forced), never the PIN field;
    a new browser session of the tablet (a reload) stays in child mode, working
    as the counsellor who handed it over (the only one who may see the child)."""
    server, _owner = team
    user = server.admit(Identity(ISSUER, "sub-1", "Testa", "norr", Role.COUNSELLOR))
    counsellor = server.store_for(user)  # who adds a child is assigned to it
    child = Child.new("A. A.")
    counsellor.add_child(child)
    session = Session.new(child.id)
    counsellor.save_session(session)
    counsellor.set_active(child.id, session.id, device=device_id(THIS_BROWSER))
    with Harness(team_main, route="/las-upp") as h:
        assert h.exists("sign-in")
        assert not h.exists("pin")
    with Harness(team_main, route="/") as h:
        assert h.route == "/barn"
    assert server.base.active(device=device_id(THIS_BROWSER)) == (child.id, session.id)


def test_a_counsellors_fresh_sign_in_ends_child_mode(team, team_main):
    """The verified sign-in from /las-upp ends child mode on this tablet only."""
    server, _owner = team
    user = server.admit(Identity(ISSUER, "sub-1", "Testa", "norr", Role.COUNSELLOR))
    counsellor = server.store_for(user)  # who adds a child is assigned to it
    child = Child.new("A. A.")
    counsellor.add_child(child)
    session = Session.new(child.id)
    counsellor.save_session(session)
    counsellor.set_active(child.id, session.id, device=device_id(THIS_BROWSER))
    counsellor.set_active(child.id, session.id, device="another-tablet")
    with Harness(team_main, route="/las-upp") as h:
        h.run_in_app(
            lambda: h.page.data.leave_child_mode_signed_in(user, server.store_for(user))
        )
        h.run_in_app(lambda: h.page.navigate(f"/arbete/barn/{child.id}"))
        assert h.route == f"/arbete/barn/{child.id}"
        assert not h.exists("sign-in")
    assert server.base.active(device=device_id(THIS_BROWSER)) is None
    assert server.base.active(device="another-tablet") == (child.id, session.id)


def test_signing_in_again_after_a_hand_over_opens_the_workspace(team, team_main):
    """A hand-over signs the counsellor out (the lock stays open): the next
    sign-in in the same browser session shows the workspace, not the card."""
    server, _owner = team
    user = server.admit(Identity(ISSUER, "sub-1", "Testa", "norr", Role.COUNSELLOR))
    with Harness(team_main) as h:
        state = h.page.data
        h.run_in_app(lambda: state.sign_in(user, server.store_for(user)))
        assert h.exists("add-child")
        h.run_in_app(lambda: setattr(state, "staff", None))  # as a hand-over does
        h.run_in_app(lambda: h.page.navigate("/om"))
        h.run_in_app(lambda: h.page.navigate("/"))
        assert h.exists("sign-in")
        h.run_in_app(state.sign_in_status.wait)

        def verified() -> None:  # what the login handler does, in this order
            state.sign_in_status.clear()
            state.sign_in(user, server.store_for(user))

        h.run_in_app(verified)
        assert h.exists("add-child")
        assert not h.exists("sign-in")
