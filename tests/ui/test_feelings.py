"""*Hur känns det?*: a feeling for an activity, a place or a person of the day."""

from dataclasses import replace

import pytest
from harness import Harness

from app.domain import day as d
from app.domain.models import DayAnswers, Feeling, Felt, Origin


def stored_day(repo, child) -> DayAnswers:
    """The day of the child's only session as it is on disk now."""
    (session,) = repo.sessions(child.id)
    return session.day


def seed(repo, active, day: DayAnswers) -> None:
    """Put answers into the open session, as if made earlier."""
    _child, session = active
    repo.save_session(replace(session, day=day))


def test_a_picked_place_takes_a_feeling_and_vet_inte_takes_it_back(
    repo, active, app_main
):
    """A picked place has *Hur känns det?* under it; a face is saved as the
    child's with one tap, and *Vet inte* takes it back."""
    child, _ = active
    with Harness(app_main, route="/barn/dag/places.day") as h:
        assert not h.exists("feel-bus")
        h.click("pick-bus")
        h.click("feel-bus")
        assert h.exists("feeling-panel")
        h.click("feeling-worried")
        assert not h.exists("feeling-panel")
        assert stored_day(repo, child).feelings == {
            "bus": Felt(Feeling.WORRIED, Origin.CHILD)
        }
        h.click("feel-bus")
        h.click("feeling-dont_know")
        assert stored_day(repo, child).feelings == {}


def test_an_activity_of_the_timeline_takes_a_feeling_from_its_clock(
    repo, active, app_main
):
    """The clock of an activity offers *Hur känns det?*; the feeling goes with
    the activity, and its line in the day shows it."""
    child, _ = active
    day, entry = d.add_entry(DayAnswers(), "bus_to_school")
    seed(repo, active, day)
    with Harness(app_main, route="/barn/dag/activities.day") as h:
        h.click(f"entry-{entry}")
        h.click("feel-bus_to_school")
        h.click("feeling-calm")
        assert h.exists(f"entry-feeling-{entry}")
    assert stored_day(repo, child).feelings == {"bus_to_school": Felt(Feeling.CALM)}


def test_back_closes_the_faces_without_a_change(repo, active, app_main):
    """*Tillbaka* over the faces closes them, the feeling as it was, and stays
    on the step (the next *Tillbaka* goes to the step before)."""
    child, _ = active
    day = d.toggle_pick(DayAnswers(), "persons.day", "grandparent")
    seed(repo, active, d.set_feeling(day, "grandparent", Feeling.HAPPY))
    with Harness(app_main, route="/barn/dag/persons.day") as h:
        h.click("feel-grandparent")
        h.click("back")
        assert not h.exists("feeling-panel")
        assert h.exists("pick-grandparent")
    assert stored_day(repo, child).feelings == {"grandparent": Felt(Feeling.HAPPY)}


@pytest.mark.parametrize("step", ["places.more", "persons.less", "activities.new"])
def test_wishes_ask_no_feeling(repo, active, app_main, step):
    """Only what the child does, where and with whom takes a feeling, never a
    wish: a picked wish has no *Hur känns det?*."""
    column = step.split(".")[0]
    item = {"places": "park", "persons": "coach", "activities": "music"}[column]
    seed(repo, active, d.toggle_pick(DayAnswers(), step, item))
    with Harness(app_main, route=f"/barn/dag/{step}") as h:
        assert h.exists(f"pick-{item}")
        assert not h.exists(f"feel-{item}")
