"""*En vanlig dag* as pure functions: the timeline, picks, declines and steps.

Every function takes a :class:`DayAnswers` and returns a new one (or a plain
value); nothing here knows about Flet or files. The screens call these through
``SessionStore`` verbs, so every rule worth testing lives here.

Own items (*Något annat?*) of the day carry their column in their id
(``own_places_1a2b3c4d``): ``DayAnswers.custom_items`` is one list for all
three columns, and a child's own place must not turn up among activities.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from app.domain import catalog
from app.domain.catalog import (
    ACTIVITY_GROUPS,
    ALL_ITEMS,
    COLUMN_ITEMS,
    DAY_PROMPTS,
    HELP_ITEMS,
    PROMPTS_BY_ID,
    ActivityGroup,
    Column,
    Prompt,
    PromptKind,
)
from app.domain.models import (
    MINUTES_PER_DAY,
    AnswerStatus,
    CustomItem,
    DayAnswers,
    DayEntry,
    Origin,
    PromptAnswer,
    make_custom_item,
    new_id,
)
from app.i18n import N_

TIMELINE_PROMPT = "activities.day"
"""The one prompt answered with activities at clock times."""

STEP = 15
"""The smallest time step, in minutes: a quarter of an hour."""
HOUR = 60
LAST_TIME = MINUTES_PER_DAY - STEP
"""Latest time an entry can have (23:45): times stop at the day's ends."""

FALLBACK_TIME = 12 * HOUR
"""Time of an activity without a usual time when the day is still empty."""
AFTER_LAST = 30
"""Minutes after the last entry for an activity without a usual time."""
REPEAT_GAP = HOUR
"""Minutes after its last entry for an activity added a second time."""


def hm(hours: int, minutes: int = 0) -> int:
    """Minutes after midnight for a clock time (``hm(7, 30)`` is 07:30)."""
    return hours * HOUR + minutes


_SCHOOL_SUBJECTS = (
    "social_studies",
    "pe",
    "writing",
    "group_work",
    "english",
    "speak_in_class",
    "science",
    "maths",
    "music",
    "computer_work",
    "answer_questions",
    "crafts",
    "listen_teacher",
    "school_film",
    "talk_adults",
)
_BREAK_THINGS = ("break_activities", "free_play", "sports_break", "talk_classmates")
_AFTERNOON_THINGS = (
    "make_up_stories",
    "invent_games",
    "photo_film",
    "helping",
    "mischief",
    "playing",
    "planning",
    "drawing",
)

DEFAULT_TIMES: dict[str, int] = {
    "get_up": hm(7),
    "wake_up": hm(7),
    "breakfast": hm(7, 15),
    "brush_teeth": hm(7, 30),
    "get_dressed": hm(7, 45),
    "walk_to_school": hm(8),
    "bus_to_school": hm(8),
    "bike_to_school": hm(8),
    "car_to_school": hm(8),
    "getting_to_school": hm(8),
    "lessons": hm(8, 30),
    **dict.fromkeys(_SCHOOL_SUBJECTS, hm(9)),
    "school_break": hm(10),
    **dict.fromkeys(_BREAK_THINGS, hm(10)),
    "lunch": hm(11, 30),
    "school_lunch": hm(11, 30),
    "after_school": hm(14),
    "play_outside": hm(15),
    **dict.fromkeys(_AFTERNOON_THINGS, hm(15)),
    "homework_time": hm(16),
    "homework": hm(16),
    "screen_time": hm(16, 30),
    "cooking": hm(17),
    "dinner": hm(17, 30),
    "sport_club": hm(18),
    "tv": hm(19),
    "computer_games_home": hm(19, 30),
    "computer_games": hm(19, 30),
    "shower": hm(20),
    "reading": hm(20, 30),
    "go_to_bed": hm(21),
    "sleep": hm(21, 30),
}
"""A usual time for each booklet activity, so a child mostly just confirms."""


# --- clock times ---------------------------------------------------------------


def clamp_time(minutes: int) -> int:
    """Keep a time inside the day (00:00 … 23:45)."""
    return max(0, min(LAST_TIME, minutes))


def step_time(minutes: int, delta: int) -> int:
    """Move a time by ``delta`` minutes, landing on a quarter, within the day.

    A time between quarters (only from an old file) lands on the quarter on the
    near side, so a step never goes further than the child asked for.
    """
    moved = minutes + delta
    off = moved % STEP
    if off:
        moved += -off if delta > 0 else STEP - off
    return clamp_time(moved)


