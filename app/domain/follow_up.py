"""The follow-up with the child: last time's answers as suggestions, and the
child's evaluation of the plan.

A follow-up session starts from the previous session's answers, each marked
``Origin.LAST_TIME``: a suggestion, never reported as the child's. The child
changes what no longer holds (a change is a new answer, ``Origin.CHILD``) and
confirms the rest (``Origin.CONFIRMED_LAST``), so a follow-up takes minutes.
The child also rates each plan point that concerns them: *bättre / samma /
sämre / vet inte*.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.domain.meeting import Plan, PlanPoint
from app.domain.models import (
    DayAnswers,
    Evaluation,
    GridAnswers,
    Level,
    Origin,
    Session,
    day_answer_key,
    grid_answer_key,
)
from app.i18n import N_

EVALUATION_LABELS: dict[Evaluation, str] = {
    Evaluation.BETTER: N_("Bättre"),
    Evaluation.SAME: N_("Samma"),
    Evaluation.WORSE: N_("Sämre"),
    Evaluation.DONT_KNOW: N_("Vet inte"),
}
EVALUATION_PICTOGRAMS: dict[Evaluation, str] = {
    Evaluation.BETTER: "listened_yes",
    Evaluation.SAME: "listened_some",
    Evaluation.WORSE: "listened_no",
    Evaluation.DONT_KNOW: "dont_know",
}
EVALUATE_QUESTION = N_("Hur går det med det här?")


def points_for_child(plan: Plan) -> list[PlanPoint]:
    """The plan points that concern the child: open ones with a child version
    (the child rates only what they were told in their own words)."""
    return [p for p in plan.points if p.open and p.child_text]


def _offered(origin: Origin) -> Origin:
    return Origin.SUGGESTED if origin is Origin.SUGGESTED else Origin.LAST_TIME


def carry_over(previous: Session, new: Session) -> Session:
    """``new`` starting from ``previous``'s answers, each a suggestion from last
    time (an unconfirmed usual time stays a plain suggestion); the child's
    *bara för mig* marks come along with their answers."""
    grid = GridAnswers(
        marks=dict(previous.grid.marks),
        custom_items=previous.grid.custom_items,
        origins=dict.fromkeys(previous.grid.marks, Origin.LAST_TIME),
    )
    day = DayAnswers(
        timeline=tuple(
            replace(e, origin=Origin.LAST_TIME, time_origin=_offered(e.time_origin))
            for e in previous.day.timeline
        ),
        answers={
            k: replace(a, origin=Origin.LAST_TIME)
            for k, a in previous.day.answers.items()
        },
        custom_items=previous.day.custom_items,
    )
    return replace(new, grid=grid, day=day, private=previous.private)


def _confirmed(origin: Origin) -> Origin:
    return Origin.CONFIRMED_LAST if origin is Origin.LAST_TIME else origin


def confirm_grid(session: Session) -> Session:
    """The child says the rest of the grid still holds as last time."""
    grid = replace(
        session.grid,
        origins={k: _confirmed(v) for k, v in session.grid.origins.items()},
    )
    return replace(session, grid=grid)


def confirm_day(session: Session) -> Session:
    """The child says the rest of the day still holds as last time."""
    day = session.day
    day = replace(
        day,
        timeline=tuple(
            replace(
                e, origin=_confirmed(e.origin), time_origin=_confirmed(e.time_origin)
            )
            for e in day.timeline
        ),
        answers={
            k: replace(a, origin=_confirmed(a.origin)) for k, a in day.answers.items()
        },
    )
    return replace(session, day=day)


def unconfirmed_grid(session: Session) -> list[str]:
    """Grid items still showing last time's marks the child has not confirmed."""
    return [k for k, v in session.grid.origins.items() if v is Origin.LAST_TIME]


def unconfirmed_day(session: Session) -> bool:
    """Whether any part of the day is still last time's, unconfirmed."""
    day = session.day
    return any(e.origin is Origin.LAST_TIME for e in day.timeline) or any(
        a.origin is Origin.LAST_TIME for a in day.answers.values()
    )


@dataclass(frozen=True)
class Carried:
    """How a follow-up's answers relate to last time's."""

    confirmed: tuple[str, ...]
    """Answer keys confirmed unchanged from last time."""
    changed: tuple[str, ...]
    """Answer keys the child gave anew (changed or added)."""
    open: tuple[str, ...]
    """Answer keys still last time's, not confirmed (not reported as the child's)."""


def carried(session: Session) -> Carried:
    """Sort a follow-up's answer keys by origin: confirmed, new, unconfirmed."""
    confirmed: list[str] = []
    changed: list[str] = []
    pending: list[str] = []
    for item_id in session.grid.marks:
        origin = session.grid.origin(item_id)
        key = grid_answer_key(item_id)
        {
            Origin.CONFIRMED_LAST: confirmed,
            Origin.LAST_TIME: pending,
        }.get(origin, changed).append(key)
    for prompt_id, answer in session.day.answers.items():
        key = day_answer_key(prompt_id)
        {
            Origin.CONFIRMED_LAST: confirmed,
            Origin.LAST_TIME: pending,
        }.get(answer.origin, changed).append(key)
    return Carried(tuple(confirmed), tuple(changed), tuple(pending))


def tap_grid(
    grid: GridAnswers, item_id: str, level: Level, origin: Origin = Origin.CHILD
) -> GridAnswers:
    """A tap on a grid tile at a follow-up: on last time's mark it confirms the
    item as it was (confirmed from last time); otherwise it toggles the mark as
    ever, and the item's marks are then new (``origin``'s)."""
    if grid.origin(item_id) is Origin.LAST_TIME and level in grid.levels(item_id):
        return replace(grid, origins={**grid.origins, item_id: Origin.CONFIRMED_LAST})
    return grid.toggle(item_id, level, origin)


def without_unconfirmed(session: Session) -> Session:
    """The session without last time's answers the child has not confirmed
    (what the session itself says, for tables over time)."""
    grid = session.grid
    pending = set(unconfirmed_grid(session))
    grid = replace(
        grid,
        marks={k: v for k, v in grid.marks.items() if k not in pending},
        origins={k: v for k, v in grid.origins.items() if k not in pending},
    )
    day = session.day
    day = replace(
        day,
        timeline=tuple(e for e in day.timeline if e.origin is not Origin.LAST_TIME),
        answers={
            k: a for k, a in day.answers.items() if a.origin is not Origin.LAST_TIME
        },
    )
    return replace(session, grid=grid, day=day)
