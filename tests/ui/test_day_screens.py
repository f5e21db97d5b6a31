"""*En vanlig dag* on screen: timeline, clock, picks, declines, own items, resume."""

import datetime as dt
from dataclasses import replace

import flet as ft
import pytest
from conftest import choose_picture, texts_under
from harness import Harness

from app.domain import day as d
from app.domain.models import AnswerStatus, DayAnswers, Origin

DAY = "/barn/dag"
TIMELINE = "/barn/dag/activities.day"


def pick_activity(h: Harness, item: str) -> None:
    """Open the activity's part of the day in the picker, then tap its picture."""
    h.click(f"group-{d.group_of(item).value}")
    h.click(f"pick-{item}")


def stored(repo, child):
    """The child's only session as it is on disk now."""
    (session,) = repo.sessions(child.id)
    return session


def stored_timeline(repo, child) -> list[tuple[str, int]]:
    """The saved timeline as (pictogram, minutes) pairs."""
    return [(e.pictogram, e.minutes) for e in stored(repo, child).day.timeline]


def seed_day(repo, active, day: DayAnswers, position: str = "") -> None:
    """Put answers (and a position) into the open session, as if made earlier."""
    _child, session = active
    repo.save_session(replace(session, day=day, position=position))


def entry_id(repo, child, pictogram: str) -> str:
    """The id of the (first) saved entry showing ``pictogram``."""
    day = stored(repo, child).day
    return next(e.id for e in day.timeline if e.pictogram == pictogram)


def semantics_labels(h: Harness) -> set[str]:
    """Every semantics label on the screen."""
    return {
        c.label for c in h.find_all(lambda c: isinstance(c, ft.Semantics)) if c.label
    }


def semantics_of(h: Harness, label: str) -> ft.Semantics:
    """The semantics node with exactly this label."""
    (node,) = h.find_all(lambda c: isinstance(c, ft.Semantics) and c.label == label)
    return node


# --- getting there and moving on ---------------------------------------------


def test_the_day_tile_opens_the_first_step_of_a_new_session(active, app_main):
    """From the child's home, *En vanlig dag* starts at the day's timeline."""
    with Harness(app_main, route="/barn") as h:
        h.click("exercise-day")
        assert h.route == TIMELINE
        assert h.find("day-question").value.startswith("Välj bilder på vad du gör")
        assert h.exists("pick-get_up")


def test_next_and_back_walk_the_twelve_steps_and_the_summary(repo, active, app_main):
    """*Nästa* goes through the booklet's order to the summary; *Tillbaka* returns."""
    child, _ = active
    with Harness(app_main, route=TIMELINE) as h:
        for step in d.STEPS[1:]:
            h.click("day-next")
            assert h.route == f"{DAY}/{step}"
            assert stored(repo, child).position == f"day:{step}"
        h.click("day-next")
        assert h.route == "/barn/dag/klar"
        assert stored(repo, child).position == "day:summary"
        h.click("back")
        assert h.route == "/barn/dag/persons.help"
        for step in reversed(d.STEPS[:-1]):
            h.click("back")
            assert h.route == f"{DAY}/{step}"
        h.click("back")
        assert h.route == "/barn"


def test_the_column_and_the_question_follow_the_step(active, app_main):
    """Each step shows its column's title and the booklet's question."""
    with Harness(app_main, route="/barn/dag/persons.less") as h:
        texts = h.texts()
        assert "Personer" in texts
        assert "Finns det någon du vill träffa mindre ofta?" in texts


def test_reopening_the_day_resumes_at_the_step_the_child_was_on(repo, active, app_main):
    """After a reload or a crash the day's route sends the child to the saved step."""
    with Harness(app_main, route=TIMELINE) as h:
        for _ in range(5):
            h.click("day-next")
        assert h.route == "/barn/dag/places.more"
    with Harness(app_main, route=DAY) as h:
        assert h.route == "/barn/dag/places.more"
    with Harness(app_main, route="/barn") as h:
        h.click("exercise-day")
        assert h.route == "/barn/dag/places.more"


def test_a_finished_day_reopens_at_its_summary(repo, active, app_main):
    """A child who reached the summary comes back to it, not to the first step."""
    seed_day(repo, active, DayAnswers(), position="day:summary")
    with Harness(app_main, route=DAY) as h:
        assert h.route == "/barn/dag/klar"


