"""How long a child's data is kept: a setting and a pure rule, never a deletion.

The rule: a child is *past retention* when its last session (started or
reviewed, whichever is later; the registration if there is no session) lies
more than the retention period back. Listing is all this module does; erasing
is ``Repository.erase_child`` after a person has confirmed it.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from app.domain.models import Child, Session, ValidationError

__all__ = [
    "DEFAULT_RETENTION_MONTHS",
    "MAX_RETENTION_MONTHS",
    "MIN_RETENTION_MONTHS",
    "RetentionCandidate",
    "add_months",
    "last_activity",
    "past_retention",
    "retention_months_from",
    "validate_retention_months",
]

DEFAULT_RETENTION_MONTHS = 24
MIN_RETENTION_MONTHS = 1
MAX_RETENTION_MONTHS = 120


@dataclass(frozen=True)
class RetentionCandidate:
    """A child whose data has been kept longer than the retention period."""

    child_id: str
    last_activity: datetime
    """When the child's last session started or was reviewed."""
    due: datetime
    """When the retention period ended (last activity + the period)."""


def validate_retention_months(months: object) -> int:
    """Accept a whole number of months from 1 to 120; else ValidationError."""
    if type(months) is not int:
        raise ValidationError("retention_not_a_number")
    if not MIN_RETENTION_MONTHS <= months <= MAX_RETENTION_MONTHS:
        raise ValidationError(
            "retention_out_of_range",
            min=MIN_RETENTION_MONTHS,
            max=MAX_RETENTION_MONTHS,
        )
    return months


def retention_months_from(stored: object) -> int:
    """The stored setting, or the default when it is missing or invalid."""
    try:
        return validate_retention_months(stored)
    except ValidationError:
        return DEFAULT_RETENTION_MONTHS


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` plus whole calendar months (31 Jan + 1 month = 28/29 Feb)."""
    total = moment.month - 1 + months
    year, month = moment.year + total // 12, total % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def last_activity(child: Child, sessions: Iterable[Session]) -> datetime:
    """The latest session start or review; the registration if no session."""
    moments = [child.created]
    for session in sessions:
        moments.append(session.started)
        if session.reviewed_at is not None:
            moments.append(session.reviewed_at)
    return max(moments)


def past_retention(
    records: Iterable[tuple[Child, Iterable[Session]]],
    *,
    now: datetime,
    months: int,
) -> list[RetentionCandidate]:
    """Children whose last activity + ``months`` is before ``now``, oldest first."""
    months = validate_retention_months(months)
    found = []
    for child, sessions in records:
        last = last_activity(child, sessions)
        due = add_months(last, months)
        if due <= now:
            found.append(RetentionCandidate(child.id, last, due))
    return sorted(found, key=lambda c: (c.last_activity, c.child_id))
