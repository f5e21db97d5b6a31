"""The client's big files go out compressed (built once), with honest cache headers."""

from __future__ import annotations

import os

import brotli
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient

from app.client_files import (
    Precompressed,
    accepted_codings,
    build_cache,
    client_files,
)

WASM = os.urandom(2048) + b"\0" * 60_000  # compressible, not trivially


@pytest.fixture
def folders(tmp_path):
    """A fake Flet client folder and app assets folder."""
    web, assets = tmp_path / "web", tmp_path / "assets"
    (web / "canvaskit").mkdir(parents=True)
    (web / "main.dart.wasm").write_bytes(WASM)
    (web / "canvaskit" / "canvaskit.js").write_text("var x = 1;\n" * 500)
    (web / "index.html").write_text("<html>" + "x" * 5000)
    (web / "tiny.js").write_text("1")
    (web / "shadowed.js").write_text("flet;" * 500)
    (web / "logo.png").write_bytes(b"\x89PNG" * 1000)
    assets.mkdir()
    (assets / "shadowed.js").write_text("ours")  # the app's own, tiny: wins
    return web, assets


@pytest.fixture
def client(folders, tmp_path):
    """Starlette's StaticFiles (as Flet's) behind Precompressed, cache built."""
    web, assets = folders
    files = client_files(web, assets)
    build_cache(files.values(), tmp_path / "cache")
    app = Starlette(routes=[Mount("/", StaticFiles(directory=web))])
    return TestClient(Precompressed(app, files=files, assets_dir=assets))


def test_only_big_compressible_files_flet_serves_as_they_are_are_compressed(folders):
    """No page (Flet patches it), no tiny file, no PNG, nothing the app shadows."""
    web, assets = folders
    assert sorted(client_files(web, assets)) == [
        "/canvaskit/canvaskit.js",
        "/main.dart.wasm",
    ]


def test_a_gzip_browser_gets_the_gzip_copy_with_its_own_headers(client):
    """Content-Encoding, Length of the copy, original type, Vary, own ETag."""
    r = client.get("/main.dart.wasm", headers={"accept-encoding": "gzip, deflate"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers["content-type"] == "application/wasm"
    assert r.headers["vary"] == "Accept-Encoding"
    assert r.headers["cache-control"] == "no-cache"
    assert r.headers["etag"].endswith('-gzip"')
    assert int(r.headers["content-length"]) < len(WASM) // 4  # the copy's length
    assert r.content == WASM  # httpx decodes the gzip coding


def test_brotli_is_preferred_when_offered(client):
    """Over HTTPS browsers offer br; it is smaller, so it is chosen."""
    r = client.get(
        "/main.dart.wasm",
        headers={"accept-encoding": "gzip, deflate, br"},
    )
    assert r.headers["content-encoding"] == "br"
    assert r.content == WASM


def test_a_browser_accepting_no_coding_gets_the_file_as_is(client):
    """identity (or br;q=0) gets Flet's own response, marked Vary and no-cache."""
    r = client.get("/main.dart.wasm", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in r.headers
    assert r.content == WASM
    assert r.headers["vary"] == "Accept-Encoding"
    assert r.headers["cache-control"] == "no-cache"


def test_a_revalidation_with_the_copys_etag_is_a_304(client):
    """no-cache means: ask again; the unchanged copy answers 304 without a body."""
    first = client.get("/main.dart.wasm", headers={"accept-encoding": "gzip"})
    again = client.get(
        "/main.dart.wasm",
        headers={"accept-encoding": "gzip", "if-none-match": first.headers["etag"]},
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]


def test_a_range_request_is_answered_from_the_uncompressed_file(client):
    """Byte ranges refer to the file itself, so no coding is applied."""
    r = client.get(
        "/main.dart.wasm", headers={"accept-encoding": "gzip", "range": "bytes=0-9"}
    )
    assert r.status_code == 206
    assert "content-encoding" not in r.headers
    assert r.content == WASM[:10]


def test_files_without_a_copy_yet_go_out_uncompressed(folders):
    """Before the background build finishes, the file is served as is."""
    web, assets = folders
    files = client_files(web, assets)  # no cache built
    app = Starlette(routes=[Mount("/", StaticFiles(directory=web))])
    r = TestClient(Precompressed(app, files=files, assets_dir=assets)).get(
        "/main.dart.wasm", headers={"accept-encoding": "gzip, br"}
    )
    assert "content-encoding" not in r.headers
    assert r.content == WASM


def test_the_cache_is_built_once_per_content(folders, tmp_path):
    """A second start reuses the copies (same files, same mtimes)."""
    web, assets = folders
    cache = tmp_path / "cache"
    build_cache(client_files(web, assets).values(), cache)
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    build_cache(client_files(web, assets).values(), cache)
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == stamps
    assert len(stamps) == 4  # two files, gzip and br each
    assert brotli.decompress(
        next(p for p in cache.iterdir() if p.suffix == ".br").read_bytes()
    ) in (WASM, (web / "canvaskit" / "canvaskit.js").read_bytes())


@pytest.mark.parametrize(
    ("header", "codings"),
    [
        ("gzip, deflate, br, zstd", {"gzip", "deflate", "br", "zstd"}),
        ("gzip;q=1.0, br;q=0", {"gzip"}),
        ("", set()),
        ("GZIP ; q=0.5", {"gzip"}),
    ],
)
def test_accept_encoding_is_read_with_its_refusals(header, codings):
    """q=0 refuses a coding; names are case-insensitive."""
    assert accepted_codings(header) == codings