def test_an_unknown_step_shows_the_first_step(active, app_main):
    """A mistyped address never shows an empty or broken screen."""
    with Harness(app_main, route="/barn/dag/nonsense") as h:
        assert h.exists("pick-get_up")


def test_day_screens_without_an_open_session_say_so(app_main):
    """With no session in progress, no one's day is shown."""
    with Harness(app_main, route=TIMELINE) as h:
        assert h.exists("go-start")
        assert not h.exists("pick-get_up")


# --- the timeline ---------------------------------------------------------------


def test_tapping_an_activity_adds_it_at_its_usual_time_and_opens_the_clock(
    repo, active, app_main
):
    """Gå upp lands at 07:00, saved at once; the clock shows it to confirm."""
    child, _ = active
    with Harness(app_main, route=TIMELINE) as h:
        h.click("pick-get_up")
        assert stored_timeline(repo, child) == [("get_up", d.hm(7))]
        assert h.find("editor-label").value == "Gå upp"
        assert h.find("time-digits").value == "07:00"
        assert "Morgon" in h.texts()
        h.click("entry-done")
        assert h.exists("activity-picker")
        assert "07:00?" in texts_under(h.find("timeline"))


def test_the_timeline_is_shown_in_time_order_whatever_the_tap_order(
    repo, active, app_main
):
    """Tap bedtime, lunch, getting up: the day reads from morning to night."""
    child, _ = active
    with Harness(app_main, route=TIMELINE) as h:
        for item in ("go_to_bed", "lunch", "get_up"):
            pick_activity(h, item)
            h.click("time-confirm")
        times = [t for t in texts_under(h.find("timeline")) if ":" in t]
        assert times == ["07:00", "11:30", "21:00"]
    assert [p for p, _m in stored_timeline(repo, child)] == [
        "get_up",
        "lunch",
        "go_to_bed",
    ]


def test_hour_and_quarter_steps_retime_an_entry_and_it_moves_into_place(
    repo, active, app_main
):
    """Lunch five hours earlier and a quarter later: 06:45, before Gå upp."""
    child, _ = active
    with Harness(app_main, route=TIMELINE) as h:
        h.click("pick-get_up")
        h.click("entry-done")
        pick_activity(h, "lunch")
        for _ in range(5):
            h.click("time-hour-earlier")
        h.click("time-quarter-later")
        assert h.find("time-digits").value == "06:45"
        assert stored_timeline(repo, child) == [
            ("lunch", d.hm(6, 45)),
            ("get_up", d.hm(7)),
        ]
        times = [t for t in texts_under(h.find("timeline")) if ":" in t]
        assert times == ["06:45", "07:00?"]


def test_tapping_an_entry_opens_its_clock_to_change_or_remove_it(
    repo, active, app_main
):
    """An entry of the timeline is edited where it is; *Ta bort* removes it."""
    child, _ = active
    day, _e = d.add_entry(DayAnswers(), "get_up")
    day, _e = d.add_entry(day, "go_to_bed")
    seed_day(repo, active, day)
    with Harness(app_main, route=TIMELINE) as h:
        bed = entry_id(repo, child, "go_to_bed")
        h.click(f"entry-{bed}")
        assert h.find("editor-label").value == "Gå och lägga mig"
        h.click("time-quarter-later")
        h.click("time-quarter-later")
        assert stored_timeline(repo, child)[-1] == ("go_to_bed", d.hm(21, 30))
        h.click("entry-remove")
        assert not h.exists(f"entry-{bed}")
        assert h.exists("activity-picker")
    assert stored_timeline(repo, child) == [("get_up", d.hm(7))]


def test_nothing_a_child_taps_on_the_day_draws_a_ripple(repo, active, app_main):
    """Timeline entries, the clock's steps, the chips: no ink animation (calm,
    and it took the tap's CPU: docs/benchmarks.md, fix D); they still answer."""
    child, _ = active
    day, _e = d.add_entry(DayAnswers(), "get_up")
    seed_day(repo, active, day)
    with Harness(app_main, route=TIMELINE) as h:
        h.click(f"entry-{entry_id(repo, child, 'get_up')}")
        for key in ("time-quarter-later", "entry-remove"):
            assert h.find(key).on_click is not None
        assert h.find_all(lambda c: getattr(c, "ink", False) is True) == []
    with Harness(app_main, route="/barn/dag/places.more") as h:
        assert h.exists("decline-dont_know")
        assert h.find_all(lambda c: getattr(c, "ink", False) is True) == []


