"""The web client's big files, compressed once and served with cache headers.

The prebuilt Flet client is ~15 MB of WebAssembly and JavaScript, sent as is
by Flet's ``StaticFiles``. :func:`build_cache` compresses each file once per
content (gzip, and brotli for HTTPS, where browsers offer it) into a cache
folder, in a background thread at start; :class:`Precompressed` serves the
compressed copy to a browser that accepts it. Until a copy is ready the file
goes out uncompressed, as before.

Caching: Flet's client file names carry no content hash (``main.dart.wasm``
is the same URL in every Flet version), so under their own names they say
``no-cache`` (the browser keeps its copy and revalidates it by ``ETag``, a 304
without a body: on school Wi-Fi a round trip each, in three waves, on every
visit). :class:`VersionedClient` therefore serves the page with the client's
files named under a version of the whole client (``/client/<version>/…``,
through the Flutter loader's own settings ``entrypointBaseUrl``, ``assetBase``
and ``canvasKitBaseUrl``): under the current version they are ``immutable``,
and a second visit loads the client without asking the server about any of
its files. The version changes whenever any of those files does (a Flet
upgrade, the app's own font manifest). The app names its pictograms with their
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
import re
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
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
VERSIONED = ("/pictograms/", "/fonts/")
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
        if scope.get(IMMUTABLE_SCOPE_KEY):
            return IMMUTABLE
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
                    response = self._send_copy(
                        file, coding, headers, self.cache_control(scope)
                    )
                    await response(scope, receive, send)
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
    def _send_copy(
        file: ClientFile, coding: str, request: Headers, cache_control: str
    ) -> Response:
        etag = file.etag(coding)
        common = {
            "etag": etag,
            "vary": "Accept-Encoding",
            "cache-control": cache_control,
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


CLIENT_FOLDER = "client"
"""The URL folder the page names the client's files under, with the version."""
IMMUTABLE_SCOPE_KEY = "minrost.client_immutable"
"""Set in the request's scope by :class:`VersionedClient` for a client file
asked for under the current version; :class:`Precompressed` reads it."""
LOADER_SETTINGS = ("entrypointBaseUrl", "assetBase", "canvasKitBaseUrl")
"""The page's Flet settings that tell the Flutter loader where the client is."""
UNVERSIONED = ("manifest.json",)
"""Client files the page links that Flet patches from the app's arguments
(name, colours), which no file's version covers: left under their own name."""


def versioned_files(web_dir: Path, assets_dir: Path) -> dict[str, Path]:
    """Path (no leading slash) → file, for each file the client may load.

    Flet looks a path up in the app's assets folder first, then in its client
    folder; the app's own files count where they shadow a client file or lie
    in ``assets/`` (where Flutter reads its font manifest and fonts). The
    pictograms and voices are not the client's: they carry their own version.
    """
    found: dict[str, Path] = {}
    for path in sorted(web_dir.rglob("*")):
        rel = path.relative_to(web_dir).as_posix()
        if path.is_file() and not rel.startswith("pyodide/") and rel != "index.html":
            ours = assets_dir / rel
            found[rel] = ours if ours.is_file() else path
    # Only the app's assets/ folder is walked: the pictograms and voices beside
    # it are a thousand and more files that are not the client's.
    for path in sorted((assets_dir / "assets").rglob("*")):
        if path.is_file():
            found[path.relative_to(assets_dir).as_posix()] = path
    return found


def client_version(files: dict[str, Path]) -> str:
    """A name for the client as served, changed by any change to its files.

    From each file's path, size and modification time (as a web server's
    ``ETag``), not its bytes: reading 30 MB at every start would delay the
    first page. Flet's version is in it too, for the files Flet rewrites.
    """
    digest = hashlib.sha256(f"flet-web {metadata.version('flet-web')}\n".encode())
    for rel, path in sorted(files.items()):
        stat = path.stat()
        digest.update(f"{rel}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def versioned_page(html: str, version: str) -> str:
    """The page with the client's files named under ``client/<version>/``.

    The Flutter loader's three base settings (which Flet writes into the page)
    get the folder inserted after the page's base path; the page's own links to
    the client's scripts and images (relative to ``<base href>``) get it in
    front. Anything else in the page is left as it is.
    """
    base_tag = re.search(r"<base\b[^>]*\bhref\s*=\s*\"([^\"]*)\"", html, re.IGNORECASE)
    base = base_tag[1] if base_tag else "/"
    folder = f"{CLIENT_FOLDER}/{version}/"

    def setting(match: re.Match[str]) -> str:
        value = match[2]
        if not value.startswith(base):
            return match[0]
        return f'{match[1]}{base}{folder}{value[len(base) :]}"'

    names = "|".join(LOADER_SETTINGS)
    html = re.sub(rf'(\bflet\.(?:{names})\s*=\s*")([^"]*)"', setting, html)

    def link(match: re.Match[str]) -> str:
        url = match[2]
        relative = not re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", url, re.IGNORECASE)
        if not relative or url in UNVERSIONED or ".." in url:
            return match[0]
        return f'{match[1]}"{folder}{url}"'

    return re.sub(r'(<(?:script|img|link)\b[^>]*?\b(?:src|href)=)"([^"]*)"', link, html)


class VersionedClient:
    """Serve the client's files under ``/client/<version>/``; the page names them so.

    A request under the current version is answered as the file's own path,
    marked immutable (:data:`IMMUTABLE_SCOPE_KEY`); under another version (a
    page from before an upgrade, an invented link) it is answered the same but
    revalidated like any file. Every HTML page that passes is rewritten with
    :func:`versioned_page`, and its ``Content-Length`` with it.
    """

    def __init__(self, app: ASGIApp, web_dir: Path, assets_dir: Path) -> None:
        self.app = app
        self.files = versioned_files(web_dir, assets_dir)
        self.version = client_version(self.files)
        self.prefix = f"/{CLIENT_FOLDER}/"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(self.prefix):
            version, _, rest = path[len(self.prefix) :].partition("/")
            inner = {**scope, "path": "/" + rest, "raw_path": ("/" + rest).encode()}
            if version == self.version and rest in self.files:
                inner[IMMUTABLE_SCOPE_KEY] = True
            await self.app(inner, receive, send)
            return
        start: Message | None = None
        body: list[bytes] = []

        async def send_page(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                content_type = Headers(raw=message["headers"]).get("content-type", "")
                if content_type.startswith("text/html") and scope["method"] == "GET":
                    start = message  # held until the whole page is known
                    return
            elif start is not None and message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                page = b"".join(body).decode("utf-8")
                out = versioned_page(page, self.version).encode("utf-8")
                MutableHeaders(scope=start)["content-length"] = str(len(out))
                await send(start)
                await send({"type": "http.response.body", "body": out})
                return
            await send(message)

        await self.app(scope, receive, send_page)
