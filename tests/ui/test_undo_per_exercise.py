"""*Ångra* stays in its exercise: the grid, and each screen of the day."""

from harness import Harness

from app.domain import day as d

GRID = "/barn/bra-pa"
TIMELINE = "/barn/dag/activities.day"
PLACES = "/barn/dag/places.day"


def pick_activity(h: Harness, item: str) -> None:
    """Open the activity's part of the day in the picker, then tap its picture."""
    h.click(f"group-{d.group_of(item).value}")
    h.click(f"pick-{item}")


def stored(repo, child):
    """The child's only session as it is on disk now."""
    (session,) = repo.sessions(child.id)
    return session


def undo_enabled(h: Harness) -> bool:
    """Whether *Ångra* on screen can be tapped."""
    return h.find("undo").on_click is not None


def test_undo_on_an_untouched_day_screen_is_disabled_and_keeps_the_grid_mark(
    repo, active, app_main
):
    """After a grid mark, the day's first screen offers no *Ångra*: the mark stays."""
    child, _ = active
    with Harness(app_main, route=GRID) as h:
        h.click("pen-good_at")
        h.click("tile-maths")
        assert undo_enabled(h)
        h.navigate(TIMELINE)
        assert not undo_enabled(h)
    assert dict(stored(repo, child).grid.marks) == {"maths": ("good_at",)}


def test_undo_on_a_day_screen_takes_back_only_that_screens_last_tap(
    repo, active, app_main
):
    """Grid mark, then a timeline entry, then a place: *Ångra* on Platser removes
    the place only, and on the timeline the entry only; the grid mark stays."""
    child, _ = active
    with Harness(app_main, route=GRID) as h:
        h.click("pen-fun")
        h.click("tile-music")
        h.navigate(TIMELINE)
        pick_activity(h, "lunch")
        h.navigate(PLACES)
        h.click("pick-home")
        assert undo_enabled(h)
        h.click("undo")
        day = stored(repo, child).day
        assert "places.day" not in day.answers
        assert [e.pictogram for e in day.timeline] == ["lunch"]
        assert not undo_enabled(h)
        h.navigate(TIMELINE)
        assert undo_enabled(h)
        h.click("undo")
        assert stored(repo, child).day.timeline == ()
        assert not undo_enabled(h)
        h.navigate(GRID)
        assert undo_enabled(h)
    assert dict(stored(repo, child).grid.marks) == {"music": ("fun",)}


def test_undo_on_the_grid_skips_later_day_answers(repo, active, app_main):
    """A grid mark, then a day answer: *Ångra* on the grid takes the mark back
    and leaves the day answer as the child gave it."""
    child, _ = active
    with Harness(app_main, route=GRID) as h:
        h.click("pen-dislike")
        h.click("tile-homework")
        h.navigate(TIMELINE)
        pick_activity(h, "breakfast")
        h.navigate(GRID)
        h.click("undo")
    session = stored(repo, child)
    assert dict(session.grid.marks) == {}
    assert [e.pictogram for e in session.day.timeline] == ["breakfast"]
