"""*Kommande*: next meetings and due follow-ups from the plans."""

from datetime import date, datetime

from app.domain.meeting import MeetingSheets, Plan, PlanOwner, PointStatus
from app.domain.upcoming import CaseDates, UpcomingKind, upcoming

TODAY = date(2026, 12, 7)


def test_next_meetings_and_due_follow_ups_are_listed_soonest_first():
    """A meeting in five weeks is listed; a follow-up due in a week and an
    overdue one are; one due in two months and a done one are not."""
    plan = (
        Plan()
        .add_point(PlanOwner.SCHOOL, "Lugn plats", follow_up=date(2026, 12, 14))
        .add_point(PlanOwner.PARENTS, "Väckning", follow_up=date(2026, 12, 1))
        .add_point(PlanOwner.STUDENT, "Läxor", follow_up=date(2027, 2, 7))
        .add_point(PlanOwner.OTHERS, "BUP", who="BUP", follow_up=date(2026, 12, 8))
        .set_next_meeting(date(2027, 1, 12), "", "Konferensrummet")
    )
    done = plan.column(PlanOwner.OTHERS)[0]
    plan = plan.follow_up(done.id, PointStatus.DONE)
    found = upcoming([CaseDates("c1", plan, {})], TODAY)
    assert [(u.when, u.kind, u.text) for u in found] == [
        (date(2026, 12, 1), UpcomingKind.FOLLOW_UP, "Väckning"),
        (date(2026, 12, 14), UpcomingKind.FOLLOW_UP, "Lugn plats"),
        (date(2027, 1, 12), UpcomingKind.MEETING, "Konferensrummet"),
    ]
    assert found[0].overdue(TODAY)


def test_a_planned_meeting_not_yet_held_is_coming_and_a_held_one_is_not():
    """The meeting sheets' date counts until the meeting is held; a past one
    never does."""
    soon = MeetingSheets(when=datetime(2026, 12, 10, 13, 30), where="Biblioteket")
    held = MeetingSheets(when=datetime(2026, 12, 11, 9, 0), held=True)
    past = MeetingSheets(when=datetime(2026, 11, 30, 9, 0))
    found = upcoming(
        [CaseDates("c2", Plan(), {"s1": soon, "s2": held, "s3": past})], TODAY
    )
    assert [(u.child_id, u.when, u.text) for u in found] == [
        ("c2", date(2026, 12, 10), "Biblioteket")
    ]
