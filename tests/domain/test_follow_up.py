"""The follow-up: last time's answers as suggestions, and the child's evaluation."""

from dataclasses import replace

from app.domain.day import add_entry, toggle_pick
from app.domain.follow_up import (
    carried,
    carry_over,
    confirm_day,
    confirm_grid,
    points_for_child,
    unconfirmed_grid,
)
from app.domain.meeting import Plan, PlanOwner
from app.domain.models import Evaluation, Level, Origin, Recipient, Session
from app.domain.sharing import Share, set_not_to, set_share
from app.domain.summary import without_only_me, without_private


def _last_time() -> Session:
    session = Session.new("c1")
    grid = (
        session.grid.toggle("break_activities", Level.DISLIKE)
        .toggle("maths", Level.FUN)
        .toggle("music", Level.GOOD_AT)
    )
    day, _entry = add_entry(session.day, "breakfast", minutes=420)
    day = toggle_pick(day, "places.day", "school_place")
    return replace(session, grid=grid, day=day)


def test_a_follow_up_starts_from_last_times_answers_as_suggestions_only():
    """Every carried answer is *last time*, and none of it is reported as the
    child's until confirmed."""
    new = carry_over(_last_time(), Session.new("c1"))
    assert new.grid.levels("maths") == (Level.FUN,)
    assert set(unconfirmed_grid(new)) == {"break_activities", "maths", "music"}
    assert {e.origin for e in new.day.timeline} == {Origin.LAST_TIME}
    assert new.day.answer("places.day").origin is Origin.LAST_TIME
    reported = without_private(new)
    assert reported.grid.marks == {}
    assert reported.day.timeline == ()
    assert reported.day.answers == {}


def test_a_change_is_new_and_confirming_keeps_the_rest_as_confirmed_from_last_time():
    """The child changes one item (new, the child's tap) and confirms the rest
    (confirmed from last time); both are reported, each with its origin."""
    new = carry_over(_last_time(), Session.new("c1"))
    grid = new.grid.toggle("break_activities", Level.DISLIKE).toggle(
        "break_activities", Level.FUN
    )
    new = confirm_day(confirm_grid(replace(new, grid=grid)))
    assert new.grid.origin("break_activities") is Origin.CHILD
    assert new.grid.origin("maths") is Origin.CONFIRMED_LAST
    assert new.day.answer("places.day").origin is Origin.CONFIRMED_LAST
    split = carried(new)
    assert split.changed == ("grid:break_activities",)
    assert {"grid:maths", "grid:music", "day:places.day"} <= set(split.confirmed)
    assert split.open == ()
    reported = without_private(new)
    assert reported.grid.levels("break_activities") == (Level.FUN,)
    assert reported.grid.origin("maths") is Origin.CONFIRMED_LAST
    assert Session.from_doc(new.to_doc()) == new


def test_the_child_rates_each_point_in_their_own_words():
    """Only open points with a child version are offered; a second tap
    replaces the rating; the rating survives storage."""
    plan = (
        Plan()
        .add_point(PlanOwner.SCHOOL, "Lugn plats", child_text="Du får en lugn plats.")
        .add_point(PlanOwner.PARENTS, "Väcka eleven kl. 7")
    )
    (point,) = points_for_child(plan)
    session = Session.new("c1").evaluate(point.id, Evaluation.SAME)
    session = session.evaluate(point.id, Evaluation.BETTER)
    assert session.evaluations == {point.id: Evaluation.BETTER}
    assert Session.from_doc(session.to_doc()).evaluations == session.evaluations


def test_over_time_a_follow_up_counts_only_what_the_child_confirmed_or_changed():
    """Without the unconfirmed suggestions, a follow-up holds only the child's
    answers of that session."""
    from app.domain.follow_up import without_unconfirmed

    new = carry_over(_last_time(), Session.new("c1"))
    new = replace(new, grid=new.grid.toggle("maths", Level.FUN))  # changed away
    new = replace(new, grid=new.grid.toggle("maths", Level.GOOD_AT))
    own = without_unconfirmed(new)
    assert own.grid.marks == {"maths": (Level.GOOD_AT,)}
    assert own.day.timeline == ()
    assert own.day.answers == {}


def test_a_colleague_gets_last_times_suggestions_but_not_the_answers_kept_private():
    """``without_only_me`` (what a team server gives anyone but the holder)
    takes out the answers kept *bara för mig*, with their stars and not-to
    choices, and keeps everything else, last time's suggestions included."""
    new = carry_over(_last_time(), Session.new("c1"))
    new = replace(new, grid=new.grid.toggle("reading", Level.GOOD_AT))
    new = new.toggle_star("grid:music").toggle_star("grid:reading")
    new = set_not_to(new, ["grid:reading"], Recipient.SCHOOL, told=False)
    new = set_share(new, ["grid:music"], Share.ONLY_ME)
    new = set_not_to(new, ["grid:music"], Recipient.BUP, told=False)
    seen = without_only_me(new)
    assert "music" not in seen.grid.marks
    assert seen.grid.levels("maths") == (Level.FUN,)
    assert seen.grid.levels("reading") == (Level.GOOD_AT,)
    assert {e.origin for e in seen.day.timeline} == {Origin.LAST_TIME}
    assert seen.private == frozenset()
    assert seen.starred == ("grid:reading",)
    assert seen.not_to == {"grid:reading": frozenset({Recipient.SCHOOL})}
    assert without_only_me(seen) == seen
