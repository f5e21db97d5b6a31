"""The page names the client's files under a version of the whole client, so a
tablet's second visit loads the client without asking the server about any."""

from __future__ import annotations

import os

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient

from app.client_files import (
    IMMUTABLE,
    Precompressed,
    VersionedClient,
    build_cache,
    client_files,
    client_version,
    versioned_files,
    versioned_page,
)

WASM = os.urandom(2048) + b"\0" * 60_000

# As Flet serves it (flet_web/patch_index.py fills in the settings).
PAGE = """<!DOCTYPE html>
<html>
<head>
  <base href="/">
  <link rel="icon" type="image/png" href="favicon.png" />
  <link rel="manifest" href="manifest.json">
  <script>
flet.canvasKitBaseUrl="/canvaskit/";
flet.fontFallbackBaseUrl="assets/fonts/";
flet.entrypointBaseUrl="/";
flet.assetBase="/";
flet.webSocketEndpoint="/ws";
</script>
  <script src="python.js"></script>
</head>
<body>
  <img src="icons/loading-animation.png" alt="" />
  <a href="https://example.org/x.js">elsewhere</a>
  <script src="flutter_bootstrap.js" async></script>
</body>
</html>
"""


@pytest.fixture
def folders(tmp_path):
    """A fake Flet client folder and app assets folder."""
    web, assets = tmp_path / "web", tmp_path / "assets"
    for folder in (web / "canvaskit", web / "icons", web / "assets" / "fonts"):
        folder.mkdir(parents=True)
    (web / "index.html").write_text(PAGE)
    (web / "main.dart.wasm").write_bytes(WASM)
    (web / "flutter_bootstrap.js").write_text("load();\n" * 300)
    (web / "python.js").write_text("py();")
    (web / "canvaskit" / "canvaskit.wasm").write_bytes(WASM)
    (web / "assets" / "fonts" / "MaterialIcons-Regular.otf").write_bytes(b"otf" * 400)
    (web / "pyodide").mkdir()
    (web / "pyodide" / "pyodide.mjs").write_text("never loaded by this app")
    (assets / "assets").mkdir(parents=True)
    manifest = assets / "assets" / "FontManifest.json"
    manifest.write_text('[{"family": "MaterialIcons"}]')
    (assets / "pictograms").mkdir()
    (assets / "pictograms" / "maths.png").write_bytes(b"\x89PNG" * 100)
    return web, assets


def flets_files(web, assets) -> Starlette:
    """Starlette's StaticFiles as Flet's: the app's assets first, then the client."""
    static = StaticFiles(directory=web, html=True)
    static.all_directories = [assets, web]
    return Starlette(routes=[Mount("/", static)])


def serve(web, assets, tmp_path):
    """Flet's files behind the app's two layers, in the order build_app adds them."""
    files = client_files(web, assets)
    build_cache(files.values(), tmp_path / "cache")
    app = flets_files(web, assets)
    app = Precompressed(app, files=files, assets_dir=assets)
    return VersionedClient(app, web_dir=web, assets_dir=assets)


@pytest.fixture
def client(folders, tmp_path):
    return TestClient(serve(*folders, tmp_path))


def version_of(folders) -> str:
    return client_version(versioned_files(*folders))


def test_the_page_points_the_flutter_loader_at_the_versioned_client(folders, client):
    """The loader's three base settings and the page's own client links carry
    the version; the manifest (patched from the app's arguments), the fallback
    fonts' relative folder, the WebSocket and other hosts are left alone."""
    v = version_of(folders)
    r = client.get("/")
    page = r.text
    assert f'flet.entrypointBaseUrl="/client/{v}/";' in page
    assert f'flet.assetBase="/client/{v}/";' in page
    assert f'flet.canvasKitBaseUrl="/client/{v}/canvaskit/";' in page
    assert f'<script src="client/{v}/flutter_bootstrap.js" async>' in page
    assert f'<script src="client/{v}/python.js">' in page
    assert f'<img src="client/{v}/icons/loading-animation.png"' in page
    assert f'href="client/{v}/favicon.png"' in page
    assert 'href="manifest.json"' in page
    assert 'flet.fontFallbackBaseUrl="assets/fonts/";' in page
    assert 'flet.webSocketEndpoint="/ws";' in page
    assert 'href="https://example.org/x.js"' in page
    assert int(r.headers["content-length"]) == len(r.content)