def can_step(minutes: int, delta: int) -> bool:
    """Whether a step would change the time (false at the day's ends)."""
    return step_time(minutes, delta) != minutes


class PartOfDay(StrEnum):
    """Words for the part of the day, shown next to a clock time."""

    MORNING = "morning"
    FORENOON = "forenoon"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    NIGHT = "night"


PART_OF_DAY_LABELS: dict[PartOfDay, str] = {
    PartOfDay.MORNING: N_("Morgon"),
    PartOfDay.FORENOON: N_("Förmiddag"),
    PartOfDay.AFTERNOON: N_("Eftermiddag"),
    PartOfDay.EVENING: N_("Kväll"),
    PartOfDay.NIGHT: N_("Natt"),
}

DAYLIGHT_PARTS = frozenset({PartOfDay.MORNING, PartOfDay.FORENOON, PartOfDay.AFTERNOON})
"""Parts shown with a sun; evening and night get a moon."""


def part_of_day(minutes: int) -> PartOfDay:
    """The part of the day a time falls in (an analogue clock alone cannot say)."""
    if hm(5) <= minutes < hm(10):
        return PartOfDay.MORNING
    if minutes < hm(5):
        return PartOfDay.NIGHT
    if minutes < hm(12):
        return PartOfDay.FORENOON
    if minutes < hm(18):
        return PartOfDay.AFTERNOON
    if minutes < hm(22):
        return PartOfDay.EVENING
    return PartOfDay.NIGHT


# --- own items -----------------------------------------------------------------

_OWN = "own_"


def custom_column(item: CustomItem) -> Column | None:
    """The column an own item of the day belongs to (from its id)."""
    rest = item.id.removeprefix(_OWN)
    for column in Column:
        if rest.startswith(column.value + "_"):
            return column
    return None


def make_day_item(column: Column, label: str, pictogram: str) -> CustomItem:
    """Validate a child's own item for one column. Raises ValidationError."""
    item = make_custom_item(label, pictogram)
    return replace(item, id=f"{_OWN}{column.value}_{item.id.removeprefix(_OWN)}")


def custom_items_of(day: DayAnswers, column: Column) -> tuple[CustomItem, ...]:
    """The child's own items of one column, oldest first."""
    return tuple(c for c in day.custom_items if custom_column(c) == column)


def custom_by_id(day: DayAnswers) -> dict[str, CustomItem]:
    """Every own item of the day by id."""
    return {c.id: c for c in day.custom_items}


@dataclass(frozen=True)
class ItemView:
    """What a screen needs to show an item: picture, words, whose words."""

    id: str
    pictogram: str
    label: str
    own: bool
    """True: ``label`` is the child's typed text, not a msgid to translate."""


def item_view(day: DayAnswers, item_id: str) -> ItemView:
    """Picture and label of a catalog item or of one of the child's own items."""
    own = custom_by_id(day).get(item_id)
    if own is not None:
        return ItemView(own.id, own.pictogram, own.label, own=True)
    item = ALL_ITEMS[item_id]
    return ItemView(item.id, item.pictogram, item.label, own=False)


def entry_item_id(day: DayAnswers, entry: DayEntry) -> str:
    """The item an entry of the timeline shows (an own activity's item id)."""
    if not entry.label:
        return entry.pictogram
    for item in custom_items_of(day, Column.ACTIVITIES):
        if item.label == entry.label and item.pictogram == entry.pictogram:
            return item.id
    return entry.pictogram


def entry_view(day: DayAnswers, entry: DayEntry) -> ItemView:
    """Picture and label of a timeline entry."""
    if entry.label:
        return ItemView(entry_item_id(day, entry), entry.pictogram, entry.label, True)
    return item_view(day, entry.pictogram)


# --- the timeline --------------------------------------------------------------


def _sorted(entries: Iterable[DayEntry]) -> tuple[DayEntry, ...]:
    # sorted() is stable: entries at the same time keep the order they had.
    return tuple(sorted(entries, key=lambda e: e.minutes))


def _with_timeline(day: DayAnswers, timeline: tuple[DayEntry, ...]) -> DayAnswers:
    answers = dict(day.answers)
    if timeline:
        answers[TIMELINE_PROMPT] = PromptAnswer(status=AnswerStatus.ANSWERED)
    elif answers.get(TIMELINE_PROMPT, PromptAnswer()).status == AnswerStatus.ANSWERED:
        answers.pop(TIMELINE_PROMPT)
    return replace(day, timeline=_sorted(timeline), answers=answers)


