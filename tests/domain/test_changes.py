"""What a change did, part by part: made again or taken back on a newer copy."""

from dataclasses import replace
from datetime import UTC, datetime

from app.domain import changes
from app.domain import day as day_rules
from app.domain.models import (
    Consent,
    ConsentGiver,
    Level,
    Recipient,
    Session,
    make_custom_item,
)


def toggled(session: Session, item: str, level: Level) -> Session:
    """The session with one grid mark toggled."""
    return replace(session, grid=session.grid.toggle(item, level))


def busy_session() -> Session:
    """A session with every kind of part: marks, own items, a day, consents…"""
    s = Session.new("c0ffee")
    s = toggled(toggled(s, "maths", Level.FUN), "music", Level.GOOD_AT)
    s = replace(s, grid=s.grid.add_custom(make_custom_item("Rita", "drawing")))
    day, _ = day_rules.add_entry(s.day, "wake_up")
    day, _ = day_rules.add_entry(day, "breakfast")
    day, _ = day_rules.add_own_item(day, "places.more", "Mormor", "house")
    consent = Consent(
        id="c1",
        given_by=(ConsentGiver.CHILD,),
        recipients=(Recipient.SCHOOL,),
        given_at=datetime(2026, 1, 5, tzinfo=UTC),
    )
    return replace(
        s,
        day=day,
        private=frozenset({"grid:maths"}),
        not_to={"grid:music": frozenset({Recipient.PARENTS, Recipient.BUP})},
        consents=(consent,),
        notes="Anteckning",
        position="grid",
        language="uk",
    )


def test_a_change_made_by_parts_gives_exactly_the_changed_session():
    """apply(before, delta(before, after)) == after, both ways, for every kind
    of part a session has (so nothing is lost when a change is made again)."""
    empty = Session.new("c0ffee")
    full = replace(busy_session(), id=empty.id, started=empty.started)
    assert changes.apply(empty, changes.delta(empty, full)) == full
    assert changes.apply(full, changes.delta(full, empty)) == empty


def test_taking_back_a_change_on_a_newer_copy_keeps_the_other_screens_change():
    """Undo of *Matte: Roligt* on a copy where Musik was marked since: Musik stays."""
    base = Session.new("c0ffee")
    mine = toggled(base, "maths", Level.FUN)
    theirs = toggled(mine, "music", Level.GOOD_AT)
    undone = changes.apply(theirs, changes.delta(base, mine).inverse())
    assert undone is not None
    assert dict(undone.grid.marks) == {"music": (Level.GOOD_AT,)}


def test_a_change_cannot_be_made_where_someone_changed_the_same_part():
    """Taking back a *Platser* pick is refused once another picture was picked
    for the same prompt (a third state of that answer)."""
    base = Session.new("c0ffee")
    mine = replace(base, day=day_rules.toggle_pick(base.day, "places.day", "home"))
    theirs = replace(mine, day=day_rules.toggle_pick(mine.day, "places.day", "my_room"))
    assert changes.apply(theirs, changes.delta(base, mine).inverse()) is None


def test_taking_back_the_first_entry_keeps_the_other_entry_and_the_day_answered():
    """Undo of the first entry after another screen added one: that entry stays
    and the timeline still counts as answered (a derived part stays right)."""
    base = Session.new("c0ffee")
    day, _ = day_rules.add_entry(base.day, "wake_up")
    mine = replace(base, day=day)
    day, breakfast = day_rules.add_entry(mine.day, "breakfast")
    theirs = replace(mine, day=day)
    undone = changes.apply(theirs, changes.delta(base, mine).inverse())
    assert undone is not None
    assert [e.id for e in undone.day.timeline] == [breakfast]
    assert day_rules.is_done(undone.day, day_rules.TIMELINE_PROMPT)


def test_a_toggle_made_again_may_not_take_away_what_it_was_meant_to_add():
    """Both screens tap Matte *Roligt*: made again on the newer copy it would
    remove the colour, so it is not the same change; *Bra på* on Matte is."""
    base = Session.new("c0ffee")
    theirs = toggled(base, "maths", Level.FUN)
    fun = toggled(base, "maths", Level.FUN)
    assert not changes.same_change(
        base, fun, theirs, toggled(theirs, "maths", Level.FUN)
    )
    good = toggled(base, "maths", Level.GOOD_AT)
    again = toggled(theirs, "maths", Level.GOOD_AT)
    assert changes.same_change(base, good, theirs, again)
    assert again.grid.levels("maths") == (Level.GOOD_AT, Level.FUN)


def test_a_change_made_again_may_touch_no_other_part():
    """A verb that on the newer copy also changes another screen's part (here:
    declining the timeline, which would clear its new entry) is not the same."""
    base = Session.new("c0ffee")
    day, _ = day_rules.add_entry(base.day, "breakfast")
    theirs = replace(base, day=day)
    how = next(iter(day_rules.DECLINES))
    mine = replace(
        base, day=day_rules.decline(base.day, day_rules.TIMELINE_PROMPT, how)
    )
    again = replace(
        theirs, day=day_rules.decline(theirs.day, day_rules.TIMELINE_PROMPT, how)
    )
    assert not changes.same_change(base, mine, theirs, again)


def test_two_screens_choosing_for_different_recipients_keep_both_choices():
    """Not to Föräldrarna on one screen, not to Skolan on the other, same
    answer: made again on the newer copy, both choices stay."""
    from app.domain.sharing import set_not_to

    base = toggled(Session.new("c0ffee"), "maths", Level.FUN)
    mine = set_not_to(base, ["grid:maths"], Recipient.PARENTS, told=False)
    theirs = set_not_to(base, ["grid:maths"], Recipient.SCHOOL, told=False)
    merged = changes.apply(theirs, changes.delta(base, mine))
    assert merged is not None
    assert merged.not_to == {
        "grid:maths": frozenset({Recipient.PARENTS, Recipient.SCHOOL})
    }
