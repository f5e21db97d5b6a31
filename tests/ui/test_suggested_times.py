"""A usual time on the timeline is a suggestion until the child confirms it."""

from harness import Harness

from app.domain import day as d
from app.domain.models import Origin
from app.export.service import ExportRequest, export_session

TIMELINE = "/barn/dag/activities.day"


def pick_activity(h: Harness, item: str) -> None:
    """Open the activity's part of the day in the picker, then tap its picture."""
    h.click(f"group-{d.group_of(item).value}")
    h.click(f"pick-{item}")


def stored_day(repo, child):
    """The day as saved for the child's only session."""
    (session,) = repo.sessions(child.id)
    return session.day


def test_a_tapped_activity_asks_whether_its_usual_time_is_right(repo, active, app_main):
    """The clock shows the usual time dimmed with *Stämmer tiden?*; *Ja* (one
    tap) makes it the child's and closes the clock."""
    child, _ = active
    with Harness(app_main, route=TIMELINE) as h:
        pick_activity(h, "breakfast")
        assert h.find("time-question").value == "Stämmer tiden?"
        assert h.find("time-face").opacity < 1
        (entry,) = stored_day(repo, child).timeline
        assert entry.time_origin is Origin.SUGGESTED
        h.click("time-confirm")
        assert not h.exists("time-editor")
        (entry,) = stored_day(repo, child).timeline
        assert (entry.minutes, entry.time_origin) == (d.hm(7, 15), Origin.CONFIRMED)
        assert h.find(f"entry-time-{entry.id}").value == "07:15"


def test_changing_a_suggested_time_makes_it_the_childs(repo, active, app_main):
    """An arrow on the clock sets the child's own time; the question goes away."""
    child, _ = active
    with Harness(app_main, route=TIMELINE) as h:
        pick_activity(h, "lunch")
        h.click("time-hour-later")
        (entry,) = stored_day(repo, child).timeline
        assert (entry.minutes, entry.time_origin) == (d.hm(12, 30), Origin.CHILD)
        assert not h.exists("time-question")


def test_an_unconfirmed_time_is_exported_without_a_clock_time(repo, active, app_main):
    """*Klar* without *Ja* leaves the time a suggestion: the text export says
    *utan klockslag* for it and gives the confirmed one."""
    child, session = active
    with Harness(app_main, route=TIMELINE) as h:
        pick_activity(h, "breakfast")
        h.click("time-confirm")
        pick_activity(h, "lunch")
        h.click("entry-done")
        (_b, lunch) = stored_day(repo, child).timeline
        assert h.find(f"entry-time-{lunch.id}").value == "11:30?"
    text = export_session(
        repo, child.id, session.id, ExportRequest(fmt="text")
    ).data.decode()
    assert "kl. 07:15" in text
    assert "11:30" not in text
    assert "utan klockslag" in text
