"""Child mode: nothing a child can do reaches the workspace or another child."""

import pytest
from conftest import FAST_HASHER, PIN, unlock
from harness import Harness

from app.domain.models import Child, Recipient, Session
from app.ui.app import build_main


@pytest.fixture
def other_child(repo):
    """Another child whose page must stay out of reach."""
    child = Child.new("Annan Elev", "Ärende 99")
    repo.add_child(child)
    repo.save_session(Session.new(child.id))
    return child


@pytest.mark.parametrize(
    "route",
    ["/", "/arbete/barn/{other}", "/arbete/barn/{own}", "/nonexistent/../"],
    ids=["workspace-url", "other-childs-url", "own-case-url", "dot-dot-url"],
)
def test_escape_by_editing_the_url_lands_back_on_the_child_home(
    repo, active, other_child, app_main, route
):
    """Typing a workspace URL in child mode shows the child's home, nothing else."""
    child, _ = active
    with Harness(app_main, route="/barn") as h:
        h.navigate(route.format(other=other_child.id, own=child.id))
        assert h.route == "/barn"
        assert h.exists("exercise-grid")
        texts = " ".join(h.texts())
        assert "Annan Elev" not in texts
        assert "Ärende 99" not in texts


def test_escape_by_reloading_the_page_stays_in_child_mode(active, app_main):
    """A reload (a new browser session) at / still shows only the child's home."""
    with Harness(app_main, route="/") as h:
        assert h.route == "/barn"
        assert not h.exists("add-child")


def test_escape_by_the_back_button_stays_in_child_mode(active, app_main):
    """Going back in history to the workspace URL redirects to the child again."""
    with Harness(app_main, route="/barn/bra-pa") as h:
        h.navigate("/")  # the browser's back button reloads the previous URL
        assert h.route == "/barn"


def test_escape_by_the_lock_button_needs_the_pin(repo, active, app_main):
    """The small lock leads to a PIN screen; a wrong PIN keeps child mode."""
    child, session = active
    with Harness(app_main, route="/barn") as h:
        h.click("child-lock")
        assert h.route == "/las-upp"
        unlock(h, "000000")
        assert h.find("pin").error == "Fel PIN-kod. Försök igen."
        assert repo.active() == (child.id, session.id)
        h.click("back-to-child")
        assert h.route == "/barn"


def test_escape_by_guessing_pins_slows_down(repo, active, app_main):
    """Brute force from child mode meets the same growing wait."""
    with Harness(app_main, route="/las-upp") as h:
        for guess in ("111111", "222222", "333333"):
            unlock(h, guess)
        unlock(h)
        assert "Vänta" in h.find("pin").error
    assert repo.active() is not None


def test_the_right_pin_ends_child_mode_and_opens_that_childs_page(
    repo, active, app_main
):
    """With the PIN, the counsellor is back on the child's page in the workspace."""
    child, _ = active
    with Harness(app_main, route="/las-upp") as h:
        unlock(h)
        assert h.route == f"/arbete/barn/{child.id}"
        assert h.exists("new-session")
    assert repo.active() is None


def test_child_mode_never_times_out(repo, active):
    """Hours later the child's screen is still the child's screen."""
    now = [1_000_000.0]
    main = build_main(repo, hasher=FAST_HASHER, idle_watch=False, clock=lambda: now[0])
    with Harness(main, route="/barn/bra-pa") as h:
        now[0] += 6 * 3600
        h.click("tile-maths")
        h.navigate("/barn")
        assert h.exists("exercise-grid")
    assert repo.active() is not None


def test_starting_a_session_reminds_of_consent_then_hands_over(repo, pinned, app_main):
    """*Ny session* first shows the consent reminder; *Starta barnläget* hands over."""
    child = Child.new("F")
    repo.add_child(child)
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click("new-session")
        assert "Påminn om samtycket" in " ".join(h.texts())
        h.click("confirm-start")
        assert h.route == "/barn"
        assert h.exists("exercise-grid")
    (session,) = repo.sessions(child.id)
    assert repo.active() == (child.id, session.id)


def test_consent_is_recorded_per_recipient_and_can_be_withdrawn(repo, active, app_main):
    """Child + guardians consent to Skolan and BUP on the child's page;
    withdrawing keeps the record, in the history."""
    child, _session = active
    repo.clear_active()
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click("open-consent")
        h.click("consent-save")
        assert h.find("consent-error").value == "Välj vem som har gett samtycket."
        h.type("giver-child", True)
        h.type("giver-guardians", True)
        h.click("consent-save")
        assert h.find("consent-error").value == "Välj minst en mottagare."
        h.type("recipient-school", True)
        h.type("recipient-bup", True)
        h.click("consent-save")
        assert "Samtycke: BUP och Skolan" in h.texts()
    (consent,) = repo.load_consent(child.id).consents
    assert [r.value for r in consent.recipients] == ["school", "bup"]
    assert consent.active
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click("open-consent")
        h.click(f"withdraw-{consent.id}")
        assert "Inget samtycke: bara egen journal." in h.texts()
    (withdrawn,) = repo.load_consent(child.id).consents
    assert withdrawn.withdrawn_at is not None


