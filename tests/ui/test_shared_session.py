"""Two screens on one child session (tablet and laptop tab): no tap is lost."""

from __future__ import annotations

from dataclasses import replace

import flet as ft
import pytest
from conftest import FAST_HASHER
from harness import THIS_BROWSER, Harness

from app.domain.models import Level
from app.security import PinGuard
from app.storage.repository import Repository
from app.ui.state import CHANGED_ELSEWHERE, AppState, SessionStore
from app.web import device_id


def two_screens(repo: Repository, active) -> tuple[SessionStore, SessionStore]:
    """Two browser sessions opening the child's session, as after a reload each."""

    def screen() -> SessionStore:
        state = AppState(
            repo=repo,
            pin=PinGuard(repo, hasher=FAST_HASHER),
            device=device_id(THIS_BROWSER),
        )
        store = state.open_active()
        assert store is not None
        return store

    return screen(), screen()


def on_disk(repo: Repository, active) -> dict[str, list[str]]:
    """The grid marks of the child's session as stored."""
    child, session = active
    marks = repo.get_session(child.id, session.id).grid.marks
    return {item: [lv.value for lv in levels] for item, levels in marks.items()}


def test_taps_alternating_between_two_screens_are_all_on_disk(repo, active):
    """Tablet: Matte, laptop: Musik, tablet: Idrott, laptop: Engelska: all four
    are saved, and the screen that saved last shows all four."""
    tablet, laptop = two_screens(repo, active)
    tablet.toggle_rating("maths", Level.FUN)
    laptop.toggle_rating("music", Level.GOOD_AT)
    tablet.toggle_rating("pe", Level.DISLIKE)
    laptop.toggle_rating("english", Level.FUN)
    assert on_disk(repo, active) == {
        "maths": ["fun"],
        "music": ["good_at"],
        "pe": ["dislike"],
        "english": ["fun"],
    }
    assert tablet.notice is None
    assert laptop.notice is None
    assert set(laptop.grid.marks) == {"maths", "music", "pe", "english"}


def test_undo_on_one_screen_never_takes_back_the_other_screens_taps(repo, active):
    """Tablet marks Matte, laptop marks Musik, tablet undoes: Musik stays."""
    tablet, laptop = two_screens(repo, active)
    tablet.toggle_rating("maths", Level.FUN)
    laptop.toggle_rating("music", Level.GOOD_AT)
    tablet.undo()
    assert on_disk(repo, active) == {"music": ["good_at"]}
    assert tablet.notice is None
    assert dict(tablet.grid.marks) == {"music": (Level.GOOD_AT,)}


def test_two_colours_on_one_tile_from_two_screens_are_both_kept(repo, active):
    """Tablet marks Matte *Roligt*, the laptop (not yet refreshed) *Bra på*:
    Matte carries both."""
    tablet, laptop = two_screens(repo, active)
    tablet.toggle_rating("maths", Level.FUN)
    laptop.toggle_rating("maths", Level.GOOD_AT)
    assert on_disk(repo, active) == {"maths": ["good_at", "fun"]}
    assert laptop.notice is None


def test_the_same_colour_tapped_on_an_older_copy_is_refused_and_refreshed(repo, active):
    """Tablet marks Matte *Roligt*; the laptop, not yet refreshed, taps Matte
    *Roligt* too, which on the saved copy would take the tablet's mark away:
    nothing is saved, the laptop shows Matte as saved and says why."""
    tablet, laptop = two_screens(repo, active)
    tablet.toggle_rating("maths", Level.FUN)
    laptop.toggle_rating("maths", Level.FUN)
    assert on_disk(repo, active) == {"maths": ["fun"]}
    assert laptop.notice == CHANGED_ELSEWHERE
    assert dict(laptop.grid.marks) == {"maths": (Level.FUN,)}
    assert not laptop.undo_stack


def test_undo_is_refused_when_the_other_screen_changed_that_answer_since(repo, active):
    """Tablet picks *Hemma* for a *Platser* prompt; the laptop then picks *Mitt
    rum* for it too; the tablet's undo would drop the laptop's pick: refused."""
    prompt = "places.day"
    tablet, laptop = two_screens(repo, active)
    tablet.toggle_day_pick(prompt, "home")
    laptop.toggle_day_pick(prompt, "my_room")  # refused: it refreshes the laptop
    assert laptop.notice == CHANGED_ELSEWHERE
    laptop.toggle_day_pick(prompt, "my_room")
    tablet.undo()
    child, session = active
    stored = repo.get_session(child.id, session.id)
    assert stored.day.answer(prompt).picks == ("home", "my_room")
    assert tablet.notice == CHANGED_ELSEWHERE
    assert not tablet.undo_stack


