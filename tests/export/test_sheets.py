"""The child's one-page sheets and the plan PDF: texts, language, direction, size."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from app.domain.catalog import ALL_ITEMS, PLAN_OWNERS
from app.domain.meeting import (
    AFTER_PLANNED,
    AFTER_TALKED_ABOUT,
    LISTENED_LABELS,
    PARTICIPATION_LABELS,
    SEVEN_QUESTIONS,
    STANDARD_TOPICS,
    STATUS_LABELS,
    WHY_WE_MEET,
    MeetingSheets,
    Participant,
    Plan,
    PlanOwner,
)
from app.export.demo import demo_children, demo_meeting
from app.export.pdf_kit import GlyphMissing
from app.export.sheets import render_sheet, render_sheet_with_scale, sheet_language
from app.i18n import LANGUAGES, Translator
from tests.export.conftest import NOW

ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


def demo(index: int = 0) -> tuple[Plan, MeetingSheets]:
    """The invented plan and meeting sheets of demo child ``index``."""
    _child, sessions = demo_children(3, seed=11, now=NOW)[index]
    return demo_meeting(index, sessions[-1])


def text_of(data: bytes) -> str:
    """All text of a PDF without whitespace or direction isolates."""
    reader = pypdf.PdfReader(BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", "", text.translate(ISOLATES))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def words(text: str) -> set[str]:
    """The words of a text without punctuation (order-free, for RTL text)."""
    return {w for w in re.findall(r"\w+", text.translate(ISOLATES)) if w}


def pages(data: bytes) -> list[pypdf.PageObject]:
    return list(pypdf.PdfReader(BytesIO(data)).pages)


def role(person) -> str:
    return ALL_ITEMS[person.role].label


def render_first_page(data: bytes, tmp_path: Path, dpi: int = 50) -> Image.Image:
    """Page 1 as an image (pdftoppm)."""
    src = tmp_path / "sheet.pdf"
    src.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f", "1", "-l", "1",
         str(src), str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    return Image.open(tmp_path / "page.png").convert("RGB")


def title_ink(image: Image.Image) -> tuple[int, int]:
    """Leftmost and rightmost column of the title (accent blue) near the top."""
    width, height = image.size
    columns = [
        x
        for x in range(width)
        for y in range(int(height * 0.03), int(height * 0.075))
        if _accent(image.getpixel((x, y)))
    ]
    return min(columns), max(columns)


def _accent(rgb: tuple[int, int, int]) -> bool:
    r, g, b = rgb
    return b > 120 and r < 90 and g < 140


def test_before_sheet_has_why_who_when_where_and_topics():
    """*Inför möte* prints the fixed texts, every participant, the date and topics."""
    plan, sheets = demo()
    data = render_sheet("before", sheets=sheets, plan=plan)
    text = text_of(data)
    assert "Införmöte" in text
    for fixed in (*WHY_WE_MEET, *STANDARD_TOPICS):
        assert squash(fixed) in text
    for person in sheets.participants:
        assert squash(person.name or role(person)) in text
        assert squash(role(person)) in text
    for topic in sheets.topics:
        assert squash(topic) in text
    assert squash(sheets.where) in text
    assert "tisdag" in text  # the meeting's day in words
    assert "13:30" in text
    assert squash(sheets.child_wants_known) in text
    for label in PARTICIPATION_LABELS.values():
        assert squash(label) in text
    assert len(pages(data)) == 1


def test_after_sheet_has_who_came_what_we_said_and_the_open_plan():
    """*Efter mötet* shows who came, the fixed texts and each open point that
    has a child version, in that version, by owner."""
    plan, sheets = demo()
    data = render_sheet("after", sheets=sheets, plan=plan)
    text = text_of(data)
    for person in sheets.attended:
        assert squash(person.name or role(person)) in text
    absent = [p for p in sheets.participants if p not in sheets.attended]
    assert absent
    for person in absent:
        assert squash(person.name) not in text
    for fixed in (*AFTER_TALKED_ABOUT, AFTER_PLANNED):
        assert squash(fixed) in text
    for owner in PlanOwner:
        shown = any(p.open and p.child_text for p in plan.column(owner))
        assert (squash(PLAN_OWNERS[owner].child_title) in text) is shown
    for point in plan.points:
        assert squash(point.text) not in text, point.text
        if point.child_text:
            assert (squash(point.child_text) in text) is point.open, point.text
    assert squash(LISTENED_LABELS[sheets.listened]) in text
    assert len(pages(data)) == 1


def test_listened_scale_is_shown_only_when_the_child_answered():
    """Without an answer there is no *did they listen?* scale on the sheet."""
    plan, sheets = demo()
    data = render_sheet("after", sheets=replace(sheets, listened=None), plan=plan)
    assert "Kändeduattdelyssnadepådig?" not in text_of(data)
    answered = render_sheet("after", sheets=sheets, plan=plan)
    assert "Kändeduattdelyssnadepådig?" in text_of(answered)


def test_plan_pdf_lists_every_point_with_dates_status_and_next_meeting():
    """The plan PDF has all points (done ones too), their status and dates."""
    plan, sheets = demo()
    data = render_sheet("plan", sheets=sheets, plan=plan)
    text = text_of(data)
    for owner in PlanOwner:
        assert squash(PLAN_OWNERS[owner].title) in text
    for point in plan.points:
        assert squash(point.text) in text
        assert squash(STATUS_LABELS[point.status]) in text
        if point.who:
            assert squash(point.who) in text
    first = plan.points[0]
    assert squash(Translator("sv")("start {date}", date="")) in text
    assert squash(Translator("sv").date(first.start, "medium")) in text
    assert squash(first.history[-1].note) in text
    nm = plan.next_meeting
    assert "Nästauppföljningsmöte" in text
    assert squash(nm.who) in text
    assert squash(nm.where) in text


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_after_sheet_in_a_right_to_left_language_is_translated_and_shaped(
    language, tmp_path
):
    """Arabic and Persian: translated words, shaped forms, title on the right."""
    if language not in LANGUAGES:
        pytest.skip(f"no {language} catalog yet")
    _ = Translator(language)
    assert _.rtl
    plan, sheets = demo()
    data = render_sheet("after", sheets=sheets, plan=plan, language=language)
    reader = pypdf.PdfReader(BytesIO(data))
    extracted = words(reader.pages[0].extract_text())
    for msgid in (
        "Efter mötet",
        AFTER_PLANNED,
        PLAN_OWNERS[PlanOwner.SCHOOL].child_title,
    ):
        translated = _(msgid)
        assert translated != msgid, f"{language} catalog lacks {msgid!r}"
        assert words(translated) <= extracted, msgid
    assert any("\u0600" <= ch <= "\u06ff" for ch in "".join(extracted))
    # Typed Swedish stays as typed, drawn with the right font's glyphs.
    for typed in (
        *sheets.topics,
        *(p.child_text for p in plan.points if p.open and p.child_text),
    ):
        assert words(typed) <= extracted, typed
    assert "Kim" in extracted
    raw = reader.pages[0].extract_text()
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in raw)
    # HarfBuzz picked the letters' joined forms (Arabic Presentation Forms-B).
    glyphs = arabic_glyph_names(reader)
    assert any(re.fullmatch(r"uniF[BCDE][0-9A-F]{2}", g) for g in glyphs)
    assert reader.trailer["/Root"]["/Lang"] == language
    # The page is mirrored: the title ends at the right margin.
    left, right = title_ink(render_first_page(data, tmp_path))
    width = render_first_page(data, tmp_path).size[0]
    assert right > width * 0.85
    assert left > width * 0.3


def arabic_glyph_names(reader: pypdf.PdfReader) -> set[str]:
    """Names of the glyphs in the embedded Arabic font subsets."""
    names: set[str] = set()
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        if "Arabic" not in str(font["/BaseFont"]):
            continue
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        subset = descriptor.get_object()["/FontFile2"].get_data()
        names |= set(TTFont(io.BytesIO(subset)).getGlyphOrder())
    return names


def test_swedish_sheet_reads_left_to_right(tmp_path):
    """In Swedish the title starts at the left margin."""
    plan, sheets = demo()
    data = render_sheet("after", sheets=sheets, plan=plan)
    image = render_first_page(data, tmp_path)
    left, right = title_ink(image)
    assert left < image.size[0] * 0.1
    assert right < image.size[0] * 0.5


def test_a_language_without_a_catalog_prints_in_swedish():
    """An unknown code falls back to the Swedish texts, as the app does."""
    assert sheet_language("xx") == "sv"
    assert sheet_language("AR-sy") == ("ar" if "ar" in LANGUAGES else "sv")
    plan, sheets = demo()
    data = render_sheet("before", sheets=sheets, plan=plan, language="xx")
    assert "Införmöte" in text_of(data)


def test_a_character_no_font_has_is_refused_not_dropped():
    """An emoji typed into a topic raises GlyphMissing naming the character."""
    plan, sheets = demo()
    sheets = replace(sheets, topics=("Rasterna ⚽",))
    with pytest.raises(GlyphMissing) as caught:
        render_sheet("before", sheets=sheets, plan=plan)
    assert "U+26BD" in caught.value.msg_sv


def test_sheets_are_one_a4_page_of_pdfa_each():
    """Before, after and plan of the demo are each one A4 page, PDF/A-2B, Swedish."""
    plan, sheets = demo()
    for kind in ("before", "after", "plan", "agenda", "parents"):
        data = render_sheet(kind, sheets=sheets, plan=plan)
        reader = pypdf.PdfReader(BytesIO(data))
        assert len(reader.pages) == 1, kind
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)
        xmp = reader.xmp_metadata.stream.get_data().decode()
        assert "<pdfaid:part>2</pdfaid:part>" in xmp
        assert reader.trailer["/Root"]["/Lang"] == "sv"


def test_a_crowded_sheet_shrinks_to_stay_on_one_page():
    """The demo prints (nearly) full size with the booklet's last two questions;
    ten people and six topics shrink onto one page."""
    plan, sheets = demo()
    _data, scale = render_sheet_with_scale("before", sheets=sheets, plan=plan)
    assert scale >= 0.94
    people = tuple(
        Participant(role, f"Vuxen {n}")
        for n, role in enumerate(["teacher", "counsellor", "mum", "dad", "coach"] * 2)
    )
    topics = tuple(
        f"Ämne {n}: hur det går på lektionerna och rasterna" for n in range(6)
    )
    crowded = replace(sheets, participants=people, topics=topics)
    data, scale = render_sheet_with_scale("before", sheets=crowded, plan=plan)
    assert 0.64 <= scale < 1.0
    assert len(pages(data)) == 1
    text = text_of(data)
    for person in people:
        assert squash(person.name) in text
    for topic in topics:
        assert squash(topic) in text


def test_far_too_much_content_continues_on_a_second_page_uncut():
    """Forty topics do not fit one page: all are printed, and pages are numbered."""
    plan, sheets = demo()
    topics = tuple(f"Ämne nummer {n} att prata om på mötet" for n in range(40))
    data = render_sheet("before", sheets=replace(sheets, topics=topics), plan=plan)
    text = text_of(data)
    assert len(pages(data)) >= 2
    for topic in topics:
        assert squash(topic) in text
    assert "1/2" in text


def test_an_empty_meeting_and_plan_still_give_a_sheet():
    """Nothing filled in yet: the sheet shows the fixed texts and dashes."""
    for kind in ("before", "after", "plan"):
        data = render_sheet(kind, sheets=MeetingSheets(), plan=Plan())
        assert len(pages(data)) == 1
    assert squash(WHY_WE_MEET[0]) in text_of(
        render_sheet("before", sheets=MeetingSheets(), plan=Plan())
    )


def test_each_sheet_is_small():
    """Each sheet (Swedish and Arabic) is under 600 kB (its build time is a
    benchmark in bench/export.py, never a timed assertion here)."""
    plan, sheets = demo()
    for language in ("sv", "ar"):
        for kind in ("before", "after", "plan"):
            data = render_sheet(kind, sheets=sheets, plan=plan, language=language)
            assert len(data) < 600_000, (kind, language, len(data))


def test_the_agenda_sheet_lists_the_booklets_items_and_the_frame():
    """The printed agenda numbers the items (own ones included) and says who
    leads, who takes notes and how the notes are shared."""
    plan, sheets = demo()
    text = text_of(render_sheet("agenda", sheets=sheets, plan=plan))
    assert squash("3. Barnets röst") in text
    assert squash("Vem leder? Kim") in text
    assert squash("Anteckningarna skickas hem inom en vecka") in text


def test_the_parents_sheet_answers_the_seven_questions_in_the_familys_language():
    """The parents' *Inför möte* asks and answers the seven questions, here in
    Arabic, with the agenda as the questions to be taken up."""
    plan, sheets = demo()
    data = render_sheet("parents", sheets=sheets, plan=plan, language="ar")
    found = words("".join(p.extract_text() for p in pages(data)))
    ar = Translator("ar")
    for question in (*SEVEN_QUESTIONS, "Presentationsrunda"):
        assert ar(question) != question
        assert words(ar(question)) <= found, question


def test_the_childs_before_sheet_answers_how_notes_are_shared_and_what_comes_after():
    """The last two of the seven questions are on the child's *Inför möte*."""
    plan, sheets = demo()
    text = text_of(render_sheet("before", sheets=sheets, plan=plan))
    assert squash("Hur får jag del av anteckningar, planer och beslut?") in text
    assert squash("Vad händer efter mötet?") in text


def test_the_childs_after_sheet_prints_only_the_du_versions_never_the_adult_text():
    """A point without a child version stays off *Efter mötet*; one with a
    family translation prints it on that language's sheet, marked unchecked."""
    plan, sheets = demo()
    text = text_of(render_sheet("after", sheets=sheets, plan=plan))
    assert squash("Mentorn möter eleven") not in text
    assert squash("Maja möter dig vid dörren varje morgon.") in text
    assert squash("Ringa mentorn samma morgon") not in text
    point = next(p for p in plan.points if p.child_text.startswith("Maja"))
    plan = plan.set_family_text(
        point.id, "Maja meets you at the door.", "en", checked=False
    )
    text = text_of(render_sheet("after", sheets=sheets, plan=plan, language="en"))
    assert squash("Maja meets you at the door. (not checked by an interpreter)") in text
