"""The files the web client loads: only the fonts it draws, nothing from elsewhere."""

from __future__ import annotations

import ast
import gzip
import json
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import flet_web
import pytest

from app.paths import PICTOGRAM_DIR, asset_version
from app.ui import theme
from tests.browser.server import ROOT, AppServer


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One real server (``python -m app``) for the module."""
    srv = AppServer(tmp_path_factory.mktemp("client") / "data")
    srv.wait_ready()
    yield srv
    srv.stop()


def test_the_client_loads_only_the_icon_font_and_roboto(server):
    """The served font manifest: Material icons and Roboto; no KaTeX, no Cupertino."""
    with urllib.request.urlopen(f"{server.url}/assets/FontManifest.json") as r:
        manifest = json.load(r)
    assert [family["family"] for family in manifest] == ["MaterialIcons", "Roboto"]


def test_the_ui_draws_no_cupertino_icons():
    """Cupertino icons are not in the client's font manifest, so the UI uses none."""
    users = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "app").rglob("*.py")
        if any(
            isinstance(node, ast.Attribute) and node.attr == "CupertinoIcons"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        )
    ]
    assert users == []


BEGIN = "  <!-- Min röst: begin"
END = "  <!-- Min röst: end -->\n\n"


def test_the_apps_page_is_flets_page_plus_only_the_remote_script_guard():
    """assets/index.html minus its marked block is Flet's own page, byte for byte.

    Flet serves the app's index.html instead of its own; when a Flet upgrade
    changes its page, this fails and the copy must be redone.
    """
    ours = (ROOT / "assets" / "index.html").read_text(encoding="utf-8")
    flets = (Path(flet_web.__file__).parent / "web" / "index.html").read_text(
        encoding="utf-8"
    )
    start, end = ours.index(BEGIN), ours.index(END) + len(END)
    assert ours[:start] + ours[end:] == flets
    assert "HTMLScriptElement.prototype" in ours[start:end]


def test_the_served_page_carries_the_remote_script_guard(server):
    """The page the browser gets is the app's own, with the guard (and CSP hash)."""
    with urllib.request.urlopen(server.url) as r:
        page = r.read().decode()
        csp = r.headers["content-security-policy"]
    assert "HTMLScriptElement.prototype" in page
    assert csp.count("'sha256-") == page.count("<script>")


def get_compressed(url: str, coding: str, timeout: float = 240):
    """GET ``url`` accepting ``coding``, until the server's copy is built."""
    deadline = time.monotonic() + timeout
    while True:
        request = urllib.request.Request(url, headers={"Accept-Encoding": coding})
        response = urllib.request.urlopen(request)
        if response.headers.get("content-encoding") == coding:
            return response
        assert time.monotonic() < deadline, "no compressed copy was ever served"
        response.read()
        time.sleep(2)


def test_the_client_files_go_out_compressed_and_are_revalidated(server):
    """main.dart.wasm as gzip (built once at start), no-cache, ETag, Vary."""
    original = (Path(flet_web.__file__).parent / "web" / "main.dart.wasm").read_bytes()
    response = get_compressed(f"{server.url}/main.dart.wasm", "gzip")
    body = response.read()
    assert gzip.decompress(body) == original
    assert int(response.headers["content-length"]) == len(body) < len(original) / 2
    assert response.headers["content-type"] == "application/wasm"
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers["x-content-type-options"] == "nosniff"  # still secured
    again = urllib.request.Request(
        f"{server.url}/main.dart.wasm",
        headers={"Accept-Encoding": "gzip", "If-None-Match": response.headers["etag"]},
    )
    with pytest.raises(urllib.error.HTTPError) as not_modified:
        urllib.request.urlopen(again)
    assert not_modified.value.code == 304


def test_an_unversioned_pictogram_is_revalidated_and_the_page_never_stored(
    server,
):
    """A pictogram's URL without its content version names no one content:
    the browser asks again each time; the page itself is never kept."""
    picture = urllib.request.urlopen(f"{server.url}/pictograms/png/128/angry.png")
    assert picture.headers["cache-control"] == "no-cache"
    assert "etag" in picture.headers
    page = urllib.request.urlopen(server.url)
    assert page.headers["cache-control"] == "no-store"


def test_a_pictogram_linked_with_its_content_version_is_kept_for_good(server):
    """The screens link each pictogram with its content version, and the
    server marks exactly that version immutable: a tablet shows a screen's
    pictures again without asking about each."""
    src = theme.pictogram_src("angry")
    assert "?v=" in src
    picture = urllib.request.urlopen(f"{server.url}{src}")
    assert picture.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert picture.read() == (PICTOGRAM_DIR / "png/128/angry.png").read_bytes()


def test_a_pictogram_asked_for_with_another_version_is_not_kept(server):
    """A stale or invented version (the file changed since, or a hostile link)
    is served as the file is now, and revalidated: never kept for good under
    a name that is not its content's."""
    for asked in ("?v=0000000000000000", "?v=", "?v=a&v=b"):
        picture = urllib.request.urlopen(
            f"{server.url}/pictograms/png/128/angry.png{asked}"
        )
        assert picture.headers["cache-control"] == "no-cache"


def test_a_changed_picture_gets_a_new_version(tmp_path):
    """The version is the file's content: new bytes, new URL (so a picture
    kept for good is never the old one under the new name)."""
    picture = tmp_path / "p.png"
    picture.write_bytes(b"one")
    first = asset_version(picture)
    picture.write_bytes(b"two, longer")
    assert asset_version(picture) not in ("", first)
    assert asset_version(tmp_path / "missing.png") == ""


def test_the_served_page_loads_the_client_from_its_versioned_folder(server):
    """The real page: the Flutter loader is pointed at /client/<version>/,
    where the client's files are immutable, its CSP still names each inline
    script, and the fonts of page.fonts carry their own content version."""
    with urllib.request.urlopen(server.url) as r:
        page = r.read().decode()
        csp = r.headers["content-security-policy"]
    base = re.search(r'flet\.entrypointBaseUrl="(/client/[0-9a-f]{16}/)"', page)[1]
    assert f'flet.assetBase="{base}"' in page
    assert f'src="{base.lstrip("/")}flutter_bootstrap.js"' in page
    assert csp.count("'sha256-") == page.count("<script>")
    for path in ("flutter_bootstrap.js", "main.dart.mjs", "assets/FontManifest.json"):
        with urllib.request.urlopen(f"{server.url}{base}{path}") as r:
            assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    for family, src in theme.font_sources().items():
        assert src.startswith(theme.FONT_FILES[family] + "?v=")
        with urllib.request.urlopen(server.url + src) as r:
            assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
