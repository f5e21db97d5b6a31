"""*Barnets röst*: plain Swedish sentences from the answers, nothing private."""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain.meeting import Listened, MeetingSheets, Participation
from app.domain.models import (
    AnswerStatus,
    CustomItem,
    DayAnswers,
    DayEntry,
    GridAnswers,
    Level,
    PromptAnswer,
    Session,
    day_answer_key,
    grid_answer_key,
)
from app.domain.summary import (
    changes,
    child_voice,
    clock,
    grid_sentences,
    join,
    meeting_sentences,
    mid_sentence,
    timeline_sentence,
    voice_sections,
    without_private,
)

G, F, B, D = Level.GOOD_AT, Level.FUN, Level.BORING_HARD, Level.DISLIKE
EARLIER = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def session(
    marks: dict[str, tuple[Level, ...]] | None = None,
    *,
    timeline: tuple[tuple[str, int], ...] = (),
    answers: dict[str, PromptAnswer] | None = None,
    private: set[str] | frozenset[str] = frozenset(),
    grid_own: tuple[CustomItem, ...] = (),
    day_own: tuple[CustomItem, ...] = (),
    started: datetime = LATER,
) -> Session:
    entries = tuple(
        DayEntry(id=f"e{n}", pictogram=p, minutes=m)
        for n, (p, m) in enumerate(timeline)
    )
    return Session(
        id="s1",
        child_id="c1",
        started=started,
        grid=GridAnswers(marks=marks or {}, custom_items=grid_own),
        day=DayAnswers(timeline=entries, answers=answers or {}, custom_items=day_own),
        private=frozenset(private),
    )


def picked(*ids: str) -> PromptAnswer:
    return PromptAnswer(picks=ids, status=AnswerStatus.ANSWERED)


def test_the_booklets_example_reads_as_plain_swedish():
    """Fun and good-at share a sentence; dislike gets its own, with *att*."""
    text = child_voice(
        session(
            {"maths": (F,), "music": (F,), "pe": (G,), "speak_in_class": (D,)},
            timeline=(("get_up", 7 * 60),),
            answers={"persons.more": picked("friend")},
        )
    )
    assert "Eleven tycker att matte och musik är roligt och är bra på idrott." in text
    assert "Eleven gillar inte alls att prata inför klassen." in text
    assert "En vanlig dag går eleven upp kl. 07:00." in text
    assert "Eleven skulle vilja träffa kompisar oftare." in text


def test_lists_use_swedish_commas_and_och():
    """Babel's Swedish list: "matte, musik och idrott"."""
    assert join(["matte", "musik", "idrott"]) == "matte, musik och idrott"
    assert join(["parken", "biblioteket"], "or") == "parken eller biblioteket"


def test_labels_are_lower_case_mid_sentence_but_so_and_no_stay():
    """ "Matte" becomes "matte"; SO and NO keep their capitals."""
    assert mid_sentence("Matte") == "matte"
    assert mid_sentence("SO") == "SO"
    assert mid_sentence("NO") == "NO"
    text = " ".join(grid_sentences(GridAnswers({"science": (G,), "maths": (G,)})))
    assert text == "Eleven är bra på NO och matte."


def test_verb_items_never_give_att_att():
    """Only infinitives: "tycker att det är roligt att läsa", never "att att"."""
    text = " ".join(grid_sentences(GridAnswers({"reading": (F,), "drawing": (F,)})))
    assert text == "Eleven tycker att det är roligt att läsa och att rita och måla."
    assert "att att" not in text


def test_times_are_written_the_swedish_way():
    """Clock times read 07:30 in running text, as Babel writes Swedish short time."""
    assert clock(7 * 60 + 30) == "07:30"
    line = timeline_sentence(
        session(timeline=(("get_up", 390), ("go_to_bed", 1290))).day
    )
    assert (
        line
        == "En vanlig dag går eleven upp kl. 06:30 och går och lägger sig kl. 21:30."
    )


def test_declines_are_phrased_respectfully():
    """*Vet inte* and *Vill inte svara* are reported as the child's choice."""
    text = child_voice(
        session(
            answers={
                "places.new": PromptAnswer(status=AnswerStatus.DONT_KNOW),
                "persons.less": PromptAnswer(status=AnswerStatus.NO_ANSWER),
                "persons.want": PromptAnswer(status=AnswerStatus.NO_ANSWER),
            }
        )
    )
    assert (
        "På frågan om var eleven inte är i dag men vill vara svarade eleven "
        "”vet inte”." in text
    )
    assert (
        "Eleven ville inte svara på frågorna om vem eleven vill träffa mindre "
        "ofta och vem eleven vill träffa." in text
    )


