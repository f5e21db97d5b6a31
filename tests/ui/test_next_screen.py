"""The next screen answers the tap itself, not the browser's report of its URL."""

from conftest import choose_picture, day_renders
from harness import Harness

from app.domain import day as d
from app.domain.models import DayAnswers
from app.ui.components import day_pieces
from app.ui.components.speaker import ReadAloud, save_read_aloud
from app.ui.screens.child import day as day_screen

DAY = "/barn/dag"


def question(h: Harness) -> str:
    """The day's question on screen, as the browser has it."""
    return next(t for t in h.client_texts() if t in QUESTIONS)


QUESTIONS = {d.prompt(step).text for step in d.STEPS}


def test_nasta_shows_the_next_question_before_the_browser_reports_the_url(
    active, app_main
):
    """*Nästa* puts the next question on screen in reply to the tap (one round
    trip on a slow link, not two); the late report changes nothing."""
    with Harness(app_main, route=f"{DAY}/{d.STEPS[0]}") as h:
        with h.route_reports_late() as late:
            h.click("day-next")
            assert question(h) == d.prompt(d.STEPS[1]).text
            assert late == [f"{DAY}/{d.STEPS[1]}"]
        assert question(h) == d.prompt(d.STEPS[1]).text
        h.assert_client_in_sync()


def test_two_quick_taps_on_nasta_end_on_the_second_next_question(active, app_main):
    """Two taps before the browser reports either URL go two questions on; the
    late reports never step back to the first one's question."""
    with Harness(app_main, route=f"{DAY}/{d.STEPS[0]}") as h:
        with h.route_reports_late():
            h.click("day-next")
            h.click("day-next")
        assert question(h) == d.prompt(d.STEPS[2]).text


def test_nasta_renders_the_next_question_once(active, app_main, repo, monkeypatch):
    """Saving where the child is (shown nowhere) does not render the step again."""
    child, _session = active
    renders = day_renders(monkeypatch)
    with Harness(app_main, route=f"{DAY}/{d.STEPS[1]}") as h:
        renders.clear()
        h.click("day-next")
        assert renders == [d.STEPS[2]]
        (stored,) = repo.sessions(child.id)
        assert stored.position == d.position_of(d.STEPS[2])


def test_a_tablet_held_upright_gets_the_next_question_narrow_at_once(
    active, app_main, monkeypatch
):
    """Once a step has measured a narrow screen, the next step is laid out
    narrow from its first render (no wide layout first, no second render)."""
    layouts: list[tuple[str, bool]] = []
    real = day_screen.question_row

    def recorded(_, store, step, narrow, *args, **kwargs):
        layouts.append((step, narrow))
        return real(_, store, step, narrow, *args, **kwargs)

    monkeypatch.setattr(day_screen, "question_row", recorded)
    with Harness(app_main, route=f"{DAY}/{d.STEPS[1]}") as h:
        h.event("day-content", "size_change", {"w": 760, "h": 1100})
        layouts.clear()
        h.click("day-next")
        # Flutter reports the new step's size as soon as it is laid out.
        h.event("day-content", "size_change", {"w": 760, "h": 1100})
        assert layouts == [(d.STEPS[2], True)]


def test_nasta_keeps_the_pictures_both_questions_show_unpicked(
    active, app_main, monkeypatch
):
    """A picture the next question shows as well, unpicked on both, is not
    built again (nor diffed and sent): only what differs is."""
    built: list[str] = []
    real = day_pieces.pictogram_tile

    def recorded(key, *args, **kwargs):
        built.append(key.removeprefix("pick-"))
        return real(key, *args, **kwargs)

    monkeypatch.setattr(day_pieces, "pictogram_tile", recorded)
    first, second = "activities.more", "activities.new"
    with Harness(app_main, route=f"{DAY}/{first}") as h:
        built.clear()
        h.click("day-next")
        shared = set(d.options(DayAnswers(), first).rest) & set(
            d.options(DayAnswers(), second).rest
        )
        assert shared
        assert question(h) == d.prompt(second).text
        assert not shared & set(built)


