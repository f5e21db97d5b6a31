"""Checks that a screenshot shows the screen: not blank, every picture, no tofu.

``make screenshots`` publishes what these checks pass and fails on the rest:

* **blank** — the PNG itself: a frame of (nearly) one colour is a page that had
  not painted (or had gone) when it was taken. The share of the most common
  colour (on a 4× smaller copy, so anti-aliasing does not hide it) and the
  spread of grey values decide; no real screen of the app comes near the
  limits (the emptiest, *Över tid*, is 90 % background).
* **missing pictures** — the network, seen by Playwright: every request for a
  pictogram (``/pictograms/``) must have been answered with a 2xx/304 before
  the shot, none may have failed or still be pending, and a screen that shows
  pictures must have asked for at least one.
* **tofu** — also the network: Flutter's web engine draws a character from the
  fonts it has loaded; for one that none of them holds it looks up a Noto font
  in its fallback table and fetches it from ``fontFallbackBaseUrl``. Flet's
  offline mode (``no_cdn``) sets that to ``assets/fonts/``, where no such font
  exists, so the fetch fails and the character is drawn as a box — until one
  of the app's own fonts (``/fonts/…``) arrives, when the engine lays all text
  out again. So a failed fallback font is tofu unless one of ours arrived after
  the engine asked for it and before the shot (asked for *after* ours came, the
  text's style does not name our fonts, and no later font mends it); so is
  the engine's console line "Could not find a set of Noto fonts to display all
  missing characters" (no font anywhere has the character). Seen with the
  Arabic font slowed down: the engine asked for
  ``assets/fonts/notosansarabic/v28/….woff2`` and got 404. This is exact where
  a pixel comparison is only likely, and needs no reference picture.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from PIL import Image

BLANK_SHARE = 0.97
"""A frame whose most common colour covers this share (or more) is blank."""
BLANK_SPREAD = 3.0
"""…or whose grey values spread less than this (standard deviation, 0–255)."""
PICTOGRAM_PATH = "/pictograms/"
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
BUNDLED_FONTS = "/fonts/"
"""Where the app's own fonts are served (``app.ui.theme.FONT_FILES``)."""
ABORTED = "net::ERR_ABORTED"
MISSING_GLYPHS = "Could not find a set of Noto fonts"
"""What Flutter's web engine logs when no font it can load draws a character."""