def test_own_items_are_quoted_in_the_childs_words():
    """A child's own item keeps its typed label, in quotation marks."""
    own = CustomItem("own_1a2b3c4d", "Klättra", "playing")
    text = child_voice(session({own.id: (F,)}, grid_own=(own,)))
    assert "Eleven tycker att ”Klättra” är roligt." in text


def test_private_answers_are_not_in_the_paragraph():
    """A private grid item, a private pick and a private own label never show."""
    secret = CustomItem("own_5ec2e7aa", "Hemlisen", "playing")
    place = CustomItem("own_places_5ec2e7bb", "Gömstället", "home")
    s = session(
        {"maths": (F,), "mischief": (F,), secret.id: (G,)},
        answers={"places.want": picked(place.id), "persons.more": picked("dad")},
        grid_own=(secret,),
        day_own=(place,),
        private={
            grid_answer_key("mischief"),
            grid_answer_key(secret.id),
            day_answer_key("places.want"),
            day_answer_key("persons.more"),
        },
    )
    text = child_voice(s)
    for hidden in ("busa", "Hemlisen", "Gömstället", "pappa", "oftare"):
        assert hidden not in text
    assert "matte" in text
    stripped = without_private(s)
    assert stripped.private == frozenset()
    assert stripped.day.custom_items == ()


def test_private_timeline_hides_the_whole_day():
    """With the timeline private no clock time is told."""
    s = session(timeline=(("get_up", 420),), private={day_answer_key("activities.day")})
    assert "07:00" not in child_voice(s)


def test_follow_up_says_what_changed_per_item():
    """ "Matte: var tråkigt/svårt, nu roligt" and times that moved."""
    before = session(
        {"maths": (B,), "music": (F,)},
        timeline=(("get_up", 450),),
        started=EARLIER,
    )
    after = session({"maths": (F,), "music": (F,)}, timeline=(("get_up", 420),))
    texts = [c.text for c in changes(before, after)]
    assert texts == [
        "Matte: var tråkigt/svårt, nu roligt",
        "Gå upp: var 07:30, nu 07:00",
    ]
    paragraph = child_voice(after, before)
    assert "Sedan samtalet 5 oktober 2026 har det här ändrats:" in paragraph
    assert "Matte: var tråkigt/svårt, nu roligt." in paragraph


def test_follow_up_matches_own_items_by_their_words():
    """An own item typed again in a new session is the same item, not a new one."""
    first = CustomItem("own_aaaaaaaa", "Klättra", "playing")
    again = CustomItem("own_bbbbbbbb", "klättra", "playing")
    before = session({first.id: (F,)}, grid_own=(first,), started=EARLIER)
    after = session({again.id: (F, G)}, grid_own=(again,))
    assert [c.text for c in changes(before, after)] == [
        "klättra: var roligt, nu bra på och roligt"
    ]


def test_follow_up_never_reveals_an_earlier_private_answer():
    """An answer private in either session is left out of the comparison."""
    before = session(
        {"maths": (D,)}, private={grid_answer_key("maths")}, started=EARLIER
    )
    after = session({"maths": (F,)})
    assert changes(before, after) == []
    assert "Svaren är desamma som vid samtalet" in child_voice(after, before)


def test_day_answers_that_changed_are_listed():
    """Picks and declines per prompt: "Vill träffa oftare: var vet inte, nu pappa"."""
    before = session(
        answers={"persons.more": PromptAnswer(status=AnswerStatus.DONT_KNOW)},
        started=EARLIER,
    )
    after = session(answers={"persons.more": picked("dad")})
    assert [c.text for c in changes(before, after)] == [
        "Vill träffa oftare: var vet inte, nu pappa"
    ]


def test_an_empty_session_says_so_plainly():
    """No answers at all gives one short, neutral sentence."""
    assert child_voice(session()) == "Eleven har inte lämnat några svar som visas här."


def test_meeting_wishes_read_as_plain_swedish():
    """What the child wants known is quoted; how to take part and *lyssnade* follow."""
    sheets = MeetingSheets(
        child_wants_known="Jag vill  ha en lugn plats",
        participation=Participation.ATTEND,
        listened=Listened.SOME,
    )
    assert meeting_sentences(sheets) == [
        "Det här vill eleven att de vuxna på mötet vet: ”Jag vill ha en lugn plats”.",
        "Eleven vill vara med på mötet.",
        "Efter mötet kände eleven att de vuxna lyssnade lite.",
    ]


