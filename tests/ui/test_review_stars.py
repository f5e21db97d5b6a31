"""*Viktigast för mig* in the review: up to three stars, first in the case file."""

from dataclasses import replace

from harness import Harness

from app.domain.models import Level
from app.export.service import ExportRequest, export_session

REVIEW = "/barn/granska"
KEYS = ("grid:maths", "grid:music", "grid:pe", "grid:homework")


def seed(repo, active):
    """Four marked tiles in the open session."""
    _child, session = active
    grid = session.grid
    for item in ("maths", "music", "pe", "homework"):
        grid = grid.toggle(item, Level.FUN)
    repo.save_session(replace(session, grid=grid))


def test_the_child_stars_up_to_three_answers_and_they_open_the_text(
    repo, active, app_main
):
    """Three stars are saved in the order given; the fourth star is not offered
    until one is taken away; the text export opens with the starred answers."""
    child, session = active
    seed(repo, active)
    with Harness(app_main, route=REVIEW) as h:
        for key in ("grid:pe", "grid:maths", "grid:music"):
            h.click(f"star-{key}")
        assert h.find("star-grid:homework").on_click is None
        (stored,) = repo.sessions(child.id)
        assert stored.starred == ("grid:pe", "grid:maths", "grid:music")
        h.click("star-grid:maths")
        assert h.find("star-grid:homework").on_click is not None
        h.click("star-grid:maths")
    voice = export_session(
        repo, child.id, session.id, ExportRequest(fmt="text")
    ).data.decode()
    body = voice.split("Barnets röst\n\n", 1)[1]
    assert body.startswith(
        "Viktigast för eleven: Idrott: roligt. Musik: roligt. Matte: roligt."
    )
