"""In real Chromium: no other page reaches the child, and the CSP lets the app run."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import msgpack
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import csp_breakages
from tests.browser.flutter import (
    LOAD_TIMEOUT_MS,
    button,
    expect_text,
    open_app,
    set_up_and_hand_over,
    tap,
)
from tests.browser.server import AppServer

ATTACKER_HOST = "127.0.0.2"
"""Another origin on this machine: a page any web site could have served."""

# What the Flutter client sends first: register a new session on the grid.
REGISTER = list(
    b"\x00"
    + msgpack.packb(
        [
            1,
            {
                "session_id": None,
                "page_name": "",
                "page": {
                    "route": "/barn/bra-pa",
                    "web": True,
                    "width": 1280,
                    "height": 800,
                    "platform": "linux",
                },
            },
        ]
    )
)

ATTACKER_PAGE = """<!doctype html><meta charset="utf-8"><title>elsewhere</title>
<script>
window.result = {opened: false, received: [], closed: null};
const ws = new WebSocket(%(target)s);
ws.binaryType = "arraybuffer";
ws.onopen = () => {
  window.result.opened = true;
  ws.send(new Uint8Array(%(register)s));
};
ws.onmessage = (e) => window.result.received.push(Array.from(new Uint8Array(e.data)));
ws.onclose = (e) => { window.result.closed = e.code; };
</script>"""


@pytest.fixture
def attacker_site(server):
    """A web server on 127.0.0.2 whose page opens the app's WebSocket."""
    page = ATTACKER_PAGE % {
        "target": json.dumps(f"ws://127.0.0.1:{server.port}/ws"),
        "register": json.dumps(REGISTER),
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = page.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    httpd = ThreadingHTTPServer((ATTACKER_HOST, 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://{ATTACKER_HOST}:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


def mark_maths(page) -> None:
    """On the grid: Matte is *Roligt*."""
    tap(page, "Det här är jag bra på")
    tap(page, "Roligt")
    tap(page, "Matte")
    expect(button(page, "Matte")).to_have_accessible_name(
        "Matte Roligt", timeout=LOAD_TIMEOUT_MS
    )


def test_a_page_from_another_origin_gets_nothing_of_the_childs_session(
    server, laptop, browser, attacker_site
):
    """Child mode on, a mark made: a page on 127.0.0.2 opening /ws receives nothing."""
    set_up_and_hand_over(laptop, server.url, "T. E.")
    mark_maths(laptop)

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(attacker_site)
        page.wait_for_function(
            "window.result.closed !== null || window.result.received.length >= 3",
            timeout=LOAD_TIMEOUT_MS,
        )
        page.wait_for_timeout(1_000)  # anything still in flight arrives
        result = page.evaluate("window.result")
    finally:
        context.close()
    leaked = b"".join(bytes(frame) for frame in result["received"])
    assert b"Matte" not in leaked
    assert result["received"] == []
    assert result["opened"] is False
    assert result["closed"] == 1006  # refused at the handshake


def test_another_browser_sees_the_lock_screen_not_the_childs_answers(
    server, laptop, browser
):
    """A second browser (no cookie) gets the PIN screen; the child's reloads home."""
    set_up_and_hand_over(laptop, server.url, "T. E.")
    mark_maths(laptop)

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    breakages = csp_breakages(context)
    try:
        other = context.new_page()
        open_app(other, server.url + "/")
        expect(other.get_by_role("textbox", name="PIN-kod")).to_be_visible(
            timeout=LOAD_TIMEOUT_MS
        )
        expect(button(other, "Det här är jag bra på")).to_have_count(0)
        open_app(other, server.url + "/barn/bra-pa")
        expect_text(other, "Ingen session är öppen")
        expect(button(other, "Matte")).to_have_count(0)
        expect(other.get_by_text("T. E.")).to_have_count(0)
    finally:
        context.close()
    assert not breakages, breakages

    open_app(laptop, server.url + "/")  # the child's browser, reloaded
    expect(button(laptop, "Det här är jag bra på")).to_be_visible(
        timeout=LOAD_TIMEOUT_MS
    )
    open_app(laptop, server.url + "/barn/bra-pa")
    expect(button(laptop, "Matte")).to_have_accessible_name(
        "Matte Roligt", timeout=LOAD_TIMEOUT_MS
    )


@pytest.fixture(params=["auto", "canvaskit"])
def renderer_server(request, tmp_path):
    """The server with Flutter's default renderer (wasm here) or CanvasKit."""
    env = {} if request.param == "auto" else {"FLET_WEB_RENDERER": request.param}
    srv = AppServer(tmp_path / "data", extra_env=env)
    srv.wait_ready()
    yield srv, request.param
    srv.stop()


def test_the_app_runs_under_its_csp_on_both_renderers(renderer_server, laptop):
    """With the CSP sent, first run to a mark on the grid works; nothing is blocked."""
    server, renderer = renderer_server
    response = laptop.goto(server.url)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    set_up_and_hand_over(laptop, server.url, "T. E.")
    assert laptop.evaluate("flet.webRenderer") == renderer
    mark_maths(laptop)
    # The laptop fixture fails the test on any CSP violation of the app's own.