def test_day_entries_added_on_two_screens_are_both_kept(repo, active):
    """Tablet puts *Gå upp* on the empty timeline, the laptop *Frukost*: both
    stay, each with the id its screen was given; the tablet's undo then takes
    back only its own."""
    child, session = active
    tablet, laptop = two_screens(repo, active)
    wake = tablet.add_day_entry("wake_up")
    breakfast = laptop.add_day_entry("breakfast")
    stored = repo.get_session(child.id, session.id).day.timeline
    assert {e.id for e in stored} == {wake, breakfast}
    tablet.undo()
    stored = repo.get_session(child.id, session.id).day.timeline
    assert [e.id for e in stored] == [breakfast]


def test_a_tap_from_an_older_copy_keeps_the_counsellors_notes(repo, active):
    """The counsellor writes notes on the laptop while the child taps on the
    tablet: the notes are still there after the tap."""
    child, session = active
    tablet, _laptop = two_screens(repo, active)
    counsellor = AppState(repo=repo, pin=PinGuard(repo, hasher=FAST_HASHER))
    counsellor.open_case(child.id).save_notes(session.id, "Vill prata om rasterna")
    tablet.toggle_rating("maths", Level.FUN)
    stored = repo.get_session(child.id, session.id)
    assert stored.notes == "Vill prata om rasterna"
    assert dict(stored.grid.marks) == {"maths": (Level.FUN,)}


# --- two browser sessions of the real app ----------------------------------------


def tile_marks(h: Harness, label: str) -> str:
    """What a screen reader hears after a tile's name: its colours."""
    (tile,) = h.find_all(lambda c: isinstance(c, ft.Semantics) and c.label == label)
    return tile.value or ""


@pytest.fixture
def tabs(active, app_main):
    """Two tabs of one browser on the grid of the child's session."""
    # Each settle waits for both tabs' renders: more time on a loaded machine.
    with (
        Harness(app_main, route="/barn/bra-pa", settle_timeout=10) as first,
        Harness(
            app_main, route="/barn/bra-pa", beside=first, settle_timeout=10
        ) as second,
    ):
        yield first, second


def test_a_tap_in_one_tab_shows_at_once_in_the_other(tabs):
    """Tablet tab marks Matte *Roligt*: the other tab shows it without a reload."""
    first, second = tabs
    first.click("pen-fun")
    first.click("tile-maths")
    second.settle()
    assert tile_marks(second, "Matte") == "Roligt"


def test_taps_alternating_between_two_tabs_are_on_disk_and_in_both_tabs(
    repo, active, tabs
):
    """Matte, Musik, Idrott, Engelska tapped in turn in two tabs: all are on
    disk and both tabs show all four."""
    first, second = tabs
    first.click("pen-fun")
    second.click("pen-good_at")
    first.click("tile-maths")
    second.click("tile-music")
    first.click("tile-pe")
    second.click("tile-english")
    first.settle()
    assert on_disk(repo, active) == {
        "maths": ["fun"],
        "music": ["good_at"],
        "pe": ["fun"],
        "english": ["good_at"],
    }
    for tab in (first, second):
        assert tile_marks(tab, "Matte") == "Roligt"
        assert tile_marks(tab, "Engelska") == "Bra på"


def test_undo_in_one_tab_leaves_the_other_tabs_taps(repo, active, tabs):
    """Tab one marks Matte, tab two Musik, tab one presses *Ångra*: Musik stays
    on disk and in both tabs."""
    first, second = tabs
    first.click("pen-fun")
    first.click("tile-maths")
    second.click("pen-fun")
    second.click("tile-music")
    first.click("undo")
    second.settle()
    assert on_disk(repo, active) == {"music": ["fun"]}
    for tab in (first, second):
        assert tile_marks(tab, "Matte") == ""
        assert tile_marks(tab, "Musik") == "Roligt"


def test_a_refused_tap_is_explained_on_the_childs_screen(repo, active, app_main):
    """The counsellor marked Matte *Roligt* from the workspace after this tab
    opened; the child's same tap is refused and the screen says why, in words."""
    child, session = active
    with Harness(app_main, route="/barn/bra-pa") as tab:
        repo.update_session(
            child.id,
            session.id,
            lambda s: replace(s, grid=s.grid.toggle("maths", Level.FUN)),
        )
        tab.click("pen-fun")
        tab.click("tile-maths")
        assert tab.is_visible("notice")
        assert "Det här svaret ändrades nyss på en annan skärm." in " ".join(
            tab.client_texts()
        )
        assert tile_marks(tab, "Matte") == "Roligt"
    assert on_disk(repo, active) == {"maths": ["fun"]}
