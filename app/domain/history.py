"""Figures across sessions for the history view and the follow-up."""

from __future__ import annotations

from app.domain import catalog
from app.domain.models import AnswerStatus, DayAnswers, Session

SCHOOL_ACTIVITIES = frozenset({"lessons", "school_break"})
"""Activities of the day that happen at school: *Lektion* and *Rast*. Never the
grid's items (they are things the child is good at or likes, anywhere), and
not the way to school."""

SCHOOL_PLACES = frozenset({"school_place", "classroom", "schoolyard"})
"""The child's *Platser* answers that say a day is spent at school."""

SCHOOL_MEALS = frozenset({"lunch"})
"""Meals that are school activities (*Skollunch*) when the child says their
days are spent at school."""

WISH_PROMPTS = tuple(
    p.id
    for p in catalog.ANSWER_PROMPTS
    if p.kind is catalog.PromptKind.PICK and not p.id.endswith(".day")
)
"""The wish questions (an older session's retired fourth wishes too); never
the help questions, whose answers are help, not wishes."""


def says_at_school(day: DayAnswers) -> bool:
    """Whether the child's *Platser* answer for a day names a school place."""
    return bool(SCHOOL_PLACES & set(day.answer("places.day").picks))


def school_minutes(day: DayAnswers) -> int:
    """Minutes at school on the child's ordinary day, from the child's own
    answers only: from the first school activity (*Lektion*, *Rast*; *Lunch*
    when the child's *Platser* answer is a school place) to the next thing the
    child does after the last one. Times that are only suggestions do not
    count; a day with no school activity (a day at home) has none."""
    school = SCHOOL_ACTIVITIES | (SCHOOL_MEALS if says_at_school(day) else set())
    timed = [e for e in day.timeline if e.has_childs_time]
    at_school = [e.minutes for e in timed if e.pictogram in school]
    if not at_school:
        return 0
    start, last = min(at_school), max(at_school)
    after = [e.minutes for e in timed if e.pictogram not in school and e.minutes > last]
    end = min(after) if after else last
    return max(0, end - start)


def wish_count(session: Session) -> int:
    """How many pictures the child picked across the wish prompts."""
    return sum(
        len(session.day.answer(p).picks)
        for p in WISH_PROMPTS
        if session.day.answer(p).status
        not in (AnswerStatus.DONT_KNOW, AnswerStatus.NO_ANSWER)
    )