def test_undo_brings_back_a_removed_entry(repo, active, app_main):
    """*Ångra* after *Ta bort* puts the entry back, on screen and on disk."""
    child, _ = active
    with Harness(app_main, route=TIMELINE) as h:
        pick_activity(h, "lunch")
        h.click("entry-remove")
        assert stored_timeline(repo, child) == []
        h.click("undo")
        assert stored_timeline(repo, child) == [("lunch", d.hm(11, 30))]
        assert "11:30?" in texts_under(h.find("timeline"))


def test_a_picture_already_in_the_day_opens_its_time_instead_of_adding_it_again(
    repo, active, app_main
):
    """A second tap on Rast shows its clock; *En gång till* adds a second Rast."""
    child, _ = active
    with Harness(app_main, route=TIMELINE) as h:
        pick_activity(h, "school_break")
        h.click("entry-done")
        pick_activity(h, "school_break")
        assert stored_timeline(repo, child) == [("school_break", d.hm(10))]
        assert h.find("time-digits").value == "10:00"
        h.click("entry-again")
        assert stored_timeline(repo, child) == [
            ("school_break", d.hm(10)),
            ("school_break", d.hm(11)),
        ]
        assert h.find("time-digits").value == "11:00"


def test_steps_that_would_leave_the_day_are_faded_and_do_nothing(
    repo, active, app_main
):
    """At 23:45 *senare* cannot be tapped; the time never wraps to the morning."""
    child, _ = active
    day, _e = d.add_entry(DayAnswers(), "sleep", d.LAST_TIME)
    seed_day(repo, active, day)
    with Harness(app_main, route=TIMELINE) as h:
        h.click(f"entry-{entry_id(repo, child, 'sleep')}")
        with pytest.raises(AssertionError, match="disabled"):
            h.click("time-quarter-later")
        with pytest.raises(AssertionError, match="disabled"):
            h.click("time-hour-later")
        h.click("time-hour-earlier")
    assert stored_timeline(repo, child) == [("sleep", d.hm(22, 45))]


def test_an_own_activity_goes_on_the_timeline_with_its_clock_open(
    repo, active, app_main
):
    """*Något annat?* on the timeline: typed word, chosen picture, a time to set."""
    child, _ = active
    with Harness(app_main, route=TIMELINE) as h:
        h.click("pick-something_else")
        h.type("own-label", "Rida")
        choose_picture(h, "pet")
        h.click("own-add")
        assert h.find("editor-label").value == "Rida"
        assert h.find("time-digits").value == "12:00"
        h.click("time-hour-later")
    day = stored(repo, child).day
    (own,) = day.custom_items
    assert (own.label, own.pictogram) == ("Rida", "pet")
    assert [(e.label, e.pictogram, e.minutes) for e in day.timeline] == [
        ("Rida", "pet", d.hm(13))
    ]


# --- declines -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "status", "label"),
    [
        ("decline-dont_know", AnswerStatus.DONT_KNOW, "Vet inte"),
        ("decline-no_answer", AnswerStatus.NO_ANSWER, "Vill inte svara"),
    ],
)
def test_every_step_accepts_vet_inte_and_vill_inte_svara(
    repo, active, app_main, key, status, label
):
    """Each of the twelve prompts can be declined both ways, and it is saved."""
    child, _ = active
    with Harness(app_main, route=TIMELINE) as h:
        for step in d.STEPS:
            h.click(key)
            assert stored(repo, child).day.answer(step).status == status
            assert semantics_of(h, label).selected
            h.click("day-next")


def test_a_decline_replaces_the_pictures_and_a_second_tap_takes_it_back(
    repo, active, app_main
):
    """*Vet inte* clears Hemma; tapping *Vet inte* again leaves nothing chosen."""
    child, _ = active
    with Harness(app_main, route="/barn/dag/places.day") as h:
        h.click("pick-home")
        h.click("decline-dont_know")
        answer = stored(repo, child).day.answer("places.day")
        assert (answer.picks, answer.status) == ((), AnswerStatus.DONT_KNOW)
        assert not semantics_of(h, "Hemma").selected
        h.click("decline-no_answer")
        assert stored(repo, child).day.answer("places.day").status == (
            AnswerStatus.NO_ANSWER
        )
        assert not semantics_of(h, "Vet inte").selected
        h.click("decline-no_answer")
        assert "places.day" not in stored(repo, child).day.answers


