"""*Det här är jag bra på*: marking by touch, undo, own items, persistence."""

import errno

import flet as ft
import pytest
from conftest import choose_picture, texts_under
from harness import Harness

from app.domain import catalog
from app.domain.models import Level


def marks(repo, child):
    """The grid marks as stored on disk for the child's only session."""
    (session,) = repo.sessions(child.id)
    return {k: [lv.value for lv in v] for k, v in session.grid.marks.items()}


def test_the_grid_shows_the_34_booklet_items_in_order_plus_something_else(
    active, app_main
):
    """Every booklet item is a tile, in the paper's order, then *Något annat?*."""
    with Harness(app_main, route="/barn/bra-pa") as h:
        for item in catalog.GRID_ITEMS:
            tile = h.find(f"tile-{item.id}")
            assert tile.content.controls[1].value == item.label
        assert h.exists("tile-something_else")
        texts = h.texts()
        # The last occurrence: the instruction's example tile comes first.
        last = {t: n for n, t in enumerate(texts)}
        positions = [last[i.label] for i in catalog.GRID_ITEMS]
        assert positions == sorted(positions)


def test_tiles_and_pens_are_labelled_for_screen_readers_as_they_read(active, app_main):
    """The semantics label of every tile and pen equals its visible Swedish text."""
    with Harness(app_main, route="/barn/bra-pa") as h:
        labels = {c.label for c in h.find_all(lambda c: isinstance(c, ft.Semantics))}
        assert {i.label for i in catalog.GRID_ITEMS} <= labels
        assert {lv.label for lv in catalog.LEVELS.values()} <= labels


def test_a_tapped_tile_draws_no_ripple_only_its_mark(active, app_main):
    """No ink animation on the grid's tiles (calm, and it cost the tap its
    speed: docs/benchmarks.md, fix D); the tile still answers a tap."""
    with Harness(app_main, route="/barn/bra-pa") as h:
        tile = h.find("tile-maths")
        assert tile.on_click is not None
        assert not tile.ink


def test_a_picked_pen_marks_every_tile_tapped_and_is_saved_at_once(
    repo, active, app_main
):
    """Pick *Roligt*, tap Matte and Musik: both are on disk before the next tap."""
    child, _ = active
    with Harness(app_main, route="/barn/bra-pa") as h:
        h.click("pen-fun")
        h.click("tile-maths")
        assert marks(repo, child) == {"maths": ["fun"]}
        h.click("tile-music")
        assert marks(repo, child) == {"maths": ["fun"], "music": ["fun"]}


def test_a_tile_carries_several_colours_and_shows_each_of_them(repo, active, app_main):
    """Matte can be both *Bra på* and *Roligt*; the tile shows two badges."""
    child, _ = active
    with Harness(app_main, route="/barn/bra-pa") as h:
        h.click("pen-good_at")
        h.click("tile-maths")
        h.click("pen-fun")
        h.click("tile-maths")
        semantics = h.find_all(
            lambda c: isinstance(c, ft.Semantics) and c.label == "Matte"
        )
        assert semantics[0].value == "Bra på, Roligt"
    assert marks(repo, child) == {"maths": ["good_at", "fun"]}


def test_second_tap_with_the_same_pen_removes_that_colour_only(repo, active, app_main):
    """Tapping again with a colour the tile has takes that colour away."""
    child, _ = active
    with Harness(app_main, route="/barn/bra-pa") as h:
        h.click("pen-good_at")
        h.click("tile-maths")
        h.click("pen-fun")
        h.click("tile-maths")
        h.click("tile-maths")
    assert marks(repo, child) == {"maths": ["good_at"]}


def test_undo_takes_back_the_last_change_on_screen_and_on_disk(repo, active, app_main):
    """*Ångra* restores the state before the last tap, and saves it."""
    child, _ = active
    with Harness(app_main, route="/barn/bra-pa") as h:
        h.click("pen-dislike")
        h.click("tile-speak_in_class")
        h.click("tile-homework")
        h.click("undo")
        assert marks(repo, child) == {"speak_in_class": ["dislike"]}
        h.click("undo")
        assert marks(repo, child) == {}


def test_progress_counts_items_with_a_mark_not_marks(active, app_main):
    """Two colours on one tile still count as one item done of 34."""
    with Harness(app_main, route="/barn/bra-pa") as h:
        assert h.find("progress").value == 0
        h.click("pen-good_at")
        h.click("tile-maths")
        h.click("pen-fun")
        h.click("tile-maths")
        h.click("tile-music")
        assert h.find("progress").value == pytest.approx(2 / 34)


def test_own_items_can_be_added_marked_and_removed(repo, active, app_main):
    """*Något annat?* adds a typed item with a chosen picture; it can go again."""
    child, _ = active
    with Harness(app_main, route="/barn/bra-pa") as h:
        h.click("tile-something_else")
        h.type("own-label", "Klättra")
        h.click("own-pic-play_outside")
        h.click("own-add")
        (own,) = repo.sessions(child.id)[0].grid.custom_items
        assert (own.label, own.pictogram) == ("Klättra", "play_outside")
        h.click("pen-fun")
        h.click(f"tile-{own.id}")
        assert marks(repo, child) == {own.id: ["fun"]}
        h.click(f"remove-{own.id}")
        assert not h.exists(f"tile-{own.id}")
    session = repo.sessions(child.id)[0]
    assert session.grid.custom_items == ()
    assert session.grid.marks == {}


