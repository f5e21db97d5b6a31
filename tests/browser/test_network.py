"""What the client asks the network for: only the app's own files, each once."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from app.ui import theme
from tests.browser.flutter import (
    button,
    expect_text,
    open_app,
    set_up_and_hand_over,
    tap,
)
from tests.browser.network import NetworkLog
from tests.browser.server import AppServer
from tests.browser.test_day import next_step, touch
from tests.browser.test_meeting import unlock_child_mode

DWELL_MS = 25_000
"""How long the test watches a screen for repeated requests (the loop of
issue #24 made ~8 requests a second; once is enough to see it)."""


@pytest.fixture
def canvaskit_server(tmp_path):
    """The app on the CanvasKit path, the one iPads and Firefox take."""
    srv = AppServer(tmp_path / "data", extra_env={"FLET_WEB_RENDERER": "canvaskit"})
    srv.wait_ready()
    yield srv
    srv.stop()


def client_base(url: str) -> str:
    """Where the served page tells the Flutter loader the client's assets are."""
    with urllib.request.urlopen(url) as response:
        page = response.read().decode()
    return re.search(r'flet\.assetBase="([^"]*)"', page)[1]


def manifest_fonts(url: str) -> set[str]:
    """URL paths of every font the app declares: its font manifest and page.fonts."""
    base = client_base(url)
    with urllib.request.urlopen(f"{url}{base}assets/FontManifest.json") as response:
        manifest = json.load(response)
    paths = {
        f"{base}assets/" + font["asset"]
        for family in manifest
        for font in family["fonts"]
    }
    return paths | set(theme.FONT_FILES.values())


def test_the_canvaskit_client_settles_on_home_and_grid_without_404s(
    canvaskit_server, tablet
):
    """Home and grid on CanvasKit: no 404, no font outside the app's manifest."""
    log = NetworkLog.attach(tablet)
    set_up_and_hand_over(tablet, canvaskit_server.url)
    log.phase = "home"
    tablet.wait_for_timeout(DWELL_MS)
    log.phase = "grid"
    tap(tablet, "Det här är jag bra på", touch=True)
    button(tablet, "Matte").first.wait_for(timeout=60_000)
    tablet.wait_for_timeout(DWELL_MS)

    requests = log.in_phase("start", "home", "grid")
    assert len(requests) > 10  # the log really saw the client load
    assert [r.url for r in requests if r.status == 404] == []
    allowed = manifest_fonts(canvaskit_server.url)
    assert sorted({r.path for r in requests if r.is_font} - allowed) == []
    # A screen that waits for the child asks for nothing twice.
    settled = [r.path for r in log.in_phase("home", "grid")]
    assert len(settled) == len(set(settled)), sorted(settled)


def test_a_whole_session_asks_no_other_host_for_anything(server, tablet):
    """Start to export panel: every request, blocked ones too, goes to the app."""
    log = NetworkLog.attach(tablet)
    set_up_and_hand_over(tablet, server.url)  # start, PIN, a child, child mode
    tap(tablet, "Det här är jag bra på", touch=True)
    tap(tablet, "Roligt", touch=True)
    tap(tablet, "Matte", touch=True)
    open_app(tablet, server.url + "/barn")
    touch(tablet, "En vanlig dag")
    expect_text(tablet, "Välj bilder på vad du gör en vanlig dag.")
    next_step(tablet, "Är det något du gör idag som du skulle vilja göra")
    open_app(tablet, server.url + "/barn")
    touch(tablet, "Stämmer det här?")
    expect_text(tablet, "Det stämmer")
    unlock_child_mode(tablet, server.url)
    tap(tablet, "Exportera")
    expect_text(tablet, "Exportera till akten")

    assert len(log.urls) > 10  # the log really saw the session
    assert log.foreign(server.url) == []


def test_a_second_visit_asks_the_server_for_the_page_alone(server, tablet):
    """The client's files and the app's fonts are kept for good under their
    versions: a tablet that opened the app before starts it again asking only
    for the page, not a revalidation round trip per file (on school Wi-Fi,
    three waves of them before the first frame)."""
    open_app(tablet, server.url)
    button(tablet, "Spara PIN-kod").wait_for(timeout=60_000)
    tablet.wait_for_timeout(2_000)  # the fonts that come after the frame
    again = tablet.context.new_page()
    log = NetworkLog.attach(again)
    open_app(again, server.url)
    button(again, "Spara PIN-kod").wait_for(timeout=60_000)
    again.wait_for_timeout(2_000)

    assert len(log.requests) > 10  # the log saw the client load again
    assert [r.path for r in log.asked_server()] == ["/"]