def test_declining_the_day_empties_the_timeline_and_says_so(repo, active, app_main):
    """*Vill inte svara* on the timeline: no entries; the choice shows instead."""
    child, _ = active
    with Harness(app_main, route=TIMELINE) as h:
        h.click("pick-get_up")
        h.click("decline-no_answer")
        assert stored_timeline(repo, child) == []
        assert "Vill inte svara" in texts_under(h.find("timeline"))
        assert h.exists("activity-picker")


# --- picks, wishes, own items ------------------------------------------------------


def test_picking_places_and_persons_saves_each_tap(repo, active, app_main):
    """Skolan and Hemma are saved in tap order; a second tap unpicks."""
    child, _ = active
    with Harness(app_main, route="/barn/dag/places.day") as h:
        h.click("pick-school_place")
        h.click("pick-home")
        assert stored(repo, child).day.answer("places.day").picks == (
            "school_place",
            "home",
        )
        assert semantics_of(h, "Skolan").selected
        h.click("pick-school_place")
        assert stored(repo, child).day.answer("places.day").picks == ("home",)


def test_a_wish_offers_first_the_pictures_the_child_chose_for_the_day(
    repo, active, app_main
):
    """*Oftare?* shows the day's activities first, then all the others once."""
    day, _e = d.add_entry(DayAnswers(), "get_up")
    day, _e = d.add_entry(day, "tv")
    seed_day(repo, active, day)
    with Harness(app_main, route="/barn/dag/activities.more") as h:
        first = texts_under(h.find("offered-first"))
        assert first == ["Gå upp", "Titta på TV"]
        rest = texts_under(h.find("offered-rest"))
        assert "Gå upp" not in rest
        assert "Frukost" in rest
        assert "Det här valde du förut" in h.texts()


def test_the_help_step_offers_the_kinds_of_help_and_stores_the_childs_tap(
    repo, active, app_main
):
    """*Vad skulle hjälpa dig att träffa dem du vill?* offers the kinds of help
    (not persons, no *Något annat?*); a tap is saved as the child's help."""
    child, _ = active
    day = d.toggle_pick(DayAnswers(), "persons.more", "grandparent")
    seed_day(repo, active, day)
    with Harness(app_main, route="/barn/dag/persons.help") as h:
        assert h.find("day-question").value == (
            "Vad skulle hjälpa dig att träffa dem du vill?"
        )
        assert not h.exists("offered-first")
        assert not h.exists("pick-grandparent")
        assert not h.exists("pick-something_else")
        for item_id in d.HELP_IDS:
            assert h.exists(f"pick-{item_id}")
        h.click("pick-help_adult")
    answer = stored(repo, child).day.answer("persons.help")
    assert answer.picks == ("help_adult",)
    assert answer.origin is Origin.CHILD


def test_a_new_wish_leaves_out_what_the_child_already_does(repo, active, app_main):
    """*Inte idag?* offers no place already picked for the day, and nothing first."""
    seed_day(repo, active, d.toggle_pick(DayAnswers(), "places.day", "school_place"))
    with Harness(app_main, route="/barn/dag/places.new") as h:
        assert not h.exists("offered-first")
        assert not h.exists("pick-school_place")
        assert h.exists("pick-park")


def test_a_wish_without_earlier_choices_shows_all_pictures_plainly(active, app_main):
    """No empty "chosen before" band when there is nothing to offer first."""
    with Harness(app_main, route="/barn/dag/places.more") as h:
        assert not h.exists("offered-first")
        assert h.exists("pick-home")


