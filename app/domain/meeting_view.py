"""The meeting view of *Barnets röst*: what the room sees, as pictures.

One calm screen for the meeting (on the tablet or a shared screen): the
child's own words, the answers they starred, the grid and the day in
pictures. It shows only what the child allowed for everyone in the room:
:func:`shared_in_meeting` is the single rule every part goes through.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from app.domain import sharing
from app.domain.catalog import DAY_PROMPTS, PromptKind
from app.domain.meeting import MeetingSheets, Participation
from app.domain.models import LEVEL_ORDER, Level, Session
from app.domain.summary import (
    entry_label,
    item_label,
    item_pictogram,
    without_private,
)


def shared_in_meeting(session: Session) -> Session:
    """The session as everyone in the meeting room may see it.

    Everyone in the room sees the view at once, so it shows only answers every
    recipient may see (``app.domain.sharing``): an answer the child keeps
    *bara för mig*, or chose *not* to tell someone (``Session.not_to``), is
    left out, with its star (and last time's answers not confirmed at a
    follow-up). Every part of the meeting view is built from what this returns.
    """
    keys = set(sharing.answer_keys(session)) | set(session.not_to)
    hidden = frozenset(
        k for k in keys if sharing.share_of(session, k) is not sharing.Share.EVERYONE
    )
    return replace(
        without_private(replace(session, private=session.private | hidden)),
        not_to={},
    )


@dataclass(frozen=True)
class Picture:
    """One answer shown as a picture with its word."""

    pictogram: str
    label: str
    """A catalog msgid, or the child's own typed label when ``typed``."""
    typed: bool = False
    levels: tuple[Level, ...] = ()
    """The colours of a starred grid answer."""
    minutes: int | None = None
    """The child's clock time of a day activity (None: no time of the child's)."""


@dataclass(frozen=True)
class MeetingVoice:
    """Everything the meeting view shows, already filtered."""

    words: str
    """What the child wants the adults to know, in the child's own words."""
    participation: Participation | None
    starred: tuple[Picture, ...]
    grid: tuple[tuple[Level, tuple[Picture, ...]], ...]
    """Per colour (booklet order), the items marked with it."""
    timeline: tuple[Picture, ...]
    day: tuple[tuple[str, tuple[Picture, ...]], ...]
    """Per prompt (its question's msgid), the pictures the child picked."""


def _grid_picture(session: Session, item_id: str, detail: str = "") -> Picture:
    own = {c.id: c for c in session.grid.custom_items}
    typed = item_id in own
    return Picture(
        item_pictogram(item_id, own), item_label(item_id, own), typed, detail
    )


def _pick_picture(session: Session, item_id: str) -> Picture:
    own = {c.id: c for c in session.day.custom_items}
    typed = item_id in own
    return Picture(item_pictogram(item_id, own), item_label(item_id, own), typed)


def meeting_voice(session: Session, sheets: MeetingSheets) -> MeetingVoice:
    """The meeting view's content for a session and its meeting sheets."""
    shown = shared_in_meeting(session)
    starred: list[Picture] = []
    for key in shown.starred:
        kind, _sep, ident = key.partition(":")
        if kind == "grid" and shown.grid.levels(ident):
            starred.append(_grid_picture(shown, ident, shown.grid.levels(ident)))
        elif kind == "day":
            starred += [_pick_picture(shown, p) for p in shown.day.answer(ident).picks]
    grid = tuple(
        (level, tuple(_grid_picture(shown, i) for i in shown.grid.items_with(level)))
        for level in LEVEL_ORDER
        if shown.grid.items_with(level)
    )
    timeline = tuple(
        Picture(
            e.pictogram,
            entry_label(e),
            bool(e.label),
            minutes=e.minutes if e.has_childs_time else None,
        )
        for e in shown.day.timeline
    )
    day = tuple(
        (prompt.text, tuple(_pick_picture(shown, p) for p in answer.picks))
        for prompt in DAY_PROMPTS
        if prompt.kind is not PromptKind.TIMELINE
        and (answer := shown.day.answer(prompt.id)).picks
    )
    return MeetingVoice(
        words=" ".join(sheets.child_wants_known.split()),
        participation=sheets.participation,
        starred=tuple(starred),
        grid=grid,
        timeline=timeline,
        day=day,
    )
