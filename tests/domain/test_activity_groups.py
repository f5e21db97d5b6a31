"""The activity picker: each activity once, by part of the day (issue #18)."""

from __future__ import annotations

from collections import Counter

from app.domain import catalog
from app.domain import day as day_rules
from app.domain.catalog import ActivityGroup, Column
from app.domain.models import DayAnswers

PICKER_MAX = 20


def test_the_day_offers_every_activity_once_by_word_and_by_picture():
    """No "Läxor" twice, no "Gå upp" beside "Gå upp på morgonen", no "Spela" pair."""
    items = catalog.COLUMN_ITEMS[Column.ACTIVITIES]
    labels = Counter(i.label for i in items)
    assert [w for w, n in labels.items() if n > 1] == []
    ids = {i.id for i in items}
    assert not ids & {"wake_up", "homework", "computer_games"}
    assert {"get_up", "homework_time", "computer_games_home"} <= ids


def test_each_part_of_the_day_shows_at_most_twenty_pictures():
    """A part of the day, with *Något annat?*, never shows more than 20 pictures."""
    for group in ActivityGroup:
        shown = day_rules.group_items(DayAnswers(), group)
        assert len(shown) + 1 <= PICKER_MAX, group


def test_every_day_activity_is_in_exactly_one_part_of_the_day():
    """The parts together are the whole column, each picture in one part only."""
    in_groups = [i for ids in catalog.ACTIVITY_GROUPS.values() for i in ids]
    assert len(in_groups) == len(set(in_groups))
    assert set(in_groups) == {i.id for i in catalog.COLUMN_ITEMS[Column.ACTIVITIES]}


def test_the_picker_opens_at_the_part_of_the_day_the_child_has_got_to():
    """Empty day: morning; after *Lektion* at 08:30: school; after *Middag*: evening."""
    day = DayAnswers()
    assert day_rules.opening_group(day) == ActivityGroup.MORNING
    day, _ = day_rules.add_entry(day, "breakfast")
    day, _ = day_rules.add_entry(day, "lessons")
    assert day_rules.opening_group(day) == ActivityGroup.SCHOOL
    day, _ = day_rules.add_entry(day, "dinner")
    assert day_rules.opening_group(day) == ActivityGroup.EVENING


def test_the_childs_own_activities_come_first_in_every_part():
    """An own activity (*Rida*) is the first picture whatever part is shown."""
    day, own = day_rules.add_own_item(
        DayAnswers(), day_rules.TIMELINE_PROMPT, "Rida", "pet"
    )
    for group in ActivityGroup:
        assert day_rules.group_items(day, group)[0] == own
