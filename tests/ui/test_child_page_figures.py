"""The child page's chips count what they name."""

from dataclasses import replace

from conftest import unlock
from harness import Harness

from app.domain.models import Child, Level, Session


def test_the_grid_chip_counts_items_with_an_answer_not_bra_pa(repo, pinned, app_main):
    """One *Bra på* and three other colours: the chip says 4 of 34 have an
    answer, never "Bra på: 4 av 34"."""
    child = Child.new("J. K.", "Ärende 8")
    repo.add_child(child)
    session = Session.new(child.id)
    grid = (
        session.grid.toggle("maths", Level.GOOD_AT)
        .toggle("music", Level.FUN)
        .toggle("pe", Level.BORING_HARD)
        .toggle("homework", Level.DISLIKE)
    )
    repo.save_session(replace(session, grid=grid))
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        texts = h.texts()
    assert "Det här är jag bra på: 4 av 34 har svar" in texts
    assert not any(t.startswith("Bra på:") for t in texts)