def test_an_own_place_is_added_picked_and_offered_again_later(repo, active, app_main):
    """*Något annat?*: Stallet with a picture is picked, then offered first after."""
    child, _ = active
    with Harness(app_main, route="/barn/dag/places.day") as h:
        h.click("pick-something_else")
        h.type("own-label", "Stallet")
        choose_picture(h, "outdoors")
        h.click("own-add")
        day = stored(repo, child).day
        (own,) = day.custom_items
        assert (own.label, own.pictogram) == ("Stallet", "outdoors")
        assert day.answer("places.day").picks == (own.id,)
        assert semantics_of(h, "Stallet").selected
        h.click("day-next")
        assert texts_under(h.find("offered-first")) == ["Stallet"]
        h.click(f"pick-{own.id}")
        assert stored(repo, child).day.answer("places.more").picks == (own.id,)
    with Harness(app_main, route="/barn/dag/persons.day") as h:
        assert not h.exists(f"pick-{own.id}")


@pytest.mark.parametrize(
    ("step", "shelf"),
    [
        ("activities.day", "afternoon"),
        ("places.day", "places"),
        ("persons.more", "persons"),
    ],
)
def test_the_picture_library_opens_on_the_shelf_the_question_asks_for(
    active, app_main, step, shelf
):
    """*Något annat?* on *Platser* opens on the places, on *Personer* on the
    persons: the pictures the question asks for come first, with no paging."""
    from app.domain import catalog

    wanted = catalog.SHELF_PICTURES[catalog.Shelf(shelf)][0]
    with Harness(app_main, route=f"/barn/dag/{step}") as h:
        h.click("pick-something_else")
        assert h.exists(f"own-pic-{wanted}")
        for other, pictures in catalog.SHELF_PICTURES.items():
            if other.value != shelf:
                assert not h.exists(f"own-pic-{pictures[0]}")


def test_an_own_item_can_be_removed_again(repo, active, app_main):
    """The cross on an own picture removes it and its picks."""
    child, _ = active
    day, own = d.add_own_item(DayAnswers(), "places.day", "Stallet", "outdoors")
    seed_day(repo, active, day)
    with Harness(app_main, route="/barn/dag/places.day") as h:
        h.click(f"remove-{own}")
        assert not h.exists(f"pick-{own}")
    assert stored(repo, child).day == DayAnswers()


def test_an_own_person_chosen_by_picture_alone_is_picked_under_its_label(
    repo, active, app_main
):
    """No typing needed: the picture is the answer, picked at once and shown
    with the picture's label; *Lägg till* waits until a picture is chosen."""
    child, _ = active
    with Harness(app_main, route="/barn/dag/persons.day") as h:
        h.click("pick-something_else")
        with pytest.raises(AssertionError, match="disabled"):
            h.click("own-add")
        choose_picture(h, "doctor")
        h.click("own-add")
        assert not h.exists("own-form")
        day = stored(repo, child).day
        (own,) = day.custom_items
        assert (own.label, own.pictogram) == ("", "doctor")
        assert day.answer("persons.day").picks == (own.id,)
        assert semantics_of(h, "Läkare/BUP").selected


def test_cancelling_an_own_item_adds_nothing(repo, active, app_main):
    """*Avbryt* closes the form with nothing added, a picture chosen or not."""
    child, _ = active
    with Harness(app_main, route="/barn/dag/persons.day") as h:
        h.click("pick-something_else")
        choose_picture(h, "pet")
        h.click("own-cancel")
        assert h.exists("pick-mum")
    assert stored(repo, child).day.custom_items == ()


# --- labels, layout, summary -------------------------------------------------------


def test_every_control_a_child_taps_is_labelled_as_it_reads(active, app_main):
    """Semantics labels equal the visible Swedish words on every step's controls."""
    with Harness(app_main, route=TIMELINE) as h:
        h.click("pick-get_up")
        labels = semantics_labels(h)
        for text in (
            "Tillbaka",
            "Nästa",
            "Ångra",
            "Vet inte",
            "Vill inte svara",
            "07:00? Gå upp",
            "Ja",
            "1 timme senare",
            "1 timme tidigare",
            "15 min senare",
            "15 min tidigare",
            "Ta bort",
            "En gång till",
            "Klar",
        ):
            assert text in labels, text
            assert text in " ".join(h.texts()), text
    with Harness(app_main, route="/barn/dag/places.day") as h:
        labels = semantics_labels(h)
        assert {"Hemma", "Skolan", "Något annat?"} <= labels


def test_an_upright_tablet_gets_the_timeline_above_the_clock(active, app_main):
    """At 800×1280 the day still shows the timeline, clock and every step button."""
    with Harness(app_main, route=TIMELINE, width=800, height=1280) as h:
        h.click("pick-get_up")
        for key in ("timeline", "time-editor", "time-hour-later", "entry-done"):
            assert h.is_visible(key), key
        assert "Vet inte" in h.texts()


