"""Rules of *En vanlig dag*: the timeline, picks, declines, offers and steps."""

import pytest

from app.domain import catalog
from app.domain import day as d
from app.domain.catalog import Column, PromptKind
from app.domain.models import (
    AnswerStatus,
    DayAnswers,
    DayEntry,
    Origin,
    Session,
    ValidationError,
)


def timeline_of(day: DayAnswers) -> list[tuple[str, str]]:
    """The timeline as (hh:mm, pictogram) pairs, for readable asserts."""
    return [
        (f"{e.minutes // 60:02d}:{e.minutes % 60:02d}", e.pictogram)
        for e in day.timeline
    ]


def build(*items: tuple[str, int | None]) -> DayAnswers:
    """A day with the given activities added in that order."""
    day = DayAnswers()
    for item, minutes in items:
        day, _ = d.add_entry(day, item, minutes)
    return day


# --- the timeline --------------------------------------------------------------


def test_activities_land_at_their_usual_time_so_a_child_mostly_confirms():
    """Gå upp 07:00, Frukost 07:15, Lunch 11:30, Middag 17:30, lägga mig 21:00."""
    day = build(
        ("go_to_bed", None),
        ("dinner", None),
        ("lunch", None),
        ("breakfast", None),
        ("get_up", None),
    )
    assert timeline_of(day) == [
        ("07:00", "get_up"),
        ("07:15", "breakfast"),
        ("11:30", "lunch"),
        ("17:30", "dinner"),
        ("21:00", "go_to_bed"),
    ]


def test_every_booklet_activity_has_a_usual_time_within_the_day():
    """No activity of the activities column falls back to a guess."""
    for item in catalog.COLUMN_ITEMS[Column.ACTIVITIES]:
        assert 0 <= d.DEFAULT_TIMES[item.id] <= d.LAST_TIME, item.id
        assert d.DEFAULT_TIMES[item.id] % d.STEP == 0, item.id


def test_the_timeline_stays_sorted_whatever_order_things_are_added_in():
    """Adding in any order gives the order of the day; equal times keep tap order."""
    day = build(("lunch", None), ("get_up", d.hm(7)), ("tv", d.hm(7)))
    assert timeline_of(day) == [
        ("07:00", "get_up"),
        ("07:00", "tv"),
        ("11:30", "lunch"),
    ]


def test_retiming_an_entry_moves_it_to_its_place_in_the_day():
    """Lunch moved to 06:45 goes before Gå upp; moved back it goes after."""
    day = build(("get_up", None), ("lunch", None))
    lunch = day.timeline[1].id
    day = d.retime_entry(day, lunch, d.hm(6, 45))
    assert timeline_of(day) == [("06:45", "lunch"), ("07:00", "get_up")]
    day = d.retime_entry(day, lunch, d.hm(12))
    assert timeline_of(day) == [("07:00", "get_up"), ("12:00", "lunch")]


def test_removing_an_entry_keeps_the_others_in_order():
    """Only the removed entry goes; the rest stay sorted."""
    day = build(("get_up", None), ("lunch", None), ("go_to_bed", None))
    day = d.remove_entry(day, day.timeline[1].id)
    assert timeline_of(day) == [("07:00", "get_up"), ("21:00", "go_to_bed")]


def test_an_activity_added_again_goes_an_hour_after_its_last_time():
    """A second Rast does not land on top of the first."""
    day = build(("school_break", None), ("school_break", None))
    assert timeline_of(day) == [("10:00", "school_break"), ("11:00", "school_break")]


def test_an_own_activity_goes_after_the_last_entry_or_at_noon():
    """Without a usual time: half an hour after the day so far, noon on an empty day."""
    day, _own = d.add_own_item(DayAnswers(), "activities.day", "Rida", "playing")
    assert timeline_of(day) == [("12:00", "playing")]
    day = build(("get_up", None))
    day, _ = d.add_own_item(day, "activities.day", "Rida", "playing")
    assert timeline_of(day)[-1] == ("07:30", "playing")
    assert day.timeline[-1].label == "Rida"


def test_times_stay_inside_the_day():
    """No time before 00:00 or after 23:45, whatever is asked for."""
    day = build(("go_to_bed", d.hm(30)))
    assert day.timeline[0].minutes == d.LAST_TIME
    assert d.retime_entry(day, day.timeline[0].id, -50).timeline[0].minutes == 0


