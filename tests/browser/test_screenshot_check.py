"""The checker behind `make screenshots`: blank frames, missing pictures, tofu."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tools.screenshot_check import PageWatch, blank_reason

ROOT = Path(__file__).resolve().parents[2]
PICTURE = ROOT / "assets" / "pictograms" / "png" / "128" / "after_school.png"
SITE = "http://127.0.0.1:9"
"""Nothing listens there: every request of these pages is answered by a route."""


def serve(page, html: str, missing: tuple[str, ...] = ()) -> None:
    """Answer the page's requests: ``html`` at /, a real pictogram, 404 for
    ``missing`` paths."""

    def answer(route) -> None:
        path = route.request.url.removeprefix(SITE)
        if path == "/":
            route.fulfill(status=200, content_type="text/html", body=html)
        elif path in missing:
            route.fulfill(status=404, body="")
        else:
            route.fulfill(status=200, content_type="image/png", path=PICTURE)

    page.route(f"{SITE}/**", answer)


@pytest.fixture
def page(browser):
    """A plain Chromium page, 400×300."""
    context = browser.new_context(viewport={"width": 400, "height": 300})
    yield context.new_page()
    context.close()


def shoot(page, watch: PageWatch, tmp_path: Path) -> tuple[Path, int]:
    """Wait for the page, then take a shot as `make screenshots` does."""
    page.wait_for_load_state("networkidle")
    shot_at = watch.mark()
    png = tmp_path / "shot.png"
    page.screenshot(path=str(png))
    return png, shot_at


def open_watched(page, html: str, missing: tuple[str, ...] = ()) -> PageWatch:
    """Serve ``html`` and open it with a :class:`PageWatch` listening."""
    page.unroute_all()
    serve(page, html, missing)
    watch = PageWatch().attach(page)
    page.goto(SITE + "/")
    return watch


def test_a_deliberately_blanked_screenshot_is_refused(tmp_path):
    """A published screenshot passes; the same frame painted over in its
    background colour is refused as blank."""
    real = ROOT / "docs" / "screenshots" / "grid-half-1280x800.png"
    assert blank_reason(real) is None
    with Image.open(real) as image:
        background = image.convert("RGB").getpixel((5, 5))
        blanked = Image.new("RGB", image.size, background)
    # A few specks (a cursor, a lock icon) do not make a blank page a screen.
    for x in range(0, 60):
        blanked.putpixel((600 + x, 400), (0, 0, 0))
    path = tmp_path / "blanked.png"
    blanked.save(path)
    assert "blank" in (blank_reason(path) or "")


def test_a_page_with_a_missing_picture_is_refused(page, tmp_path):
    """One pictogram answered 404 is named; the same page with both found passes."""
    html = (
        '<body style="background:linear-gradient(#fff,#48c)"><h1>Skola</h1>'
        '<img src="/pictograms/png/128/after_school.png">'
        '<img src="/pictograms/png/128/gone.png"></body>'
    )
    watch = open_watched(page, html, missing=("/pictograms/png/128/gone.png",))
    png, shot_at = shoot(page, watch, tmp_path)
    assert watch.verdict(png, shot_at, pictures=True) == [
        "missing picture: /pictograms/png/128/gone.png (404)"
    ]

    page.goto("about:blank")
    watch = open_watched(page, html)
    png, shot_at = shoot(page, watch, tmp_path)
    assert watch.verdict(png, shot_at, pictures=True) == []


def test_a_screen_that_asked_for_no_picture_is_refused_when_it_should_show_some(
    page, tmp_path
):
    """A child's screen whose pictures were never requested is no screenshot."""
    watch = open_watched(
        page,
        '<body style="background:linear-gradient(#fff,#48c)"><h1>Skola</h1></body>',
    )
    png, shot_at = shoot(page, watch, tmp_path)
    assert watch.verdict(png, shot_at, pictures=True) == [
        "missing pictures: the screen asked for no pictogram"
    ]
    assert watch.verdict(png, shot_at, pictures=False) == []


def test_a_fallback_font_that_could_not_be_fetched_is_tofu(page, tmp_path):
    """A font answered 404 (the engine's offline fallback) is boxes on screen,
    unless one of the app's own fonts arrived after it was asked for and before
    the shot."""
    html = (
        "<style>@font-face{font-family:F;"
        "src:url(/assets/fonts/notosansarabic/v28/x.woff2)}"
        "body{font-family:F;background:linear-gradient(#fff,#48c)}</style>"
        "<body><h1>مرحبا</h1><img src='/pictograms/png/128/after_school.png'></body>"
    )
    watch = open_watched(
        page, html, missing=("/assets/fonts/notosansarabic/v28/x.woff2",)
    )
    png, shot_at = shoot(page, watch, tmp_path)
    assert watch.verdict(png, shot_at, pictures=True) == [
        "tofu: the engine found no font for /assets/fonts/notosansarabic/v28/x.woff2"
    ]
    (asked_at,) = watch.font_failures.values()
    watch.bundled_fonts.append(asked_at - 1)  # ours came first: still boxes
    assert len(watch.verdict(png, watch.mark(), pictures=True)) == 1
    watch.bundled_fonts.append(watch.mark())  # ours came after: laid out again
    assert watch.verdict(png, watch.mark(), pictures=True) == []


def aborting(error: str):
    """A route handler that fails the request with ``error``."""

    def handler(route) -> None:
        route.abort(error)

    return handler


def test_a_picture_the_server_never_answered_is_missing_but_one_cancelled_is_not(
    page, tmp_path
):
    """A refused connection for a pictogram is a missing picture; a request the
    browser itself cancelled (the page moved on) is not."""
    html = (
        '<body style="background:linear-gradient(#fff,#48c)"><h1>Skola</h1>'
        '<img src="/pictograms/png/128/after_school.png">'
        '<img src="/pictograms/png/128/cut.png"></body>'
    )
    for error, expected in [
        ("connectionrefused", ["missing picture: /pictograms/png/128/cut.png"]),
        ("aborted", []),
    ]:
        page.goto("about:blank")
        page.unroute_all()
        serve(page, html)
        page.route(f"{SITE}/pictograms/png/128/cut.png", aborting(error))
        watch = PageWatch().attach(page)
        page.goto(SITE + "/")
        png, shot_at = shoot(page, watch, tmp_path)
        found = [p.split(" (")[0] for p in watch.verdict(png, shot_at, pictures=True)]
        assert found == expected, error
