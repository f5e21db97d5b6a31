"""The files the web client loads: only the fonts it draws, nothing from elsewhere."""

from __future__ import annotations

import ast
import json
import urllib.request

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
