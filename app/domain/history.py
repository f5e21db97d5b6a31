"""Figures across sessions for the history view and the follow-up."""

from __future__ import annotations

from app.domain import catalog
from app.domain.models import AnswerStatus, DayAnswers, Session

SCHOOL_DAY_ACTIVITIES = frozenset(
    {"lessons", "school_break", "lunch", "walk_to_school", "bus_to_school"}
    | {"bike_to_school", "car_to_school"}
    | {i.id for i in catalog.GRID_ITEMS}
)
"""Timeline activities that happen at (or on the way to) school."""

LEAVING_SCHOOL = frozenset({"after_school", "homework_time", "dinner", "play_outside"})

WISH_PROMPTS = tuple(p.id for p in catalog.DAY_PROMPTS if not p.id.endswith(".day"))


def school_minutes(day: DayAnswers) -> int:
    """Minutes from the first school activity to the first thing after school."""
    at_school = [
        e.minutes for e in day.timeline if e.pictogram in SCHOOL_DAY_ACTIVITIES
    ]
    if not at_school:
        return 0
    start = min(at_school)
    after = [
        e.minutes
        for e in day.timeline
        if e.pictogram in LEAVING_SCHOOL and e.minutes > start
    ]
    end = min(after) if after else max(at_school)
    return max(0, end - start)


def wish_count(session: Session) -> int:
    """How many pictures the child picked across the wish prompts."""
    return sum(
        len(session.day.answer(p).picks)
        for p in WISH_PROMPTS
        if session.day.answer(p).status
        not in (AnswerStatus.DONT_KNOW, AnswerStatus.NO_ANSWER)
    )
