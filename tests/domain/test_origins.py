"""Whose each answer is: the child's tap, a confirmed suggestion, the counsellor."""

from dataclasses import replace

from app.domain import changes
from app.domain import day as d
from app.domain.models import (
    AnswerStatus,
    DayAnswers,
    DayEntry,
    GridAnswers,
    Level,
    Origin,
    PromptAnswer,
    Session,
)
from app.domain.summary import child_voice, timeline_sentence


def test_a_usual_time_is_only_a_suggestion_until_the_child_confirms_it():
    """Tapping an activity gives its usual time as ``SUGGESTED``; *Ja* makes it
    ``CONFIRMED``; a time the child sets with the arrows is the child's."""
    day, breakfast = d.add_entry(DayAnswers(), "breakfast")
    day, lunch = d.add_entry(day, "lunch")
    assert {e.time_origin for e in day.timeline} == {Origin.SUGGESTED}
    day = d.confirm_time(day, breakfast)
    day = d.retime_entry(day, lunch, d.hm(12))
    origins = {e.pictogram: e.time_origin for e in day.timeline}
    assert origins == {"breakfast": Origin.CONFIRMED, "lunch": Origin.CHILD}
    assert d.unconfirmed(day) == ()


def test_confirming_a_time_the_child_set_keeps_it_the_childs():
    """*Ja* on a time already changed by the child does not downgrade it."""
    day, lunch = d.add_entry(DayAnswers(), "lunch")
    day = d.retime_entry(day, lunch, d.hm(12))
    assert d.confirm_time(day, lunch) == day


def test_an_unconfirmed_time_is_told_as_without_a_clock_time():
    """The case file never gives a suggested time as the child's."""
    day, breakfast = d.add_entry(DayAnswers(), "breakfast")
    day, _lunch = d.add_entry(day, "lunch")
    day = d.confirm_time(day, breakfast)
    text = timeline_sentence(day)
    assert "kl. 07:15" in text
    assert "11:30" not in text
    assert "utan klockslag" in text


def test_origins_are_stored_and_read_back():
    """``to_doc``/``from_doc`` keep each origin; an old document without them
    reads as the child's own taps."""
    entry = DayEntry(
        "e1",
        "lunch",
        d.hm(11, 30),
        origin=Origin.COUNSELLOR,
        time_origin=Origin.SUGGESTED,
    )
    answer = PromptAnswer(("home",), AnswerStatus.ANSWERED, Origin.COUNSELLOR)
    grid = GridAnswers().toggle("maths", Level.FUN, Origin.COUNSELLOR)
    assert DayEntry.from_doc(entry.to_doc()) == entry
    assert PromptAnswer.from_doc(answer.to_doc()) == answer
    assert GridAnswers.from_doc(grid.to_doc()) == grid
    old = {"id": "e1", "pictogram": "lunch", "minutes": 690, "label": ""}
    assert DayEntry.from_doc(old).time_origin is Origin.CHILD
    assert PromptAnswer.from_doc({"picks": ["home"]}).origin is Origin.CHILD


def test_a_childs_own_tap_takes_a_tile_back_from_the_counsellors_entry():
    """A tile the counsellor marked and the child then marks again is the child's."""
    grid = GridAnswers().toggle("maths", Level.FUN, Origin.COUNSELLOR)
    assert grid.origin("maths") is Origin.COUNSELLOR
    grid = grid.toggle("maths", Level.GOOD_AT)
    assert grid.origin("maths") is Origin.CHILD
    assert grid.toggle("maths", Level.GOOD_AT).toggle("maths", Level.FUN).origins == {}


def test_a_change_of_origin_is_carried_part_by_part():
    """``changes.apply`` puts the counsellor's mark on a newer copy with its origin."""
    base = Session.new("c0ffee")
    mine = replace(base, grid=base.grid.toggle("maths", Level.FUN, Origin.COUNSELLOR))
    theirs = replace(base, grid=base.grid.toggle("music", Level.FUN))
    merged = changes.apply(theirs, changes.delta(base, mine))
    assert merged.grid.origin("maths") is Origin.COUNSELLOR
    assert merged.grid.origin("music") is Origin.CHILD


def test_the_paragraph_says_which_answers_the_counsellor_gave():
    """Answers entered on the child's behalf are named as such in the case file."""
    session = Session.new("c0ffee")
    day = d.toggle_pick(session.day, "places.day", "home", Origin.COUNSELLOR)
    grid = session.grid.toggle("maths", Level.FUN)
    text = child_voice(replace(session, day=day, grid=grid))
    assert "samtalsledaren" in text.lower()