def test_the_summary_reads_the_day_back_in_order_with_times_and_every_answer(
    repo, active, app_main
):
    """Din vanliga dag as times and pictures (a time not yet confirmed with a
    question mark), then places, persons and wishes."""
    day, _e = d.add_entry(DayAnswers(), "go_to_bed", d.hm(21, 30))
    day, _e = d.add_entry(day, "get_up")
    day, _e = d.add_entry(day, "lunch")
    day = d.toggle_pick(day, "places.day", "school_place")
    day = d.toggle_pick(day, "places.day", "home")
    day = d.toggle_pick(day, "persons.more", "friend")
    day = d.decline(day, "persons.less", AnswerStatus.NO_ANSWER)
    seed_day(repo, active, day)
    with Harness(app_main, route="/barn/dag/klar") as h:
        assert texts_under(h.find("summary-activities.day")) == [
            "Din vanliga dag",
            "07:00?",
            "Gå upp",
            "11:30?",
            "Lunch",
            "21:30",
            "Gå och lägga mig",
            "Ändra",
        ]
        places = texts_under(h.find("summary-places.day"))
        assert places[1:3] == ["Skolan", "Hemma"]
        assert "Kompis" in texts_under(h.find("summary-persons.more"))
        assert "Vill inte svara" in texts_under(h.find("summary-persons.less"))
        h.click("summary-edit-places.day")
        assert h.route == "/barn/dag/places.day"


def test_the_summary_leads_back_to_the_childs_home(active, app_main):
    """*Färdig* ends the day's exercise at the child's home."""
    with Harness(app_main, route="/barn/dag/klar") as h:
        h.click("day-finish")
        assert h.route == "/barn"


def test_a_time_reads_the_same_on_screen_in_the_pdf_and_in_the_paragraph(
    repo, active, app_main
):
    """06:45 on the summary screen is 06:45 in the PDF and in *Barnets röst* (one
    Swedish convention: Babel's short time), never 06.45."""
    from babel.dates import format_time

    from app.domain.summary import child_voice
    from app.export.service import ExportRequest, export_session
    from tests.export.test_pdf import pdf_text

    child, session = active
    day, _e = d.add_entry(DayAnswers(), "get_up", d.hm(6, 45))
    seed_day(repo, active, day)
    babel_sv = format_time(dt.time(6, 45), "short", locale="sv")
    assert babel_sv == "06:45"
    with Harness(app_main, route="/barn/dag/klar") as h:
        assert babel_sv in texts_under(h.find("summary-activities.day"))
    stored_session = repo.get_session(child.id, session.id)
    assert f"kl. {babel_sv}" in child_voice(stored_session)
    pdf = export_session(repo, child.id, session.id, ExportRequest(fmt="pdf")).data
    assert babel_sv in pdf_text(pdf)
    assert "06.45" not in pdf_text(pdf)


def test_the_activity_picker_shows_one_part_of_the_day_at_a_time(
    repo, active, app_main
):
    """The picker opens on the morning; *Kväll* shows the evening, not the morning."""
    with Harness(app_main, route=TIMELINE) as h:
        assert h.exists("pick-breakfast")
        assert not h.exists("pick-sleep")
        h.click("group-evening")
        assert h.exists("pick-sleep")
        assert not h.exists("pick-breakfast")
        shown = h.find_all(lambda c: str(c.key or "").startswith("pick-"))
        assert len(shown) <= 20


def test_a_new_own_picture_is_scrolled_into_view(active, app_main, monkeypatch):
    """Own pictures come last in the grid: after *Lägg till* the question's
    pictures scroll to the end, where the new one is (not left below the fold)."""
    import flet as ft

    scrolled: list[dict] = []

    async def record(self, **kwargs) -> None:
        scrolled.append(kwargs)

    monkeypatch.setattr(ft.Column, "scroll_to", record)
    with Harness(app_main, route="/barn/dag/persons.day") as h:
        h.click("pick-something_else")
        choose_picture(h, "doctor")
        h.click("own-add")
        h.run_in_app(lambda: None)
    assert {"offset": -1, "duration": 300} in scrolled
