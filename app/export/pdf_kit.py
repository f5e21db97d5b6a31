"""The PDF toolkit both documents are drawn with: fonts, colours, pictures, text.

``app.export.pdf`` (the session for the case file) and ``app.export.sheets``
(the child's meeting sheets and the plan) are built on it, through these public
names only:

- fonts and glyphs: the bundled Noto Sans (``FAMILY``, ``FONT_FILES``) with
  Arabic and Ethiopic fallbacks; ``check_glyphs`` raises :class:`GlyphMissing`
  for a character no font can draw (rather than letting it vanish from a case
  file), ``fallbacks_needed`` says which fallbacks a text needs;
- colours (``rgb``, ``INK``, ``MUTED``, ``ACCENT``, …) and the A4 page;
- :class:`Pdf`: FPDF (PDF/A-2b) with the glyph check before every text, fast
  line wrapping, text that shrinks to fit, a footer, and pictograms decoded
  once per process (``pictogram_path``);
- ``warm_up_fonts`` / ``warm_up_pictograms`` fill those read-only caches ahead
  of time.

Every document builds its own ``Pdf``; the only shared values are read-only
caches (font cmaps, decoded pictograms), so exports may run in threads side by
side.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.image_datastructures import RasterImageInfo
from fpdf.image_parsing import get_img_info

from app.paths import FONTS_DIR, PICTOGRAM_DIR

# --- fonts and glyph coverage ---------------------------------------------------

FAMILY = "NotoSans"
FONT_FILES: dict[tuple[str, str], str] = {
    ("NotoSans", ""): "NotoSans-Regular.ttf",
    ("NotoSans", "B"): "NotoSans-Bold.ttf",
    ("NotoSansArabic", ""): "NotoSansArabic-Regular.ttf",
    ("NotoSansArabic", "B"): "NotoSansArabic-Bold.ttf",
    ("NotoSansEthiopic", ""): "NotoSansEthiopic-Regular.ttf",
    ("NotoSansEthiopic", "B"): "NotoSansEthiopic-Bold.ttf",
}
FALLBACKS = ("NotoSansArabic", "NotoSansEthiopic")
_RTL_CLASSES = frozenset({"R", "AL", "AN"})


class GlyphMissing(ValueError):
    """A character none of the bundled fonts can draw; ``msg_sv`` says which."""

    def __init__(self, char: str) -> None:
        name = unicodedata.name(char, "okänt tecken")
        self.char = char
        self.msg_sv = (
            f"Tecknet U+{ord(char):04X} ({name}) kan inte skrivas i PDF:en, "
            "eftersom typsnitten saknar det. Ändra texten (till exempel ett "
            "eget val eller anteckningen) eller exportera som text eller JSON."
        )
        super().__init__(self.msg_sv)


@functools.cache
def _cmap(filename: str) -> frozenset[int]:
    font = TTFont(FONTS_DIR / filename, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


@functools.cache
def _coverage(style: str) -> tuple[frozenset[int], frozenset[int]]:
    main = _cmap(FONT_FILES[(FAMILY, style)])
    every = main.union(*(_cmap(FONT_FILES[(f, style)]) for f in FALLBACKS))
    return main, every


def check_glyphs(text: str, style: str = "") -> bool:
    """Raise GlyphMissing unless every character can be drawn.

    Returns whether the text needs HarfBuzz shaping (a fallback font or
    right-to-left script is involved).
    """
    main, every = _coverage(style)
    shaping = False
    for ch in text:
        code = ord(ch)
        if ch in "\n\t":
            continue
        if code not in every:
            if unicodedata.category(ch) == "Cf":
                shaping = True  # joiners and direction marks: shaping handles them
                continue
            raise GlyphMissing(ch)
        if code not in main or unicodedata.bidirectional(ch) in _RTL_CLASSES:
            shaping = True
    return shaping


def fallbacks_needed(texts: Iterable[str]) -> tuple[str, ...]:
    """The fallback font families some of ``texts`` need; raises GlyphMissing."""
    main = _cmap(FONT_FILES[(FAMILY, "")])
    needed: list[str] = []
    for text in texts:
        check_glyphs(text)
        check_glyphs(text, "B")
        for ch in text:
            if ord(ch) in main:
                continue
            for family in FALLBACKS:
                if family not in needed and ord(ch) in _cmap(FONT_FILES[(family, "")]):
                    needed.append(family)
    return tuple(f for f in FALLBACKS if f in needed)


# --- colours and the A4 page -----------------------------------------------------

Rgb = tuple[int, int, int]


def rgb(hex_colour: str) -> Rgb:
    """A colour written #RRGGBB as the PDF's RGB triple."""
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