def test_home_to_grid_sends_each_unmarked_tile_without_empty_or_idle_layers(
    repo, active, app_main
):
    """An unmarked tile reaches the browser as its picture, its words and what
    makes it a tap target: no empty badge row, no fading layer that fades
    nothing (each control of 35 tiles is sent, diffed and built by Flutter).
    Read-aloud is off, so no speaker sits in the tile's corner."""
    child, _session = active
    save_read_aloud(repo, child.id, ReadAloud(on=False))
    with Harness(app_main, route="/barn") as h:
        h.click("exercise-grid")
        sent = h.client_controls("grid-tile-pe")
        assert "Row" not in sent
        assert sent.count("Container") == 1
        assert {"Image", "Text", "Semantics"} <= set(sent)


def test_a_day_picture_not_picked_is_sent_without_an_empty_badge_row(active, app_main):
    """The day's pictures are tiles too: a picture without marks sends no row
    for marks it does not have."""
    first = "activities.more"
    with Harness(app_main, route=f"{DAY}/{first}") as h:
        picture = d.options(DayAnswers(), first).rest[0]
        sent = h.client_controls(f"pick-{picture}")
        assert "Image" in sent
        assert "Row" not in sent


def test_a_grid_tile_kept_for_the_child_alone_is_drawn_faded(active, app_main):
    """*Bara för mig* on a marked tile fades the tile's own box (what the
    child sees did not change when the fading layer went)."""
    with Harness(app_main, route="/barn/bra-pa") as h:
        h.click("pen-fun")
        h.click("tile-maths")
        assert h.find("tile-maths").opacity == 1.0
        h.click("lock-grid:maths")
        assert h.find("tile-maths").opacity < 1.0
        assert h.find("tile-pe").opacity == 1.0


def built_pictures(monkeypatch) -> list[str]:
    """The day's pictures built from now on (their keys), *Något annat?* left out."""
    built: list[str] = []
    real = day_pieces.pictogram_tile

    def recorded(key, *args, **kwargs):
        if key != "pick-something_else":
            built.append(key)
        return real(key, *args, **kwargs)

    monkeypatch.setattr(day_pieces, "pictogram_tile", recorded)
    return built


def test_picking_a_picture_that_takes_a_feeling_rebuilds_that_picture_alone(
    active, app_main, monkeypatch
):
    """On a step whose pictures take a feeling (with whom the child is), a tap
    on one picture rebuilds, diffs and sends that picture, not every one."""
    with Harness(app_main, route=f"{DAY}/persons.day") as h:
        built = built_pictures(monkeypatch)
        h.click("pick-grandparent")
        assert h.exists("feel-grandparent")
        assert set(built) == {"pick-grandparent"}


def test_an_own_picture_added_on_a_feeling_step_is_the_only_one_built(
    active, app_main, monkeypatch
):
    """*Lägg till* on *Vem brukar du vara tillsammans med?* builds the new
    picture; the step's other pictures are kept as they were."""
    with Harness(app_main, route=f"{DAY}/persons.day") as h:
        h.click("pick-something_else")
        choose_picture(h, "after_school")
        built = built_pictures(monkeypatch)
        h.click("own-add")
        (new,) = set(built)
        assert new.startswith("pick-own_persons_")


def test_a_pick_on_a_day_step_renders_the_step_once(active, app_main, monkeypatch):
    """A picture picked (or an own one added) changes the store, which the
    route adapter and the step both follow: the step is rendered once, not
    once for each of them (the second render diffed the whole step again)."""
    renders = day_renders(monkeypatch)
    with Harness(app_main, route=f"{DAY}/persons.day") as h:
        renders.clear()
        h.click("pick-grandparent")
        assert renders == ["persons.day"]
        assert h.exists("feel-grandparent")
