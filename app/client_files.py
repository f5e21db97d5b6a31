"""The web client's big files, compressed once and served with cache headers.

The prebuilt Flet client is ~15 MB of WebAssembly and JavaScript, sent as is
by Flet's ``StaticFiles``. :func:`build_cache` compresses each file once per
content (gzip, and brotli for HTTPS, where browsers offer it) into a cache
folder, in a background thread at start; :class:`Precompressed` serves the
compressed copy to a browser that accepts it. Until a copy is ready the file
goes out uncompressed, as before.

Caching: Flet's client file names carry no content hash (``main.dart.wasm``
is the same URL in every Flet version), so they may not be cached as
immutable: they say ``no-cache`` (the browser keeps its copy and revalidates
it by ``ETag``, a 304 without a body). The app names its pictograms with their
content version (``theme.pictogram_src``: ``…/maths.png?v=<hash>``); a request
whose version is the file's own is ``immutable`` for a year, so a tablet that
used the app before shows a screen's pictures without asking the server about
each (21–58 requests a screen, one round trip each on school Wi-Fi). Any other
version, or none, gets ``no-cache``. The page itself is ``no-store``
(``app.web.SecurityHeaders``).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import mimetypes
import os
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

import brotli
from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import FileResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.paths import asset_version

log = logging.getLogger(__name__)
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".mjs")

COMPRESSIBLE = (".wasm", ".js", ".mjs", ".json", ".otf", ".ttf")
MIN_SIZE = 1024
"""Smaller files gain less than their headers cost."""
FLET_PATCHED = ("index.html", "manifest.json", "assets/FontManifest.json")
"""Files Flet rewrites per app at start: served from its temp folder, never
from the files read here."""
CACHE_CONTROL = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
VERSIONED = ("/pictograms/",)
"""URL folders whose files the app links with their content version."""
BROTLI_QUALITY = 9
"""Brotli 11 saves another ~12 % on main.dart.wasm but took 80 s for that file
alone on a loaded two-core machine; 9 took 7 s (gzip 9: 3 s)."""

ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    "br": lambda data: brotli.compress(data, quality=BROTLI_QUALITY),
    "gzip": lambda data: gzip.compress(data, compresslevel=9, mtime=0),
}
"""Content codings in order of preference."""


@dataclass
class ClientFile:
    """One file the client may load, and its compressed copies once built."""

    source: Path
    copies: dict[str, Path] = field(default_factory=dict)
    """Content coding → compressed file, filled in as they are built."""
    digest: str = ""

    def etag(self, coding: str) -> str:
        return f'"{self.digest[:32]}-{coding}"'


def client_files(web_dir: Path, assets_dir: Path) -> dict[str, ClientFile]:
    """URL path → file, for each compressible file the app serves as it is.

    Flet looks a path up in the app's assets folder first, then in its client
    folder (``flet_web/web``); a client file the app's assets shadow, or one
    Flet patches at start, is left to Flet.
    """
    found: dict[str, ClientFile] = {}
    for root in (web_dir, assets_dir):  # the app's assets second: they win
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if not path.is_file() or rel in FLET_PATCHED or rel.startswith("pyodide/"):
                continue
            if path.suffix in COMPRESSIBLE and path.stat().st_size >= MIN_SIZE:
                found["/" + rel] = ClientFile(path)
            else:
                found.pop("/" + rel, None)
    return found


def build_cache(files: Iterable[ClientFile], cache_dir: Path) -> None:
    """Compress each file once into ``cache_dir`` (named by content hash).

    A copy already there is reused, so only the first start after a Flet
    upgrade pays. Copies are written to a temporary name and renamed, so two
    servers starting together never serve half a file.
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    for file in files:
        data = file.source.read_bytes()
        file.digest = hashlib.sha256(data).hexdigest()
        for coding, encode in reversed(ENCODERS.items()):  # gzip first: quicker
            target = cache_dir / f"{file.digest}.{coding}"
            if not target.exists():
                fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
                with os.fdopen(fd, "wb") as out:
                    out.write(encode(data))
                os.replace(tmp, target)
            file.copies[coding] = target


def start_cache_build(
    files: dict[str, ClientFile], cache_dir: Path
) -> threading.Thread:
    """Build the cache in a background thread; the server starts at once."""

    def run() -> None:
        try:
            build_cache(files.values(), cache_dir)
        except OSError:
            # No cache folder (read-only home, full disk): serve uncompressed.
            log.warning("client file cache unavailable: serving uncompressed")

    thread = threading.Thread(target=run, name="client-file-cache", daemon=True)
    thread.start()
    return thread


def accepted_codings(header: str) -> set[str]:
    """Content codings an ``Accept-Encoding`` header allows (q=0 refuses one)."""
    codings = set()
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        q = params.strip().removeprefix("q=") if params.strip().startswith("q=") else ""
        try:
            refused = q != "" and float(q) == 0
        except ValueError:
            refused = True
        if name and not refused:
            codings.add(name.strip().lower())
    return codings


class Precompressed:
    """Serve a client file's compressed copy; cache headers on every static file.

    A compressed response has its own ``ETag`` (one per coding) and
    ``Content-Length``, the original ``Content-Type`` and
    ``Vary: Accept-Encoding``. Range requests and browsers that accept no
    coding we hold get Flet's own response (with ``Vary`` too).
    """

    def __init__(
        self, app: ASGIApp, files: dict[str, ClientFile], assets_dir: Path
    ) -> None:
        self.app = app
        self.files = files
        self.assets_dir = assets_dir

    def cache_control(self, scope: Scope) -> str:
        """``immutable`` for a versioned file asked for by its own version."""
        path: str = scope["path"]
        if not path.startswith(VERSIONED) or ".." in path:
            return CACHE_CONTROL
        asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("v")
        own = asset_version(self.assets_dir / path.lstrip("/"))
        return IMMUTABLE if own and asked == [own] else CACHE_CONTROL

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        file = self.files.get(scope["path"])
        headers = Headers(scope=scope)
        if file is not None and "range" not in headers:
            accepted = accepted_codings(headers.get("accept-encoding", ""))
            for coding in ENCODERS:
                if coding in accepted and coding in file.copies:
                    await self._send_copy(file, coding, headers)(scope, receive, send)
                    return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                if not out.get("content-type", "").startswith("text/html"):
                    out.setdefault("cache-control", self.cache_control(scope))
                if file is not None:
                    out.add_vary_header("Accept-Encoding")
            await send(message)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    def _send_copy(file: ClientFile, coding: str, request: Headers) -> Response:
        etag = file.etag(coding)
        common = {
            "etag": etag,
            "vary": "Accept-Encoding",
            "cache-control": CACHE_CONTROL,
        }
        if etag in [t.strip() for t in request.get("if-none-match", "").split(",")]:
            return Response(status_code=304, headers=common)
        media_type = (
            mimetypes.guess_type(file.source.name)[0] or "application/octet-stream"
        )
        return FileResponse(
            file.copies[coding],
            media_type=media_type,
            headers={**common, "content-encoding": coding},
        )
