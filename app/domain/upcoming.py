"""*Kommande*: the next meetings and the follow-ups that are due, from the plans.

The workspace home lists, for every child, the next follow-up meeting (the
plan's *Nästa uppföljningsmöte*, or a planned meeting not yet held) and each
open plan point whose follow-up date is due within the horizon or already
passed, soonest first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from app.domain.meeting import MeetingSheets, Plan

HORIZON_DAYS = 14
"""Follow-ups due within this many days are listed (overdue ones always)."""


class UpcomingKind(StrEnum):
    """What is coming."""

    MEETING = "meeting"
    FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class Upcoming:
    """One thing coming for one child."""

    child_id: str
    when: date
    kind: UpcomingKind
    text: str
    """The plan point (for a follow-up) or where the meeting is."""
    point_id: str = ""

    def overdue(self, today: date) -> bool:
        """Whether its date has passed."""
        return self.when < today


@dataclass(frozen=True)
class CaseDates:
    """What *Kommande* reads of one child."""

    child_id: str
    plan: Plan
    meetings: Mapping[str, MeetingSheets]


def upcoming(
    cases: Iterable[CaseDates], today: date, horizon_days: int = HORIZON_DAYS
) -> list[Upcoming]:
    """Everything coming, soonest first (overdue follow-ups first of all).

    Meetings are listed from today on, however far ahead; follow-ups that are
    due by ``today + horizon_days`` or already passed.
    """
    until = today + timedelta(days=horizon_days)
    out: list[Upcoming] = []
    for case in cases:
        meeting_days: set[date] = set()
        nm = case.plan.next_meeting
        if nm.when and nm.when >= today:
            meeting_days.add(nm.when)
            out.append(Upcoming(case.child_id, nm.when, UpcomingKind.MEETING, nm.where))
        for sheets in case.meetings.values():
            if sheets.when is None or sheets.held:
                continue
            day = sheets.when.date()
            if day >= today and day not in meeting_days:
                meeting_days.add(day)
                out.append(
                    Upcoming(case.child_id, day, UpcomingKind.MEETING, sheets.where)
                )
        for point in case.plan.points:
            if point.open and point.follow_up and point.follow_up <= until:
                out.append(
                    Upcoming(
                        case.child_id,
                        point.follow_up,
                        UpcomingKind.FOLLOW_UP,
                        point.text,
                        point.id,
                    )
                )
    return sorted(out, key=lambda u: (u.when, u.kind != UpcomingKind.MEETING))
