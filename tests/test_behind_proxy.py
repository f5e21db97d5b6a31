"""The real server behind a reverse proxy (deploy/): its public name, and
forwarded headers believed from the proxy's address only.

The server is started as deploy/ runs it: ``MINROST_PUBLIC_URL`` is the name
browsers use, ``MINROST_TRUSTED_PROXIES`` the proxy's address. The proxy here
is 127.0.0.2 (a loopback address the tests connect *from*); a client on
127.0.0.1 is "anyone else".
"""

from __future__ import annotations

import http.client
import socket

import msgpack
import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from app.web import DEVICE_COOKIE
from tests.browser.server import AppServer

PUBLIC = "minrost.example"
PROXY = "127.0.0.2"
ANYONE = "127.0.0.1"
REGISTER = b"\x00" + msgpack.packb(
    [
        1,
        {
            "session_id": None,
            "page_name": "",
            "page": {"route": "/", "web": True, "width": 1280, "height": 800},
        },
    ]
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the module, configured for a proxy on 127.0.0.2."""
    srv = AppServer(
        tmp_path_factory.mktemp("proxied") / "data",
        extra_env={
            "MINROST_PUBLIC_URL": f"https://{PUBLIC}",
            "MINROST_TRUSTED_PROXIES": PROXY,
        },
    )
    srv.wait_ready()
    yield srv
    srv.stop()


def get_from(
    server: AppServer, source: str, path: str = "/", headers: dict | None = None
) -> http.client.HTTPResponse:
    """GET ``path`` on a connection made from the address ``source``."""
    conn = http.client.HTTPConnection(
        "127.0.0.1", server.port, timeout=30, source_address=(source, 0)
    )
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    conn.close()
    return response


def device_cookie(response: http.client.HTTPResponse) -> str:
    (cookie,) = [
        value
        for value in response.headers.get_all("set-cookie") or []
        if value.startswith(f"{DEVICE_COOKIE}=")
    ]
    return cookie.lower()


def test_tls_ended_by_the_proxy_makes_the_device_cookie_secure(server):
    """From the proxy, X-Forwarded-Proto: https means TLS: the cookie is Secure."""
    response = get_from(
        server,
        PROXY,
        headers={
            "Host": PUBLIC,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "198.51.100.7",
        },
    )
    assert response.status == 200
    assert "; secure" in device_cookie(response)


def test_forwarded_headers_from_anyone_but_the_proxy_are_not_believed(server):
    """A client that is not the proxy cannot claim https (nor another address)
    by sending X-Forwarded-*: the public page is served, as plain http."""
    response = get_from(
        server,
        ANYONE,
        headers={
            "Host": PUBLIC,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "198.51.100.7",
        },
    )
    assert response.status == 200
    assert "; secure" not in device_cookie(response)


def open_ws(server: AppServer, *, origin: str, host: str, source: str = PROXY):
    """A WebSocket to /ws as the proxy passes it on (Host and Origin kept)."""
    sock = socket.create_connection(
        ("127.0.0.1", server.port), timeout=10, source_address=(source, 0)
    )
    return connect(
        f"ws://{host}/ws",
        sock=sock,
        origin=origin,
        proxy=None,
        open_timeout=10,
        additional_headers={"X-Forwarded-Proto": "https"},
    )


def test_the_public_origin_opens_the_websocket(server):
    """The page served under the public name opens the app's WebSocket."""
    with open_ws(server, origin=f"https://{PUBLIC}", host=PUBLIC) as ws:
        ws.send(REGISTER)
        reply = ws.recv(timeout=30)
    action, body = msgpack.unpackb(reply[1:], strict_map_key=False)
    assert action == 1
    assert body["session_id"]


@pytest.mark.parametrize(
    "origin", [f"http://{PUBLIC}", "https://evil.example", f"https://{PUBLIC}:8443"]
)
def test_other_origins_are_still_refused_behind_the_proxy(server, origin):
    """Another origin (another scheme, host or port) gets HTTP 403."""
    with pytest.raises(InvalidStatus) as refused:
        open_ws(server, origin=origin, host=PUBLIC)
    assert refused.value.response.status_code == 403


def test_the_health_check_answers_ok(server):
    """HAProxy's check: GET /healthz is a plain "ok", not the app's page."""
    response = get_from(server, PROXY, "/healthz", headers={"Host": "127.0.0.1"})
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert response.body == b"ok"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "url", ["minrost.kommun.example", "ftp://minrost.kommun.example", "https://x/app"]
)
def test_a_public_url_that_is_no_site_address_stops_the_start(
    url, tmp_path, monkeypatch
):
    """`serve --public-url` must be an http(s) origin: anything else stops the
    start with one sentence, before a folder or database is opened."""
    from app import main

    monkeypatch.setenv("MINROST_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(SystemExit, match="--public-url"):
        main.serve("127.0.0.1", public_url=url)
    assert not (tmp_path / "data").exists()