def with_timeline_answer(day: DayAnswers) -> DayAnswers:
    """The day with its timeline in time order and the timeline prompt answered
    exactly while it has entries (a day put together part by part)."""
    return _with_timeline(day, day.timeline)


def default_time(day: DayAnswers, item_id: str) -> int:
    """When an activity is usually done; after its last entry when added again.

    An activity without a usual time (an own one, say) goes half an hour after
    the last entry, or at noon on an empty day.
    """
    same = [e.minutes for e in day.timeline if entry_item_id(day, e) == item_id]
    if same:
        return clamp_time(max(same) + REPEAT_GAP)
    usual = DEFAULT_TIMES.get(item_id)
    if usual is not None:
        return usual
    if day.timeline:
        return clamp_time(day.timeline[-1].minutes + AFTER_LAST)
    return FALLBACK_TIME


def add_entry(
    day: DayAnswers,
    item_id: str,
    minutes: int | None = None,
    entry_id: str | None = None,
    *,
    origin: Origin = Origin.CHILD,
    time_origin: Origin | None = None,
) -> tuple[DayAnswers, str]:
    """Put an activity on the timeline (at its usual time unless given).

    The usual time is only a suggestion (``Origin.SUGGESTED``) until the child
    confirms or changes it; a given time is ``origin``'s unless ``time_origin``
    says otherwise. Returns the new day and the new entry's id. The timeline
    stays sorted; an entry at the same time as others goes after them.
    """
    if time_origin is None:
        time_origin = Origin.SUGGESTED if minutes is None else origin
    at = default_time(day, item_id) if minutes is None else clamp_time(minutes)
    own = custom_by_id(day).get(item_id)
    if own is None and item_id not in ALL_ITEMS:
        raise KeyError(item_id)
    entry = DayEntry(
        id=entry_id or new_id(4),
        pictogram=own.pictogram if own else item_id,
        minutes=at,
        label=own.label if own else "",
        origin=origin,
        time_origin=time_origin,
    )
    return _with_timeline(day, (*day.timeline, entry)), entry.id


def retime_entry(
    day: DayAnswers, entry_id: str, minutes: int, origin: Origin = Origin.CHILD
) -> DayAnswers:
    """Give an entry a new time, now ``origin``'s; it moves to its place in the
    order of the day."""
    at = clamp_time(minutes)
    timeline = tuple(
        replace(e, minutes=at, time_origin=origin) if e.id == entry_id else e
        for e in day.timeline
    )
    return _with_timeline(day, timeline)


def confirm_time(day: DayAnswers, entry_id: str) -> DayAnswers:
    """The child says the suggested time is right: it becomes the child's
    (``Origin.CONFIRMED``). A time already given stays as it is."""
    timeline = tuple(
        replace(e, time_origin=Origin.CONFIRMED)
        if e.id == entry_id and e.time_origin is Origin.SUGGESTED
        else e
        for e in day.timeline
    )
    return _with_timeline(day, timeline)


def unconfirmed(day: DayAnswers) -> tuple[DayEntry, ...]:
    """Entries whose clock time is still only the app's suggestion."""
    return tuple(e for e in day.timeline if not e.has_childs_time)


def remove_entry(day: DayAnswers, entry_id: str) -> DayAnswers:
    """Take an entry off the timeline."""
    return _with_timeline(day, tuple(e for e in day.timeline if e.id != entry_id))


def find_entry(day: DayAnswers, entry_id: str | None) -> DayEntry | None:
    """The entry with this id, or None."""
    return next((e for e in day.timeline if e.id == entry_id), None)


# --- picks and declines --------------------------------------------------------


HELP_IDS: tuple[str, ...] = tuple(i.id for i in HELP_ITEMS)
"""The kinds of help, offered only by the help questions (and only there)."""


def prompt(prompt_id: str) -> Prompt:
    """The catalog prompt with this id (KeyError for an unknown id)."""
    return PROMPTS_BY_ID[prompt_id]


def picks(day: DayAnswers, prompt_id: str) -> tuple[str, ...]:
    """Items the child picked for a prompt; the timeline's activities for the day."""
    if prompt(prompt_id).kind == PromptKind.TIMELINE:
        seen: dict[str, None] = {}
        for entry in day.timeline:
            seen.setdefault(entry_item_id(day, entry), None)
        return tuple(seen)
    return day.answer(prompt_id).picks


def status(day: DayAnswers, prompt_id: str) -> AnswerStatus | None:
    """How a prompt stands: answered, declined (*Vet inte* …) or not yet (None)."""
    if prompt(prompt_id).kind == PromptKind.TIMELINE and day.timeline:
        return AnswerStatus.ANSWERED
    return day.answer(prompt_id).status


