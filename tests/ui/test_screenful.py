"""A screen of many pictures sends what a tablet shows at once first."""

from conftest import day_renders
from flet.messaging.protocol import MessageAction
from harness import Harness, _control_maps

from app.domain import catalog
from app.domain import day as d
from app.domain.models import DayAnswers
from app.ui.components.screenful import FIRST_SCREENFUL, first_part

DAY = "/barn/dag"


def sent_keys(h: Harness, since: int, prefix: str) -> list[list[str]]:
    """Per patch sent from the ``since``-th message on: the keys starting
    with ``prefix`` it carries, for the patches that carry any."""
    out = []
    for action, body in h.messages_as_sent(since):
        if action != MessageAction.PATCH_CONTROL:
            continue
        keys = []
        for c in _control_maps(body):
            k = c.get("key")
            k = k.get("value") if isinstance(k, dict) else k
            if isinstance(k, str) and k.startswith(prefix):
                keys.append(k)
        if keys:
            out.append(keys)
    return out


def test_a_screenful_counts_only_pictures_the_screen_before_did_not_show():
    """Pictures already on screen are built at once whatever their number; of
    the new ones at most the limit, and always a beginning of the list."""
    ids = [f"p{i}" for i in range(10)]
    assert first_part(ids, kept=(), limit=4) == 4
    assert first_part(ids, kept={"p0", "p1", "p2"}, limit=4) == 7
    assert first_part(ids, kept={"p5"}, limit=4) == 4  # stops at the 5th new one
    assert first_part(ids, kept=set(ids), limit=0) == 10
    assert first_part(ids[:3], kept=(), limit=4) == 3


def test_opening_the_grid_sends_a_screenful_of_tiles_first_then_the_rest(
    active, app_main
):
    """*Det här är jag bra på*: the first message carries the tiles a tablet
    shows without scrolling, a later one the rest and *Något annat?*; in the
    end every tile is there, in the booklet's order."""
    with Harness(app_main, route="/barn") as h:
        start = len(h.messages)
        h.click("exercise-grid")
        patches = sent_keys(h, start, "tile-")
        ids = [f"tile-{i.id}" for i in catalog.GRID_ITEMS]
        first = ids[: len(patches[0])]
        assert patches[0] == first
        assert 0 < len(first) <= FIRST_SCREENFUL < len(ids)
        assert "tile-something_else" in {k for p in patches[1:] for k in p}
        shown = [k for k in h.client_keys() if k in ids or k == "tile-something_else"]
        assert shown == [*ids, "tile-something_else"]


def test_a_question_after_the_timeline_sends_a_screenful_first(active, app_main):
    """*Nästa* from the day's timeline to a question of 58 activities: the
    first message has a screenful of them, the rest follow, all are there."""
    first, second = d.STEPS[0], d.STEPS[1]
    with Harness(app_main, route=f"{DAY}/{first}") as h:
        start = len(h.messages)
        h.click("day-next")
        patches = sent_keys(h, start, "pick-tile-")
        everything = d.options(DayAnswers(), second).rest
        assert len(everything) > FIRST_SCREENFUL
        assert len(patches[0]) == FIRST_SCREENFUL
        for item in everything:
            assert h.exists(f"pick-{item}")
        assert h.exists("pick-something_else")


def test_nasta_between_questions_with_the_same_pictures_sends_them_at_once(
    active, app_main, monkeypatch
):
    """Pictures kept from the question before are not held back: the next
    question is whole in its first render (no second one)."""
    renders = day_renders(monkeypatch)
    with Harness(app_main, route=f"{DAY}/activities.more") as h:
        renders.clear()
        h.click("day-next")
        assert renders == ["activities.new"]
        assert h.exists("pick-something_else")


def test_the_first_measure_of_a_wide_screen_renders_the_question_no_second_time(
    active, app_main, monkeypatch
):
    """The content measures a little less than the page (its padding): still
    wide, so the question is not rendered again (it was, whole, every time
    the day was opened)."""
    renders = day_renders(monkeypatch, "question_row")
    with Harness(app_main, route=f"{DAY}/places.help", width=1280, height=800) as h:
        renders.clear()
        h.event("day-content", "size_change", {"w": 1240, "h": 700})
        assert renders == []
        h.event("day-content", "size_change", {"w": 760, "h": 1100})
        assert renders == ["places.help"]


def test_a_grid_opened_again_starts_with_a_screenful_again(active, app_main):
    """Each opening of the grid is a new screen: a screenful first again."""
    with Harness(app_main, route="/barn") as h:
        h.click("exercise-grid")
        h.click("back")
        start = len(h.messages)
        h.click("exercise-grid")
        patches = sent_keys(h, start, "tile-")
        assert len(patches[0]) <= FIRST_SCREENFUL
        assert len(patches) >= 2