def test_consent_given_before_the_first_session_is_confirmed_in_one_tap(
    repo, pinned, app_main
):
    """Consent recorded on a child with no session; *Ny session* asks *Gäller
    samtycket fortfarande?*, and one tap starts the session with it confirmed."""
    child = Child.new("F")
    repo.add_child(child)
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click("open-consent")
        h.type("giver-guardians", True)
        h.type("recipient-parents", True)
        h.click("consent-save")
        h.click("new-session")
        assert "Gäller samtycket fortfarande?" in h.texts()
        h.click("confirm-start")
        assert h.route == "/barn"
    (session,) = repo.sessions(child.id)
    record = repo.load_consent(child.id)
    assert record.confirmed_for(session.id)
    assert record.covers(Recipient.PARENTS)


def test_one_recipient_is_taken_out_of_a_consent_at_once(repo, active, app_main):
    """*Inte längre till Föräldrarna*: the parents lose consent now, the school
    keeps it, and the history shows the change."""
    child, _session = active
    repo.clear_active()
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click("open-consent")
        h.type("giver-child", True)
        h.type("recipient-school", True)
        h.type("recipient-parents", True)
        h.click("consent-save")
        (consent,) = repo.load_consent(child.id).consents
        h.click("open-consent")
        h.click(f"stop-{consent.id}-parents")
        assert h.exists("consent-history")
    record = repo.load_consent(child.id)
    assert record.covers(Recipient.SCHOOL)
    assert not record.covers(Recipient.PARENTS)
    assert record.withdrawn_for(Recipient.PARENTS)


def test_counsellor_notes_are_saved_apart_from_the_childs_answers(
    repo, active, app_main
):
    """Notes go to Session.notes; the grid and day answers are untouched."""
    child, session = active
    repo.clear_active()
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.type(f"notes-{session.id}", "Ta upp rasterna på mötet.")
        h.click(f"save-notes-{session.id}")
        assert "Sparat." in h.texts()
    stored = repo.get_session(child.id, session.id)
    assert stored.notes == "Ta upp rasterna på mötet."
    assert stored.grid == session.grid
    assert stored.day == session.day


def test_erasing_a_child_names_what_is_lost_and_removes_every_file(
    repo, active, app_main
):
    """The confirmation names the child and the count; files and backups go."""
    child, _ = active
    repo.clear_active()
    path = repo.child_path(child.id)
    assert path.with_name(path.name + ".bak").exists()
    with Harness(app_main, route=f"/arbete/barn/{child.id}") as h:
        unlock(h)
        h.click("erase-child")
        text = " ".join(h.texts())
        assert "Radera T. E.?" in text
        assert "1 session med svar, anteckningar och samtycken" in text
        h.click("erase-confirm")
        assert h.route == "/"
    assert list(repo.children_dir.glob(f"{child.id}*")) == []
    assert repo.list_children() == []


def test_review_marks_answers_private_and_the_session_reviewed(repo, active, app_main):
    """*Bara för mig* is kept per answer; *Det stämmer* records the review."""
    child, session = active
    with Harness(app_main, route="/barn/bra-pa") as h:
        h.click("pen-dislike")
        h.click("tile-speak_in_class")
        h.navigate("/barn/granska")
        h.click("private-grid:speak_in_class")
        h.click("review-done")
        assert h.exists("review-thanks")
    stored = repo.get_session(child.id, session.id)
    assert stored.private == frozenset({"grid:speak_in_class"})
    assert stored.reviewed_at is not None


def test_the_audit_log_never_holds_names_or_answers(repo, pinned, app_main):
    """A whole flow leaves who/what/when and ids in the log, no name or answer."""
    with Harness(app_main) as h:
        unlock(h)
        h.type("child-name", "Namn Efternamn")
        h.type("case-ref", "Ärende 55")
        h.click("add-child")
        h.click("new-session")
        h.click("confirm-start")
        h.navigate("/barn/bra-pa")
        h.click("tile-maths")
        h.navigate("/las-upp")
        unlock(h, "999999")
        unlock(h)
        h.click("erase-child")
        h.click("erase-confirm")
    log = (repo.data_dir / "audit.log").read_text(encoding="utf-8")
    for secret in ("Namn", "Efternamn", "Ärende 55", "maths", "Matte", "999999", PIN):
        assert secret not in log, secret
    actions = [line.split('"action": "')[1].split('"')[0] for line in log.splitlines()]
    assert actions[:3] == ["pin_set", "unlocked", "child_created"]
    assert "child_erased" in actions
    assert "unlock_failed" in actions
