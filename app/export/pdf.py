"""The session as an A4 PDF/A-2b for the case file, in Swedish.

Layout, top to bottom: a header (who, when, counsellor, recipient, consent),
*Barnets röst* in plain sentences (with what the child said about the
meeting), what changed since the last session (when there was one), the
child's plan in its four columns (when there is one) with the next follow-up
meeting, *En vanlig dag* as a timeline of pictures and times with the places,
persons and wishes, then *Det här är jag bra på* as the booklet's table:
every item's picture and each mark drawn in the level's colour **and** with
the level's picture, so a black-and-white copy still reads. Counsellor
notes come last, only when chosen.

Drawn with the toolkit in :mod:`app.export.pdf_kit` (the fonts and their
glyph check: a character no font can draw raises ``GlyphMissing`` rather than
vanishing from the case file; colours; text that wraps and fits; pictograms).
Every call builds its own document, so exports may run in threads side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from babel.dates import format_date
from fpdf.enums import Align, XPos, YPos

from app.domain.catalog import (
    ALL_ITEMS,
    ANSWER_PROMPTS,
    COLUMN_TITLES,
    DAY_PROMPTS,
    DECLINES,
    GRID_HEADING,
    LEVELS,
    NEXT_MEETING,
    PLAN_OWNERS,
    PLAN_TITLE,
    RETIRED_PROMPTS,
    Column,
    Prompt,
    PromptKind,
)
from app.domain.follow_up import EVALUATION_LABELS
from app.domain.meeting import (
    STATUS_LABELS,
    Plan,
    PlanOwner,
    PlanPoint,
)
from app.domain.models import LEVEL_ORDER, Level, Session
from app.domain.summary import (
    EMPTY,
    HELP_TITLE,
    Change,
    Section,
    cited_texts,
    entry_clock,
    entry_label,
    grid_rows,
    item_label,
    item_pictogram,
    prompt_title,
)
from app.export.header import PRIVATE_NOTE, Header, header_lines
from app.export.pdf_kit import (
    ACCENT,
    BOTTOM,
    CONTENT_W,
    INK,
    MARGIN,
    MUTED,
    PANEL,
    RULE,
    WHITE,
    ZEBRA,
    Pdf,
    Rgb,
    rgb,
    warm_up_fonts,
    warm_up_pictograms,
)


def _texts(content: PdfContent) -> list[str]:
    h, session = content.header, content.session
    out = [h.child_text, h.counsellor, h.recipient, *h.consent]
    out += [line for section in content.voice for line in section.sentences]
    out += [content.notes]
    out += [c.label for c in session.grid.custom_items]
    out += [c.label for c in session.day.custom_items]
    out += [e.label for e in session.day.timeline]
    for change in content.changes or ():
        out += [change.subject, change.before, change.after]
    if content.plan is not None:
        out += plan_texts(content.plan)
        for point in content.plan.points:
            out += cited_texts(content.previous or session, point.answers)
    return out


def plan_texts(plan: Plan) -> list[str]:
    """Every typed text of a plan (for the glyph check before drawing)."""
    out = [plan.next_meeting.who, plan.next_meeting.where]
    for point in plan.points:
        out += [point.text, point.who, *(e.note for e in point.history)]
    return out


def level_rgb(level: Level) -> tuple[int, int, int]:
    """A level's colour (from the catalog) as the PDF's RGB triple."""
    return rgb(LEVELS[level].colour)


NOTHING_SHOWN = "– (inget svar visas)"
CHIP_H = 8.6
CHIP_PIC = 6.6
CHIP_GAP = 2.0
CARD_H = 25.5
TIMELINE_PER_ROW = 8
PLAN_GAP = 2.0
PLAN_COL_W = (CONTENT_W - 3 * PLAN_GAP) / 4
STRONG_CAPTIONS = frozenset({"Elev", "Ärende", "Elev (initialer)", "Mottagare"})


def short_date(value: date) -> str:
    """A date as a narrow column writes it: "30 nov. 2026" (a moment: local)."""
    if isinstance(value, datetime):
        value = value.astimezone()
    return format_date(value, "d MMM y", locale="sv")


def long_date(value: date) -> str:
    """A date in words: "27 december 2026"."""
    return format_date(value, "long", locale="sv")


def has_plan(plan: Plan) -> bool:
    """Whether a plan has anything to show (a point, or the next meeting)."""
    nm = plan.next_meeting
    return bool(plan.points or nm.when or nm.who or nm.where)


# --- the content -------------------------------------------------------------------


@dataclass(frozen=True)
class PdfContent:
    """Everything the PDF shows, already stripped of what must not be shown."""

    header: Header
    session: Session
    """The session without private answers (``summary.without_private``)."""
    voice: Sequence[Section]
    """*Barnets röst* by topic (changes since last time come as a table)."""
    changes: Sequence[Change] | None = None
    """What changed since the previous session; None when there was none."""
    notes: str = ""
    """Counsellor notes, only when the counsellor chose to include them."""
    plan: Plan | None = None
    """The child's plan; None (or an empty plan) leaves the part out."""
    previous: Session | None = None
    """The previous session without private answers (the plan's points cite
    its answers at a follow-up)."""


