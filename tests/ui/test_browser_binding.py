"""Child mode and the unlock belong to the browser that did them, no other."""

from conftest import unlock
from harness import THIS_BROWSER, Harness

from app.domain.models import Child, Level
from app.web import device_id

OTHER_BROWSER = "another-browser-device-secret-0123456789abc"


def test_another_browser_opening_the_app_in_child_mode_sees_the_pin_screen(
    repo, active, app_main
):
    """A second browser gets the lock, not the child's home or answers."""
    child, session = active
    with Harness(app_main, route="/barn/bra-pa") as child_browser:
        child_browser.click(f"pen-{Level.FUN.value}")
        child_browser.click("tile-maths")
    assert repo.get_session(child.id, session.id).grid.levels("maths") == (Level.FUN,)
    with Harness(app_main, route="/", device_secret=OTHER_BROWSER) as other:
        assert other.exists("pin")
        assert not other.exists("exercise-grid")
        other.navigate("/barn/bra-pa")
        assert not other.exists("tile-maths")
        assert child.display_name not in " ".join(other.texts())
    with Harness(app_main, route="/") as child_browser:  # the child's, reloaded
        assert child_browser.route == "/barn"
        assert child_browser.exists("exercise-grid")


def test_a_browser_without_a_device_cookie_never_sees_child_mode(
    repo, active, app_main
):
    """A connection that brings no device secret is not the child's browser."""
    with Harness(app_main, route="/barn", device_secret=None) as h:
        assert not h.exists("exercise-grid")
        h.navigate("/")
        assert h.exists("pin")


def test_child_mode_started_in_one_browser_is_shown_only_there(repo, pinned, app_main):
    """Hand over in browser A: A (reloaded) shows the child; B shows the lock."""
    child = Child.new("F")
    repo.add_child(child)
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as a:
        unlock(a)
        a.click("new-session")
        a.click("confirm-start")
        assert a.route == "/barn"
    with Harness(app_main, route="/", device_secret=OTHER_BROWSER) as b:
        assert b.route == "/"
        assert b.exists("pin")
        unlock(b)  # the counsellor, at another browser: the workspace, not the child
        assert b.exists("add-child")
    with Harness(app_main, route="/") as a:
        assert a.route == "/barn"
    (session,) = repo.sessions(child.id)
    assert repo.active(device=device_id(THIS_BROWSER)) == (child.id, session.id)
    assert repo.active(device=device_id(OTHER_BROWSER)) is None


def test_a_new_connection_is_never_born_unlocked(repo, pinned, app_main):
    """The PIN typed in one browser session opens nothing in the next one."""
    with Harness(app_main, route="/", device_secret=OTHER_BROWSER) as first:
        unlock(first)
        assert first.exists("add-child")
        with Harness(app_main, route="/", device_secret=OTHER_BROWSER) as second:
            assert second.exists("pin")
            assert not second.exists("add-child")


def test_a_browser_refusing_cookies_keeps_child_mode_for_its_own_session(
    repo, pinned, app_main
):
    """Without a cookie, child mode still holds in the session that started it."""
    child = Child.new("F")
    repo.add_child(child)
    with Harness(app_main, route=f"/arbete/barn/{child.id}", device_secret=None) as h:
        unlock(h)
        h.click("new-session")
        h.click("confirm-start")
        h.navigate("/")
        assert h.route == "/barn"
        assert h.exists("exercise-grid")
    with Harness(app_main, route="/", device_secret=None) as later:
        assert later.exists("pin")