def is_done(day: DayAnswers, prompt_id: str) -> bool:
    """Whether the child has given any answer to a prompt, a decline included."""
    return status(day, prompt_id) is not None


def _set_answer(day: DayAnswers, prompt_id: str, answer: PromptAnswer) -> DayAnswers:
    answers = dict(day.answers)
    if answer == PromptAnswer():
        answers.pop(prompt_id, None)
    else:
        answers[prompt_id] = answer
    return replace(day, answers=answers)


def toggle_pick(
    day: DayAnswers, prompt_id: str, item_id: str, origin: Origin = Origin.CHILD
) -> DayAnswers:
    """Pick a picture for a prompt, or unpick it; picking ends a decline. The
    answer is then ``origin``'s."""
    kind = prompt(prompt_id).kind
    if kind == PromptKind.TIMELINE:
        raise ValueError(f"{prompt_id} is answered on the timeline")
    if item_id not in ALL_ITEMS and item_id not in custom_by_id(day):
        raise KeyError(item_id)
    if (kind == PromptKind.HELP) != (item_id in HELP_IDS):
        raise ValueError(f"{item_id} is not offered by {prompt_id}")
    current = list(picks(day, prompt_id))
    if item_id in current:
        current.remove(item_id)
    else:
        current.append(item_id)
    answer = PromptAnswer(
        picks=tuple(current),
        status=AnswerStatus.ANSWERED if current else None,
        origin=origin if current else Origin.CHILD,
    )
    return _set_answer(day, prompt_id, answer)


DECLINES: tuple[AnswerStatus, ...] = tuple(catalog.DECLINES)
"""The two ways to decline, in the order they are offered (words and pictures:
``catalog.DECLINES``)."""


def decline(
    day: DayAnswers, prompt_id: str, how: AnswerStatus, origin: Origin = Origin.CHILD
) -> DayAnswers:
    """Answer *Vet inte* or *Vill inte svara*; the same tap again takes it back.

    A decline replaces the prompt's pictures (on the timeline: its entries), so
    an answer never says "these" and "I don't know" at once.
    """
    if how not in DECLINES:
        raise ValueError(f"{how} is not a way to decline")
    if day.answer(prompt_id).status == how:
        return _set_answer(day, prompt_id, PromptAnswer())
    if prompt(prompt_id).kind == PromptKind.TIMELINE:
        day = replace(day, timeline=())
    return _set_answer(day, prompt_id, PromptAnswer(status=how, origin=origin))


def add_own_item(
    day: DayAnswers, prompt_id: str, label: str, pictogram: str
) -> tuple[DayAnswers, str]:
    """Add the child's own item to a prompt's column and pick it there.

    On the timeline it becomes an entry (at its default time). Returns the new
    day and the new item's id. Raises ValidationError for an unusable label.
    """
    item = make_day_item(prompt(prompt_id).column, label, pictogram)
    return place_own_item(day, prompt_id, item), item.id


def place_own_item(
    day: DayAnswers,
    prompt_id: str,
    item: CustomItem,
    entry: DayEntry | None = None,
    origin: Origin = Origin.CHILD,
) -> DayAnswers:
    """Add a made own item to a prompt's column and pick it there.

    On the timeline it becomes ``entry`` if given (the same id and time again
    when a change is made once more on a newer copy), else an entry at its
    default time.
    """
    day = replace(day, custom_items=(*day.custom_items, item))
    if prompt(prompt_id).kind == PromptKind.TIMELINE:
        if entry is None:
            day, _entry = add_entry(day, item.id, origin=origin)
        else:
            day, _entry = add_entry(
                day,
                item.id,
                entry.minutes,
                entry.id,
                origin=entry.origin,
                time_origin=entry.time_origin,
            )
    else:
        day = toggle_pick(day, prompt_id, item.id, origin)
    return day


def remove_own_item(day: DayAnswers, item_id: str) -> DayAnswers:
    """Remove an own item everywhere: its picks and its timeline entries."""
    own = custom_by_id(day).get(item_id)
    if own is None:
        return day
    timeline = tuple(e for e in day.timeline if entry_item_id(day, e) != item_id)
    day = _with_timeline(day, timeline)
    for pid, answer in tuple(day.answers.items()):
        if item_id in answer.picks:
            left = tuple(p for p in answer.picks if p != item_id)
            kept = PromptAnswer(
                picks=left,
                status=answer.status if left else None,
                origin=answer.origin if left else Origin.CHILD,
            )
            day = _set_answer(day, pid, kept)
    return replace(day, custom_items=tuple(c for c in day.custom_items if c != own))


