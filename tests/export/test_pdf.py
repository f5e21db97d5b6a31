"""The PDF for the case file: every shared answer in it, nothing private, PDF/A."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from app.domain.catalog import LEVELS, PLAN_OWNERS, PROMPTS_BY_ID, PromptKind
from app.domain.counsellor import Counsellor
from app.domain.meeting import STATUS_LABELS, Plan, PlanOwner
from app.domain.models import (
    MAX_NAME_LENGTH,
    AnswerStatus,
    CustomItem,
    DayEntry,
    Level,
    PromptAnswer,
    Recipient,
    day_answer_key,
    grid_answer_key,
)
from app.domain.summary import (
    GRID_PHRASES,
    HELP_TITLE,
    clock,
    entry_label,
    grid_rows,
    item_label,
    prompt_title,
    without_private,
)
from app.export.pdf import (
    render_pdf_with_layout,
    short_date,
)
from app.export.pdf_kit import GlyphMissing, check_glyphs
from app.export.service import (
    ExportRequest,
    export_session,
    pdf_export,
    previous_session,
)
from tests.export.conftest import NOW, with_session

DPI = 100


def pdf_text(data: bytes) -> str:
    """All text of a PDF, whitespace removed (labels may wrap anywhere)."""
    reader = pypdf.PdfReader(BytesIO(data))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def render_page(data: bytes, page: int, tmp_path: Path) -> Image.Image:
    """Render one page with pdftoppm at :data:`DPI`."""
    src = tmp_path / "doc.pdf"
    src.write_bytes(data)
    stem = tmp_path / f"page{page}"
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", "-singlefile", "-f", str(page), "-l",
         str(page), str(src), str(stem)],
        check=True,
    )  # fmt: skip
    return Image.open(f"{stem}.png").convert("RGB")


def px(mm: float) -> int:
    return round(mm * DPI / 25.4)


def hex_rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def near(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def build(repo, child, session, **options):
    previous = previous_session(repo, session)
    content = pdf_export(
        child,
        session,
        previous,
        ExportRequest(
            recipient=options.pop("recipient", Recipient.OWN_FILE),
            other_name=options.pop("other_name", ""),
            include_name=options.pop("include_name", False),
            include_notes=options.pop("include_notes", False),
            counsellor=options.pop("counsellor", ""),
            now=NOW,
        ),
    )
    return render_pdf_with_layout(content)


def test_every_shared_answer_is_in_the_pdf_text(filled):
    """Every timeline entry, pick, decline, marked item and own item is in the text."""
    repo, child, session = filled
    result = export_session(
        repo, child.id, session.id, ExportRequest(fmt="pdf", now=NOW)
    )
    text = pdf_text(result.data)
    shown = without_private(session)
    assert shown.day.timeline, "the demo session has a timeline"
    for entry in shown.day.timeline:
        assert squash(entry_label(entry)) in text
        assert clock(entry.minutes) in text
    own_day = {c.id: c for c in shown.day.custom_items}
    for prompt_id, answer in shown.day.answers.items():
        if PROMPTS_BY_ID[prompt_id].kind is PromptKind.TIMELINE:
            continue
        for pick in answer.picks:
            assert squash(item_label(pick, own_day)) in text, pick
        if answer.status is AnswerStatus.DONT_KNOW:
            assert "Vetinte" in text
    own_grid = {c.id: c for c in shown.grid.custom_items}
    for item_id in shown.grid.marks:
        if item_id in own_grid:
            assert squash(own_grid[item_id].label) in text
        else:
            assert squash(GRID_PHRASES[item_id]) in text, item_id


def test_answers_marked_private_never_reach_the_pdf(filled):
    """A private own item, a private day answer and a private grid mark are absent."""
    repo, child, session = filled
    secret_item = CustomItem("own_5ec2e7aa", "Hemlisen", "playing")
    secret_place = CustomItem("own_places_5ec2e7bb", "Gömstället", "home")
    grid = replace(
        session.grid,
        custom_items=(*session.grid.custom_items, secret_item),
        marks={**session.grid.marks, secret_item.id: (Level.FUN,)},
    )
    day = replace(
        session.day,
        custom_items=(*session.day.custom_items, secret_place),
        answers={
            **session.day.answers,
            "places.want": PromptAnswer((secret_place.id,), AnswerStatus.ANSWERED),
        },
    )
    session = with_session(
        repo,
        session,
        grid=grid,
        day=day,
        private=session.private
        | {grid_answer_key(secret_item.id), day_answer_key("places.want")},
    )
    data, layout = build(repo, child, session, include_notes=True)
    text = pdf_text(data)
    assert "Hemlisen" not in text
    assert "Gömstället" not in text
    private_grid = [k.removeprefix("grid:") for k in session.private if "grid:" in k]
    for item_id in private_grid:
        assert not any(key[0] == item_id for key in layout.marks)
        if item_id in GRID_PHRASES:
            assert squash(GRID_PHRASES[item_id]) not in text.replace("(eget)", "")


def test_marks_are_drawn_in_the_levels_colour_with_their_picture(filled, tmp_path):
    """A mark is the level's colour around the level's picture (reads in greyscale)."""
    repo, child, session = filled
    data, layout = build(repo, child, session)
    assert layout.marks
    pages: dict[int, Image.Image] = {}
    seen_levels = set()
    for (_item, level), (page, x, y, w, h) in layout.marks.items():
        image = pages.get(page) or pages.setdefault(
            page, render_page(data, page, tmp_path)
        )
        colour = hex_rgb(LEVELS[level].colour)
        edge = image.getpixel((px(x + 0.9), px(y + h / 2)))
        assert near(edge, colour), (level, edge, colour)
        centre = image.getpixel((px(x + w / 2), px(y + h / 2)))
        assert not near(centre, colour, 60), "the level's picture sits in the mark"
        seen_levels.add(level)
    assert seen_levels == set(Level)


def test_the_pdf_is_pdfa_2b_with_srgb_intent_and_embedded_fonts(filled):
    """XMP says PDF/A-2B, an sRGB output intent is present, every font is embedded."""
    repo, child, session = filled
    data = export_session(
        repo, child.id, session.id, ExportRequest(fmt="pdf", now=NOW)
    ).data
    reader = pypdf.PdfReader(BytesIO(data))
    xmp = reader.xmp_metadata.stream.get_data().decode()
    assert "<pdfaid:part>2</pdfaid:part>" in xmp
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    assert intent["/OutputConditionIdentifier"] == "sRGB"
    assert "/DestOutputProfile" in intent
    assert reader.trailer["/Root"]["/Lang"] == "sv-SE"
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object()


def test_header_names_the_recipient_consent_and_counsellor(filled):
    """The header says for whom the PDF is, who consented to what, and who led."""
    repo, child, session = filled
    data = export_session(
        repo,
        child.id,
        session.id,
        ExportRequest(
            fmt="pdf",
            recipient=Recipient.STUDENT_HEALTH,
            counsellor="Kim Berg",
            now=NOW,
        ),
    ).data
    text = pdf_text(data)
    assert "MottagareElevhälsan" in text
    assert "Samtyckefråneleven" in text
    assert "KimBerg" in text
    assert squash(child.case_ref) in text


def test_display_name_and_notes_appear_only_when_chosen(filled):
    """By default the PDF shows the case reference, not the name, and no notes."""
    repo, child, session = filled
    default = pdf_text(
        export_session(repo, child.id, session.id, ExportRequest(fmt="pdf")).data
    )
    assert squash(child.display_name) not in default
    assert squash(session.notes)[:30] not in default
    chosen = pdf_text(
        export_session(
            repo,
            child.id,
            session.id,
            ExportRequest(fmt="pdf", include_name=True, include_notes=True),
        ).data
    )
    assert squash(child.display_name) in chosen
    assert squash(session.notes)[:30] in chosen


def test_follow_up_lists_what_changed_since_the_earlier_session(filled):
    """With an earlier session the PDF has a table of changes per item and time."""
    repo, child, session = filled
    text = pdf_text(
        export_session(repo, child.id, session.id, ExportRequest(fmt="pdf")).data
    )
    assert "Förändringarsedansamtalet" in text
    assert "Mattetråkigt/svårtroligt" in text  # Vad | Förut | Nu


def test_a_character_no_font_has_is_refused_not_dropped(filled):
    """An emoji in an own item's label raises GlyphMissing with a Swedish message."""
    repo, child, session = filled
    own = replace(session.grid.custom_items[0], label="Fotboll ⚽")
    session = with_session(
        repo, session, grid=replace(session.grid, custom_items=(own,))
    )
    with pytest.raises(GlyphMissing) as caught:
        export_session(repo, child.id, session.id, ExportRequest(fmt="pdf"))
    assert "U+26BD" in caught.value.msg_sv
    assert "kan inte skrivas" in caught.value.msg_sv