INK = rgb("#1F2328")
MUTED = rgb("#505862")
ACCENT = rgb("#0B5CAD")
PANEL = rgb("#F4F1EA")
RULE = rgb("#C9CDD2")
ZEBRA = rgb("#F7F7F5")
WHITE = (255, 255, 255)


MARGIN = 15.0
PAGE_W = 210.0
CONTENT_W = PAGE_W - 2 * MARGIN
BOTTOM = 17.0


def pictogram_path(pictogram_id: str, pixels: int = 128) -> str:
    """The PNG of a pictogram, 128 or 512 px (the *Något annat* picture if
    missing)."""
    path = PICTOGRAM_DIR / "png" / str(pixels) / f"{pictogram_id}.png"
    if not path.is_file():
        path = PICTOGRAM_DIR / "png" / str(pixels) / "something_else.png"
    return str(path)


class Pdf(FPDF):
    """FPDF with glyph checks before every text, own line wrapping and a footer."""

    def __init__(self, footer_left: str) -> None:
        super().__init__(
            orientation="P", unit="mm", format="A4", enforce_compliance="PDF/A-2B"
        )
        self.footer_left = footer_left
        self.shaping = False
        self.c_margin = 0
        self.broke_word = False
        self.has_fallbacks = False

    def load_fonts(self, texts: Iterable[str]) -> None:
        """Add Noto Sans, and the fallbacks some of ``texts`` need (GlyphMissing
        when no font has a character). Fallback fonts slow every line (fpdf2
        then parses text char by char) and add to the file, so they are only
        loaded when some text needs them."""
        families = (FAMILY, *fallbacks_needed(texts))
        for (family, style), filename in FONT_FILES.items():
            if family in families:
                self.add_font(family, style, str(FONTS_DIR / filename))
        if len(families) > 1:
            self.set_fallback_fonts(list(families[1:]))

    def footer(self) -> None:
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        y = self.h - 12.5
        self.line(MARGIN, y, PAGE_W - MARGIN, y)
        self.set_text_color(*MUTED)
        self.font(7.5)
        self.set_xy(MARGIN, y + 1.5)
        self.cell(CONTENT_W - 30, 4, self.footer_left)
        self.cell(30, 4, f"Sida {self.page_no()} av {{nb}}", align=Align.R)

    # --- text -------------------------------------------------------------------

    def font(self, size: float, bold: bool = False) -> None:
        """Noto Sans at ``size`` points."""
        self.set_font(FAMILY, "B" if bold else "", size)

    def _prepare(self, text: str) -> None:
        needs = check_glyphs(text, "B" if "B" in self.font_style else "")
        if needs != self.shaping:
            self.set_text_shaping(needs)
            self.shaping = needs

    def set_fallback_fonts(self, *args, **kwargs):  # type: ignore[override]
        """Register fallback fonts (and remember that there are some)."""
        self.has_fallbacks = True
        return super().set_fallback_fonts(*args, **kwargs)

    def cell(self, w=None, h=None, text="", *args, **kwargs):  # type: ignore[override]
        """Write one line, after checking that every character can be drawn."""
        self._prepare(text)
        if self.has_fallbacks:
            # fpdf2 2.8 leaves a line that ends in a fallback font (Arabic) as
            # the page's font while it still believes its main font is set; the
            # next line in the main font would then be drawn with the wrong
            # glyphs. Saying "not set" makes it select its font again.
            self.current_font_is_set_on_page = False
        return super().cell(w, h, text, *args, **kwargs)

    def width_of(self, text: str) -> float:
        """Width of ``text`` in the current font, in millimetres."""
        self._prepare(text)
        return self.get_string_width(text)

    def wrap(self, text: str, width: float) -> list[str]:
        """Break ``text`` into lines no wider than ``width``.

        Much faster than fpdf2's multi_cell, which measures character by
        character. Words stay whole; a word wider than a line breaks after a
        slash ("Mobil/" "surfplatta") or, failing that, between characters
        (``self.broke_word`` then tells :meth:`fitting` to try a smaller size).
        """
        space = self.width_of(" ")
        self.broke_word = False
        out: list[str] = []
        for paragraph in text.split("\n"):
            line, line_w = "", 0.0
            for word in paragraph.split():
                for n, piece in enumerate(self._pieces(word, width)):
                    piece_w = self.width_of(piece)
                    glue = space if n == 0 else 0.0
                    if line and line_w + glue + piece_w <= width:
                        joined = f"{line} {piece}" if n == 0 else line + piece
                        line, line_w = joined, line_w + glue + piece_w
                        continue
                    if line:
                        out.append(line)
                    line, line_w = piece, piece_w
            out.append(line)
        return out

    def _pieces(self, word: str, width: float) -> list[str]:
        if self.width_of(word) <= width:
            return [word]
        parts = [p + "/" for p in word.split("/")]
        parts[-1] = parts[-1][:-1]
        out: list[str] = []
        for part in (p for p in parts if p):
            while self.width_of(part) > width and len(part) > 1:
                self.broke_word = True
                cut = len(part) - 1
                while cut > 1 and self.width_of(part[:cut]) > width:
                    cut -= 1
                out.append(part[:cut])
                part = part[cut:]
            out.append(part)
        return out

    def block(
        self,
        x: float,
        y: float,
        width: float,
        line_h: float,
        text: str,
        align: Align = Align.L,
    ) -> float:
        """Write wrapped text at a fixed place (no page breaks); return its height."""
        lines = self.wrap(text, width)
        for n, line in enumerate(lines):
            self.set_xy(x, y + n * line_h)
            self.cell(width, line_h, line, align=align)
        return len(lines) * line_h

    def flow(self, text: str, line_h: float, width: float = CONTENT_W) -> None:
        """Write a paragraph at the left margin, breaking pages between lines."""
        for line in self.wrap(text, width):
            if self.get_y() + line_h > self.page_break_trigger:
                self.add_page()
            self.set_x(MARGIN)
            self.cell(width, line_h, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def fitting(
        self, text: str, width: float, max_lines: int, size: float, bold: bool = False
    ) -> list[str]:
        """Set the largest font size ≤ ``size`` at which ``text`` fits in
        ``max_lines`` lines, and return those lines. Never cuts text off."""
        while True:
            self.font(size, bold)
            lines = self.wrap(text, width)
            fits = len(lines) <= max_lines and not self.broke_word
            if fits or size <= 5:
                return lines
            size -= 0.5

    def ensure(self, height: float) -> None:
        """Start a new page unless ``height`` millimetres still fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    # --- pictures ---------------------------------------------------------------

    def pictogram(
        self, pictogram_id: str, x: float, y: float, size: float, pixels: int = 128
    ) -> None:
        """Draw a pictogram, decoded once per process and shared by every PDF."""
        path = pictogram_path(pictogram_id, pixels)
        if path not in self.image_cache.images:
            info = RasterImageInfo(_raster_info(path))
            info["i"] = len(self.image_cache.images) + 1
            info["usages"] = 0
            info["iccp_i"] = None
            self.image_cache.images[path] = info
        self.image(path, x=x, y=y, w=size, h=size)


@functools.cache
def _raster_info(path: str) -> RasterImageInfo:
    # Decoding a PNG and compressing it for the PDF costs ~3 ms; every export
    # uses the same few dozen pictograms. The cached value is never changed:
    # each document gets its own copy (see Pdf.pictogram).
    info = get_img_info(path, image_filter="FlateDecode")
    if info.get("iccp"):
        raise ValueError(f"pictogram with ICC profile not supported: {path}")
    return info


def warm_up_fonts() -> None:
    """Read the fonts' coverage ahead of time (safe in a background thread)."""
    for style in ("", "B"):
        _coverage(style)


def warm_up_pictograms(pictograms: Iterable[str], pixels: int = 128) -> None:
    """Decode pictograms ahead of time (safe in a background thread)."""
    for pictogram in pictograms:
        _raster_info(pictogram_path(pictogram, pixels))
