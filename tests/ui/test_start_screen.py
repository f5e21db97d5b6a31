"""Start screen: new sessions, the list of children, and bad input."""

import pytest
from harness import Harness

from app.domain.models import Child


def test_starting_a_session_stores_child_and_session_and_opens_child_home(
    repo, app_main
):
    """Ny session with initials creates the child, its session, and opens /barn."""
    with Harness(app_main) as h:
        h.type("child-name", "A. B.")
        h.type("case-ref", "Ärende 12")
        h.click("start-session")
        assert h.route == "/barn"
        assert h.exists("exercise-grid")
    (child,) = repo.list_children()
    assert (child.display_name, child.case_ref) == ("A. B.", "Ärende 12")
    assert len(repo.sessions(child.id)) == 1
    assert repo.active() == (child.id, repo.sessions(child.id)[0].id)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Skriv ett namn eller initialer."),
        ("   \t ", "Skriv ett namn eller initialer."),
        ("\u0000\u0007", "Skriv ett namn eller initialer."),
        ("x" * 10_000, "Texten är för lång: högst 60 tecken."),
    ],
    ids=["empty", "blank", "control-chars", "ten-thousand-chars"],
)
def test_bad_names_get_a_clear_message_and_create_nothing(
    repo, app_main, typed, message
):
    """Nothing is stored and the adult is told what to do, in Swedish."""
    with Harness(app_main) as h:
        h.type("child-name", typed)
        h.click("start-session")
        assert h.route == "/"
        assert h.find("child-name").error == message
    assert repo.list_children() == []


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  علي  حسن ", "علي حسن"),
        ("Zoë 🙂", "Zoë 🙂"),
        ("Ли\nна", "Ли на"),
    ],
    ids=["rtl", "emoji", "newline"],
)
def test_names_in_any_script_are_kept_and_tidied(repo, app_main, typed, stored):
    """RTL text and emoji are accepted; stray white space is folded."""
    with Harness(app_main) as h:
        h.type("child-name", typed)
        h.click("start-session")
        assert h.route == "/barn"
    assert [c.display_name for c in repo.list_children()] == [stored]


def test_an_existing_child_is_listed_and_reopens_its_latest_session(repo, app_main):
    """Tapping a listed child continues its session rather than starting anew."""
    with Harness(app_main) as h:
        h.type("child-name", "C")
        h.click("start-session")
    (child,) = repo.list_children()
    (session,) = repo.sessions(child.id)
    repo.clear_active()
    with Harness(app_main) as h:
        assert "C" in h.texts()
        h.click(f"child-{child.id}")
        assert h.route == "/barn"
    assert repo.active() == (child.id, session.id)
    assert len(repo.sessions(child.id)) == 1


def test_a_damaged_child_file_is_reported_kept_aside_and_its_backup_offered(
    repo, app_main
):
    """A garbled file is never read as empty: the backup is offered instead."""
    child = Child.new("D")
    repo.add_child(child)  # writes the file twice: the .bak holds a good copy
    from app.domain.models import Session

    repo.save_session(Session.new(child.id))
    path = repo.child_path(child.id)
    path.write_bytes(b'{"child": {"1": {"id"')  # cut short, as by a crash
    with Harness(app_main) as h:
        h.click(f"child-{child.id}")
        assert h.exists("corrupt-notice")
        assert h.route == "/"
        h.click("restore-backup")
        assert "Den senaste säkerhetskopian används nu." in " ".join(h.texts())
    assert repo.get_child(child.id) == child
    kept = list(path.parent.glob(f"{path.name}.corrupt-*"))
    assert [p.read_bytes() for p in kept] == [b'{"child": {"1": {"id"']


def test_a_damaged_index_is_reported_not_shown_as_no_children(repo, app_main):
    """An unreadable index never looks like an empty list of children."""
    repo.add_child(Child.new("E"))
    repo.index_path.write_bytes(b"")
    with Harness(app_main) as h:
        assert h.exists("corrupt-notice")
        assert "Inga barn än." not in h.texts()


def test_about_credits_each_picture_set_with_its_licence(app_main):
    """*Om appen* names Fluent Emoji (MIT) and Twemoji (CC BY 4.0) with counts."""
    with Harness(app_main) as h:
        h.click("about")
        assert h.route == "/om"
        texts = " ".join(h.texts())
        assert "Fluent Emoji Flat — MIT" in texts
        assert "Twemoji — CC BY 4.0" in texts
        assert "Copyright (c) Microsoft Corporation" in texts
        h.click("about-back")
        assert h.route == "/"
