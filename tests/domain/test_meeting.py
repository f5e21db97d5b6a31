"""The four-party plan and the meeting sheets."""

from datetime import date

import pytest

from app.domain.meeting import (
    MeetingSheets,
    Participation,
    Plan,
    PlanOwner,
    PointStatus,
    parse_day,
)
from app.domain.models import Child, Session, ValidationError
from app.storage.repository import Repository


def test_a_column_takes_at_most_four_open_points_as_on_the_paper():
    """A fifth point for *Skolan ska* is refused until one is done."""
    plan = Plan()
    for n in range(4):
        plan = plan.add_point(PlanOwner.SCHOOL, f"Punkt {n}")
    with pytest.raises(ValidationError) as exc:
        plan.add_point(PlanOwner.SCHOOL, "En till")
    assert exc.value.msgid == "plan_column_full"
    first = plan.column(PlanOwner.SCHOOL)[0]
    plan = plan.follow_up(first.id, PointStatus.DONE, "Gjort")
    plan = plan.add_point(PlanOwner.SCHOOL, "En till")
    assert len(plan.column(PlanOwner.SCHOOL)) == 5
    assert plan.add_point(PlanOwner.PARENTS, "Väcka i tid").column(PlanOwner.PARENTS)


def test_follow_ups_keep_the_history_of_a_point():
    """Continuing, then changed with a note: both stay, the last one counts."""
    plan = Plan().add_point(
        PlanOwner.OTHERS,
        "Föräldrastöd",
        who="BUP",
        start=date(2026, 11, 23),
        follow_up=date(2026, 12, 7),
    )
    (point,) = plan.points
    plan = plan.follow_up(point.id, PointStatus.CONTINUING)
    plan = plan.follow_up(point.id, PointStatus.CHANGED, "Varannan vecka i stället")
    (point,) = plan.points
    assert [e.status for e in point.history] == [
        PointStatus.CONTINUING,
        PointStatus.CHANGED,
    ]
    assert point.status is PointStatus.CHANGED
    assert point.who == "BUP"
    assert Plan.from_doc(plan.to_doc()) == plan


def test_a_follow_up_date_before_the_start_is_refused():
    """Dates that cannot be right get a message, not a silent plan."""
    with pytest.raises(ValidationError) as exc:
        Plan().add_point(
            PlanOwner.STUDENT,
            "Gå på lektionen",
            start=date(2026, 12, 1),
            follow_up=date(2026, 11, 1),
        )
    assert exc.value.msgid == "follow_up_before_start"


@pytest.mark.parametrize("text", ["1/12", "2026-13-01", "imorgon"])
def test_a_badly_typed_date_is_refused(text):
    """Only ISO dates (2026-12-01) are accepted from the date fields."""
    with pytest.raises(ValidationError):
        parse_day(text)
    assert parse_day(" ") is None
    assert parse_day("2026-12-01") == date(2026, 12, 1)


def test_plan_and_sheets_are_stored_in_the_childs_own_file(tmp_path):
    """Plan and sheets survive a new repository; other children see none of it."""
    repo = Repository(tmp_path)
    child, other = Child.new("A"), Child.new("B")
    repo.add_child(child)
    repo.add_child(other)
    session = Session.new(child.id)
    repo.save_session(session)
    repo.update_plan(
        child.id, lambda p: p.add_point(PlanOwner.STUDENT, "Lunch i skolan")
    )
    repo.update_meeting(
        child.id,
        session.id,
        lambda m: (
            MeetingSheets(participation=Participation.ATTEND)
            .add_participant("teacher", "Lärare L")
            .add_topic("Rasterna")
        ),
    )
    fresh = Repository(tmp_path)
    assert [p.text for p in fresh.load_plan(child.id).points] == ["Lunch i skolan"]
    sheets = fresh.load_meeting(child.id, session.id)
    assert sheets.participants[0].name == "Lärare L"
    assert sheets.topics == ("Rasterna",)
    assert fresh.load_plan(other.id) == Plan()
    assert "Lunch i skolan" in repo.child_path(child.id).read_text(encoding="utf-8")
    assert "Lunch i skolan" not in repo.child_path(other.id).read_text(encoding="utf-8")