def latest_entry_of(day: DayAnswers, item_id: str) -> DayEntry | None:
    """The last entry on the timeline showing this item, or None."""
    found = [e for e in day.timeline if entry_item_id(day, e) == item_id]
    return found[-1] if found else None


# --- what a prompt offers ------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """The pictures a prompt's screen shows, in two groups."""

    first: tuple[str, ...]
    """The child's own earlier choices the prompt builds on, offered first."""
    rest: tuple[str, ...]
    """Every other picture of the column (minus the excluded), own items last."""


def column_item_ids(day: DayAnswers, column: Column) -> tuple[str, ...]:
    """Every picture of a column: the booklet's, then the child's own."""
    return (
        *(i.id for i in COLUMN_ITEMS[column]),
        *(c.id for c in custom_items_of(day, column)),
    )


def options(day: DayAnswers, prompt_id: str) -> Options:
    """What to offer for a prompt: earlier choices first, then all the others.

    ``excludes_from`` leaves out what the child does today; a picture already
    picked for this prompt always stays, so it can be unpicked. A help question
    offers the kinds of help, the same in every column.
    """
    p = prompt(prompt_id)
    if p.kind == PromptKind.HELP:
        return Options(first=(), rest=HELP_IDS)
    first = picks(day, p.offers_first_from) if p.offers_first_from else ()
    excluded = set(picks(day, p.excludes_from)) if p.excludes_from else set()
    excluded -= set(picks(day, prompt_id)) if p.kind == PromptKind.PICK else set()
    taken = set(first) | excluded
    rest = tuple(i for i in column_item_ids(day, p.column) if i not in taken)
    return Options(first=first, rest=rest)


# --- the activity picker, one part of the day at a time -----------------------

_GROUP_BY_PART: dict[PartOfDay, ActivityGroup] = {
    PartOfDay.NIGHT: ActivityGroup.EVENING,
    PartOfDay.MORNING: ActivityGroup.MORNING,
    PartOfDay.FORENOON: ActivityGroup.SCHOOL,
    PartOfDay.AFTERNOON: ActivityGroup.AFTERNOON,
    PartOfDay.EVENING: ActivityGroup.EVENING,
}


def group_of(item_id: str) -> ActivityGroup | None:
    """The part of the day a booklet activity is offered in (None for own ones)."""
    for group, ids in ACTIVITY_GROUPS.items():
        if item_id in ids:
            return group
    return None


def opening_group(day: DayAnswers) -> ActivityGroup:
    """Where the picker opens: the part of the day of the latest activity so far,
    so a child telling the day in order finds the next thing without paging."""
    if not day.timeline:
        return ActivityGroup.MORNING
    last = max(day.timeline, key=lambda e: e.minutes)
    return (
        group_of(entry_item_id(day, last)) or _GROUP_BY_PART[part_of_day(last.minutes)]
    )


def group_items(day: DayAnswers, group: ActivityGroup) -> tuple[str, ...]:
    """The pictures of one part of the day: the child's own activities first,
    then the part's booklet activities, each once."""
    own = tuple(c.id for c in custom_items_of(day, Column.ACTIVITIES))
    return (*own, *ACTIVITY_GROUPS[group])


# --- the sequence of screens ---------------------------------------------------

STEPS: tuple[str, ...] = tuple(p.id for p in DAY_PROMPTS)
"""One screen per prompt, in the booklet's order."""
SUMMARY = "summary"
"""The step after the last prompt: the day read back in pictures."""
POSITION_PREFIX = "day:"


def position_of(step: str) -> str:
    """The ``Session.position`` value for a step (``day:places.more``)."""
    return POSITION_PREFIX + step


def resume_step(position: str) -> str:
    """The step to show for a stored position; the first step when it is not ours."""
    step = position.removeprefix(POSITION_PREFIX)
    if position.startswith(POSITION_PREFIX) and (step in STEPS or step == SUMMARY):
        return step
    return STEPS[0]


def next_step(step: str) -> str:
    """The step after ``step``; the summary after the last prompt."""
    i = STEPS.index(step)
    return STEPS[i + 1] if i + 1 < len(STEPS) else SUMMARY


def previous_step(step: str) -> str | None:
    """The step before ``step`` (the last prompt before the summary), or None."""
    if step == SUMMARY:
        return STEPS[-1]
    i = STEPS.index(step)
    return STEPS[i - 1] if i > 0 else None
