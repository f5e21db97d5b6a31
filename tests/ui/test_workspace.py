"""The counsellor's workspace: first run, PIN, children, bad input, damaged files."""

import pytest
from conftest import first_run, unlock
from harness import Harness

from app.domain.models import Child, Session


def test_first_run_sets_a_pin_shows_the_recovery_key_once_and_encrypts(repo, app_main):
    """Choose the PIN; the recovery key is shown once; the folder is encrypted."""
    with Harness(app_main) as h:
        key = first_run(h, "135790")
        assert len(key.replace("-", "").replace(" ", "")) >= 20
        assert not h.exists("add-child")
        h.click("recovery-confirmed")
        h.type("child-name", "Hemlig Elev")
        h.click("add-child")
    assert (repo.data_dir / "keys.json").exists()
    for path in repo.data_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"135790" not in data, path
            assert b"Hemlig Elev" not in data, path
            assert key.encode() not in data, path


def test_a_forgotten_pin_is_replaced_with_the_recovery_key(repo, app_main):
    """Recovery key + a new PIN open the workspace; the old PIN stops working."""
    with Harness(app_main) as h:
        key = first_run(h, "135790")
        h.click("recovery-confirmed")
        h.type("child-name", "K")
        h.click("add-child")
    repo.vault = None  # a restart: the keys are no longer in memory
    with Harness(app_main) as h:
        h.click("forgot-pin")
        h.type("recovery-input", "fel-nyckel")
        h.type("recovery-new-pin", "246802")
        h.click("recovery-submit")
        assert h.find("recovery-new-pin").error == "Återställningsnyckeln stämmer inte."
        h.type("recovery-input", key)
        h.type("recovery-new-pin", "246802")
        h.click("recovery-submit")
        assert h.exists("add-child")
        assert "K" in h.texts()
    repo.vault = None
    with Harness(app_main) as h:
        unlock(h, "135790")
        assert not h.exists("add-child")
        unlock(h, "246802")
        assert h.exists("add-child")


@pytest.mark.parametrize(
    ("first", "again", "message"),
    [
        ("12345", "12345", "PIN-koden måste ha minst 6 siffror."),
        ("kort", "kort", "Lösenfrasen måste ha minst 8 tecken."),
        (
            "135790",
            "135791",
            "De två koderna är inte lika. Skriv samma kod två gånger.",
        ),
    ],
    ids=["short-pin", "short-passphrase", "mismatch"],
)
def test_a_weak_or_mistyped_first_pin_is_refused_with_a_reason(
    repo, app_main, first, again, message
):
    """The PIN is not stored and the adult is told why."""
    with Harness(app_main) as h:
        h.type("pin-new", first)
        h.type("pin-repeat", again)
        h.click("pin-save")
        assert h.find("pin-repeat").error == message
    assert repo.get_setting("pin_hash") is None


def test_the_workspace_stays_locked_until_the_right_pin(pinned, app_main):
    """A wrong PIN says so; the right one opens the workspace."""
    with Harness(app_main) as h:
        assert not h.exists("add-child")
        unlock(h, "000000")
        assert h.find("pin").error == "Fel PIN-kod. Försök igen."
        assert not h.exists("add-child")
        unlock(h)
        assert h.exists("add-child")


def test_pin_brute_force_in_the_ui_hits_a_growing_wait(pinned, app_main):
    """After three misses the screen asks to wait, even for the right PIN."""
    with Harness(app_main) as h:
        for _ in range(3):
            unlock(h, "111111")
        unlock(h)
        assert "Vänta" in h.find("pin").error
        assert not h.exists("add-child")


def test_adding_a_child_opens_its_page(repo, pinned, app_main):
    """Nytt barn with initials and a case reference creates the child, no session."""
    with Harness(app_main) as h:
        unlock(h)
        h.type("child-name", "A. B.")
        h.type("case-ref", "Ärende 12")
        h.click("add-child")
        (child,) = repo.list_children()
        assert h.route == f"/arbete/barn/{child.id}"
    assert (child.display_name, child.case_ref) == ("A. B.", "Ärende 12")
    assert repo.sessions(child.id) == []


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
    repo, pinned, app_main, typed, message
):
    """Nothing is stored and the adult is told what to do, in Swedish."""
    with Harness(app_main) as h:
        unlock(h)
        h.type("child-name", typed)
        h.click("add-child")
        assert h.route == "/"
        assert h.find("child-name").error == message
    assert repo.list_children() == []


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("  علي  حسن ", "علي حسن"), ("Zoë 🙂", "Zoë 🙂"), ("Ли\nна", "Ли на")],
    ids=["rtl", "emoji", "newline"],
)
def test_names_in_any_script_are_kept_and_tidied(repo, pinned, app_main, typed, stored):
    """RTL text and emoji are accepted; stray white space is folded."""
    with Harness(app_main) as h:
        unlock(h)
        h.type("child-name", typed)
        h.click("add-child")
    assert [c.display_name for c in repo.list_children()] == [stored]


def test_search_finds_children_by_name_or_case_reference(repo, pinned, app_main):
    """Typing part of the initials or the case reference narrows the list."""
    a, b = Child.new("A. B.", "Ärende 12"), Child.new("C. D.", "Ärende 40")
    repo.add_child(a)
    repo.add_child(b)
    with Harness(app_main) as h:
        unlock(h)
        assert h.exists(f"child-{a.id}")
        assert h.exists(f"child-{b.id}")
        h.type("search", "40")
        assert not h.exists(f"child-{a.id}")
        assert h.exists(f"child-{b.id}")
        h.type("search", "a. b")
        assert h.exists(f"child-{a.id}")
        assert not h.exists(f"child-{b.id}")