def test_a_deep_link_gets_the_same_versioned_page(folders, tmp_path):
    """Flet answers any route (/barn, /las-upp) with the page: rewritten too."""
    web, assets = folders
    app = flets_files(web, assets)
    # Flet's fallback to the page for a path that is no file, as lookup_path does.
    (web / "barn").mkdir()
    (web / "barn" / "index.html").write_text(PAGE)
    client = TestClient(VersionedClient(app, web_dir=web, assets_dir=assets))
    assert f"/client/{version_of(folders)}/" in client.get("/barn/").text


def test_a_client_file_under_the_current_version_is_kept_for_good(folders, client):
    """Compressed or not, the same bytes as under its own name, immutable."""
    v = version_of(folders)
    for coding in ("gzip", "identity"):
        r = client.get(
            f"/client/{v}/main.dart.wasm", headers={"accept-encoding": coding}
        )
        assert r.status_code == 200
        assert r.content == WASM
        assert r.headers["cache-control"] == IMMUTABLE
    font = client.get(f"/client/{v}/assets/FontManifest.json")
    assert font.json() == [{"family": "MaterialIcons"}]  # the app's, as Flet serves
    assert font.headers["cache-control"] == IMMUTABLE
    own_name = client.get("/main.dart.wasm", headers={"accept-encoding": "gzip"})
    assert own_name.headers["cache-control"] == "no-cache"


def test_another_version_or_a_file_not_the_clients_is_revalidated(folders, client):
    """A page from before an upgrade, or an invented link, gets the file as it
    is now but never keeps it for good under a name that is not its content's."""
    v = version_of(folders)
    stale = client.get("/client/0123456789abcdef/main.dart.wasm")
    assert stale.content == WASM
    assert stale.headers["cache-control"] == "no-cache"
    picture = client.get(f"/client/{v}/pictograms/maths.png")
    assert picture.headers["cache-control"] == "no-cache"
    assert (
        client.get(f"/client/{v}/pyodide/pyodide.mjs").headers["cache-control"]
        == "no-cache"
    )


def test_the_version_follows_every_client_file_and_only_those(folders):
    """A changed client file or the app's font manifest gives a new version;
    a changed pictogram (versioned on its own) does not."""
    web, assets = folders
    first = version_of(folders)
    (assets / "pictograms" / "maths.png").write_bytes(b"\x89PNG" * 200)
    assert version_of(folders) == first
    (assets / "assets" / "FontManifest.json").write_text("[]")
    second = version_of(folders)
    assert second != first
    (web / "main.dart.wasm").write_bytes(WASM + b"\0")
    assert version_of(folders) not in (first, second)


def test_a_page_without_the_loader_settings_is_left_as_it_is():
    """Nothing to version (another HTML page): unchanged, byte for byte."""
    html = "<html><body><p>Hej</p><a href='/x'>x</a></body></html>"
    assert versioned_page(html, "abc") == html


def test_a_versioned_path_never_leaves_the_client_folders(folders, client, tmp_path):
    """``..`` under /client/<version>/ (spelled so the URL keeps it) reaches
    no file beside the client's folders, such as a data folder."""
    (tmp_path / "secret.txt").write_text("barnets svar")
    v = version_of(folders)
    for path in (f"/client/{v}/%2e%2e/secret.txt", f"/client/{v}/..%2fsecret.txt"):
        r = client.get(path)
        assert "barnets svar" not in r.text
        assert r.headers.get("cache-control") != IMMUTABLE
