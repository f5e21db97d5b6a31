"""Typing and tapping faster than the server renders: a tap that arrives
with the typed text, before the screen was drawn again, still acts on what
was typed."""

from dataclasses import replace

from conftest import first_run, unlock
from harness import Harness

from app.domain import day as d
from app.domain.meeting import PlanOwner
from app.domain.models import Child, DayAnswers, Level, Session


def new_child(repo):
    child = Child.new("Q. R.", "Ärende 9")
    repo.add_child(child)
    return child


def test_the_childs_version_typed_and_saved_in_one_go_is_saved(repo, pinned, app_main):
    child = new_child(repo)
    repo.update_plan(
        child.id, lambda p: p.add_point(PlanOwner.SCHOOL, "Lugn plats på rasten")
    )
    (point,) = repo.load_plan(child.id).points
    with Harness(app_main, route=f"/arbete/barn/{child.id}/plan") as h:
        unlock(h)
        with h.at_once():
            h.type(f"point-child-text-{point.id}", "Du får en lugn plats på rasten.")
            h.click(f"point-versions-save-{point.id}")
        assert not h.exists(f"point-no-child-text-{point.id}")
    (point,) = repo.load_plan(child.id).points
    assert point.child_text == "Du får en lugn plats på rasten."


def test_a_pen_picked_and_a_picture_tapped_in_one_go_gives_that_pens_colour(
    repo, active, app_main
):
    """*Bra på* is picked; the child picks *Roligt* and taps Matte before the
    server has drawn the new pen: Matte is fun, not good at."""
    child, _ = active
    with Harness(app_main, route="/barn/bra-pa") as h:
        h.click("pen-good_at")
        with h.at_once():
            h.click("pen-fun")
            h.click("tile-maths")
        with h.at_once():
            h.click("pen-dislike")
            h.click("tile-homework")
            h.click("tile-music")
    (session,) = repo.sessions(child.id)
    marks = {k: [lv.value for lv in v] for k, v in session.grid.marks.items()}
    assert marks == {"maths": ["fun"], "homework": ["dislike"], "music": ["dislike"]}


def test_boxes_ticked_in_one_go_are_all_in_the_consent(repo, active, app_main):
    """The counsellor ticks the child and the guardians, the school and BUP,
    and saves, quicker than the server draws: the consent names all four."""
    child, _session = active
    repo.clear_active()
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click("open-consent")
        with h.at_once():
            h.type("giver-child", True)
            h.type("giver-guardians", True)
            h.type("recipient-school", True)
            h.type("recipient-bup", True)
            h.click("consent-save")
    (consent,) = repo.load_consent(child.id).consents
    assert [g.value for g in consent.given_by] == ["child", "guardians"]
    assert [r.value for r in consent.recipients] == ["school", "bup"]


def test_a_box_ticked_and_unticked_quickly_is_unticked_on_the_server_too(
    repo, pinned, app_main
):
    """*Ta med de inspelade rösterna* ticked and unticked in one go shows
    unticked, and the JSON holds no voices: what the box shows is what goes."""
    import json

    child = new_child(repo)
    session = Session.new(child.id)
    session = replace(session, grid=session.grid.toggle("maths", Level.FUN))
    repo.save_session(session)
    repo.save_recorded_voice(child.id, "so", "Xisaab", b"RIFF-x", "audio/wav")
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click(f"export-{session.id}")
        with h.at_once():
            h.type("include-voices", True)
            h.type("include-voices", False)
        assert h.find("include-voices").value is False
        h.click("export-json")
        (saved,) = [i for i in h.invocations if i.name == "save_file"]
    assert "voices" not in json.loads(saved.args["src_bytes"])


def test_the_meeting_frame_typed_and_saved_in_one_go_is_saved(repo, pinned, app_main):
    """*Vem leder?* typed, then *Spara ramarna* (the field's blur saves too)."""
    child = new_child(repo)
    with Harness(app_main, route=f"/arbete/barn/{child.id}/mote") as h:
        unlock(h)
        with h.at_once():
            h.type("agenda-leader", "Rektor Ros")
            h.event("agenda-leader", "blur")
            h.click("agenda-frame-save")
    (session,) = repo.sessions(child.id)
    assert repo.load_meeting(child.id, session.id).agenda.leader == "Rektor Ros"


def test_a_clock_step_tapped_twice_in_one_go_moves_the_time_twice(
    repo, active, app_main
):
    """*1 timme senare* twice, quicker than the server draws: two hours later."""
    child, session = active
    day, _e = d.add_entry(DayAnswers(), "go_to_bed")
    repo.save_session(replace(session, day=day))
    with Harness(app_main, route="/barn/dag/activities.day") as h:
        (entry,) = repo.sessions(child.id)[0].day.timeline
        h.click(f"entry-{entry.id}")
        with h.at_once():
            h.click("time-hour-earlier")
            h.click("time-hour-earlier")
            h.click("time-quarter-later")
    (entry,) = repo.sessions(child.id)[0].day.timeline
    assert entry.minutes == d.hm(19, 15)


def test_a_pin_typed_and_sent_in_one_go_unlocks(repo, pinned, app_main):
    """The counsellor types the PIN and taps *Lås upp* at once: the PIN typed
    is the one tried, not the empty field of the last render (which would
    count a wrong try and slow the next ones down)."""
    with Harness(app_main) as h:
        with h.at_once():
            h.type("pin", pinned)
            h.click("pin-submit")
        assert h.exists("add-child")


def test_a_first_pin_typed_twice_and_saved_in_one_go_is_saved(repo, app_main):
    """Both fields filled and *Spara PIN-kod* tapped before a render: the PIN
    is set, not refused as two different codes."""
    with Harness(app_main) as h:
        with h.at_once():
            h.type("pin-new", "135790")
            h.type("pin-repeat", "135790")
            h.click("pin-save")
        assert h.exists("recovery-key")
    assert (repo.data_dir / "keys.json").exists()


def test_a_recovery_key_and_new_pin_sent_in_one_go_replace_the_pin(repo, app_main):
    """The recovery key and the new PIN typed and sent at once: the new PIN
    opens the workspace."""
    with Harness(app_main) as h:
        key = first_run(h, "135790")
        h.click("recovery-confirmed")
    repo.vault = None  # a restart: the keys are no longer in memory
    with Harness(app_main) as h:
        h.click("forgot-pin")
        with h.at_once():
            h.type("recovery-input", key)
            h.type("recovery-new-pin", "246802")
            h.click("recovery-submit")
        assert h.exists("add-child")
