"""The child's sheets as one A4 page each, and the plan for guardians, as PDF/A-2b.

*Inför möte* tells the child why we meet, who comes (big role pictures with
the names the adults typed), when and where, and what we will talk about,
with the child's own part: what the adults should know and how the child
wants to take part. *Efter mötet* says who was there, what we talked about,
what we planned (the plan in child language, per owner, with its picture),
and shows the *did they listen?* scale when the child answered it. The plan
PDF is the plan alone, with dates and status, for guardians.

Every fixed text is a msgid of :mod:`app.domain.meeting` or of the screens,
translated through :class:`~app.i18n.Translator`, so a sheet prints in the
family's language wherever a catalog exists (Swedish otherwise). What the
adults typed (names, topics, plan points) is printed as typed. Right-to-left
languages (Arabic, Persian) get a mirrored page: pictures on the right, text
right-aligned and shaped by HarfBuzz, each line in its own direction so a
Swedish name inside Arabic text reads right. A character the bundled fonts
cannot draw raises :class:`~app.export.pdf_kit.GlyphMissing`.

A sheet fits one page: the layout is measured first and drawn at the largest
scale (100 % down to 64 %) at which everything fits. Only content far beyond
what a meeting has (dozens of participants or topics) continues on a second
page, never cut off.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from fpdf.enums import Align

from app.domain import catalog
from app.domain.agenda import BOOKLET_AGENDA
from app.domain.meeting import (
    AFTER_PLANNED,
    AFTER_TALKED_ABOUT,
    CHILD_AFTER,
    CHILD_EXPECTED,
    CHILD_NOTES_DEFAULT,
    LISTENED_LABELS,
    LISTENED_PICTOGRAMS,
    NEXT_ON,
    NOT_CHECKED_BY_INTERPRETER,
    NOT_DECIDED,
    PARENTS_AFTER,
    PARENTS_EXPECTED,
    PARENTS_NOTES_DEFAULT,
    PARENTS_WHY,
    PARTICIPATION_LABELS,
    PARTICIPATION_PICTOGRAMS,
    SEVEN_QUESTIONS,
    STANDARD_TOPICS,
    STATUS_LABELS,
    WHY_WE_MEET,
    Listened,
    MeetingSheets,
    Participant,
    Participation,
    Plan,
    PlanOwner,
    PlanPoint,
    PointStatus,
    seven_answers,
)
from app.export.pdf_kit import (
    ACCENT,
    FAMILY,
    INK,
    MUTED,
    RULE,
    WHITE,
    Pdf,
    Rgb,
    check_glyphs,
    rgb,
    warm_up_pictograms,
)
from app.i18n import Translator

SheetKind = Literal["before", "after", "plan", "agenda", "parents"]

# The msgids live in the catalog, which the screens read too: a sheet never
# retypes a screen's words (an edited copy would print untranslated).
TITLES: dict[str, str] = {
    "before": catalog.BEFORE_TITLE,
    "after": catalog.AFTER_TITLE,
    "plan": catalog.PLAN_TITLE,
    "agenda": catalog.AGENDA_TITLE,
    "parents": catalog.PARENTS_TITLE,
}
WHY = catalog.WHY
WHO_COMES = catalog.WHO_COMES
WHEN_WHERE = catalog.WHEN_WHERE
WE_WILL_TALK = catalog.WE_WILL_TALK
WANTS_KNOWN = catalog.WANTS_KNOWN
HOW_TAKE_PART = catalog.HOW_TAKE_PART
WE_MET = catalog.WE_MET
WHO_CAME = catalog.WHO_CAME
WE_TALKED = catalog.WE_TALKED
LISTENED_QUESTION = catalog.LISTENED_QUESTION
NEXT_MEETING = catalog.NEXT_MEETING
DATE_CAPTION = catalog.DATE_CAPTION
WHO_CAPTION = catalog.WHO_CAPTION
WHERE_CAPTION = catalog.WHERE_CAPTION
START = catalog.POINT_START
FOLLOW_UP = catalog.POINT_FOLLOW_UP

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN = 14.0
CONTENT_W = PAGE_W - 2 * MARGIN
TOP = 13.0
BOTTOM = 14.0
"""Space under the last band (the footer sits in it)."""
LIMIT = PAGE_H - BOTTOM
SCALES = (1.0, 0.94, 0.88, 0.82, 0.76, 0.7, 0.64)
BIG_PICTURE = 12.0
"""Pictures at least this many millimetres wide are taken from the 512 px PNGs."""

BLUE = rgb("#EAF2FB")
YELLOW = rgb("#FFF4D6")
GREEN = rgb("#E8F5EE")
LILAC = rgb("#F3EEF9")
PEACH = rgb("#FDEEE5")
GREY = rgb("#EEF1F4")
FILLS = (BLUE, YELLOW, GREEN, LILAC, PEACH, GREY)
COMMON_ROLES = ("teacher", "counsellor", "school_nurse", "mum", "dad", "social_worker")
"""Role pictures most meetings have (warmed up ahead of time)."""
DONE_INK = rgb("#6B737C")
STATUS_COLOURS: dict[PointStatus, tuple[Rgb, Rgb]] = {
    PointStatus.PLANNED: (rgb("#E4E7EB"), INK),
    PointStatus.CONTINUING: (rgb("#D6E8FA"), rgb("#0B4F94")),
    PointStatus.CHANGED: (rgb("#FCE3D2"), rgb("#8F3A00")),
    PointStatus.DONE: (rgb("#D8F0E3"), rgb("#0B6040")),
}
"""A status chip's fill and ink; the word is always written, never colour alone."""


def language_code(language: str) -> str:
    """The bare language of a code: ``"ar"``, ``"ar-SY"`` and ``"AR"`` → ``"ar"``."""
    return (language or "sv").strip().lower().replace("_", "-").split("-")[0]


