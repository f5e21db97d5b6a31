"""A team server's workers (deploy/): separate processes on one PostgreSQL.

A save through one worker reaches the screens another worker serves
(LISTEN/NOTIFY); a tablet whose worker dies comes back, through HAProxy, to
the child's screens on another worker — never to a workspace.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from app.storage.postgres import OPERATOR_ROLE
from tests.browser.conftest import csp_breakages
from tests.browser.flutter import LOAD_TIMEOUT_MS, button, open_app, tap
from tests.browser.server import as_seeded_browser, free_port
from tests.browser.team import HAProxy, seed_team, start_workers

GRID = "/barn/bra-pa"


@pytest.fixture
def team(pg_cluster, pg_database, tmp_path):
    """The seeded team database (child mode on the seeded browser)."""
    return seed_team(pg_cluster.conninfo(pg_database, OPERATOR_ROLE), tmp_path / "seed")


@pytest.fixture
def seeded_tablet(browser):
    """A tablet context holding the seeded browser's device cookie."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 800},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=1,
        ignore_https_errors=True,  # the proxy's self-signed certificate
    )
    as_seeded_browser(context)
    breakages = csp_breakages(context)
    yield context
    context.close()
    assert not breakages, breakages


def test_a_tap_on_one_worker_is_shown_by_a_tablet_on_another(
    tmp_path, team, seeded_tablet
):
    """The same child session open on worker 1 and on worker 2: Matte *Roligt*
    tapped on 1 appears on 2's screen, Musik *Bra på* tapped on 2 on 1's."""
    one, two = start_workers(tmp_path, team, 2)
    try:
        first = seeded_tablet.new_page()
        open_app(first, one.url + GRID)
        second = seeded_tablet.new_page()
        open_app(second, two.url + GRID)
        for page in (first, second):
            expect(button(page, "Matte")).to_be_visible(timeout=LOAD_TIMEOUT_MS)

        tap(first, "Roligt", touch=True)
        tap(first, "Matte", touch=True)
        expect(button(second, "Matte")).to_have_accessible_name(
            "Matte Roligt", timeout=15_000
        )
        tap(second, "Bra på", touch=True)
        tap(second, "Musik", touch=True)
        expect(button(first, "Musik")).to_have_accessible_name(
            "Musik Bra på", timeout=15_000
        )
    finally:
        one.stop()
        two.stop()
    assert team.stored_marks() == {"maths": ["fun"], "music": ["good_at"]}
    assert re.search(r"/barn/bra-pa$", first.url)


def test_a_tablet_whose_worker_died_comes_back_to_the_childs_screens(
    tmp_path, team, seeded_tablet
):
    """Two workers behind deploy/haproxy.cfg; the tablet in child mode loses its
    worker (killed): it reconnects through HAProxy to the other one and shows
    the child's screens — its taps saved there — never a workspace."""
    port = free_port()
    public = f"https://127.0.0.1:{port}"
    workers = start_workers(
        tmp_path,
        team,
        2,
        MINROST_PUBLIC_URL=public,
        MINROST_TRUSTED_PROXIES="127.0.0.1",
    )
    proxy = HAProxy(tmp_path / "haproxy", port, [w.port for w in workers])
    try:
        proxy.wait_ready()
        tablet = seeded_tablet.new_page()
        open_app(tablet, public + GRID)
        expect(button(tablet, "Matte")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        routed = {c["name"]: c for c in seeded_tablet.cookies()}["MINROST_WORKER"]
        assert routed["secure"]
        assert routed["httpOnly"]
        dead = workers[int(routed["value"].removeprefix("w")) - 1]
        shown_by_dead = button(tablet, "Matte").first.get_attribute("id")
        dead.proc.kill()
        dead.proc.wait()
        # The Flet client reconnects by itself; the other worker's new session
        # draws the screen afresh (new semantics nodes). A tap while it is
        # away would be lost, as on a real tablet, so the child taps after.
        expect(button(tablet, "Matte")).not_to_have_attribute(
            "id", shown_by_dead or "", timeout=LOAD_TIMEOUT_MS
        )

        tap(tablet, "Roligt", touch=True)
        tap(tablet, "Matte", touch=True)
        expect(button(tablet, "Matte")).to_have_accessible_name(
            "Matte Roligt", timeout=LOAD_TIMEOUT_MS
        )
        expect(tablet).to_have_url(re.compile(r"/barn/"))
        # Not the workspace, whatever guards it (the team PIN today, sign-in
        # later): none of its controls, none of its routes.
        for workspace_only in ("Ny session", "Lägg till"):
            expect(button(tablet, workspace_only)).to_have_count(0)
        expect(
            tablet.get_by_role("textbox", name="Barnets namn eller initialer")
        ).to_have_count(0)
        assert "/arbete" not in tablet.url
    finally:
        proxy.stop()
        for worker in workers:
            worker.stop()
    assert team.stored_marks() == {"maths": ["fun"]}