def test_the_lock_button_locks_the_workspace_at_once(pinned, app_main):
    """*Lås* hides the workspace behind the PIN again."""
    with Harness(app_main) as h:
        unlock(h)
        h.click("lock-workspace")
        assert h.exists("pin")
        assert not h.exists("add-child")


def test_the_workspace_locks_itself_after_the_idle_time(repo, pinned):
    """Left alone longer than the setting (default 5 min), it asks for the PIN."""
    from conftest import FAST_HASHER

    from app.ui.app import build_main

    now = [1_000_000.0]
    main = build_main(repo, hasher=FAST_HASHER, idle_watch=False, clock=lambda: now[0])
    with Harness(main) as h:
        unlock(h)
        now[0] += 299
        h.navigate("/om")
        h.navigate("/")
        assert h.exists("add-child")
        now[0] += 301
        h.navigate("/om")
        h.navigate("/")
        assert h.exists("pin")


def test_idle_watch_locks_an_unattended_screen(repo, pinned):
    """The background check locks a workspace nobody touches, without a click."""
    from conftest import FAST_HASHER

    from app.ui.app import build_main, lock_if_idle

    now = [1_000_000.0]
    main = build_main(repo, hasher=FAST_HASHER, idle_watch=False, clock=lambda: now[0])
    with Harness(main) as h:
        unlock(h)
        assert h.exists("add-child")
        now[0] += 299
        h.run_in_app(lambda: lock_if_idle(h.page.data))
        assert h.exists("add-child")
        now[0] += 2
        # What watch_idle does every few seconds:
        h.run_in_app(lambda: lock_if_idle(h.page.data))
        assert h.exists("pin")


def test_about_credits_each_picture_set_with_its_licence(pinned, app_main):
    """*Om appen* names Fluent Emoji (MIT) and Twemoji (CC BY 4.0) with counts."""
    with Harness(app_main) as h:
        unlock(h)
        h.click("about")
        assert h.route == "/om"
        texts = " ".join(h.texts())
        assert "Fluent Emoji Flat — MIT" in texts
        assert "Twemoji — CC BY 4.0" in texts
        assert "Copyright (c) Microsoft Corporation" in texts
        h.click("about-back")
        assert h.route == "/"


def test_a_damaged_child_file_is_reported_kept_aside_and_its_backup_offered(
    repo, pinned, app_main
):
    """A garbled file is never read as empty: the backup is offered instead."""
    child = Child.new("D")
    repo.add_child(child)
    repo.save_session(Session.new(child.id))  # the .bak holds a good copy
    path = repo.child_path(child.id)
    path.write_bytes(b'{"child": {"1": {"id"')  # cut short, as by a crash
    with Harness(app_main) as h:
        unlock(h)
        h.click(f"child-{child.id}")
        assert h.exists("corrupt-notice")
        h.click("restore-backup")
        assert "Den senaste säkerhetskopian används nu." in " ".join(h.texts())
    assert repo.get_child(child.id) == child
    kept = list(path.parent.glob(f"{path.name}.corrupt-*"))
    assert [p.read_bytes() for p in kept] == [b'{"child": {"1": {"id"']


def test_a_damaged_index_is_reported_not_shown_as_no_children(repo, pinned, app_main):
    """An unreadable index never looks like an empty list of children.

    The notice comes before the PIN: child mode is recorded in the index, so
    nothing can be shown until it is readable, and restoring reveals nothing.
    """
    repo.add_child(Child.new("E"))
    repo.index_path.write_bytes(repo.index_path.read_bytes()[:-9])
    with Harness(app_main) as h:
        assert h.exists("corrupt-notice")
        assert "Inga barn än." not in h.texts()


def test_the_counsellor_adds_the_word_to_a_picture_only_own_item(
    repo, pinned, app_main
):
    """The child's page lists own items chosen by picture alone; a word saved
    there names the item as the counsellor's word."""
    from dataclasses import replace

    from app.domain.models import GridAnswers, Level, Origin, make_custom_item

    child = Child.new("I. J.")
    repo.add_child(child)
    item = make_custom_item("", "pet")
    session = replace(
        Session.new(child.id), grid=GridAnswers().add_custom(item, Level.FUN)
    )
    repo.save_session(session)
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.type(f"own-word-{item.id}", "Rida")
        h.click(f"save-own-word-{item.id}")
        assert not h.exists(f"own-word-{item.id}")
    (own,) = repo.sessions(child.id)[0].grid.custom_items
    assert (own.label, own.named_by) == ("Rida", Origin.COUNSELLOR)


def test_the_workspace_home_shows_whats_coming_and_opens_the_meeting(
    repo, pinned, app_main
):
    """*Kommande* lists the next meeting and a due follow-up with the child's
    name; a tap on the meeting opens its page with the agenda."""
    from datetime import date, timedelta

    from app.domain.meeting import PlanOwner

    child = Child.new("K. O.")
    repo.add_child(child)
    today = date.today()
    repo.update_plan(
        child.id,
        lambda p: p.add_point(
            PlanOwner.SCHOOL, "Lugn plats på rasten", follow_up=today + timedelta(3)
        ).set_next_meeting(today + timedelta(20), "", "Biblioteket"),
    )
    repo.save_session(Session.new(child.id))
    with Harness(app_main) as h:
        unlock(h)
        first, second = h.find("upcoming-0"), h.find("upcoming-1")
        assert first.subtitle.value == "Följ upp: Lugn plats på rasten"
        assert first.title.value.startswith("K. O. · ")
        assert second.subtitle.value == "Möte: Biblioteket"
        h.click("upcoming-1")
        assert h.route == f"/arbete/barn/{child.id}/mote"
        assert h.exists("agenda")