def sheet_language(language: str) -> str:
    """The language a sheet asked for in ``language`` is printed in.

    A language without a catalog yet prints in Swedish (the msgids), as the
    app itself would show it.
    """
    return Translator(language_code(language)).language


def _first_strong_rtl(text: str) -> bool | None:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return None


class _SheetPdf(Pdf):
    """The case file's PDF class, mirrored for right-to-left languages.

    On a right-to-left page every text is shaped, and each line is laid out in
    its own direction (the first strong letter decides; none means the page's
    direction), so a typed Swedish topic keeps its full stop at its end.
    """

    def __init__(self, rtl: bool, numbered: bool) -> None:
        super().__init__("Min röst")
        self.rtl = rtl
        self.numbered = numbered
        self._mode: tuple[bool, str | None] | None = None
        self._widths: dict[tuple[str, str, str], float] = {}

    def _prepare(self, text: str) -> None:
        needs = check_glyphs(text, "B" if "B" in self.font_style else "")
        if self.rtl:
            strong = _first_strong_rtl(text)
            mode: tuple[bool, str | None] = (
                True,
                "rtl" if strong is None or strong else "ltr",
            )
        else:
            mode = (needs, None)
        if mode != self._mode:
            if mode[0]:
                self.set_text_shaping(True, direction=mode[1])
            else:
                self.set_text_shaping(False)
            self._mode = mode

    def width_of(self, text: str) -> float:
        """Width of ``text`` in the current font; measured once per font and text.

        Widths scale with the font size, so the layout can be tried at several
        scales without measuring every word again.
        """
        key = (self.font_family, self.font_style, text)
        unit = self._widths.get(key)
        if unit is None:
            self._prepare(text)
            unit = self.get_string_width(text) / self.font_size_pt
            self._widths[key] = unit
        return unit * self.font_size_pt

    def footer(self) -> None:
        # Latin text and digits only, always left to right: "1 / 2", not "2 / 1".
        self.set_text_shaping(False)
        self._mode = None
        self.set_text_color(*MUTED)
        self.set_font(FAMILY, "", 8)
        y = self.h - 9.0
        self.set_xy(MARGIN, y)
        name_align = Align.R if self.rtl else Align.L
        self.cell(CONTENT_W, 4, self.footer_left, align=name_align)
        if self.numbered:
            self.set_xy(MARGIN, y)
            number_align = Align.L if self.rtl else Align.R
            self.cell(CONTENT_W, 4, f"{self.page_no()}/{{nb}}", align=number_align)


@dataclass(frozen=True)
class Metrics:
    """Every size of a sheet at one scale (points for text, mm for the rest)."""

    s: float
    title_pt: float = 24.0
    heading_pt: float = 14.0
    body_pt: float = 12.0
    name_pt: float = 11.5
    small_pt: float = 10.0
    icon: float = 15.0
    person: float = 23.0
    tile: float = 20.0
    owner_icon: float = 14.0
    pad: float = 3.6
    gap: float = 3.0

    def __post_init__(self) -> None:
        for name in (
            "title_pt",
            "heading_pt",
            "body_pt",
            "name_pt",
            "small_pt",
            "icon",
            "person",
            "tile",
            "owner_icon",
            "pad",
            "gap",
        ):
            object.__setattr__(self, name, getattr(self, name) * self.s)

    @staticmethod
    def line(points: float) -> float:
        """Line height in millimetres of text set at ``points``."""
        return points * 0.46


Caption = tuple[list[str], float, list[str], float]
"""A participant's name lines and size, role lines and size."""


@dataclass
class Row:
    """One piece of a band: its height and how to draw it at (x, y, width)."""

    height: float
    draw: Callable[[float, float, float], None]
    indent: bool = True
    """Under the title, beside the band's picture; else the band's full width."""


@dataclass
class Band:
    """A rounded, tinted box: a picture, a title and rows under the title."""

    title: str
    icon: str | None
    rows: list[Row] = field(default_factory=list)
    fill: Rgb = BLUE
    x: float = MARGIN
    w: float = CONTENT_W
    """Where the box is across the page (the full width unless in a pair)."""


@dataclass
class Pair:
    """Two short bands side by side, drawn equally tall (never split)."""

    left: Band
    right: Band


