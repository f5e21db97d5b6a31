"""The web layer: Flet's ASGI app behind same-origin checks and security headers.

``ft.run(..., export_asgi_app=True)`` gives Flet's FastAPI app; :func:`build_app`
wraps it in starlette middleware and :func:`serve` runs it with uvicorn, as
``ft.run`` itself would (``ws="websockets-sansio"``).

From the outside in:

* uvicorn's ``ProxyHeadersMiddleware`` (only with ``trusted_proxies``, e.g.
  HAProxy on loopback): ``X-Forwarded-Proto``/``-For`` from those addresses
  say the scheme and the browser's address; from any other address they are
  ignored, so nobody can claim https or another IP by sending them.
* ``TrustedHostMiddleware`` answers only requests whose ``Host`` is this server
  (127.0.0.1, localhost, the ``serve --host`` address or the public name of
  ``serve --public-url``): a DNS-rebinding page that points its own name at us
  is refused.
* :class:`SameOriginWebSocket` refuses a WebSocket upgrade whose ``Origin`` is
  not the app's own page, so no other web page can open ``/ws`` and read what
  the app shows.
* ``/healthz`` answers ``ok`` (the proxy's health check) before the app.
* :class:`DeviceCookie` gives each browser a random device secret in an
  HttpOnly, SameSite=Strict cookie (``Secure`` under TLS, also TLS ended by
  a trusted proxy) and tells the Flet session which browser it
  serves (:func:`current_device`); child mode is bound to it.
* :class:`SecurityHeaders` adds the CSP and the other headers to every HTTP
  response and removes Flet's ``Access-Control-Allow-Origin: *``.
* :class:`app.client_files.Precompressed` serves the client's big files
  compressed (built once into the cache folder) and sets their cache headers.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import ipaddress
import re
import secrets
from collections.abc import Iterator
from contextvars import ContextVar
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import HTTPConnection
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocketClose

DEVICE_COOKIE = "minrost_device"
DEVICE_COOKIE_MAX_AGE = 400 * 24 * 3600
"""400 days, the longest a browser keeps a cookie (Chrome caps it there)."""
_DEVICE_SECRET = re.compile(r"[A-Za-z0-9_-]{43}")
"""What ``secrets.token_urlsafe(32)`` gives; anything else is treated as absent."""

_current_device: ContextVar[str] = ContextVar("minrost_device", default="")

LOOPBACK_NAMES = ("127.0.0.1", "localhost")

OAUTH_CALLBACK_PATH = "/oauth_callback"
"""Flet's route where the identity provider sends the browser back (sign-in)."""

# The Content-Security-Policy, found by running the Flet 1.0.5 web client in
# headless Chromium on both renderers (wasm/skwasm and CanvasKit) and reading
# the violation reports (tests/browser/test_web_security.py keeps it honest).
# ``{scripts}`` and ``{connect}`` are filled per page; see docs/security.md.
CSP_TEMPLATE = (
    "default-src 'self'; "
    "script-src 'self' 'wasm-unsafe-eval' {scripts}; "
    "style-src 'self' 'unsafe-inline'; "
    "img-src 'self'; "
    "font-src 'self'; "
    "media-src 'self' data:; "
    "connect-src 'self' {connect}; "
    "worker-src 'self' blob:; "
    "object-src 'none'; "
    "base-uri 'self'; "
    "form-action 'none'; "
    "frame-ancestors 'none'"
)


def device_id(secret: str) -> str:
    """What is recorded for a browser: a hash of its device secret, never the secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def current_device() -> str:
    """The device id of the browser this Flet session serves ("" if unknown)."""
    return _current_device.get()


@contextlib.contextmanager
def presented_device(secret: str | None) -> Iterator[None]:
    """Act as the browser holding ``secret`` (the UI test harness uses this)."""
    token = _current_device.set(device_id(secret) if secret else "")
    try:
        yield
    finally:
        _current_device.reset(token)


def url_host(host: str) -> str:
    """``host`` as it appears in a URL (IPv6 literals in brackets)."""
    try:
        if ipaddress.ip_address(host).version == 6:
            return f"[{host}]"
    except ValueError:
        pass
    return host


def is_unspecified(host: str) -> bool:
    """Whether ``host`` means "every interface" (0.0.0.0, ::), not one address."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


HEALTH_PATH = "/healthz"