def test_arabic_and_ethiopic_own_items_are_shaped_and_embedded(filled):
    """Own items in Arabic and Tigrinya are drawn with the bundled fallback fonts."""
    repo, child, session = filled
    grid_item = replace(session.grid.custom_items[0], label="كرة القدم")
    entry = DayEntry("e7h10p1a", "pet", 15 * 60, label="ፈረስ ምጋልብ")
    session = with_session(
        repo,
        session,
        grid=replace(session.grid, custom_items=(grid_item,)),
        day=replace(session.day, timeline=(*session.day.timeline, entry)),
    )
    assert check_glyphs("كرة القدم") is True
    assert check_glyphs("Matte") is False
    data = export_session(repo, child.id, session.id, ExportRequest(fmt="pdf")).data
    fonts = {
        str(f.get_object()["/BaseFont"])
        for page in pypdf.PdfReader(BytesIO(data)).pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert any("NotoSansArabic" in f for f in fonts)
    assert any("NotoSansEthiopic" in f for f in fonts)


def test_a_full_session_is_small(filled):
    """A full session with follow-up is at most 1 MB (its build time is a
    benchmark in bench/export.py, never a timed assertion here)."""
    repo, child, session = filled
    result = export_session(
        repo, child.id, session.id, ExportRequest(fmt="pdf", include_notes=True)
    )
    assert len(result.data) <= 1_000_000
    assert result.mime == "application/pdf"
    assert result.data.startswith(b"%PDF-1.7")


def test_many_own_items_continue_on_the_next_page(filled):
    """Sixty own items are all in the PDF: the grid table continues on new pages."""
    repo, child, session = filled
    own = tuple(
        CustomItem(f"own_{n:08x}", f"Eget val {n}", "playing") for n in range(60)
    )
    grid = replace(
        session.grid,
        custom_items=own,
        marks={**session.grid.marks, **{c.id: (Level.FUN,) for c in own}},
    )
    session = with_session(repo, session, grid=grid)
    data, layout = build(repo, child, session)
    text = pdf_text(data)
    for item in own:
        assert squash(f"{item.label} (eget)") in text
    pages = {page for page, *_box in layout.marks.values()}
    assert len(pages) >= 2
    reader = pypdf.PdfReader(BytesIO(data))
    for page in reader.pages:
        assert float(page.mediabox.height) > 0
    assert all(y + h < 297 - 12 for _p, _x, y, _w, h in layout.marks.values())


def test_the_case_file_pdf_has_the_plan_in_four_columns_and_the_next_meeting(filled):
    """Every point with owner, who, dates, status and notes; then the next meeting."""
    repo, child, session = filled
    plan = repo.load_plan(child.id)
    assert plan.points
    text = pdf_text(
        export_session(repo, child.id, session.id, ExportRequest(fmt="pdf")).data
    )
    assert "Planeringförmerskolnärvaroochbättremående" in text
    for owner in PlanOwner:
        assert squash(PLAN_OWNERS[owner].title) in text
    for point in plan.points:
        assert squash(point.text) in text
        assert squash(f"Status: {STATUS_LABELS[point.status]}") in text
        if point.who:
            assert squash(point.who) in text
        for event in point.history:
            assert squash(event.note) in text
    assert squash(f"Start {short_date(plan.points[0].start)}") in text
    assert "Nästauppföljningsmöte" in text
    assert squash(plan.next_meeting.who) in text
    assert squash(plan.next_meeting.where) in text


def test_the_case_file_pdf_tells_the_childs_meeting_wishes(filled):
    """*Barnets röst* gets a *Mötet* part: what the child wants known, how to join."""
    repo, child, session = filled
    sheets = repo.load_meeting(child.id, session.id)
    text = pdf_text(
        export_session(repo, child.id, session.id, ExportRequest(fmt="pdf")).data
    )
    assert squash(sheets.child_wants_known) in text
    assert "Elevenvillvaramedpåmötet." in text
    assert "Eftermötetkändeelevenattdevuxnalyssnadelite." in text


def test_a_child_without_a_plan_gets_no_plan_part(repo):
    """No points and no next meeting: the plan heading is not in the PDF."""
    from tests.export.conftest import add_demo

    child = add_demo(repo, count=2)[1]
    [session] = repo.sessions(child.id)
    assert repo.load_plan(child.id) == Plan()
    text = pdf_text(
        export_session(repo, child.id, session.id, ExportRequest(fmt="pdf")).data
    )
    assert "Planeringförmer" not in text
    assert "Elevenvillattnågonläseruppelevenssvarpåmötet." in text


def test_a_plan_note_no_font_can_draw_is_refused(filled):
    """An emoji in a follow-up note raises GlyphMissing rather than vanishing."""
    repo, child, session = filled

    def add_emoji(plan: Plan) -> Plan:
        first = plan.points[0]
        event = replace(first.history[0], note="Bra ⚽")
        return replace(
            plan, points=(replace(first, history=(event,)), *plan.points[1:])
        )

    repo.update_plan(child.id, add_emoji)
    with pytest.raises(GlyphMissing, match="U\\+26BD"):
        export_session(repo, child.id, session.id, ExportRequest(fmt="pdf"))


def test_text_after_an_arabic_label_keeps_its_own_font(filled):
    """Picks and grid labels after an Arabic own item are still readable text."""
    repo, child, session = filled
    arabic = CustomItem("own_a1b2c3d4", "كرة القدم", "playing")
    place = CustomItem("own_places_a1b2c3d4", "بيت جدتي", "home")
    grid = replace(
        session.grid,
        custom_items=(arabic, *session.grid.custom_items),
        marks={**session.grid.marks, arabic.id: (Level.FUN,)},
    )
    wanted = session.day.answer("places.want").picks
    day = replace(
        session.day,
        custom_items=(*session.day.custom_items, place),
        answers={
            **session.day.answers,
            "places.want": PromptAnswer((place.id, *wanted), AnswerStatus.ANSWERED),
        },
    )
    session = with_session(repo, session, grid=grid, day=day, private=frozenset())
    text = pdf_text(
        export_session(repo, child.id, session.id, ExportRequest(fmt="pdf")).data
    )
    for pick in wanted:
        assert squash(item_label(pick)) in text, pick
    for item_id, label, _pictogram, own in grid_rows(session.grid):
        if item_id != arabic.id:
            assert squash(f"{label} (eget)" if own else label) in text, label


def test_the_pdf_shows_what_would_help_apart_from_the_wishes(filled):
    """The help questions' pictures stand under their own heading, after every
    wish column."""
    repo, child, session = filled
    data = export_session(
        repo, child.id, session.id, ExportRequest(fmt="pdf", now=NOW)
    ).data
    text = pdf_text(data)
    help_at = text.rindex(squash(HELP_TITLE))  # the day part, after the paragraph
    assert text.index("Villträffaoftare") < help_at
    for prompt_id in ("activities.help", "places.help", "persons.help"):
        assert squash(prompt_title(prompt_id)) in text[help_at:], prompt_id
    shown = without_private(session)
    for pick in shown.day.answer("activities.help").picks:
        assert squash(item_label(pick)) in text[help_at:], pick


def test_a_long_name_with_its_role_fills_samtalsledare_in_the_pdf_and_text(filled):
    """The longest name and role the panel takes both reach the header of the
    PDF and of the text export (no 60-character cut-off for the pair)."""
    repo, child, session = filled
    who = Counsellor.make("K" * MAX_NAME_LENGTH, "specialpedagog").signature
    for fmt in ("pdf", "text"):
        data = export_session(
            repo,
            child.id,
            session.id,
            ExportRequest(fmt=fmt, counsellor=who, now=NOW),
        ).data
        text = pdf_text(data) if fmt == "pdf" else squash(data.decode())
        assert "Samtalsledare" + squash(who) in text.replace(":", ""), fmt
