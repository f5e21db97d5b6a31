"""The real server, spoken to by plain clients: same origin only, and its headers."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request

import msgpack
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.browser.server import ROOT, AppServer, free_port

REGISTER = b"\x00" + msgpack.packb(
    [
        1,  # MessageAction.REGISTER_CLIENT, what the Flutter client sends first
        {
            "session_id": None,
            "page_name": "",
            "page": {"route": "/", "web": True, "width": 1280, "height": 800},
        },
    ]
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One real server (``python -m app``) for the module."""
    srv = AppServer(tmp_path_factory.mktemp("web") / "data")
    srv.wait_ready()
    yield srv
    srv.stop()


def open_ws(server: AppServer, *, origin: str | None, host: str = "127.0.0.1"):
    """A WebSocket to the app's /ws, sending ``origin`` and ``Host: host:PORT``."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=10)
    return connect(
        f"ws://{host}:{server.port}/ws",
        sock=sock,
        origin=origin,
        proxy=None,
        open_timeout=10,
    )


def get(url: str, host: str | None = None):
    """GET ``url`` (optionally with another Host header); the response, any status."""
    headers = {"Host": host} if host else {}
    try:
        return urllib.request.urlopen(urllib.request.Request(url, headers=headers))
    except urllib.error.HTTPError as exc:
        return exc


def test_a_websocket_from_another_origin_is_refused(server):
    """A page on http://evil.example cannot open the app's WebSocket (HTTP 403)."""
    with pytest.raises(InvalidStatus) as refused:
        open_ws(server, origin="http://evil.example")
    assert refused.value.response.status_code == 403


def test_a_websocket_from_another_port_on_this_machine_is_refused(server):
    """Another local web server's page (same host, other port) is another origin."""
    with pytest.raises(InvalidStatus) as refused:
        open_ws(server, origin=f"http://127.0.0.1:{server.port + 1}")
    assert refused.value.response.status_code == 403


def test_a_websocket_without_an_origin_is_refused(server):
    """Browsers always send Origin; a handshake without one is not let in either."""
    with pytest.raises(InvalidStatus) as refused:
        open_ws(server, origin=None)
    assert refused.value.response.status_code == 403


def test_an_unknown_host_header_is_refused(server):
    """``Host: evil.example`` (DNS rebinding) gets 400, on the page and the socket."""
    assert get(server.url + "/", host="evil.example").status == 400
    with pytest.raises(InvalidStatus) as refused:
        open_ws(server, origin="http://evil.example", host="evil.example")
    assert refused.value.response.status_code == 400


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost"])
def test_the_apps_own_page_still_opens_the_websocket(server, name):
    """From the app's own origin the handshake and Flet's registration work."""
    with open_ws(server, origin=f"http://{name}:{server.port}", host=name) as ws:
        ws.send(REGISTER)
        reply = ws.recv(timeout=30)
    assert reply[0] == 0
    action, body = msgpack.unpackb(reply[1:], strict_map_key=False)
    assert action == 1
    assert body["session_id"]


PAGE_PATHS = ["/", "/barn/bra-pa"]
OTHER_PATHS = [
    "/flutter_bootstrap.js",
    "/pictograms/png/128/maths.png",
    "/pictograms/png/128/finns-inte.png",
]


@pytest.mark.parametrize("path", PAGE_PATHS + OTHER_PATHS)
def test_every_response_carries_the_security_headers(server, path):
    """CSP with frame-ancestors 'none', DENY, nosniff, no-referrer; no CORS wildcard."""
    response = get(server.url + path)
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Access-Control-Allow-Origin"] is None


def test_a_missing_asset_is_a_404_with_the_headers(server):
    """A file that does not exist is a 404, secured like everything else."""
    response = get(server.url + "/pictograms/png/128/finns-inte.png")
    assert response.status == 404
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("path", PAGE_PATHS)
def test_the_page_is_never_cached_and_gives_the_browser_its_device_cookie(server, path):
    """The HTML: Cache-Control no-store; an HttpOnly, SameSite=Strict device cookie."""
    headers = get(server.url + path).headers
    assert headers["Cache-Control"] == "no-store"
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("minrost_device=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie


def test_the_csp_allows_the_pages_own_inline_scripts_by_hash_only(server):
    """No 'unsafe-inline' for scripts: each inline script is allowed by its hash."""
    response = get(server.url + "/")
    html = response.read().decode()
    script_src = re.search(
        r"script-src ([^;]*)", response.headers["Content-Security-Policy"]
    )[1]
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src.replace("'wasm-unsafe-eval'", "")
    inline = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert inline
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src


def test_each_browser_gets_its_own_device_secret(server):
    """Two first visits get two different secrets; a known one is kept."""
    first = get(server.url + "/").headers["Set-Cookie"].split(";")[0]
    second = get(server.url + "/").headers["Set-Cookie"].split(";")[0]
    assert first != second
    request = urllib.request.Request(server.url + "/", headers={"Cookie": first})
    with urllib.request.urlopen(request) as again:
        assert again.headers["Set-Cookie"].split(";")[0] == first


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_serving_on_every_interface_is_refused_with_a_sentence(tmp_path, host):
    """Host checks answer one address: --host 0.0.0.0 is refused, in words."""
    env = dict(
        os.environ,
        MINROST_DATA_DIR=str(tmp_path / "data"),
        MINROST_PORT=str(free_port()),
    )
    done = subprocess.run(
        [sys.executable, "-m", "app", "serve", "--host", host],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "Ange datorns egen nätverksadress" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_sign_in_callback_keeps_the_browsers_device_cookie():
    """The provider's redirect back (no SameSite=Strict cookie) sets no new device."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse
    from starlette.routing import Route
    from starlette.testclient import TestClient

    from app.web import OAUTH_CALLBACK_PATH, DeviceCookie

    def page(_request):
        return HTMLResponse("<p>signed in</p>")

    inner = Starlette(routes=[Route("/", page), Route(OAUTH_CALLBACK_PATH, page)])
    client = TestClient(DeviceCookie(inner))
    assert "set-cookie" in client.get("/").headers
    client.cookies.clear()
    assert "set-cookie" not in client.get(OAUTH_CALLBACK_PATH).headers