@pytest.mark.parametrize(
    ("start", "delta", "expected"),
    [
        (d.hm(7), d.HOUR, d.hm(8)),
        (d.hm(7), -d.HOUR, d.hm(6)),
        (d.hm(7), d.STEP, d.hm(7, 15)),
        (d.hm(7), -d.STEP, d.hm(6, 45)),
        (d.hm(23, 30), d.HOUR, d.hm(23, 45)),
        (d.hm(0, 30), -d.HOUR, 0),
        (d.hm(7, 10), d.STEP, d.hm(7, 15)),
        (d.hm(7, 10), -d.STEP, d.hm(7)),
        (d.hm(7, 10), d.HOUR, d.hm(8)),
    ],
)
def test_a_time_step_lands_on_a_quarter_and_stops_at_the_days_ends(
    start, delta, expected
):
    """Hour and quarter steps: quarters only, never past 00:00 or 23:45."""
    assert d.step_time(start, delta) == expected


def test_a_step_that_cannot_move_is_reported_so_its_button_can_fade():
    """At 23:45 'later' cannot move; at 00:00 'earlier' cannot."""
    assert not d.can_step(d.LAST_TIME, d.STEP)
    assert not d.can_step(0, -d.HOUR)
    assert d.can_step(0, d.HOUR)


@pytest.mark.parametrize(
    ("minutes", "part"),
    [
        (d.hm(7), d.PartOfDay.MORNING),
        (d.hm(10, 30), d.PartOfDay.FORENOON),
        (d.hm(13), d.PartOfDay.AFTERNOON),
        (d.hm(19), d.PartOfDay.EVENING),
        (d.hm(23), d.PartOfDay.NIGHT),
        (d.hm(3), d.PartOfDay.NIGHT),
    ],
)
def test_the_part_of_the_day_tells_morning_from_evening(minutes, part):
    """07:00 and 19:00 look alike on a clock face; the words tell them apart."""
    assert d.part_of_day(minutes) == part


def test_a_timeline_with_entries_counts_as_answered():
    """The day's prompt is answered by its entries, and unanswered when emptied."""
    day = build(("get_up", None))
    assert d.status(day, "activities.day") == AnswerStatus.ANSWERED
    assert d.picks(day, "activities.day") == ("get_up",)
    emptied = d.remove_entry(day, day.timeline[0].id)
    assert d.status(emptied, "activities.day") is None
    assert emptied.answers == {}


# --- picks and declines --------------------------------------------------------


def test_a_second_tap_on_a_picked_picture_unpicks_it():
    """Picking toggles, and an empty answer leaves nothing behind."""
    day = d.toggle_pick(DayAnswers(), "places.day", "home")
    assert d.picks(day, "places.day") == ("home",)
    assert d.status(day, "places.day") == AnswerStatus.ANSWERED
    day = d.toggle_pick(day, "places.day", "home")
    assert d.picks(day, "places.day") == ()
    assert day.answers == {}


def test_declining_replaces_the_picks_and_the_same_tap_takes_it_back():
    """*Vet inte* clears the pictures; tapping it again leaves the prompt open."""
    day = d.toggle_pick(DayAnswers(), "persons.day", "mum")
    day = d.decline(day, "persons.day", AnswerStatus.DONT_KNOW)
    assert d.picks(day, "persons.day") == ()
    assert d.status(day, "persons.day") == AnswerStatus.DONT_KNOW
    assert d.is_done(day, "persons.day")
    day = d.decline(day, "persons.day", AnswerStatus.DONT_KNOW)
    assert d.status(day, "persons.day") is None


def test_one_decline_replaces_the_other():
    """*Vill inte svara* after *Vet inte* is simply the new answer."""
    day = d.decline(DayAnswers(), "places.day", AnswerStatus.DONT_KNOW)
    day = d.decline(day, "places.day", AnswerStatus.NO_ANSWER)
    assert d.status(day, "places.day") == AnswerStatus.NO_ANSWER


def test_picking_a_picture_ends_a_decline():
    """A child who said *Vet inte* and then taps a picture has answered."""
    day = d.decline(DayAnswers(), "places.day", AnswerStatus.NO_ANSWER)
    day = d.toggle_pick(day, "places.day", "park")
    assert d.status(day, "places.day") == AnswerStatus.ANSWERED
    assert d.picks(day, "places.day") == ("park",)


