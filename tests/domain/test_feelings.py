"""*Hur känns det?*: feelings on the day's activities, places and persons."""

from dataclasses import replace

import pytest

from app.domain import changes
from app.domain import day as d
from app.domain.history import protective_and_worrying
from app.domain.models import (
    DayAnswers,
    Feeling,
    Felt,
    Origin,
    Session,
    day_answer_key,
)
from app.domain.summary import child_voice, feeling_sentences


def bus_and_grandma() -> DayAnswers:
    """A day with the bus as a place and grandma's home, nothing felt yet."""
    day = d.toggle_pick(DayAnswers(), "places.day", "bus")
    return d.toggle_pick(day, "places.day", "grandparents_home")


def test_a_feeling_is_kept_with_its_origin_through_the_stored_form():
    """A feeling and whose it is come back from the stored document as given."""
    day = d.set_feeling(bus_and_grandma(), "bus", Feeling.WORRIED, Origin.COUNSELLOR)
    again = DayAnswers.from_doc(day.to_doc())
    assert again.feelings == {"bus": Felt(Feeling.WORRIED, Origin.COUNSELLOR)}
    assert again == day


def test_a_day_without_feelings_is_stored_as_before():
    """No feelings: the stored day has no ``feelings`` key (older readers agree)."""
    assert "feelings" not in bus_and_grandma().to_doc()


def test_only_the_days_activities_places_and_persons_take_a_feeling():
    """A picture not in the day (or only wished for) cannot be given a feeling."""
    day = d.toggle_pick(bus_and_grandma(), "places.want", "park")
    with pytest.raises(KeyError):
        d.set_feeling(day, "park", Feeling.HAPPY)
    with pytest.raises(KeyError):
        d.set_feeling(day, "mum", Feeling.HAPPY)
    day, _entry = d.add_entry(day, "bus_to_school")
    assert (
        d.feeling_of(d.set_feeling(day, "bus_to_school", Feeling.SAD), "bus_to_school")
        is Feeling.SAD
    )


def test_vet_inte_takes_a_feeling_back():
    """None (*Vet inte*) removes the feeling; the day is as before."""
    day = bus_and_grandma()
    felt = d.set_feeling(day, "bus", Feeling.ANGRY)
    assert d.set_feeling(felt, "bus", None) == day


def test_the_case_file_says_the_feelings_plainly():
    """ "Eleven känner sig orolig på bussen och lugn hos mor- eller farföräldrar"."""
    day = d.set_feeling(bus_and_grandma(), "bus", Feeling.WORRIED)
    day = d.set_feeling(day, "grandparents_home", Feeling.CALM)
    assert feeling_sentences(day) == [
        "Eleven känner sig orolig på bussen och lugn hos mor- eller farföräldrar."
    ]


def test_one_feeling_in_several_contexts_gets_a_sentence_of_its_own():
    """Glad at home and at school, worried on the bus: one sentence per feeling."""
    day = d.toggle_pick(bus_and_grandma(), "places.day", "home")
    day, _e = d.add_entry(day, "bus_to_school")
    day = d.toggle_pick(day, "persons.day", "mum")
    day = d.set_feeling(day, "bus_to_school", Feeling.WORRIED)
    day = d.set_feeling(day, "home", Feeling.HAPPY)
    day = d.set_feeling(day, "mum", Feeling.HAPPY)
    assert feeling_sentences(day) == [
        "Eleven känner sig orolig när det är dags att åka buss.",
        "Eleven känner sig glad hemma och med mamma.",
    ]


def test_a_feeling_of_an_unpicked_picture_is_not_reported():
    """Unpicking the bus takes its feeling out of the case file."""
    day = d.set_feeling(bus_and_grandma(), "bus", Feeling.WORRIED)
    day = d.toggle_pick(day, "places.day", "bus")
    assert feeling_sentences(day) == []


def test_a_private_answer_hides_its_feelings_too():
    """*Bara för mig* on the places hides how the places feel."""
    day = d.set_feeling(bus_and_grandma(), "bus", Feeling.WORRIED)
    session = replace(
        Session.new("c"), day=day, private=frozenset({day_answer_key("places.day")})
    )
    assert "orolig" not in child_voice(session)


def test_feelings_the_counsellor_entered_are_named_as_such():
    """The case file never passes the counsellor's entry off as the child's."""
    day = d.set_feeling(bus_and_grandma(), "bus", Feeling.CALM, Origin.COUNSELLOR)
    text = child_voice(replace(Session.new("c"), day=day))
    assert "Samtalsledaren fyllde i åt eleven: hur det känns." in text


def test_feelings_on_two_items_from_two_screens_both_stay():
    """A feeling is its own part of a session: another screen's feeling on
    another item is kept when this screen's is made again on the newer copy."""
    base = replace(Session.new("c"), day=bus_and_grandma())
    mine = replace(base, day=d.set_feeling(base.day, "bus", Feeling.CALM))
    theirs = replace(
        base, day=d.set_feeling(base.day, "grandparents_home", Feeling.SAD)
    )
    merged = changes.apply(theirs, changes.delta(base, mine))
    assert merged is not None
    assert set(merged.day.feelings) == {"bus", "grandparents_home"}


def test_history_puts_calm_and_glad_contexts_beside_worrying_ones():
    """Across sessions: contexts felt glad or calm (protective) in one list,
    worried, sad or angry in the other, most often first; tired in neither."""

    def session(**felt: Feeling) -> Session:
        day = bus_and_grandma()
        day = d.toggle_pick(day, "places.day", "school_place")
        for item, feeling in felt.items():
            day = d.set_feeling(day, item, feeling)
        return replace(Session.new("c"), day=day)

    sessions = [
        session(bus=Feeling.WORRIED, grandparents_home=Feeling.CALM),
        session(
            bus=Feeling.ANGRY,
            grandparents_home=Feeling.HAPPY,
            school_place=Feeling.TIRED,
        ),
        session(bus=Feeling.HAPPY),
    ]
    good, hard = protective_and_worrying(sessions)
    assert [(c.key, c.good) for c in good] == [("grandparents_home", 2), ("bus", 1)]
    assert [(c.key, c.hard) for c in hard] == [("bus", 2)]


def test_the_follow_up_says_when_a_context_feels_different_now():
    """Worried on the bus last time, calm now: "Hur det känns, på bussen: var
    orolig, nu lugn". A feeling asked for the first time is no change."""
    from app.domain.summary import follow_up_sentence

    before = replace(
        Session.new("c"), day=d.set_feeling(bus_and_grandma(), "bus", Feeling.WORRIED)
    )
    now_day = d.set_feeling(bus_and_grandma(), "bus", Feeling.CALM)
    now_day = d.set_feeling(now_day, "grandparents_home", Feeling.HAPPY)
    now = replace(Session.new("c"), day=now_day)
    text = follow_up_sentence(now, before)
    assert "Hur det känns, på bussen: var orolig, nu lugn." in text
    assert "hos mormor" not in text.casefold()
    assert "Hur det känns, hos" not in text
