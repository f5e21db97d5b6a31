"""What a change did to a session, part by part.

Two screens may answer the same session at once (a tablet and a laptop tab).
To put one screen's change on top of what the other saved meanwhile, a session
is cut into independent *parts*: one colour on one grid item, one own item,
one timeline entry, the answer to one prompt, one *bara för mig* mark, one
*not to* choice for one recipient, one consent, and each of the notes,
position, review time, language and kept extras. Another screen's change is
safe as long as this screen's change leaves its parts alone.

``delta(before, after)`` says which parts a change touched and how;
``apply(session, d)`` makes the same change on another copy;
``same_change`` judges a change made once more, by its own rules, on a newer
copy. Pure functions, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Final

from app.domain import day as day_rules
from app.domain.models import LEVEL_ORDER, Level, Recipient, Session

__all__ = ["MISSING", "Delta", "PartKey", "apply", "delta", "parts", "same_change"]


class _Missing:
    """A part that is not there (a colour not marked, an entry not yet added)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()

PartKey = tuple[str, ...]
"""``("mark", "maths", "fun")``, ``("entry", "ab12")``, ``("notes",)``…"""

_SCALARS = ("started", "notes", "position", "reviewed_at", "language", "extra")


def parts(session: Session) -> dict[PartKey, Any]:
    """Every part of a session by key; parts that are absent are not listed."""
    found: dict[PartKey, Any] = {}
    for item, levels in session.grid.marks.items():
        found.update((("mark", item, lv.value), True) for lv in levels)
    found.update((("grid_own", c.id), c) for c in session.grid.custom_items)
    found.update((("grid_origin", k), v) for k, v in session.grid.origins.items())
    found.update((("entry", e.id), e) for e in session.day.timeline)
    found.update((("answer", k), v) for k, v in session.day.answers.items())
    found.update((("day_own", c.id), c) for c in session.day.custom_items)
    found.update((("private", k), True) for k in session.private)
    found.update((("star", k), True) for k in session.starred)
    found.update((("consent", c.id), c) for c in session.consents)
    found.update(
        (("not_to", k, r.value), True) for k, v in session.not_to.items() for r in v
    )
    found.update(((name,), getattr(session, name)) for name in _SCALARS)
    return found


@dataclass(frozen=True)
class Delta:
    """The parts a change touched: key → (before, after), ``MISSING`` if absent."""

    changes: Mapping[PartKey, tuple[Any, Any]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def inverse(self) -> Delta:
        """The change that takes this one back."""
        return Delta({k: (new, old) for k, (old, new) in self.changes.items()})


def delta(before: Session, after: Session) -> Delta:
    """What turned ``before`` into ``after``, part by part."""
    old, new = parts(before), parts(after)
    return Delta(
        {
            key: (old.get(key, MISSING), new.get(key, MISSING))
            for key in old.keys() | new.keys()
            if old.get(key, MISSING) != new.get(key, MISSING)
        }
    )


def apply(session: Session, d: Delta) -> Session | None:
    """Make the change ``d`` on ``session``; None if one of its parts has moved.

    Each part must be as the change found it (``before``) or already as it
    leaves it (``after``: done elsewhere too). A part in a third state was
    changed by someone else, and neither copy may simply win.
    """
    current = parts(session)
    for key, (before, after) in d.changes.items():
        if current.get(key, MISSING) not in (before, after):
            return None
    return _with_parts(session, {k: after for k, (_, after) in d.changes.items()})


def same_change(base: Session, new: Session, fresh: Session, again: Session) -> bool:
    """Whether ``again`` (a verb made once more on ``fresh``, a newer copy) does
    what the verb did when it turned ``base`` into ``new`` on the screen.

    It may touch only the parts it touched on the screen; each of those must
    be on ``fresh`` as the screen had it or already as the screen showed after;
    and each must end as the screen showed, or be left as ``fresh`` has it
    (a part the rest of the newer copy decides, such as whether the timeline
    is answered). So another screen's change is never undone, and a toggle
    never takes away what it was meant to add.
    """
    wanted = delta(base, new).changes
    if not delta(fresh, again).changes.keys() <= wanted.keys():
        return False
    now, then = parts(fresh), parts(again)
    for key, (before, after) in wanted.items():
        current = now.get(key, MISSING)
        if current not in (before, after):
            return False
        if then.get(key, MISSING) not in (after, current):
            return False
    return True


def _with_parts(session: Session, new: Mapping[PartKey, Any]) -> Session:
    def of(kind: str) -> dict[str, Any]:
        return {key[1]: v for key, v in new.items() if key[0] == kind}

    marks = {item: set(levels) for item, levels in session.grid.marks.items()}
    for key, value in new.items():
        if key[0] == "mark":
            levels = marks.setdefault(key[1], set())
            (levels.discard if value is MISSING else levels.add)(Level(key[2]))
    grid = replace(
        session.grid,
        marks={
            item: tuple(lv for lv in LEVEL_ORDER if lv in levels)
            for item, levels in marks.items()
            if levels
        },
        custom_items=_merged_items(session.grid.custom_items, of("grid_own")),
        origins=_merged_map(session.grid.origins, of("grid_origin")),
    )
    day = replace(
        session.day,
        timeline=_merged_items(session.day.timeline, of("entry")),
        answers=_merged_map(session.day.answers, of("answer")),
        custom_items=_merged_items(session.day.custom_items, of("day_own")),
    )
    private = set(session.private)
    for key, value in of("private").items():
        (private.discard if value is MISSING else private.add)(key)
    not_to = {k: set(v) for k, v in session.not_to.items()}
    for key, value in new.items():
        if key[0] == "not_to":
            told = not_to.setdefault(key[1], set())
            (told.discard if value is MISSING else told.add)(Recipient(key[2]))
    stars = of("star")
    starred = tuple(k for k in session.starred if stars.get(k, True) is not MISSING)
    starred += tuple(
        k for k, v in stars.items() if v is not MISSING and k not in starred
    )
    return replace(
        session,
        grid=grid,
        day=day_rules.with_timeline_answer(day),
        private=frozenset(private),
        starred=starred,
        not_to={k: frozenset(v) for k, v in not_to.items() if v},
        consents=_merged_items(session.consents, of("consent")),
        **{name: new[(name,)] for name in _SCALARS if (name,) in new},
    )


def _merged_map(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """``old`` with ``new`` put in: kept keys keep their place, new ones go last."""
    out = dict(old)
    for key, value in new.items():
        if value is MISSING:
            out.pop(key, None)
        else:
            out[key] = value
    return out


def _merged_items(old: Iterable[Any], new: Mapping[str, Any]) -> tuple[Any, ...]:
    """Items with an ``id``: replaced in place, removed, or added at the end."""
    out = []
    seen = set()
    for item in old:
        seen.add(item.id)
        value = new.get(item.id, item)
        if value is not MISSING:
            out.append(value)
    out.extend(v for k, v in new.items() if k not in seen and v is not MISSING)
    return tuple(out)