def test_declining_the_timeline_clears_it_and_adding_an_entry_ends_the_decline():
    """The day is either entries or *Vet inte*, never both."""
    day = build(("get_up", None))
    day = d.decline(day, "activities.day", AnswerStatus.DONT_KNOW)
    assert day.timeline == ()
    assert d.status(day, "activities.day") == AnswerStatus.DONT_KNOW
    day, _ = d.add_entry(day, "lunch")
    assert d.status(day, "activities.day") == AnswerStatus.ANSWERED


def test_answered_is_not_a_way_to_decline():
    """Only *Vet inte* and *Vill inte svara* decline."""
    with pytest.raises(ValueError, match="decline"):
        d.decline(DayAnswers(), "places.day", AnswerStatus.ANSWERED)


def test_the_timeline_prompt_is_not_answered_by_picks():
    """Activities of the day get a time; a bare pick would lose it."""
    with pytest.raises(ValueError, match="timeline"):
        d.toggle_pick(DayAnswers(), "activities.day", "get_up")


def test_an_unknown_picture_cannot_be_picked():
    """Only catalog items and the child's own items are answers."""
    with pytest.raises(KeyError):
        d.toggle_pick(DayAnswers(), "places.day", "nowhere")


# --- own items -----------------------------------------------------------------


def test_an_own_item_belongs_to_the_column_it_was_made_in():
    """A child's own place is offered among places, never among persons."""
    day, own = d.add_own_item(DayAnswers(), "places.day", "Stallet", "outdoors")
    assert d.picks(day, "places.day") == (own,)
    offered = {c: d.options(day, f"{c}.more") for c in ("places", "persons")}
    assert own in offered["places"].first + offered["places"].rest
    assert own not in offered["persons"].first + offered["persons"].rest
    assert own not in d.options(day, "activities.more").rest
    assert d.item_view(day, own) == d.ItemView(own, "outdoors", "Stallet", own=True)


def test_an_own_item_needs_a_label():
    """An empty label is refused with the reason, and nothing is added."""
    with pytest.raises(ValidationError):
        d.add_own_item(DayAnswers(), "places.day", "   ", "outdoors")


def test_an_own_activity_of_the_day_is_offered_first_when_wishing():
    """The own activity on the timeline is one of the child's picks of the day."""
    day, own = d.add_own_item(DayAnswers(), "activities.day", "Rida", "playing")
    assert d.picks(day, "activities.day") == (own,)
    assert d.options(day, "activities.more").first == (own,)


def test_removing_an_own_item_removes_it_everywhere():
    """Its picks, its timeline entries and the item itself go; the rest stays."""
    day, own = d.add_own_item(DayAnswers(), "activities.day", "Rida", "playing")
    day, _ = d.add_entry(day, "get_up")
    day = d.toggle_pick(day, "activities.more", own)
    day = d.toggle_pick(day, "activities.more", "get_up")
    day = d.remove_own_item(day, own)
    assert day.custom_items == ()
    assert timeline_of(day) == [("07:00", "get_up")]
    assert d.picks(day, "activities.more") == ("get_up",)


# --- what a prompt offers ------------------------------------------------------


def test_a_wish_offers_the_childs_own_day_first_then_everything_else():
    """*Oftare?* shows the day's activities first, and each picture only once."""
    day = build(("get_up", None), ("tv", None))
    opts = d.options(day, "activities.more")
    assert opts.first == ("get_up", "tv")
    everything = [i.id for i in catalog.COLUMN_ITEMS[Column.ACTIVITIES]]
    assert sorted(opts.first + opts.rest) == sorted(everything)


def test_a_new_wish_leaves_out_what_the_child_already_does():
    """*Inte idag?* offers no place the child already picked for the day."""
    day = d.toggle_pick(DayAnswers(), "places.day", "school_place")
    opts = d.options(day, "places.new")
    assert opts.first == ()
    assert "school_place" not in opts.rest
    assert "park" in opts.rest


def test_a_picture_picked_for_a_prompt_stays_offered_even_if_now_excluded():
    """A pick made before the day changed can still be seen and unpicked."""
    day = d.toggle_pick(DayAnswers(), "places.new", "park")
    day = d.toggle_pick(day, "places.day", "park")
    assert "park" in d.options(day, "places.new").rest


