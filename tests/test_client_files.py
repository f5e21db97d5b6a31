"""The files the web client loads: only the fonts it draws, nothing from elsewhere."""

from __future__ import annotations

import ast
import gzip
import json
import time
import urllib.error
import urllib.request
from pathlib import Path

import flet_web
import pytest

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


def test_pictograms_are_revalidated_and_the_page_is_never_stored(server):
    """No file name is content-versioned, so nothing is cached as immutable."""
    picture = urllib.request.urlopen(f"{server.url}/pictograms/png/128/angry.png")
    assert picture.headers["cache-control"] == "no-cache"
    assert "etag" in picture.headers
    page = urllib.request.urlopen(server.url)
    assert page.headers["cache-control"] == "no-store"