@dataclass
class Layout:
    """Where things were drawn, for tests: (page, x, y, w, h) in millimetres."""

    marks: dict[tuple[str, Level], tuple[int, float, float, float, float]] = field(
        default_factory=dict
    )


# --- drawing -----------------------------------------------------------------------


class SessionPdf:
    """Draws one session; :meth:`build` returns the PDF's bytes."""

    def __init__(self, content: PdfContent) -> None:
        self.c = content
        self.layout = Layout()
        h = content.header
        self.pdf = Pdf(f"Min röst · {h.child_caption}: {h.child_text} · {h.recipient}")
        pdf = self.pdf
        pdf.load_fonts(_texts(content))
        pdf.set_margins(MARGIN, 14, MARGIN)
        pdf.set_auto_page_break(False, margin=BOTTOM)
        pdf.set_title(f"Barnets röst – samtal {h.session_date}")
        pdf.set_lang("sv-SE")
        pdf.set_creator("Min röst")
        pdf.set_producer("Min röst (fpdf2)")
        pdf.set_text_color(*INK)

    def build(self) -> bytes:
        """Lay out every part and return the finished PDF."""
        self.pdf.add_page()
        self._header()
        self._voice()
        if self.c.changes is not None:
            self._changes()
        if self.c.plan is not None and has_plan(self.c.plan):
            self._plan()
        self._day()
        self._grid()
        if self.c.notes:
            self._notes()
        return bytes(self.pdf.output())

    # --- parts -----------------------------------------------------------------

    def _heading(self, text: str, need: float = 30) -> None:
        pdf = self.pdf
        pdf.ensure(need + 12)
        pdf.ln(3)
        pdf.set_text_color(*ACCENT)
        pdf.font(13, bold=True)
        pdf.cell(CONTENT_W, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_draw_color(*ACCENT)
        pdf.set_line_width(0.4)
        pdf.line(MARGIN, pdf.get_y(), MARGIN + CONTENT_W, pdf.get_y())
        pdf.ln(2)
        pdf.set_text_color(*INK)

    def _subheading(self, text: str) -> None:
        pdf = self.pdf
        pdf.set_text_color(*INK)
        pdf.font(10.5, bold=True)
        pdf.cell(CONTENT_W, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def _header(self) -> None:
        pdf, h = self.pdf, self.c.header
        pdf.font(20, bold=True)
        pdf.set_text_color(*INK)
        pdf.cell(CONTENT_W - 70, 9, "Barnets röst")
        pdf.font(9)
        pdf.set_text_color(*MUTED)
        pdf.cell(70, 9, f"Samtal {h.session_date}", align=Align.R)
        pdf.ln(9)
        pdf.cell(
            CONTENT_W,
            4.5,
            "Min röst · Det här är jag bra på · En vanlig dag",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(2.5)
        rows = header_lines(h)
        pad, caption_w, line_h = 4.0, 32.0, 4.8
        value_w = CONTENT_W - caption_w - 2 * pad
        pdf.font(9.5)
        heights = [len(pdf.wrap(v, value_w)) * line_h for _, v in rows]
        top = pdf.get_y()
        pdf.set_fill_color(*PANEL)
        pdf.rect(
            MARGIN,
            top,
            CONTENT_W,
            sum(heights) + 5,
            style="F",
            round_corners=True,
            corner_radius=2,
        )
        y = top + 2.5
        for (caption, value), height in zip(rows, heights, strict=True):
            pdf.set_text_color(*MUTED)
            pdf.font(8.5, bold=True)
            pdf.set_xy(MARGIN + pad, y)
            pdf.cell(caption_w, line_h, caption)
            pdf.set_text_color(*INK)
            pdf.font(9.5, bold=caption in STRONG_CAPTIONS)
            pdf.block(MARGIN + pad + caption_w, y, value_w, line_h, value)
            y += height
        pdf.set_xy(MARGIN, top + sum(heights) + 5)

    def _voice(self) -> None:
        """Barnets röst by topic: a caption on the left, one sentence per line."""
        pdf = self.pdf
        self._heading("Barnets röst")
        caption_w, line_h = 40.0, 4.9
        text_w = CONTENT_W - caption_w
        if not self.c.voice:
            pdf.font(10)
            pdf.flow(EMPTY, line_h)
        for n, section in enumerate(self.c.voice):
            pdf.font(10)
            blocks = [pdf.wrap(line, text_w) for line in section.sentences]
            pdf.ensure(len(blocks[0]) * line_h + 2)
            top = pdf.get_y()
            if n:
                pdf.set_draw_color(*RULE)
                pdf.set_line_width(0.1)
                pdf.line(MARGIN, top, MARGIN + CONTENT_W, top)
            y = top + 1.6
            pdf.set_text_color(*ACCENT)
            pdf.font(9, bold=True)
            pdf.block(MARGIN, y + 0.3, caption_w - 4, 4.2, section.title)
            pdf.set_text_color(*INK)
            pdf.font(10)
            for lines in blocks:
                if y + len(lines) * line_h > pdf.page_break_trigger:
                    pdf.add_page()
                    y = pdf.get_y()
                for k, line in enumerate(lines):
                    pdf.set_xy(MARGIN + caption_w, y + k * line_h)
                    pdf.cell(text_w, line_h, line)
                y += len(lines) * line_h + 1.2
            pdf.set_xy(MARGIN, y + 0.6)
        pdf.ln(0.5)
        pdf.set_text_color(*MUTED)
        pdf.font(8)
        pdf.flow(PRIVATE_NOTE, 4.0)
        pdf.set_text_color(*INK)

    def _changes(self) -> None:
        """What changed since the last session, in two tables kept whole."""
        pdf, h = self.pdf, self.c.header
        changes = self.c.changes or ()
        title = f"Förändringar sedan samtalet {h.previous_date}"
        widths = (62.0, 59.0, 59.0)
        line_h = 4.6
        groups = [
            (caption, [c for c in changes if c.part == part])
            for part, caption in (
                ("grid", "Det här är jag bra på"),
                ("day", "En vanlig dag"),
            )
        ]
        groups = [(caption, rows) for caption, rows in groups if rows]
        heights = [
            6.5 + sum(self._change_height(c, widths, line_h) for c in rows)
            for _caption, rows in groups
        ]
        self._heading(title, need=heights[0] if heights else 6)
        if not groups:
            pdf.font(10)
            pdf.flow("Inga svar har ändrats.", 5.0)
            return
        for (caption, rows), height in zip(groups, heights, strict=True):
            if pdf.get_y() + height > pdf.page_break_trigger:
                pdf.add_page()
                self._heading(f"{title} (forts.)", need=0)
            pdf.ln(1)
            pdf.font(8.5, bold=True)
            pdf.set_text_color(*MUTED)
            x = MARGIN
            for w, head in zip(widths, (caption, "Förut", "Nu"), strict=True):
                pdf.set_xy(x + 1.5, pdf.get_y())
                pdf.cell(w - 3, 5.5, head)
                x += w
            pdf.ln(5.5)
            pdf.set_text_color(*INK)
            for n, change in enumerate(rows):
                self._change_row(change, widths, line_h, shade=n % 2 == 0)

    def _change_height(
        self, change: Change, widths: Sequence[float], line_h: float
    ) -> float:
        pdf = self.pdf
        cells = (change.subject, change.before, change.after)
        lines = 1
        for k, (text, w) in enumerate(zip(cells, widths, strict=True)):
            pdf.font(9, bold=k == 2)
            lines = max(lines, len(pdf.wrap(text, w - 3)))
        return line_h * lines + 1.2

    def _change_row(
        self, change: Change, widths: Sequence[float], line_h: float, shade: bool
    ) -> None:
        pdf = self.pdf
        cells = (change.subject, change.before, change.after)
        height = self._change_height(change, widths, line_h)
        pdf.ensure(height)
        y = pdf.get_y()
        if shade:
            pdf.set_fill_color(*ZEBRA)
            pdf.rect(MARGIN, y, CONTENT_W, height, style="F")
        x = MARGIN
        for k, (text, w) in enumerate(zip(cells, widths, strict=True)):
            pdf.font(9, bold=k == 2)
            pdf.block(x + 1.5, y + 0.6, w - 3, line_h, text)
            x += w
        pdf.set_xy(MARGIN, y + height)

    # --- the plan ---------------------------------------------------------------

    def _point_blocks(self, point: PlanPoint) -> list[tuple[str, float, bool, Rgb]]:
        """A plan point's card as (text, size, bold, colour) paragraphs."""
        blocks: list[tuple[str, float, bool, Rgb]] = []
        if point.who:
            blocks.append((point.who, 8.0, True, ACCENT))
        blocks.append((point.text, 9.0, True, INK))
        if point.start:
            blocks.append((f"Start {short_date(point.start)}", 7.5, False, MUTED))
        if point.follow_up:
            text = f"Uppföljning {short_date(point.follow_up)}"
            blocks.append((text, 7.5, False, MUTED))
        blocks.append((f"Status: {STATUS_LABELS[point.status]}", 8.0, True, INK))
        rating = self.c.session.evaluations.get(point.id)
        if rating is not None:
            text = f"Elevens utvärdering: {EVALUATION_LABELS[rating]}"
            blocks.append((text, 8.0, True, ACCENT))
        for cited in cited_texts(self.c.previous or self.c.session, point.answers):
            blocks.append((f"Svarar på: {cited}", 7.5, False, MUTED))
        for event in point.history:
            line = f"{short_date(event.at)}: {STATUS_LABELS[event.status]}"
            if event.note:
                line += f" – {event.note}"
            blocks.append((line, 7.5, False, MUTED))
        return blocks

    def _card_height(self, blocks: Sequence[tuple[str, float, bool, Rgb]]) -> float:
        pdf = self.pdf
        height = 2.4
        for text, size, bold, _colour in blocks:
            pdf.font(size, bold)
            height += len(pdf.wrap(text, PLAN_COL_W - 3)) * size * 0.42 + 0.6
        return height + 1.2

    def _plan_head(self) -> None:
        pdf = self.pdf
        y = pdf.get_y()
        for n, owner in enumerate(PlanOwner):
            x = MARGIN + n * (PLAN_COL_W + PLAN_GAP)
            pdf.pictogram(PLAN_OWNERS[owner].pictogram, x, y, 7.0)
            pdf.set_text_color(*INK)
            pdf.font(10, bold=True)
            pdf.set_xy(x + 8.5, y)
            pdf.cell(PLAN_COL_W - 8.5, 7.0, PLAN_OWNERS[owner].title)
            pdf.set_draw_color(*ACCENT)
            pdf.set_line_width(0.5)
            pdf.line(x, y + 8.2, x + PLAN_COL_W, y + 8.2)
        pdf.set_xy(MARGIN, y + 10)

    def _plan(self) -> None:
        """The plan in its four columns, row by row, and the next meeting."""
        pdf = self.pdf
        plan = self.c.plan or Plan()
        columns = [
            [self._point_blocks(p) for p in plan.column(owner)] for owner in PlanOwner
        ]
        rows = max(len(c) for c in columns)
        heights = [
            max(self._card_height(c[r]) for c in columns if r < len(c))
            for r in range(rows)
        ]
        self._heading(PLAN_TITLE, need=10 + (heights[0] if heights else 8))
        self._plan_head()
        if not rows:
            pdf.font(9.5)
            pdf.set_text_color(*MUTED)
            pdf.flow("Inga punkter ännu.", 5.0)
            pdf.set_text_color(*INK)
        for r, height in enumerate(heights):
            if pdf.get_y() + height > pdf.page_break_trigger:
                pdf.add_page()
                self._heading(f"{PLAN_TITLE} (forts.)", need=0)
                self._plan_head()
            y = pdf.get_y()
            for n, column in enumerate(columns):
                if r < len(column):
                    x = MARGIN + n * (PLAN_COL_W + PLAN_GAP)
                    self._plan_card(x, y, height, column[r])
            pdf.set_xy(MARGIN, y + height + PLAN_GAP)
        self._next_meeting(plan)

    def _plan_card(
        self,
        x: float,
        y: float,
        height: float,
        blocks: Sequence[tuple[str, float, bool, Rgb]],
    ) -> None:
        pdf = self.pdf
        pdf.set_fill_color(*ZEBRA)
        pdf.set_draw_color(*RULE)
        pdf.set_line_width(0.2)
        pdf.rect(
            x, y, PLAN_COL_W, height, style="DF", round_corners=True, corner_radius=1.5
        )
        top = y + 1.6
        for text, size, bold, colour in blocks:
            pdf.font(size, bold)
            pdf.set_text_color(*colour)
            top += pdf.block(x + 1.5, top, PLAN_COL_W - 3, size * 0.42, text) + 0.6
        pdf.set_text_color(*INK)

    def _next_meeting(self, plan: Plan) -> None:
        pdf = self.pdf
        nm = plan.next_meeting
        parts = [
            f"{caption}: {value}"
            for caption, value in (
                ("Datum", long_date(nm.when) if nm.when else ""),
                ("Vilka", nm.who),
                ("Var", nm.where),
            )
            if value
        ]
        text = " · ".join(parts) if parts else "inte bestämt ännu."
        pdf.font(9.5)
        pdf.ensure(12)
        pdf.ln(1)
        self._subheading(NEXT_MEETING)
        pdf.font(9.5)
        pdf.flow(text, 4.8)

    # --- En vanlig dag ------------------------------------------------------------

    def _timeline_height(self) -> float:
        rows = -(-len(self.c.session.day.timeline) // TIMELINE_PER_ROW)
        return max(1, rows) * (CARD_H + 2) + 6

    def _day(self) -> None:
        pdf = self.pdf
        day = self.c.session.day
        # The day starts on a page where its whole timeline fits.
        self._heading("En vanlig dag", need=self._timeline_height())
        self._subheading("Dagen med klockslag")
        status = day.answer("activities.day").status
        if day.timeline:
            self._timeline()
        elif status in DECLINES:
            self._chips([(DECLINES[status].pictogram, DECLINES[status].label)], MARGIN)
            pdf.ln(2)
        else:
            self._none_given(MARGIN)
        for column in Column:
            prompts = [
                p
                for p in ANSWER_PROMPTS
                if p.column is column
                and p.kind is PromptKind.PICK
                # A retired question shows only where an older session answered it.
                and (p not in RETIRED_PROMPTS or p.id in day.answers)
            ]
            self._answer_rows(COLUMN_TITLES[column], prompts)
        # What would help stands apart from the wishes, never among them.
        self._answer_rows(
            HELP_TITLE, [p for p in DAY_PROMPTS if p.kind is PromptKind.HELP]
        )

    def _answer_rows(self, heading: str, prompts: list[Prompt]) -> None:
        """A heading, then each prompt's answer in pictures beside its title."""
        pdf = self.pdf
        day = self.c.session.day
        own = {c.id: c for c in day.custom_items}
        label_w = 48.0
        rows = []
        for prompt in prompts:
            answer = day.answer(prompt.id)
            if answer.status in DECLINES:
                decline = DECLINES[answer.status]
                chips = [(decline.pictogram, decline.label)]
            else:
                chips = [
                    (item_pictogram(p, own), item_label(p, own)) for p in answer.picks
                ]
            title = prompt_title(prompt.id)
            pdf.font(8.5, bold=True)
            title_h = len(pdf.wrap(title, label_w - 3)) * 3.8
            chips_h = self._chips_height(chips, MARGIN + label_w)
            rows.append((title, title_h, chips, max(chips_h, title_h + 1.5)))
        # A heading and its questions stay on one page.
        pdf.ensure(2.5 + 6 + sum(r[3] for r in rows))
        pdf.ln(2.5)
        self._subheading(heading)
        for title, title_h, chips, height in rows:
            pdf.ensure(height)
            y = pdf.get_y()
            pdf.set_text_color(*MUTED)
            pdf.font(8.5, bold=True)
            offset = (CHIP_H - title_h) / 2 if title_h < CHIP_H else 1.0
            pdf.block(MARGIN, y + offset, label_w - 3, 3.8, title)
            pdf.set_text_color(*INK)
            pdf.set_xy(MARGIN + label_w, y)
            if chips:
                self._chips(chips, MARGIN + label_w)
            else:
                self._none_given(MARGIN + label_w)
            pdf.set_y(y + height)
            pdf.set_draw_color(*RULE)
            pdf.set_line_width(0.1)
            pdf.line(MARGIN, pdf.get_y(), MARGIN + CONTENT_W, pdf.get_y())

    def _chip_width(self, label: str, left: float) -> float:
        pdf = self.pdf
        pdf.font(9)
        return CHIP_PIC + 5 + min(pdf.width_of(label), MARGIN + CONTENT_W - left - 13)

    def _chips_height(self, chips: Sequence[tuple[str, str]], left: float) -> float:
        """How tall :meth:`_chips` will draw these chips."""
        if not chips:
            return CHIP_H
        right, x, lines = MARGIN + CONTENT_W, left, 1
        for _pictogram, label in chips:
            width = self._chip_width(label, left)
            if x + width > right and x > left:
                x, lines = left, lines + 1
            x += width + CHIP_GAP
        return lines * CHIP_H

    def _none_given(self, x: float) -> None:
        pdf = self.pdf
        pdf.set_x(x)
        pdf.set_text_color(*MUTED)
        pdf.font(9)
        pdf.cell(60, CHIP_H, NOTHING_SHOWN, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(*INK)

    def _chips(self, chips: Sequence[tuple[str, str]], left: float) -> None:
        """Pictures with their words, flowing left to right from ``left``."""
        pdf = self.pdf
        right = MARGIN + CONTENT_W
        x, y = left, pdf.get_y()
        for pictogram, label in chips:
            width = self._chip_width(label, left)
            text_w = width - CHIP_PIC - 5
            if x + width > right and x > left:
                x, y = left, y + CHIP_H
            if y + CHIP_H > pdf.page_break_trigger:
                pdf.add_page()
                x, y = left, pdf.get_y()
            pdf.set_draw_color(*RULE)
            pdf.set_line_width(0.2)
            pdf.set_fill_color(*WHITE)
            pdf.rect(
                x,
                y + 0.6,
                width,
                CHIP_H - 1.2,
                style="DF",
                round_corners=True,
                corner_radius=1.6,
            )
            pdf.pictogram(pictogram, x + 1.2, y + (CHIP_H - CHIP_PIC) / 2, CHIP_PIC)
            lines = pdf.fitting(label, text_w + 0.5, 1, 9)
            pdf.set_xy(x + CHIP_PIC + 2.5, y)
            pdf.cell(text_w + 0.5, CHIP_H, lines[0] if len(lines) == 1 else label)
            x += width + CHIP_GAP
        pdf.set_xy(MARGIN, y + CHIP_H)

    def _timeline(self) -> None:
        pdf = self.pdf
        entries = self.c.session.day.timeline
        gap = 1.6
        card_w = (CONTENT_W - gap * (TIMELINE_PER_ROW - 1)) / TIMELINE_PER_ROW
        pic = 11.0
        for start in range(0, len(entries), TIMELINE_PER_ROW):
            pdf.ensure(CARD_H + 2)
            y = pdf.get_y()
            row = entries[start : start + TIMELINE_PER_ROW]
            # A line through the cards reads as "time runs this way".
            pdf.set_draw_color(*RULE)
            pdf.set_line_width(0.6)
            last_x = MARGIN + (len(row) - 1) * (card_w + gap) + card_w / 2
            pdf.line(MARGIN + card_w / 2, y + 12, last_x, y + 12)
            for n, entry in enumerate(row):
                x = MARGIN + n * (card_w + gap)
                pdf.set_fill_color(*WHITE)
                pdf.set_draw_color(*RULE)
                pdf.set_line_width(0.25)
                pdf.rect(
                    x,
                    y,
                    card_w,
                    CARD_H,
                    style="DF",
                    round_corners=True,
                    corner_radius=2,
                )
                pdf.set_xy(x, y + 1.0)
                # A suggested time the child never confirmed is no time at all.
                pdf.font(10 if entry.has_childs_time else 6.5, bold=True)
                pdf.set_text_color(*INK)
                pdf.cell(card_w, 4.5, entry_clock(entry), align=Align.C)
                pdf.pictogram(entry.pictogram, x + (card_w - pic) / 2, y + 6.2, pic)
                lines = pdf.fitting(entry_label(entry), card_w - 1.5, 2, 7.5)
                line_h = 3.1
                for k, line in enumerate(lines):
                    pdf.set_xy(x + 0.75, y + 18.2 + k * line_h)
                    pdf.cell(card_w - 1.5, line_h, line, align=Align.C)
            pdf.set_xy(MARGIN, y + CARD_H + 2)

    # --- Det här är jag bra på ----------------------------------------------------

    def _legend(self) -> None:
        pdf = self.pdf
        y = pdf.get_y()
        x = MARGIN
        pdf.font(9)
        for level in LEVEL_ORDER:
            self._mark(x, y, level)
            label = LEVELS[level].label
            pdf.font(9)
            pdf.set_xy(x + 11.5, y)
            pdf.cell(pdf.width_of(label), 7, label)
            x += 11.5 + pdf.width_of(label) + 7
        pdf.set_xy(MARGIN, y + 9)

    def _mark(
        self, x: float, y: float, level: Level, w: float = 10.0, h: float = 7.0
    ) -> None:
        """One mark: the level's colour with its picture on a white disc."""
        pdf = self.pdf
        pdf.set_fill_color(*level_rgb(level))
        pdf.rect(x, y, w, h, style="F", round_corners=True, corner_radius=1.5)
        d = h - 1.2
        pdf.set_fill_color(*WHITE)
        pdf.ellipse(x + (w - d) / 2, y + 0.6, d, d, style="F")
        pic = d - 1.0
        pdf.pictogram(LEVELS[level].pictogram, x + (w - pic) / 2, y + 0.6 + 0.5, pic)

    def _grid(self) -> None:
        pdf = self.pdf
        grid = self.c.session.grid
        rows = grid_rows(grid)
        row_h, head_h = 8.0, 11.0
        half = (len(rows) + 1) // 2
        fits_one_page = 12 + 22 + head_h + half * row_h <= (
            pdf.page_break_trigger - pdf.t_margin
        )
        need = 22 + head_h + (half if fits_one_page else 6) * row_h
        title = "Det här är jag bra på"
        self._heading(title, need=need + 6)
        # The booklet's whole heading: the sheet is not about strengths only.
        pdf.font(10, bold=True)
        pdf.flow(GRID_HEADING, 5.0)
        pdf.font(9)
        pdf.set_text_color(*MUTED)
        pdf.flow(
            "Varje färg har också en egen bild, så att tabellen går att läsa även "
            "i svartvitt. En tom ruta betyder att ingen markering visas där.",
            4.5,
        )
        pdf.set_text_color(*INK)
        pdf.ln(1)
        self._legend()
        gap = 6.0
        half_w = (CONTENT_W - gap) / 2
        while rows:
            # Two tables side by side; many own items continue on the next page.
            top = pdf.get_y()
            per_side = max(1, int((pdf.page_break_trigger - top - head_h) // row_h))
            page_rows, rows = rows[: 2 * per_side], rows[2 * per_side :]
            half = (len(page_rows) + 1) // 2
            for side, chunk in enumerate((page_rows[:half], page_rows[half:])):
                if chunk:
                    left = MARGIN + side * (half_w + gap)
                    self._grid_table(left, top, half_w, row_h, head_h, chunk)
            pdf.set_xy(MARGIN, top + head_h + half * row_h + 3)
            if rows:
                pdf.add_page()
                self._heading(f"{title} (forts.)", need=0)

    def _grid_table(
        self,
        left: float,
        top: float,
        width: float,
        row_h: float,
        head_h: float,
        rows: Sequence[tuple[str, str, str, bool]],
    ) -> None:
        pdf = self.pdf
        grid = self.c.session.grid
        level_w = 11.0
        label_x = left + row_h + 1
        levels_x = left + width - 4 * level_w
        label_w = levels_x - label_x - 1.5
        # Column heads: the level's name over a bar of its colour.
        for n, level in enumerate(LEVEL_ORDER):
            x = levels_x + n * level_w
            pdf.set_fill_color(*level_rgb(level))
            pdf.rect(x + 0.5, top + head_h - 1.6, level_w - 1, 1.2, style="F")
            pdf.set_text_color(*INK)
            lines = pdf.fitting(LEVELS[level].short, level_w, 3, 6.5, bold=True)
            base = top + head_h - 2.2 - len(lines) * 2.8
            for k, line in enumerate(lines):
                pdf.set_xy(x, base + k * 2.8)
                pdf.cell(level_w, 2.8, line, align=Align.C)
        pdf.font(8, bold=True)
        pdf.set_text_color(*MUTED)
        pdf.set_xy(left, top + head_h - 6.5)
        pdf.cell(label_w, 4, "Aktivitet")
        y = top + head_h
        for n, (item_id, label, pictogram, own) in enumerate(rows):
            levels = grid.levels(item_id)
            if n % 2 == 0:
                pdf.set_fill_color(*ZEBRA)
                pdf.rect(left, y, width, row_h, style="F")
            pdf.pictogram(pictogram, left + 0.9, y + 0.9, row_h - 1.8)
            pdf.set_text_color(*(INK if levels else MUTED))
            text = f"{label} (eget)" if own else label
            lines = pdf.fitting(text, label_w, 2, 8, bold=bool(levels))
            line_h = 3.4
            top_y = y + (row_h - line_h * len(lines)) / 2
            for k, line in enumerate(lines):
                pdf.set_xy(label_x, top_y + k * line_h)
                pdf.cell(label_w, line_h, line)
            for k, level in enumerate(LEVEL_ORDER):
                x = levels_x + k * level_w + 0.5
                if level in levels:
                    box = (x, y + 0.5, level_w - 1, row_h - 1)
                    self._mark(*box[:2], level, w=box[2], h=box[3])
                    self.layout.marks[(item_id, level)] = (pdf.page_no(), *box)
                else:
                    pdf.set_draw_color(*RULE)
                    pdf.set_line_width(0.2)
                    pdf.rect(
                        x + 1.5,
                        y + 1.5,
                        level_w - 4,
                        row_h - 3,
                        style="D",
                        round_corners=True,
                        corner_radius=1,
                    )
            y += row_h
        pdf.set_text_color(*INK)

    def _notes(self) -> None:
        pdf = self.pdf
        self._heading("Samtalsledarens anteckningar", need=15)
        pdf.font(10)
        pdf.flow(self.c.notes, 5.0)


def render_pdf(content: PdfContent) -> bytes:
    """The PDF/A-2b of one session."""
    return SessionPdf(content).build()


def render_pdf_with_layout(content: PdfContent) -> tuple[bytes, Layout]:
    """The PDF and where its marks were drawn (for tests that look at pixels)."""
    doc = SessionPdf(content)
    data = doc.build()
    return data, doc.layout


def warm_up() -> None:
    """Fill the read-only caches (font coverage, decoded pictograms) ahead of time.

    The first export in a process otherwise pays ~0.3 s for them; the app may
    call this from a background thread at start-up.
    """
    warm_up_fonts()
    warm_up_pictograms({*ALL_ITEMS, *(s.pictogram for s in LEVELS.values())})
    warm_up_pictograms(d.pictogram for d in DECLINES.values())