class SheetDoc:
    """Lays out and draws one sheet; :meth:`build` returns the PDF's bytes."""

    def __init__(
        self,
        kind: SheetKind,
        sheets: MeetingSheets,
        plan: Plan,
        language: str = "sv",
    ) -> None:
        self.kind = kind
        self.sheets = sheets
        self.plan = plan
        self._ = Translator(language)
        self.rtl = self._.rtl
        self.pdf = _SheetPdf(self.rtl, numbered=False)
        pdf = self.pdf
        pdf.load_fonts(self._texts())
        pdf.set_margins(MARGIN, TOP, MARGIN)
        pdf.set_auto_page_break(False, margin=BOTTOM)
        pdf.set_title(self._(TITLES[kind]))
        pdf.set_lang(self._.language)
        pdf.set_creator("Min röst")
        pdf.set_producer("Min röst (fpdf2)")
        self.m = Metrics(1.0)
        self.scale = 1.0

    # --- what is written ---------------------------------------------------------

    def _texts(self) -> list[str]:
        """Every text the sheet may draw, for the fonts and the glyph check."""
        _, sh = self._, self.sheets
        fixed = [
            *TITLES.values(),
            WHY,
            WHO_COMES,
            WHEN_WHERE,
            WE_WILL_TALK,
            WANTS_KNOWN,
            HOW_TAKE_PART,
            WE_MET,
            WHO_CAME,
            WE_TALKED,
            LISTENED_QUESTION,
            NEXT_MEETING,
            DATE_CAPTION,
            WHO_CAPTION,
            WHERE_CAPTION,
            AFTER_PLANNED,
            *WHY_WE_MEET,
            *STANDARD_TOPICS,
            *AFTER_TALKED_ABOUT,
            *(o.child_title for o in catalog.PLAN_OWNERS.values()),
            *(o.title for o in catalog.PLAN_OWNERS.values()),
            *STATUS_LABELS.values(),
            *PARTICIPATION_LABELS.values(),
            *LISTENED_LABELS.values(),
            *BOOKLET_AGENDA.values(),
            *SEVEN_QUESTIONS,
            CHILD_AFTER,
            CHILD_EXPECTED,
            CHILD_NOTES_DEFAULT,
            NEXT_ON,
            NOT_DECIDED,
            PARENTS_AFTER,
            PARENTS_EXPECTED,
            PARENTS_NOTES_DEFAULT,
            PARENTS_WHY,
            NOT_CHECKED_BY_INTERPRETER,
            catalog.GOAL_CAPTION,
            catalog.SUB_GOALS_CAPTION,
            catalog.COORDINATOR_CAPTION,
            catalog.AGENDA_FRAME,
            catalog.LEADER_CAPTION,
            catalog.NOTE_TAKER_CAPTION,
            catalog.NOTES_SHARED_CAPTION,
            catalog.TIME_FRAME_CAPTION,
            catalog.AFTER_THE_MEETING,
        ]
        out = [_(t) for t in fixed]
        out += [self._date(date(2026, 12, 1)), _(START, date=""), _(FOLLOW_UP, date="")]
        for person in (*sh.participants, *sh.attended):
            out += [person.name, self._role(person)]
        out += [sh.where, *sh.topics, sh.child_wants_known, sh.participation_other]
        if sh.when:
            out.append(self._when(sh.when))
        agenda = sh.agenda_or_booklet
        out += [agenda.leader, agenda.note_taker, agenda.notes_shared]
        out += [agenda.time_frame, *(i.text for i in agenda.items)]
        nm = self.plan.next_meeting
        out += [nm.who, nm.where]
        if nm.when:
            out.append(self._.date(nm.when, "long"))
        for point in self.plan.points:
            out += [point.text, point.who, *(e.note for e in point.history)]
            out += [point.child_text, point.family_text]
        out += [self.plan.goal, *self.plan.sub_goals, self.plan.coordinator]
        return [t for t in out if t]

    def _role(self, person: Participant) -> str:
        item = catalog.ALL_ITEMS.get(person.role)
        return self._(item.label) if item else ""

    def _typed(self, text: str) -> str:
        """Typed text inside a translated line, isolated on a right-to-left page.

        Between U+2068 and U+2069 a Swedish note keeps its own direction, so
        its full stop stays at its end beside Arabic words.
        """
        return f"\u2068{text}\u2069" if self.rtl else text

    def _date(self, value: date) -> str:
        return self._.date(value, "medium")

    def _when(self, value: datetime) -> str:
        if value.tzinfo is not None:
            value = value.astimezone()
        return self._.date(value, "full")

    # --- drawing helpers (logical left-to-right; mirrored on an RTL page) ----------

    def _x(self, x: float, w: float) -> float:
        return PAGE_W - x - w if self.rtl else x

    def _align(self, align: str) -> Align:
        if align == "center":
            return Align.C
        start = align == "start"
        return Align.R if start == self.rtl else Align.L

    def _box(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: Rgb | None,
        border: Rgb | None = None,
        width: float = 0.3,
        radius: float = 3.0,
    ) -> None:
        pdf = self.pdf
        style = ("D" if border else "") if fill is None else ("DF" if border else "F")
        if not style:
            return
        if fill is not None:
            pdf.set_fill_color(*fill)
        if border is not None:
            pdf.set_draw_color(*border)
            pdf.set_line_width(width)
        pdf.rect(
            self._x(x, w),
            y,
            w,
            h,
            style=style,
            round_corners=True,
            corner_radius=min(radius, h / 2, w / 2),
        )

    def _picture(self, pictogram: str, x: float, y: float, size: float) -> None:
        pixels = 512 if size >= BIG_PICTURE else 128
        self.pdf.pictogram(pictogram, self._x(x, size), y, size, pixels)

    def _wrap(self, text: str, width: float, points: float, bold: bool) -> list[str]:
        self.pdf.font(points, bold)
        return self.pdf.wrap(text, width)

    def _fit(
        self, text: str, width: float, points: float, bold: bool
    ) -> tuple[list[str], float]:
        """Lines of ``text`` at the largest size ≤ ``points`` (down to 70 %) at
        which no word has to be broken ("Socialsekreterare" stays whole)."""
        size = points
        while True:
            lines = self._wrap(text, width, size, bold)
            if not self.pdf.broke_word or size <= points * 0.7:
                return lines, size
            size -= 0.5

    def _lines(
        self,
        lines: Sequence[str],
        x: float,
        y: float,
        w: float,
        points: float,
        bold: bool = False,
        colour: Rgb = INK,
        align: str = "start",
    ) -> float:
        pdf = self.pdf
        pdf.font(points, bold)
        pdf.set_text_color(*colour)
        step = self.m.line(points)
        for n, line in enumerate(lines):
            pdf.set_xy(self._x(x, w), y + n * step)
            pdf.cell(w, step, line, align=self._align(align))
        return len(lines) * step

    # --- rows ------------------------------------------------------------------

    def _paragraph(
        self,
        text: str,
        width: float,
        points: float | None = None,
        bold: bool = False,
        colour: Rgb = INK,
        after: float = 1.2,
    ) -> Row:
        size = points or self.m.body_pt
        lines = self._wrap(text, width, size, bold)

        def draw(x: float, y: float, w: float) -> None:
            self._lines(lines, x, y, w, size, bold, colour)

        return Row(len(lines) * self.m.line(size) + after * self.m.s, draw)

    def _bullet(self, text: str, width: float, colour: Rgb = INK) -> Row:
        size = self.m.body_pt
        self.pdf.font(size)
        mark = "•"
        indent = self.pdf.width_of(mark) + 2.2 * self.m.s
        lines = self._wrap(text, width - indent, size, False)

        def draw(x: float, y: float, w: float) -> None:
            self._lines([mark], x, y, indent, size, colour=ACCENT, align="start")
            self._lines(lines, x + indent, y, w - indent, size, colour=colour)

        return Row(len(lines) * self.m.line(size) + 1.0 * self.m.s, draw)

    def _people(self, people: Sequence[Participant], width: float) -> list[Row]:
        """Big role pictures with name and role, in rows across the band."""
        m = self.m
        if not people:
            return [self._paragraph("—", width, colour=MUTED)]
        per_row = max(1, int((width + m.gap) // (m.person + 1 + m.gap)))
        rows_needed = -(-len(people) // per_row)
        per_row = -(-len(people) // rows_needed)  # 10 people: 5 + 5, not 7 + 3
        card_w = min((width - (per_row - 1) * m.gap) / per_row, m.person + 16 * m.s)
        rows: list[Row] = []
        for start in range(0, len(people), per_row):
            chunk = people[start : start + per_row]
            texts: list[Caption] = []
            for person in chunk:
                role = self._role(person)
                name = person.name or role
                name_lines, name_pt = self._fit(name, card_w - 1, m.name_pt, True)
                role_lines, role_pt = (
                    self._fit(role, card_w - 1, m.small_pt, False)
                    if person.name and role
                    else ([], m.small_pt)
                )
                texts.append((name_lines, name_pt, role_lines, role_pt))
            text_h = max(
                len(n) * m.line(n_pt) + len(r) * m.line(r_pt)
                for n, n_pt, r, r_pt in texts
            )
            last = start + per_row >= len(people)
            height = m.person + 1.5 * m.s + text_h + (0.0 if last else m.gap)

            def draw(
                x: float,
                y: float,
                w: float,
                chunk: Sequence[Participant] = chunk,
                texts: list[Caption] = texts,
            ) -> None:
                used = len(chunk) * card_w + (len(chunk) - 1) * m.gap
                left = x + (w - used) / 2
                for k, (
                    person,
                    (name_lines, name_pt, role_lines, role_pt),
                ) in enumerate(zip(chunk, texts, strict=True)):
                    cx = left + k * (card_w + m.gap)
                    self._picture(
                        person.role, cx + (card_w - m.person) / 2, y, m.person
                    )
                    ty = y + m.person + 1.5 * m.s
                    ty += self._lines(
                        name_lines, cx, ty, card_w, name_pt, True, align="center"
                    )
                    self._lines(
                        role_lines,
                        cx,
                        ty,
                        card_w,
                        role_pt,
                        colour=MUTED,
                        align="center",
                    )

            rows.append(Row(height, draw, indent=False))
        return rows

    def _tiles(
        self, choices: Sequence[tuple[str, str, bool]], width: float, tile_w: float
    ) -> Row:
        """Picture tiles side by side; the chosen one framed and ticked."""
        m = self.m
        gap = m.gap * 1.5
        tile_w = min(tile_w, (width - gap * (len(choices) - 1)) / len(choices))
        labels = [
            self._wrap(label, tile_w - 4 * m.s, m.name_pt, chosen)
            for _pic, label, chosen in choices
        ]
        label_h = max(len(lines) for lines in labels) * m.line(m.name_pt)
        height = 2.5 * m.s + m.tile + 1.5 * m.s + label_h + 2.5 * m.s
        total = len(choices) * tile_w + (len(choices) - 1) * gap

        def draw(x: float, y: float, w: float) -> None:
            left = x + (w - total) / 2
            for n, ((pictogram, _label, chosen), lines) in enumerate(
                zip(choices, labels, strict=True)
            ):
                tx = left + n * (tile_w + gap)
                self._box(
                    tx,
                    y,
                    tile_w,
                    height,
                    WHITE,
                    ACCENT if chosen else RULE,
                    width=1.2 if chosen else 0.3,
                )
                self._picture(
                    pictogram, tx + (tile_w - m.tile) / 2, y + 2.5 * m.s, m.tile
                )
                self._lines(
                    lines,
                    tx + 2 * m.s,
                    y + 2.5 * m.s + m.tile + 1.5 * m.s,
                    tile_w - 4 * m.s,
                    m.name_pt,
                    bold=chosen,
                    colour=INK if chosen else MUTED,
                    align="center",
                )
                if chosen:
                    # On the tile's corner, clear of the picture.
                    badge = 7 * m.s
                    self._tick(
                        tx + tile_w - badge * 0.7, y - badge * 0.3, badge, ring=True
                    )

        return Row(height + m.gap * 0.4, draw, indent=False)

    def _tick(self, x: float, y: float, size: float, ring: bool = False) -> None:
        """A filled round badge with a white tick (drawn, not a font glyph)."""
        pdf = self.pdf
        left = self._x(x, size)
        if ring:  # a white ring parts the badge from the tile's frame
            pdf.set_fill_color(*WHITE)
            pdf.ellipse(left - 0.7, y - 0.7, size + 1.4, size + 1.4, style="F")
        pdf.set_fill_color(*ACCENT)
        pdf.ellipse(left, y, size, size, style="F")
        pdf.set_draw_color(*WHITE)
        pdf.set_line_width(size * 0.12)
        pdf.polyline(
            [
                (left + size * 0.27, y + size * 0.52),
                (left + size * 0.44, y + size * 0.69),
                (left + size * 0.74, y + size * 0.33),
            ]
        )

    def _writing_lines(self, width: float, count: int = 3) -> Row:
        """Empty lines to write on by hand."""
        step = 8.5 * self.m.s

        def draw(x: float, y: float, w: float) -> None:
            pdf = self.pdf
            pdf.set_draw_color(*RULE)
            pdf.set_line_width(0.35)
            pdf.set_dash_pattern(dash=1.2, gap=1.0)
            for n in range(count):
                line_y = y + (n + 1) * step - 2
                pdf.line(self._x(x, w), line_y, self._x(x, w) + w, line_y)
            pdf.set_dash_pattern()

        return Row(count * step + 1.5, draw)

    def _quote_box(self, text: str, width: float) -> Row:
        """The child's own words in a white box."""
        m = self.m
        inner = width - 2 * m.pad
        lines = self._wrap(text, inner, m.body_pt, False)
        height = len(lines) * m.line(m.body_pt) + 2 * m.pad * 0.8

        def draw(x: float, y: float, w: float) -> None:
            self._box(x, y, w, height, WHITE, RULE)
            self._lines(lines, x + m.pad, y + m.pad * 0.8, inner, m.body_pt)

        return Row(height + m.gap * 0.6, draw)

    def _owner_cards(
        self, cards: Sequence[tuple[str, str, list[Row]]], width: float
    ) -> list[Row]:
        """Owner cards two by two: a picture, a title and the owner's rows."""
        m = self.m
        gap = m.gap
        card_w = (width - gap) / 2
        inner = card_w - 2 * m.pad
        out: list[Row] = []
        for start in range(0, len(cards), 2):
            pair = cards[start : start + 2]
            heights = []
            heads = []
            for _title, _icon, rows in pair:
                head = self._wrap(
                    _title, inner - m.owner_icon - m.gap, m.heading_pt * 0.9, True
                )
                head_h = max(m.owner_icon, len(head) * m.line(m.heading_pt * 0.9))
                heads.append((head, head_h))
                heights.append(
                    m.pad + head_h + m.gap * 0.6 + sum(r.height for r in rows) + m.pad
                )
            height = max(heights)

            def draw(
                x: float,
                y: float,
                w: float,
                pair: Sequence[tuple[str, str, list[Row]]] = pair,
                heads: list[tuple[list[str], float]] = heads,
                height: float = height,
            ) -> None:
                for n, ((_title, icon, rows), (head, head_h)) in enumerate(
                    zip(pair, heads, strict=True)
                ):
                    cx = x + n * (card_w + gap)
                    self._box(cx, y, card_w, height, WHITE, RULE)
                    self._picture(icon, cx + m.pad, y + m.pad, m.owner_icon)
                    text_h = len(head) * m.line(m.heading_pt * 0.9)
                    self._lines(
                        head,
                        cx + m.pad + m.owner_icon + m.gap,
                        y + m.pad + (head_h - text_h) / 2,
                        inner - m.owner_icon - m.gap,
                        m.heading_pt * 0.9,
                        bold=True,
                    )
                    ry = y + m.pad + head_h + m.gap * 0.6
                    for row in rows:
                        row.draw(cx + m.pad, ry, inner)
                        ry += row.height

            out.append(Row(height + gap, draw, indent=False))
        return out

    # --- bands and pages -------------------------------------------------------

    def _band_geometry(self, band: Band) -> tuple[float, float, float, float]:
        """(x of the title and indented rows, their width, full-row x, its width)."""
        m = self.m
        inner_x = band.x + m.pad
        inner_w = band.w - 2 * m.pad
        if band.icon is None:
            return inner_x, inner_w, inner_x, inner_w
        text_x = inner_x + m.icon + m.gap
        return text_x, inner_w - (text_x - inner_x), inner_x, inner_w

    def _half(self) -> float:
        """The width of a band in a pair."""
        return (CONTENT_W - self.m.gap) / 2

    def _band_height(self, band: Band, rows: Sequence[Row], titled: bool) -> float:
        return self._band(band, rows, titled, y=0.0, draw=False)

    def _item_height(self, item: Band | Pair) -> float:
        if isinstance(item, Pair):
            return max(
                self._band_height(item.left, item.left.rows, True),
                self._band_height(item.right, item.right.rows, True),
            )
        return self._band_height(item, item.rows, True)

    def _band(
        self,
        band: Band,
        rows: Sequence[Row],
        titled: bool,
        y: float,
        draw: bool,
        height: float = 0.0,
    ) -> float:
        """Draw (or only measure) a band with ``rows``; return its height.

        ``height`` makes the box at least that tall (the taller of a pair).
        """
        m = self.m
        text_x, text_w, full_x, full_w = self._band_geometry(band)
        title = self._wrap(band.title, text_w, m.heading_pt, True) if titled else []
        title_h = len(title) * m.line(m.heading_pt)
        icon_h = m.icon if band.icon and titled else 0.0
        # The title's first line beside the top of the picture.
        title_y = y + m.pad + (0.8 * m.s if icon_h else 0.0)
        cursor = title_y + title_h + (m.gap * 0.5 if title else 0.0)
        placed: list[tuple[Row, float, float, float]] = []
        for row in rows:
            if row.indent:
                placed.append((row, text_x, cursor, text_w))
            else:
                cursor = max(cursor, y + m.pad + icon_h + m.gap * 0.6)
                placed.append((row, full_x, cursor, full_w))
            cursor += row.height
        natural = max(cursor, y + m.pad + icon_h) + m.pad - y
        height = max(natural, height)
        if draw:
            self._box(band.x, y, band.w, height, band.fill)
            if icon_h and band.icon:
                self._picture(band.icon, band.x + m.pad, y + m.pad, m.icon)
            self._lines(title, text_x, title_y, text_w, m.heading_pt, bold=True)
            for row, x, row_y, w in placed:
                row.draw(x, row_y, w)
        return height

    def _header_height(self) -> float:
        return self._header(0.0, draw=False)

    def _header(self, y: float, draw: bool) -> float:
        """The sheet's title, large, over a rule in the accent colour."""
        m = self.m
        size = m.title_pt if self.kind != "plan" else m.title_pt * 0.8
        lines = self._wrap(self._(TITLES[self.kind]), CONTENT_W, size, True)
        height = len(lines) * self.m.line(size)
        if draw:
            self._lines(lines, MARGIN, y, CONTENT_W, size, True, ACCENT)
            pdf = self.pdf
            pdf.set_draw_color(*ACCENT)
            pdf.set_line_width(0.8)
            pdf.line(MARGIN, y + height + 1.5, MARGIN + CONTENT_W, y + height + 1.5)
        return height + 1.5 + m.gap * 1.5

    def _bands(self) -> list[Band | Pair]:
        if self.kind == "before":
            return self._before()
        if self.kind == "after":
            return self._after()
        if self.kind == "agenda":
            return self._agenda()
        if self.kind == "parents":
            return self._parents()
        return self._plan()

    def _fits(self, items: Sequence[Band | Pair]) -> bool:
        total = self._header_height()
        total += sum(self._item_height(item) for item in items)
        total += self.m.gap * (len(items) - 1)
        return TOP + total <= LIMIT

    def build(self) -> bytes:
        """Lay the sheet out at the largest scale that fits one page; draw it."""
        items: list[Band | Pair] = []
        for scale in SCALES:
            self.m = Metrics(scale)
            self.scale = scale
            items = self._bands()
            if self._fits(items):
                break
        pdf = self.pdf
        pdf.add_page()
        y = TOP + self._header(TOP, draw=True)
        for item in items:
            if isinstance(item, Pair):
                height = self._item_height(item)
                if y + height > LIMIT:
                    pdf.numbered = True
                    pdf.add_page()
                    y = TOP
                for band in (item.left, item.right):
                    self._band(band, band.rows, True, y, draw=True, height=height)
                y += height + self.m.gap
                continue
            y = self._flow_band(item, y)
        return bytes(pdf.output())

    def _flow_band(self, band: Band, y: float) -> float:
        """Draw a band at ``y``, continuing on new pages when it is too tall."""
        pdf = self.pdf
        rows, titled = list(band.rows), True
        while True:
            height = self._band_height(band, rows, titled)
            if y + height <= LIMIT:
                return y + self._band(band, rows, titled, y, draw=True) + self.m.gap
            fit = self._rows_that_fit(band, rows, titled, LIMIT - y)
            if not fit and y == TOP:
                fit = 1  # a row taller than a page: draw it rather than loop
            pdf.numbered = True  # more than one page: number them all
            if fit:
                self._band(band, rows[:fit], titled, y, draw=True)
                rows, titled = rows[fit:], False
            pdf.add_page()
            y = TOP

    def _rows_that_fit(
        self, band: Band, rows: Sequence[Row], titled: bool, room: float
    ) -> int:
        """How many of ``rows`` fit in ``room`` (0 when even the first does not)."""
        for count in range(len(rows), 0, -1):
            if self._band_height(band, rows[:count], titled) <= room:
                return count
        return 0

    # --- the three sheets ------------------------------------------------------

    def _text_width(self, icon: bool = True, half: bool = False) -> float:
        """The width of a band's text (beside its picture, or the full inside)."""
        width = self._half() if half else CONTENT_W
        return self._band_geometry(Band("", "x" if icon else None, w=width))[1]

    def _before(self) -> list[Band | Pair]:
        _, sh, m = self._, self.sheets, self.m
        width, full = self._text_width(), self._text_width(icon=False)
        half, right = self._text_width(half=True), MARGIN + self._half() + m.gap
        why = Band(
            _(WHY),
            "meeting",
            [self._paragraph(_(t), half) for t in WHY_WE_MEET],
            BLUE,
            w=self._half(),
        )
        when = Band(
            _(WHEN_WHERE),
            "clock",
            self._when_where(half),
            YELLOW,
            x=right,
            w=self._half(),
        )
        items: list[Band | Pair] = [
            Pair(why, when),
            Band(
                _(WHO_COMES),
                catalog.MEETING_PEOPLE_PICTOGRAM,
                self._people(sh.participants, full),
                GREEN,
            ),
            Band(
                _(WE_WILL_TALK),
                "talk_adults",
                [self._bullet(_(t), width) for t in STANDARD_TOPICS]
                + [self._bullet(t, width) for t in sh.topics],
                LILAC,
            ),
        ]
        wants = " ".join(sh.child_wants_known.split())
        items.append(
            Band(
                _(WANTS_KNOWN),
                "wish",
                [self._quote_box(wants, width)]
                if wants
                else [self._writing_lines(width)],
                PEACH,
            )
        )
        choices = [
            (
                PARTICIPATION_PICTOGRAMS[p],
                _(PARTICIPATION_LABELS[p]),
                sh.participation is p,
            )
            for p in Participation
        ]
        # How to take part, and beside it the booklet's last two questions.
        # Four choices need more room than the two questions beside them.
        left_w = (CONTENT_W - m.gap) * 0.6
        right_w = CONTENT_W - m.gap - left_w
        inside = left_w - 2 * m.pad
        rows = [self._tiles(choices, inside, 52 * m.s)]
        other = " ".join(sh.participation_other.split())
        if sh.participation is Participation.OTHER and other:
            rows.append(self._quote_box(other, inside))
        take_part = Band(_(HOW_TAKE_PART), None, rows, BLUE, w=left_w)
        after_w = right_w - 2 * m.pad
        after = Band(
            _(catalog.AFTER_THE_MEETING),
            None,
            [
                row
                for question, answer in self._seven(for_parents=False)[5:]
                for row in (
                    self._paragraph(question, after_w, bold=True, after=0.4),
                    self._paragraph(answer, after_w),
                )
            ],
            GREY,
            x=MARGIN + left_w + m.gap,
            w=right_w,
        )
        items.append(Pair(take_part, after))
        return items

    def _seven(self, *, for_parents: bool) -> list[tuple[str, str]]:
        return seven_answers(
            self._,
            self.sheets,
            self.plan,
            for_parents=for_parents,
            role_label=lambda role: (
                catalog.ALL_ITEMS[role].label if role in catalog.ALL_ITEMS else role
            ),
        )

    def _agenda(self) -> list[Band | Pair]:
        """The agenda: the meeting's frame, then the items numbered."""
        _, sh = self._, self.sheets
        width = self._text_width()
        agenda = sh.agenda_or_booklet
        facts = []
        if sh.when:
            facts.append(self._when(sh.when))
        for caption, value in (
            (catalog.TIME_FRAME_CAPTION, agenda.time_frame),
            (WHERE_CAPTION, sh.where),
            (catalog.LEADER_CAPTION, agenda.leader),
            (catalog.NOTE_TAKER_CAPTION, agenda.note_taker),
            (catalog.NOTES_SHARED_CAPTION, agenda.notes_shared),
        ):
            if value:
                label = _(caption).rstrip(":")
                glue = " " if label.endswith(("?", "؟")) else ": "
                facts.append(label + glue + self._typed(value))
        items = [
            self._paragraph(f"{n}. {text}", width, after=0.6)
            for n, text in enumerate(self._agenda_texts(), 1)
        ]
        return [
            Band(
                _(catalog.AGENDA_FRAME),
                "clock",
                [self._paragraph(f, width, after=0.6) for f in facts]
                or [self._paragraph("—", width, colour=MUTED)],
                YELLOW,
            ),
            Band(_(catalog.AGENDA_TITLE), "meeting", items, BLUE),
        ]

    def _parents(self) -> list[Band | Pair]:
        """The parents' *Inför möte*: the seven questions answered, in *ni*."""
        width = self._text_width(icon=False)
        bands: list[Band | Pair] = []
        for n, (question, answer) in enumerate(self._seven(for_parents=True)):
            rows = (
                [self._bullet(t, width) for t in self._agenda_texts()]
                if n == 3  # the questions to be taken up: the agenda itself
                else [self._paragraph(answer, width)]
            )
            bands.append(Band(question, None, rows, FILLS[n % 6]))
        return bands

    def _agenda_texts(self) -> list[str]:
        _ = self._
        return [
            _(item.msgid) if item.msgid else self._typed(item.text)
            for item in self.sheets.agenda_or_booklet.items
        ]

    def _when_where(self, width: float) -> list[Row]:
        sh, m = self.sheets, self.m
        rows: list[Row] = []
        if sh.when:
            rows.append(
                self._paragraph(self._when(sh.when), width, bold=True, after=0.6)
            )
            when = sh.when.astimezone() if sh.when.tzinfo else sh.when
            if (when.hour, when.minute) != (0, 0):
                clock = self._.clock(when.hour * 60 + when.minute)
                rows.append(
                    self._paragraph(clock, width, m.body_pt * 1.15, True, after=0.6)
                )
        if sh.where:
            rows.append(self._paragraph(sh.where, width))
        return rows or [self._paragraph("—", width, colour=MUTED)]

    def _after(self) -> list[Band | Pair]:
        _, sh, m = self._, self.sheets, self.m
        width, full = self._text_width(), self._text_width(icon=False)
        items: list[Band | Pair] = [
            Band(
                _(WE_MET),
                "meeting",
                [
                    self._paragraph(_(WHO_CAME), width),
                    *self._people(sh.attended or sh.participants, full),
                ],
                GREEN,
            )
        ]
        # What we talked about, and beside it (when answered) did they listen?
        paired = sh.listened is not None
        talk_w = self._text_width(half=paired)
        talked = Band(
            _(WE_TALKED),
            "talk_adults",
            [self._paragraph(_(t), talk_w) for t in AFTER_TALKED_ABOUT]
            + [self._bullet(t, talk_w) for t in sh.topics],
            LILAC,
            w=self._half() if paired else CONTENT_W,
        )
        if sh.listened is not None:
            choices = [
                (LISTENED_PICTOGRAMS[v], _(LISTENED_LABELS[v]), sh.listened is v)
                for v in Listened
            ]
            scale_w = self._text_width(icon=False, half=True)
            listened = Band(
                _(LISTENED_QUESTION),
                None,
                [self._tiles(choices, scale_w, 30 * m.s)],
                BLUE,
                x=MARGIN + self._half() + m.gap,
                w=self._half(),
            )
            items.append(Pair(talked, listened))
        else:
            items.append(talked)
        card_w = (full - m.gap) / 2
        inner = card_w - 2 * m.pad
        cards = []
        for owner in PlanOwner:
            points = [p for p in self.plan.column(owner) if p.open]
            if points:
                # "BUP: Samtal om …" – the child sees who the others are.
                rows = []
                for p in points:
                    shown = p.for_child(self._.language)
                    if shown is None:
                        continue  # no child version: the adult's words never
                    text, unchecked = shown
                    text = self._typed(text)
                    if unchecked:
                        text += f" ({_(NOT_CHECKED_BY_INTERPRETER)})"
                    rows.append(
                        self._bullet(f"{p.who}: {text}" if p.who else text, inner)
                    )
                if not rows:
                    continue
                cards.append(
                    (
                        _(catalog.PLAN_OWNERS[owner].child_title),
                        catalog.PLAN_OWNERS[owner].pictogram,
                        rows,
                    )
                )
        plan_rows = self._owner_cards(cards, full) if cards else []
        if not plan_rows:
            plan_rows = [self._paragraph("—", full, colour=MUTED)]
        items.append(Band(_(AFTER_PLANNED), None, plan_rows, YELLOW))
        return items

    def _point_rows(self, point: PlanPoint, width: float) -> list[Row]:
        """A point: its text, then a status chip with the dates and latest note."""
        _, m = self._, self.m
        done = point.status is PointStatus.DONE
        text = f"{point.who}: {point.text}" if point.who else point.text
        rows = [self._bullet(text, width, DONE_INK if done else INK)]
        facts = []
        if point.start:
            facts.append(_(START, date=self._date(point.start)))
        if point.follow_up:
            facts.append(_(FOLLOW_UP, date=self._date(point.follow_up)))
        latest = point.history[-1] if point.history else None
        if latest and latest.note:
            facts.append(self._typed(latest.note))
        self.pdf.font(m.body_pt)
        indent = self.pdf.width_of("•") + 2.2 * m.s
        label = _(STATUS_LABELS[point.status])
        self.pdf.font(m.small_pt, True)
        chip_w = self.pdf.width_of(label) + 4 * m.s
        chip_h = m.line(m.small_pt) + 1.2 * m.s
        text_x = indent + chip_w + 2 * m.s
        lines = self._wrap(" · ".join(facts), width - text_x, m.small_pt, False)
        height = max(chip_h, len(lines) * m.line(m.small_pt)) + 2.6 * m.s
        fill, ink = STATUS_COLOURS[point.status]

        def draw(x: float, y: float, w: float) -> None:
            self._box(x + indent, y, chip_w, chip_h, fill, radius=chip_h / 2)
            self._lines(
                [label],
                x + indent,
                y + 0.6 * m.s,
                chip_w,
                m.small_pt,
                True,
                ink,
                align="center",
            )
            self._lines(
                lines, x + text_x, y + 0.6 * m.s, w - text_x, m.small_pt, colour=MUTED
            )

        rows.append(Row(height, draw))
        return rows

    def _plan(self) -> list[Band | Pair]:
        _ = self._
        width = self._text_width()
        bands: list[Band | Pair] = []
        plan = self.plan
        if plan.goal or plan.sub_goals or plan.coordinator:
            rows = []
            for caption, value in (
                (catalog.GOAL_CAPTION, plan.goal),
                (catalog.COORDINATOR_CAPTION, plan.coordinator),
            ):
                if value:
                    rows.append(
                        self._paragraph(
                            f"{_(caption)}: {self._typed(value)}", width, after=0.8
                        )
                    )
            if plan.sub_goals:
                rows.append(self._paragraph(_(catalog.SUB_GOALS_CAPTION), width))
                rows += [self._bullet(self._typed(g), width) for g in plan.sub_goals]
            bands.append(Band(_(catalog.GOALS_TITLE), "plan", rows, GREY))
        for n, owner in enumerate(PlanOwner):
            rows = [
                row
                for point in self.plan.column(owner)
                for row in self._point_rows(point, width)
            ]
            bands.append(
                Band(
                    _(catalog.PLAN_OWNERS[owner].title),
                    catalog.PLAN_OWNERS[owner].pictogram,
                    rows or [self._paragraph("—", width, colour=MUTED)],
                    FILLS[n],
                )
            )
        nm = self.plan.next_meeting
        facts = [
            (DATE_CAPTION, self._.date(nm.when, "full") if nm.when else ""),
            (WHO_CAPTION, nm.who),
            (WHERE_CAPTION, nm.where),
        ]
        rows = []
        for caption, value in facts:
            if value:
                label = _(caption).rstrip(":")
                glue = " " if label.endswith(("?", "؟")) else ": "
                text = label + glue + self._typed(value)
                rows.append(self._paragraph(text, width, after=0.8))
        bands.append(
            Band(
                _(NEXT_MEETING),
                "meeting",
                rows or [self._paragraph("—", width, colour=MUTED)],
                GREY,
            )
        )
        return bands


def render_sheet(
    kind: SheetKind,
    *,
    sheets: MeetingSheets,
    plan: Plan,
    language: str = "sv",
) -> bytes:
    """The PDF/A-2b of *Inför möte* (``before``), *Efter mötet* (``after``) or
    the plan (``plan``), in ``language`` (Swedish where there is no catalog)."""
    if kind not in TITLES:
        raise ValueError(f"unknown sheet kind {kind!r}")
    return SheetDoc(kind, sheets, plan, sheet_language(language)).build()


def render_sheet_with_scale(
    kind: SheetKind, *, sheets: MeetingSheets, plan: Plan, language: str = "sv"
) -> tuple[bytes, float]:
    """The PDF and the scale it was drawn at (1.0 = full size), for tests."""
    doc = SheetDoc(kind, sheets, plan, sheet_language(language))
    data = doc.build()
    return data, doc.scale


def warm_up() -> None:
    """Decode the sheets' large pictures ahead of time (the first sheet in a
    process otherwise pays ~0.3 s for them); safe in a background thread."""
    pictures = {
        "meeting",
        catalog.MEETING_PEOPLE_PICTOGRAM,
        "clock",
        "talk_adults",
        "wish",
        *COMMON_ROLES,
        *(o.pictogram for o in catalog.PLAN_OWNERS.values()),
        *PARTICIPATION_PICTOGRAMS.values(),
        *LISTENED_PICTOGRAMS.values(),
    }
    warm_up_pictograms(pictures, 512)