def blank_reason(png: Path) -> str | None:
    """Why the PNG at ``png`` is blank, or None when it shows something."""
    with Image.open(png) as image:
        rgb = image.convert("RGB")
    small = rgb.resize((max(1, rgb.width // 4), max(1, rgb.height // 4)))
    pixels = small.width * small.height
    colours = small.getcolors(pixels) or []
    top = max(colours)[0] / pixels if colours else 1.0
    spread = statistics.pstdev(small.convert("L").get_flattened_data())
    if top >= BLANK_SHARE:
        return f"blank: {top:.0%} of the picture is one colour"
    if spread < BLANK_SPREAD:
        return f"blank: nearly uniform (grey spread {spread:.1f})"
    return None


@dataclass
class PageWatch:
    """What a page asked the server for, and what the engine said, in order.

    Events are numbered as they come, so a check can tell what happened before
    the shot (:meth:`mark`) and what after.
    """

    tick: int = 0
    problems: list[str] = field(default_factory=list)
    pictograms_ok: set[str] = field(default_factory=set)
    pending: set[str] = field(default_factory=set)
    last_picture: int = -1
    """Tick of the last pictogram request or answer."""
    font_failures: dict[str, int] = field(default_factory=dict)
    """Fallback fonts the engine could not fetch: path → tick it asked for it."""
    font_requests: dict[str, int] = field(default_factory=dict)
    """Every font asked for: path → tick of the request."""
    bundled_fonts: list[int] = field(default_factory=list)
    """Ticks at which one of the app's own fonts (``/fonts/…``) arrived."""
    _main_frame: object = None

    def attach(self, page) -> PageWatch:
        """Listen to ``page``'s requests, responses, failures and console."""
        page.on("request", self.on_request)
        page.on("response", self.on_response)
        page.on("requestfailed", self.on_failed)
        page.on("console", self.on_console)
        self._main_frame = page.main_frame
        return self

    def on_new_document(self) -> None:
        """A new document (a reload, another URL): what the last one asked for no
        longer shows. Same-document route changes (Flutter's) keep everything."""
        self.problems.clear()
        self.pictograms_ok.clear()
        self.pending.clear()
        self.font_failures.clear()
        self.font_requests.clear()
        self.bundled_fonts.clear()

    def mark(self) -> int:
        """A point in the page's events (call just before the shot)."""
        self.tick += 1
        return self.tick

    def quiet_since(self) -> int:
        """The tick of the last pictogram event (the pictures settle after it)."""
        return self.last_picture

    def on_request(self, request) -> None:
        """Note a pictogram request until its answer comes; a page load starts
        afresh (its own requests come after it)."""
        if request.is_navigation_request() and request.frame == self._main_frame:
            self.on_new_document()
            return
        path = urlparse(request.url).path
        if path.endswith(FONT_SUFFIXES):
            self.tick += 1
            self.font_requests.setdefault(path, self.tick)
        if PICTOGRAM_PATH in path:
            self.tick += 1
            self.last_picture = self.tick
            self.pending.add(request.url)

    def on_response(self, response) -> None:
        """Sort an answer: a picture (or not), a font of ours, a fallback font."""
        path = urlparse(response.url).path
        self.tick += 1
        if PICTOGRAM_PATH in path:
            self.last_picture = self.tick
            self.pending.discard(response.url)
            if response.status >= 400:
                self.problems.append(f"missing picture: {path} ({response.status})")
            else:
                self.pictograms_ok.add(path)
        elif path.endswith(FONT_SUFFIXES):
            if response.status >= 400:
                self.font_failures.setdefault(
                    path, self.font_requests.get(path, self.tick)
                )
            elif path.startswith(BUNDLED_FONTS):
                self.bundled_fonts.append(self.tick)

    def on_failed(self, request) -> None:
        """A request that never got an answer (not one the browser cancelled)."""
        path = urlparse(request.url).path
        self.tick += 1
        if request.failure == ABORTED:
            # Cancelled by the browser (the page went on, the image was no
            # longer needed): a picture still shown is asked for again.
            self.pending.discard(request.url)
            return
        if PICTOGRAM_PATH in path:
            self.last_picture = self.tick
            if request.url in self.pending:  # not answered with an error already
                self.pending.discard(request.url)
                self.problems.append(
                    f"missing picture: {path} (failed: {request.failure})"
                )
        elif path.endswith(FONT_SUFFIXES):
            # Chromium may report a 404 font as an answer and as a failure.
            self.font_failures.setdefault(path, self.font_requests.get(path, self.tick))

    def on_console(self, message) -> None:
        """The engine's own word that a character has no font at all."""
        if MISSING_GLYPHS in message.text:
            self.problems.append("tofu: " + message.text.split(".")[0])

    def verdict(self, png: Path, shot_at: int, *, pictures: bool) -> list[str]:
        """Every reason the shot at ``png`` cannot be published (empty: fine).

        ``shot_at`` is :meth:`mark` taken just before the shot. A failed
        fallback font drew boxes until one of the app's own fonts arrived (the
        engine lays all text out again when a font loads); so it is tofu unless
        such a font arrived after the engine asked for the fallback and before
        the shot. Asked for *after* our fonts had come, it means the text's
        style does not name them: boxes that no later font mends.
        """
        found = list(self.problems)
        found += [
            f"missing picture: {urlparse(url).path} (pending)" for url in self.pending
        ]
        if pictures and not self.pictograms_ok:
            found.append("missing pictures: the screen asked for no pictogram")
        if self.last_picture > shot_at:
            found.append("missing pictures: still loading when the shot was taken")
        for path, asked_at in self.font_failures.items():
            if not any(asked_at < t < shot_at for t in self.bundled_fonts):
                found.append(f"tofu: the engine found no font for {path}")
        blank = blank_reason(png)
        if blank:
            found.append(blank)
        return found