def test_a_quote_that_ends_a_sentence_gets_no_second_full_stop():
    """ "… vet: ”Det låter mycket.”" – never ”.”."""
    sheets = MeetingSheets(child_wants_known="Det låter mycket.")
    assert meeting_sentences(sheets) == [
        "Det här vill eleven att de vuxna på mötet vet: ”Det låter mycket.”"
    ]


def test_each_way_of_taking_part_has_its_sentence():
    """Read aloud, and another way in the child's own words."""
    read = MeetingSheets(participation=Participation.ANSWERS_READ)
    assert meeting_sentences(read) == [
        "Eleven vill att någon läser upp elevens svar på mötet."
    ]
    other = MeetingSheets(
        participation=Participation.OTHER, participation_other="Vara med i början"
    )
    assert meeting_sentences(other) == [
        "Eleven vill vara med på mötet på ett annat sätt: ”Vara med i början”."
    ]
    assert meeting_sentences(MeetingSheets(listened=Listened.NO)) == [
        "Efter mötet kände eleven inte att de vuxna lyssnade."
    ]


def test_meeting_wishes_are_their_own_part_of_barnets_rost():
    """Given the sheets, *Mötet* is a section and a paragraph before any follow-up."""
    s = session({"maths": (F,)})
    sheets = MeetingSheets(
        child_wants_known="Mindre ljud", participation=Participation.ATTEND
    )
    sections = voice_sections(s, sheets)
    assert sections[-1].title == "Mötet"
    assert sections[-1].sentences[1] == "Eleven vill vara med på mötet."
    text = child_voice(s, None, sheets)
    assert text.split("\n\n")[-1].startswith("Det här vill eleven")
    assert "Mötet" not in [x.title for x in voice_sections(s, MeetingSheets())]
    assert child_voice(s) == child_voice(s, None, MeetingSheets())


def test_only_meeting_wishes_do_not_claim_there_are_no_answers():
    """A child who only answered *Inför möte* is not told to have said nothing."""
    sheets = MeetingSheets(participation=Participation.ATTEND)
    text = child_voice(session(), None, sheets)
    assert text == "Eleven vill vara med på mötet."


def test_what_would_help_is_a_paragraph_of_its_own_not_a_wish():
    """The help questions' answers are said as help, in their own paragraph,
    never among the wishes; an older session's fourth wish (*Välj bilder på dem
    du vill träffa*, no longer asked) stays a wish."""
    s = session(
        answers={
            "places.more": picked("park"),
            "persons.want": picked("coach"),
            "places.help": picked("help_quiet", "help_adult"),
            "activities.help": picked("help_know", "help_break"),
        }
    )
    parts = child_voice(s).split("\n\n")
    wishes = next(p for p in parts if "parken" in p)
    help_part = next(p for p in parts if "hjälpa" in p)
    assert wishes != help_part
    assert "lugn plats" not in wishes
    assert "Eleven vill träffa tränaren." in wishes
    assert help_part == (
        "Det som skulle hjälpa eleven att göra det eleven vill är pauser och att "
        "veta vad som ska hända. Det som skulle hjälpa eleven att vara där eleven "
        "vill är en lugn plats och en vuxen som hjälper."
    )
    titles = [sec.title for sec in voice_sections(s)]
    assert titles[-1] == "Det här skulle hjälpa eleven"


def test_a_declined_help_question_is_said_with_the_help():
    """*Vet inte* on a help question is told where the help is, by its topic."""
    s = session(answers={"persons.help": PromptAnswer(status=AnswerStatus.DONT_KNOW)})
    (help_section,) = [
        sec for sec in voice_sections(s) if sec.title == "Det här skulle hjälpa eleven"
    ]
    assert help_section.sentences == (
        "På frågan om vad som skulle hjälpa eleven att träffa dem eleven vill "
        "svarade eleven ”vet inte”.",
    )


def test_a_question_no_longer_asked_is_not_a_change_since_last_time():
    """The earlier session's retired fourth wish, with nothing for it now, is
    not reported as "var tränaren, nu inget svar": the question was not asked;
    a change in what would help is reported under its own heading."""
    before = session(
        answers={"persons.want": picked("coach")},
        started=EARLIER,
    )
    after = session(answers={"persons.help": picked("help_adult")})
    found = [c.text for c in changes(before, after)]
    assert found == [
        "Skulle hjälpa att träffa dem eleven vill: var inget svar, nu en vuxen "
        "som hjälper mig"
    ]
