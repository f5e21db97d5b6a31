"""Signing in on a team server through a real OpenID Connect provider.

`python -m app serve` on the throwaway PostgreSQL cluster, with sign-in
configured against tests/oidc_provider (npm oidc-provider); headless Chromium
signs in on the provider's own login form, opens a child created beforehand
and assigned to them, and starts a session: the team's users table and audit
name that person.
"""

from __future__ import annotations

import psycopg
import pytest
from playwright.sync_api import expect

from app.domain.models import Child
from app.storage.postgres import (
    APP_ROLE,
    OPERATOR_ROLE,
    AuditReader,
    MasterKey,
    PostgresRepository,
    migrate,
)
from tests.browser.flutter import LOAD_TIMEOUT_MS, button, expect_text, open_app, tap
from tests.browser.oidc_provider import (
    TEST_USER,
    OidcProvider,
    sign_in_at_the_provider,
    signing_in_app,
)
from tests.browser.server import free_port

CHILD = "Testbarn Påhittad"


@pytest.fixture
def team_server(pg_cluster, tmp_path):
    """Team *norr* on a migrated database with one child, the provider, and
    ``python -m app serve`` signing in through it; (server, child, owner)."""
    name = pg_cluster.create_database()
    owner = pg_cluster.conninfo(name)
    app = pg_cluster.conninfo(name, APP_ROLE)
    migrate(owner)
    master = MasterKey.generate()
    # The child is added by an administrator command (the whole team) and
    # assigned to the test person, who is known to the team from before.
    repo = PostgresRepository(
        pg_cluster.conninfo(name, OPERATOR_ROLE),
        team="norr",
        master_key=MasterKey.from_env({"MINROST_MASTER_KEY": master}),
    )
    child = Child.new(CHILD)
    repo.add_child(child)
    repo.close()
    port = free_port()
    provider = OidcProvider(f"http://127.0.0.1:{port}/oauth_callback", tmp_path)
    with psycopg.connect(owner) as conn:
        conn.execute(
            "INSERT INTO users (team_id, id, issuer, subject, name, role)"
            " VALUES ('norr', 'u-test', %s, %s, '', 'counsellor')",
            (provider.issuer, TEST_USER),
        )
        conn.execute(
            "INSERT INTO case_access (team_id, child_id, user_id, assigned_by)"
            " VALUES ('norr', %s, 'u-test', 'app')",
            (child.id,),
        )
    server = None
    try:
        provider.wait_ready()
        server = signing_in_app(
            provider, tmp_path, master=master, database=app, port=port
        )
        server.wait_ready()
        yield server, child, owner
    finally:
        if server is not None:
            server.stop()
        provider.stop()
        pg_cluster.drop_database(name)


def test_a_counsellor_signs_in_and_the_audit_names_them(laptop, team_server):
    """Sign in through the provider (again after a reload, which signs out),
    open the team's child, start a session: the user is in `users` and the
    audit row names their app id."""
    server, child, owner = team_server
    open_app(laptop, server.url)
    expect(button(laptop, "Logga in")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(laptop.get_by_text(CHILD)).to_have_count(0)
    sign_in_at_the_provider(laptop)
    expect_text(laptop, CHILD)
    open_app(laptop, server.url)  # a reload: Flet re-attaches, signed out
    expect(button(laptop, "Logga in")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    expect(laptop.get_by_text(CHILD)).to_have_count(0)
    sign_in_at_the_provider(laptop, remembered=True)
    expect_text(laptop, CHILD)
    laptop.get_by_text(CHILD).first.click()
    tap(laptop, "Ny session")
    tap(laptop, "Starta barnläget")
    expect(button(laptop, "Det här är jag bra på")).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )
    with psycopg.connect(owner) as conn:
        users = conn.execute(
            "SELECT id, subject, name, role FROM users WHERE team_id = 'norr'"
        ).fetchall()
    assert [u[1:] for u in users] == [(TEST_USER, "Testa Testsson", "counsellor")]
    user_id = users[0][0]
    rows = AuditReader(owner, team="norr").search(child_id=child.id)
    assert ("session_saved", user_id) in [(r.action, r.actor) for r in rows]


def test_leaving_child_mode_takes_a_fresh_sign_in(laptop, team_server):
    """A reload or a new session keeps the tablet in child mode (signed out);
    leaving it needs the provider's login form again, then the child's page."""
    server, _child, owner = team_server
    open_app(laptop, server.url)
    sign_in_at_the_provider(laptop)
    expect_text(laptop, CHILD)
    laptop.get_by_text(CHILD).first.click()
    tap(laptop, "Ny session")
    tap(laptop, "Starta barnläget")
    expect(button(laptop, "Det här är jag bra på")).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )
    open_app(laptop, server.url + "/")
    expect(button(laptop, "Det här är jag bra på")).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )
    # A new Flet session of this browser (a new tab, or after its worker
    # died) knows the tablet by its device cookie, which the provider's
    # redirect back must not have replaced.
    tab = laptop.context.new_page()
    open_app(tab, server.url + "/")
    expect(button(tab, "Det här är jag bra på")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    tab.close()
    open_app(laptop, server.url + "/las-upp")
    expect_text(laptop, "En vuxen i teamet loggar in på nytt")
    sign_in_at_the_provider(laptop)  # the provider asks again (prompt=login)
    expect(button(laptop, "Ny session")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    with psycopg.connect(owner) as conn:
        assert conn.execute("SELECT count(*) FROM active_sessions").fetchone() == (0,)
