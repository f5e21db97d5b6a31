"""Figures for the team: school time only from the child's school answers."""

from dataclasses import replace

from app.domain import day as d
from app.domain.history import school_minutes, wish_count
from app.domain.models import AnswerStatus, DayAnswers, PromptAnswer, Session


def day_of(*entries: tuple[str, int], places: tuple[str, ...] = ()) -> DayAnswers:
    """A day with the child's own times (not suggestions) and a *Platser* answer."""
    day = DayAnswers()
    for item, minutes in entries:
        day, _ = d.add_entry(day, item, minutes)
    for place in places:
        day = d.toggle_pick(day, "places.day", place)
    return day


def test_a_day_at_home_has_no_school_time():
    """Get up 09:00, Spela 10:00, Läsa 12:00, Middag 17:30: 0 h, not 7.5 h."""
    day = day_of(
        ("get_up", d.hm(9)),
        ("computer_games_home", d.hm(10)),
        ("reading", d.hm(12)),
        ("dinner", d.hm(17, 30)),
        places=("home",),
    )
    assert school_minutes(day) == 0


def test_grid_items_on_the_timeline_are_not_school():
    """Matte and Musik are things the child likes or is good at, not school hours."""
    day = day_of(("maths", d.hm(9)), ("music", d.hm(10)), ("dinner", d.hm(17)))
    assert school_minutes(day) == 0


def test_the_way_to_school_is_not_time_at_school():
    """Gå till skolan and then nothing at school gives no school time."""
    day = day_of(("walk_to_school", d.hm(8)), ("play_outside", d.hm(15)))
    assert school_minutes(day) == 0


def test_school_time_runs_from_the_first_lesson_to_what_comes_after_school():
    """Gå till skolan 08:00, Lektion 08:30, Rast 10:00, Lunch 11:30 (the child
    is at school), Fritids 14:00: 5.5 h, the walk not included."""
    day = day_of(
        ("get_up", d.hm(7)),
        ("walk_to_school", d.hm(8)),
        ("lessons", d.hm(8, 30)),
        ("school_break", d.hm(10)),
        ("lunch", d.hm(11, 30)),
        ("after_school", d.hm(14)),
        places=("school_place",),
    )
    assert school_minutes(day) == d.hm(5, 30)


def test_lunch_is_a_school_activity_only_when_the_child_says_school():
    """Without a school place, Lunch ends the school time instead of extending it."""
    day = day_of(
        ("lessons", d.hm(8, 30)),
        ("school_break", d.hm(10)),
        ("lunch", d.hm(11, 30)),
        ("after_school", d.hm(14)),
        places=("home",),
    )
    assert school_minutes(day) == d.hm(3)


def test_a_suggested_time_the_child_never_confirmed_does_not_count():
    """A lesson at its usual time, unconfirmed, is no school time of the child's."""
    day, _ = d.add_entry(DayAnswers(), "lessons")
    day, _ = d.add_entry(day, "after_school")
    assert school_minutes(day) == 0


def test_help_is_not_counted_as_a_wish():
    """*Önskningar* over time counts the wish questions' pictures (an older
    session's retired fourth wish too), never the help questions' pictures."""
    day = d.toggle_pick(DayAnswers(), "activities.help", "help_break")
    day = d.toggle_pick(day, "places.help", "help_quiet")
    day = d.toggle_pick(day, "places.more", "park")
    day = replace(
        day,
        answers={
            **day.answers,
            "persons.want": PromptAnswer(("coach",), AnswerStatus.ANSWERED),
        },
    )
    assert wish_count(replace(Session.new("c1"), day=day)) == 2