def test_an_own_item_chosen_by_picture_comes_marked_with_the_pen_in_hand(
    repo, active, app_main
):
    """No typing: a picture from the library is enough; the new tile carries
    the picture's label and the colour of the pen the child holds."""
    child, _ = active
    with Harness(app_main, route="/barn/bra-pa") as h:
        h.click("pen-fun")
        h.click("tile-something_else")
        choose_picture(h, "pet")
        h.click("own-add")
        (own,) = repo.sessions(child.id)[0].grid.custom_items
        assert (own.label, own.pictogram) == ("", "pet")
        assert marks(repo, child) == {own.id: ["fun"]}
        tile = h.find_all(
            lambda c: isinstance(c, ft.Semantics) and c.label == "Husdjur"
        )[0]
        assert tile.value == "Roligt"


def test_the_library_shows_a_few_pictures_a_shelf_at_a_time(active, app_main):
    """Each shelf shows at most six big pictures; the arrows page through it."""
    with Harness(app_main, route="/barn/bra-pa") as h:
        h.click("tile-something_else")
        h.click("shelf-persons")
        shown = [p for p in catalog.OWN_ITEM_PICTOGRAMS if h.exists(f"own-pic-{p}")]
        assert shown == list(catalog.SHELF_PICTURES[catalog.Shelf.PERSONS][:6])
        h.click("own-page-next")
        assert h.exists("own-pic-pet")
        assert not h.exists("own-pic-mum")


def test_marks_are_there_after_the_app_is_opened_again(repo, active, app_main):
    """A new browser session (new store) shows exactly what was marked."""
    with Harness(app_main, route="/barn/bra-pa") as h:
        h.click("pen-fun")
        h.click("tile-maths")
    with Harness(app_main, route="/barn/bra-pa") as h:
        label = h.find_all(
            lambda c: isinstance(c, ft.Semantics) and c.label == "Matte"
        )[0]
        assert label.value == "Roligt"


def test_a_failed_save_changes_nothing_and_says_so_calmly(
    repo, active, app_main, monkeypatch
):
    """Disk full: the mark is not shown as made, and a gentle notice appears."""
    child, _ = active
    with Harness(app_main, route="/barn/bra-pa") as h:

        def full_disk(*_a, **_k):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(type(repo), "save_session", full_disk)
        h.click("pen-good_at")
        h.click("tile-maths")
        assert h.exists("notice")
        label = h.find_all(
            lambda c: isinstance(c, ft.Semantics) and c.label == "Matte"
        )[0]
        assert label.value is None
    monkeypatch.undo()
    assert marks(repo, child) == {}


def test_the_summary_shows_each_colour_with_its_items(active, app_main):
    """*Klar* reads the answers back per colour, with a way back to change."""
    with Harness(app_main, route="/barn/bra-pa") as h:
        h.click("pen-fun")
        h.click("tile-maths")
        h.click("pen-dislike")
        h.click("tile-speak_in_class")
        h.click("grid-done")
        assert h.route == "/barn/bra-pa/klar"
        fun = h.find(f"summary-{Level.FUN.value}")
        assert "Matte" in texts_under(fun)
        dislike = h.find(f"summary-{Level.DISLIKE.value}")
        assert "Prata inför klassen" in texts_under(dislike)
        assert "Matte" not in texts_under(dislike)
        h.click("summary-change")
        assert h.route == "/barn/bra-pa"


def test_child_screens_without_an_open_session_say_so(app_main):
    """Opening /barn/bra-pa with no session in progress shows no one's answers."""
    with Harness(app_main, route="/barn/bra-pa") as h:
        assert h.exists("go-start")
        assert not h.exists("tile-maths")


def test_while_adding_an_own_item_only_its_own_buttons_lead_on(repo, active, app_main):
    """No *Klar* or *Ångra* above the picture library (a *Klar* there left the
    grid with nothing added), the tiles under it out of reach; *Tillbaka*
    closes the form and stays on the grid."""
    child, _ = active
    with Harness(app_main, route="/barn/bra-pa") as h:
        h.click("tile-something_else")
        assert h.exists("own-form")
        assert not h.exists("grid-done")
        assert not h.exists("undo")
        with pytest.raises(AssertionError, match="disabled"):
            h.click("tile-maths")  # under the form: out of reach, even by voice
        h.click("back")
        assert not h.exists("own-form")
        assert h.exists("grid-done")
        assert h.route == "/barn/bra-pa"
    assert repo.sessions(child.id)[0].grid.custom_items == ()


def test_picking_a_pen_rebuilds_no_tile(active, app_main, monkeypatch):
    """A tile does not show the pen, and reads it only when tapped: a pen
    picked (or changed) redraws the pens, not the 35 pictures."""
    from app.ui.components import grid_tile

    built: list[str] = []
    real = grid_tile.pictogram_tile

    def counted(**kwargs):
        built.append(kwargs["key"])
        return real(**kwargs)

    monkeypatch.setattr(grid_tile, "pictogram_tile", counted)
    with Harness(app_main, route="/barn/bra-pa") as h:
        built.clear()
        h.click("pen-fun")
        h.click("pen-good_at")
        assert built == []
        h.click("tile-maths")
        assert built == ["tile-maths"]
