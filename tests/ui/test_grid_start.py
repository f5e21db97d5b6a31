"""The grid starts with no pen: the booklet's instruction, and no colour the
child never chose."""

import flet as ft
from harness import Harness

from app.domain import catalog
from app.domain.models import Level

GRID = "/barn/bra-pa"


def marks(repo, child):
    """The grid marks as stored on disk for the child's only session."""
    (session,) = repo.sessions(child.id)
    return dict(session.grid.marks)


def picked_pens(h: Harness) -> list[str]:
    """The pens shown as picked (their semantics say *selected*)."""
    return [
        c.label
        for c in h.find_all(lambda c: isinstance(c, ft.Semantics) and c.selected)
        if c.label in {lv.label for lv in catalog.LEVELS.values()}
    ]


def test_the_grid_opens_with_no_pen_and_the_instruction_in_pictures(active, app_main):
    """No pen is picked; the instruction shows a tile with two colours."""
    with Harness(app_main, route=GRID) as h:
        assert picked_pens(h) == []
        assert h.exists("grid-instruction")
        example = h.find_all(
            lambda c: isinstance(c, ft.Semantics) and c.label == "Rita/måla"
        )
        assert "Bra på, Roligt" in [e.value for e in example]
        assert "En ruta kan ha flera färger." in " ".join(h.texts())


def test_the_sheets_whole_heading_is_its_semantics_label(active, app_main):
    """A screen reader hears the booklet's whole heading, not strengths only."""
    with Harness(app_main, route=GRID) as h:
        labels = [
            c.label
            for c in h.find_all(lambda c: isinstance(c, ft.Semantics))
            if c.label
        ]
        assert any(
            label.startswith(
                "Det här är jag bra på, tycker är roligt, är tråkigt eller gillar "
                "inte alls."
            )
            for label in labels
        )


def test_a_tap_without_a_pen_asks_for_a_colour_and_marks_nothing(
    repo, active, app_main
):
    """The first tap on a tile without a pen makes the pens stand out; nothing
    is saved until the child picks a pen and taps again."""
    child, _ = active
    with Harness(app_main, route=GRID) as h:
        assert h.find("pens").data == "calm"
        h.click("tile-maths")
        assert marks(repo, child) == {}
        assert h.find("pens").data == "asking"
        h.click("pen-fun")
        assert h.find("pens").data == "calm"
        h.click("tile-maths")
    assert marks(repo, child) == {"maths": (Level.FUN,)}