def public_origin(url: str) -> str:
    """The origin (``scheme://host[:port]``) of ``serve --public-url``.

    Raises ValueError for anything but an http(s) URL with a host name.
    """
    parsed = urlsplit(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.hostname:
        raise ValueError(url)
    if parsed.path not in ("", "/") or parsed.query or parsed.fragment:
        raise ValueError(url)
    default = 443 if parsed.scheme == "https" else 80
    port = parsed.port or default
    suffix = "" if port == default else f":{port}"
    return f"{parsed.scheme}://{url_host(parsed.hostname)}{suffix}".lower()


def allowed_hosts(host: str, public_url: str | None = None) -> list[str]:
    """The ``Host`` names this server answers to: loopback, its own address
    and the public name the proxy serves it under."""
    names = [*LOOPBACK_NAMES, url_host(host)]
    if public_url:
        hostname = urlsplit(public_origin(public_url)).hostname or ""
        names.append(url_host(hostname))
    return list(dict.fromkeys(name.lower() for name in names))


def allowed_origins(
    host: str, port: int, *, tls: bool = False, public_url: str | None = None
) -> list[str]:
    """The origins of the app's own page (``http://NAME:PORT``, https with TLS,
    and the public origin behind a proxy)."""
    scheme = "https" if tls else "http"
    suffix = "" if port == (443 if tls else 80) else f":{port}"
    origins = [f"{scheme}://{name}{suffix}" for name in allowed_hosts(host)]
    if public_url:
        origins.append(public_origin(public_url))
    return list(dict.fromkeys(origins))


class SameOriginWebSocket:
    """Refuse a WebSocket upgrade unless its ``Origin`` is one of the app's own.

    A browser always sends ``Origin`` with a WebSocket handshake, and a page
    cannot forge it; a request without one is refused too. Refused before
    ``accept``, so the client gets HTTP 403 and not one byte of the app.
    """

    def __init__(self, app: ASGIApp, origins: list[str]) -> None:
        self.app = app
        self.origins = frozenset(origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            origin = Headers(scope=scope).get("origin", "")
            if origin.lower() not in self.origins:
                await WebSocketClose(code=1008)(scope, receive, send)
                return
        await self.app(scope, receive, send)


class DeviceCookie:
    """Each browser's device secret: set on the page, read on the WebSocket.

    The page response (HTML) carries ``Set-Cookie`` with the browser's secret,
    or a new random one; the WebSocket handshake brings it back, and the Flet
    session started on that connection sees its hash as :func:`current_device`.
    """

    def __init__(self, app: ASGIApp, secure: bool = False) -> None:
        self.app = app
        self.secure = secure
        """Under TLS the cookie is ``Secure``: never sent over plain http."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        secret = HTTPConnection(scope).cookies.get(DEVICE_COOKIE, "")
        if not _DEVICE_SECRET.fullmatch(secret):
            secret = ""
        if scope["type"] == "http" and scope.get("path") == OAUTH_CALLBACK_PATH:
            # Reached from the identity provider's site, so the SameSite=Strict
            # cookie is not sent: a new secret here would replace the
            # browser's own and take it out of child mode.
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            # Flet runs main() in a task created inside this call, which
            # copies the context: the session sees this browser's device.
            with presented_device(secret):
                await self.app(scope, receive, send)
            return
        # scheme is https under TLS here or, through ProxyHeadersMiddleware,
        # TLS ended by a trusted proxy.
        secure = self.secure or scope.get("scheme") == "https"
        cookie = _device_cookie_header(
            secret or secrets.token_urlsafe(32), secure=secure
        )

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if _is_html(headers):
                    headers.append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _device_cookie_header(secret: str, *, secure: bool) -> str:
    response = Response()
    response.set_cookie(
        DEVICE_COOKIE,
        secret,
        max_age=DEVICE_COOKIE_MAX_AGE,
        path="/",
        secure=secure,
        httponly=True,
        samesite="strict",
    )
    return response.headers["set-cookie"]


def _is_html(headers: MutableHeaders | Headers) -> bool:
    return headers.get("content-type", "").lower().startswith("text/html")


class _InlineScripts(HTMLParser):
    """Collects the text of every inline ``<script>`` of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not any(name == "src" for name, _ in attrs):
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._text is not None:
            self.scripts.append("".join(self._text))
            self._text = None


def inline_script_hashes(html: str) -> list[str]:
    """CSP hash sources (``'sha256-…'``) of a page's inline scripts."""
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    digests = (hashlib.sha256(script.encode()).digest() for script in parser.scripts)
    return [f"'sha256-{base64.b64encode(d).decode()}'" for d in digests]


class SecurityHeaders:
    """Security headers on every HTTP response; the page itself is never cached.

    The page's inline scripts (Flet's configuration) are allowed by their
    SHA-256 hash, computed from the page as served, so no ``'unsafe-inline'``
    is needed for scripts.
    """

    def __init__(
        self,
        app: ASGIApp,
        host: str,
        port: int,
        tls: bool = False,
        public_url: str | None = None,
    ) -> None:
        self.app = app
        self.connect = " ".join(
            origin.replace("http", "ws", 1)  # http: → ws:, https: → wss:
            for origin in allowed_origins(host, port, tls=tls, public_url=public_url)
        )
        self._csp_by_page: dict[bytes, str] = {}

    def csp(self, page: bytes | None = None) -> str:
        """The Content-Security-Policy for ``page`` (its inline scripts allowed)."""
        scripts: list[str] = []
        if page:
            cached = self._csp_by_page.get(hashlib.sha256(page).digest())
            if cached is not None:
                return cached
            scripts = inline_script_hashes(page.decode("utf-8", "replace"))
        policy = CSP_TEMPLATE.format(scripts=" ".join(scripts), connect=self.connect)
        policy = re.sub(r" +;", ";", policy)
        if page:
            if len(self._csp_by_page) > 16:  # one page in practice; stay bounded
                self._csp_by_page.clear()
            self._csp_by_page[hashlib.sha256(page).digest()] = policy
        return policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] | None = None
        body: list[bytes] = []

        async def send_secured(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "access-control-allow-origin" in headers:
                    del headers["access-control-allow-origin"]
                headers["x-frame-options"] = "DENY"
                headers["x-content-type-options"] = "nosniff"
                headers["referrer-policy"] = "no-referrer"
                if _is_html(headers):
                    # Hold the page until its body is known: the CSP names
                    # its inline scripts' hashes.
                    headers["cache-control"] = "no-store"
                    start = message
                    return
                headers["content-security-policy"] = self.csp()
                await send(message)
            elif start is not None and message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = b"".join(body)
                MutableHeaders(scope=start)["content-security-policy"] = self.csp(page)
                await send(start)
                await send({"type": "http.response.body", "body": page})
            else:
                await send(message)

        await self.app(scope, receive, send_secured)


def build_app(
    main: Any,
    *,
    host: str,
    port: int,
    assets_dir: str,
    cache_dir: Path | None = None,
    tls: bool = False,
    public_url: str | None = None,
    trusted_proxies: list[str] | None = None,
) -> ASGIApp:
    """Flet's FastAPI app for ``main``, wrapped in the checks above.

    With a ``cache_dir`` the client's files are compressed there (once, in the
    background) and served compressed; without one they go out as they are.
    ``public_url`` is the address browsers use through a reverse proxy
    (``https://minrost.kommun.se``); ``trusted_proxies`` are the addresses
    (or networks) whose ``X-Forwarded-*`` headers are believed (deploy/).
    """
    import flet as ft
    import flet_web
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    from app.client_files import (
        Precompressed,
        VersionedClient,
        client_files,
        start_cache_build,
    )

    app = ft.run(main, assets_dir=assets_dir, no_cdn=True, export_asgi_app=True)
    _drop_api_docs(app)
    web_dir = Path(flet_web.get_package_web_dir())
    files = client_files(web_dir, Path(assets_dir))
    if cache_dir is not None:
        start_cache_build(files, cache_dir)
    app.router.routes.insert(0, Route(HEALTH_PATH, _health, methods=["GET", "HEAD"]))
    app.add_middleware(Precompressed, files=files, assets_dir=Path(assets_dir))
    app.add_middleware(VersionedClient, web_dir=web_dir, assets_dir=Path(assets_dir))
    app.add_middleware(
        SecurityHeaders, host=host, port=port, tls=tls, public_url=public_url
    )
    app.add_middleware(DeviceCookie, secure=tls)
    app.add_middleware(
        SameOriginWebSocket,
        origins=allowed_origins(host, port, tls=tls, public_url=public_url),
    )
    app.add_middleware(
        TrustedHostMiddleware, allowed_hosts=allowed_hosts(host, public_url)
    )
    if trusted_proxies:
        # Outermost: the scheme and client it sets are what every check sees.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=trusted_proxies)
    return app


async def _health(request: Any) -> Response:
    """The proxy's health check: this process serves (no data is read)."""
    return PlainTextResponse("ok")


def _drop_api_docs(app: Any) -> None:
    """Remove FastAPI's /docs, /redoc and /openapi.json (here and in Flet's app).

    This server has no API to document, and those pages load scripts from a CDN.
    """
    docs = {
        app.openapi_url,
        app.docs_url,
        app.redoc_url,
        app.swagger_ui_oauth2_redirect_url,
    }
    app.router.routes = [
        route for route in app.router.routes if getattr(route, "path", None) not in docs
    ]
    for route in app.router.routes:
        if isinstance(getattr(route, "app", None), FastAPI):
            _drop_api_docs(route.app)


def serve(
    app: ASGIApp, *, host: str, port: int, tls: tuple[str, str] | None = None
) -> None:
    """Run ``app`` with uvicorn until interrupted, as ``ft.run`` would.

    ``tls`` is (certificate file, key file): the app is then served over
    HTTPS (docs/deployment.md, "HTTPS on the school network").
    """
    import uvicorn

    certfile, keyfile = tls or (None, None)
    uvicorn.run(
        app,
        host=host,
        port=port,
        ssl_certfile=certfile,
        ssl_keyfile=keyfile,
        ws="websockets-sansio",
        # X-Forwarded-* are believed only through build_app's trusted_proxies
        # (uvicorn would otherwise trust 127.0.0.1 by default).
        proxy_headers=False,
        log_level="warning",
        server_header=False,
    )
