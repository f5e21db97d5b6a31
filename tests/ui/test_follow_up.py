"""The follow-up with the child: rate the plan, confirm or change last time."""

from dataclasses import replace

from conftest import unlock
from harness import Harness

from app.domain.meeting import PlanOwner
from app.domain.models import Child, Evaluation, Level, Origin, Session


def test_a_follow_up_rates_the_plan_and_confirms_last_times_grid_with_a_change(
    repo, pinned, app_main
):
    """The child rates the point *Bättre*, confirms Matte by tapping it, changes
    Rastaktiviteter, confirms the rest; the case file shows the rating and
    what changed."""
    child = Child.new("F. U.")
    repo.add_child(child)
    first = Session.new(child.id)
    grid = (
        first.grid.toggle("maths", Level.FUN)
        .toggle("break_activities", Level.DISLIKE)
        .toggle("music", Level.GOOD_AT)
    )
    repo.save_session(replace(first, grid=grid))
    repo.update_plan(
        child.id,
        lambda p: p.add_point(
            PlanOwner.SCHOOL,
            "Lugn plats på rasten",
            child_text="Du får en lugn plats på rasten.",
            answers=("grid:break_activities",),
        ),
    )
    (point,) = repo.load_plan(child.id).points
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click("new-session")
        h.click("confirm-start")
        assert h.route == "/barn/sist"
        assert "Du får en lugn plats på rasten." in " ".join(h.texts())
        h.click(f"rate-{point.id}-better")
        h.click("last-time-next")
        h.click("exercise-grid")
        assert h.exists("last-time-maths")
        h.click("pen-fun")
        h.click("tile-maths")
        assert not h.exists("last-time-maths")
        h.click("tile-break_activities")
        h.click("grid-confirm-last")
        assert not h.exists("grid-confirm-last")
        h.click("grid-done")
        h.navigate("/barn")
        h.click("child-lock")
        unlock(h)
        h.navigate(f"/arbete/barn/{child.id}")
        second = repo.sessions(child.id)[-1]
        rated = h.find(f"evaluation-{second.id}-{point.id}").value
        assert rated == "Lugn plats på rasten: Bättre"
        changed = h.find(f"changes-{second.id}").value
        assert "Rastaktiviteter: var gillar inte alls, nu roligt" in changed
        assert "bekräftade 2 svar från förra gången" in changed
    assert second.evaluations == {point.id: Evaluation.BETTER}
    assert second.grid.levels("maths") == (Level.FUN,)
    assert second.grid.origin("maths") is Origin.CONFIRMED_LAST
    assert second.grid.levels("break_activities") == (Level.FUN, Level.DISLIKE)
    assert second.grid.origin("break_activities") is Origin.CHILD
    assert second.grid.origin("music") is Origin.CONFIRMED_LAST


def test_a_follow_up_opens_last_times_day_to_confirm_in_one_tap(repo, pinned, app_main):
    """The day opens on last time's summary; *Resten stämmer* makes every
    carried answer the child's, confirmed from last time."""
    from app.domain.day import add_entry, toggle_pick

    child = Child.new("D. G.")
    repo.add_child(child)
    first = Session.new(child.id)
    day, _entry = add_entry(first.day, "breakfast", minutes=430)
    day = toggle_pick(day, "places.day", "school_place")
    repo.save_session(replace(first, day=day))
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click("new-session")
        h.click("confirm-start")
        h.click("last-time-next")
        h.click("exercise-day")
        assert h.route == "/barn/dag/klar"
        h.click("day-confirm-last")
        assert not h.exists("day-confirm-last")
    second = repo.sessions(child.id)[-1]
    assert {e.origin for e in second.day.timeline} == {Origin.CONFIRMED_LAST}
    assert second.day.answer("places.day").origin is Origin.CONFIRMED_LAST