def test_every_prompt_offers_every_picture_of_its_column_exactly_once():
    """Nothing is offered twice, and without exclusions nothing is missing;
    a help question offers exactly the kinds of help."""
    day = d.toggle_pick(DayAnswers(), "persons.day", "mum")
    for p in catalog.DAY_PROMPTS:
        opts = d.options(day, p.id)
        offered = opts.first + opts.rest
        assert len(offered) == len(set(offered)), p.id
        if p.kind is PromptKind.HELP:
            assert set(offered) == {i.id for i in catalog.HELP_ITEMS}, p.id
        elif not p.excludes_from:
            assert set(offered) == {i.id for i in catalog.COLUMN_ITEMS[p.column]}


# --- what would help -----------------------------------------------------------


def test_the_fourth_question_of_each_column_asks_what_would_help():
    """Each column ends with *Vad skulle hjälpa dig …?*, no longer a wish that
    repeats the second and third questions."""
    for column in Column:
        prompts = [p for p in catalog.DAY_PROMPTS if p.column is column]
        assert prompts[3].kind is PromptKind.HELP
        assert prompts[3].text.startswith("Vad skulle hjälpa dig att ")
        assert prompts[3].id == f"{column.value}.help"


def test_help_is_picked_only_among_the_kinds_of_help():
    """A help question takes kinds of help; a wish takes no kind of help."""
    day = d.toggle_pick(DayAnswers(), "places.help", "help_quiet", Origin.COUNSELLOR)
    assert d.picks(day, "places.help") == ("help_quiet",)
    assert day.answer("places.help").origin is Origin.COUNSELLOR
    with pytest.raises(ValueError, match="not offered"):
        d.toggle_pick(day, "places.help", "park")
    with pytest.raises(ValueError, match="not offered"):
        d.toggle_pick(day, "places.more", "help_quiet")


def test_the_help_questions_do_not_build_on_the_wishes():
    """Help is the same short set in every column, whatever the child wished."""
    day = d.toggle_pick(DayAnswers(), "activities.more", "reading")
    opts = d.options(day, "activities.help")
    assert opts.first == ()
    assert "reading" not in opts.rest


def test_a_wish_answered_before_the_help_question_still_reads():
    """A session answered with the retired fourth wish keeps its answer as a
    wish: the prompt is known, though no longer a step."""
    day = DayAnswers.from_doc(
        {"answers": {"places.want": {"picks": ["park"], "status": "answered"}}}
    )
    assert d.picks(day, "places.want") == ("park",)
    assert "places.want" not in d.STEPS


# --- the sequence --------------------------------------------------------------


def test_the_steps_follow_the_booklet_and_end_in_the_summary():
    """Twelve prompts in order, then the summary; back from the first leaves."""
    assert tuple(p.id for p in catalog.DAY_PROMPTS) == d.STEPS
    assert d.next_step("activities.day") == "activities.more"
    assert d.next_step("persons.help") == d.SUMMARY
    assert d.previous_step(d.SUMMARY) == "persons.help"
    assert d.previous_step("places.day") == "activities.help"
    assert d.previous_step("activities.day") is None


@pytest.mark.parametrize(
    ("position", "step"),
    [
        ("day:places.more", "places.more"),
        ("day:summary", d.SUMMARY),
        ("", "activities.day"),
        ("grid", "activities.day"),
        ("day:nonsense", "activities.day"),
    ],
)
def test_the_stored_position_brings_the_child_back_to_the_same_step(position, step):
    """A reload resumes at the saved step; anything else starts at the beginning."""
    assert d.resume_step(position) == step
    if position.startswith("day:") and step != "activities.day":
        assert d.position_of(step) == position


def test_the_day_survives_the_round_trip_to_disk():
    """Timeline, picks, declines and own items come back from the stored form."""
    day = build(("get_up", None), ("lunch", None))
    day, _own = d.add_own_item(day, "places.day", "Stallet", "outdoors")
    day = d.decline(day, "persons.less", AnswerStatus.NO_ANSWER)
    session = Session.new("c1")
    session = Session.from_doc({**session.to_doc(), "day": day.to_doc()})
    assert session.day == day
    assert d.custom_column(session.day.custom_items[0]) == Column.PLACES
    assert isinstance(session.day.timeline[0], DayEntry)
