"""Figures across sessions for the history view and the follow-up."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from app.domain import catalog, summary
from app.domain import day as day_rules
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


@dataclass(frozen=True)
class FeltContext:
    """A part of the ordinary day and how often it felt good or hard."""

    key: str
    """The item id of a booklet picture, or ``own:<word>`` for an own item."""
    label: str
    """The catalog msgid, or the child's typed word when ``typed``."""
    typed: bool
    pictogram: str
    good: int = 0
    """Sessions in which the child felt glad or calm there."""
    hard: int = 0
    """Sessions in which the child felt worried, sad or angry there."""


def felt_contexts(sessions: Iterable[Session]) -> list[FeltContext]:
    """Every context a feeling was given to, across sessions, with how many
    sessions found it good (glad, calm: the booklet's *skyddande sammanhang*)
    and how many hard (worried, sad, angry), first seen first. Answers marked
    *bara för mig* are left out, as everywhere outside the child's own screens."""
    found: dict[str, FeltContext] = {}
    for session in sessions:
        shown = summary.without_private(session)
        day = shown.day
        for item_id, felt in day_rules.feelings_in_use(day).items():
            view = day_rules.item_view(day, item_id)
            key = "own:" + view.label.casefold() if view.typed else view.pictogram
            if view.own and not view.typed:
                key = "own-picture:" + view.pictogram
            ctx = found.get(key) or FeltContext(
                key, view.label, view.typed, view.pictogram
            )
            tone = catalog.FEELINGS[felt.feeling].tone
            if tone is catalog.Tone.GOOD:
                ctx = replace(ctx, good=ctx.good + 1)
            elif tone is catalog.Tone.HARD:
                ctx = replace(ctx, hard=ctx.hard + 1)
            found[key] = ctx
    return list(found.values())


def protective_and_worrying(
    sessions: Iterable[Session],
) -> tuple[list[FeltContext], list[FeltContext]]:
    """(contexts that felt good, contexts that felt hard), each most often
    first: the two lists the history shows side by side. A context felt both
    ways in different sessions is in both."""
    contexts = felt_contexts(sessions)
    good = sorted((c for c in contexts if c.good), key=lambda c: -c.good)
    hard = sorted((c for c in contexts if c.hard), key=lambda c: -c.hard)
    return good, hard
