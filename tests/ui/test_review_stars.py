"""*Viktigast för mig* in the review: up to three stars, first in the case file."""

from dataclasses import replace

from conftest import keys_under, texts_under
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


def test_the_review_reads_back_each_feeling_beside_its_picture(repo, active, app_main):
    """*Hur känns det?* is part of the answers the child checks: the face sits on
    the picture of the day it was given to, not on the wishes."""
    from app.domain import day as d
    from app.domain.models import DayAnswers, Feeling

    _child, session = active
    day = d.toggle_pick(DayAnswers(), "places.day", "home")
    day = d.toggle_pick(day, "places.more", "home")
    day = d.set_feeling(day, "home", Feeling.WORRIED)
    repo.save_session(replace(session, day=day))
    with Harness(app_main, route=REVIEW) as h:
        assert "review-feeling-home" in keys_under(h.find("answer-day:places.day"))
        assert h.find("review-feeling-home").tooltip == "Orolig"
        assert "review-feeling-home" not in keys_under(h.find("answer-day:places.more"))


def test_the_review_shows_no_heading_for_an_exercise_not_begun(repo, active, app_main):
    """Only the exercises the child answered have a heading in the review."""
    from app.domain import day as d
    from app.domain.models import DayAnswers

    _child, session = active
    day = d.toggle_pick(DayAnswers(), "places.day", "home")
    repo.save_session(replace(session, day=day))
    with Harness(app_main, route=REVIEW) as h:
        texts = texts_under(h.find("answer-day:places.day"))
        assert "Hemma" in texts
        assert h.find_all(lambda c: getattr(c, "value", None) == "En vanlig dag")
        assert not h.find_all(
            lambda c: getattr(c, "value", None) == "Det här är jag bra på"
        )
