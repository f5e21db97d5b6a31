"""*Vem får veta?*, the locks on the spot and the telling-back (#19)."""

from dataclasses import replace
from datetime import UTC, datetime

from conftest import texts_under
from harness import Harness

from app.domain.models import (
    Consent,
    ConsentGiver,
    Level,
    PromptAnswer,
    Recipient,
)
from app.export.service import ExportRequest, export_session

SHARE = "/barn/vem-far-veta"
TOLD = "/barn/vem-far-veta/sa-blir-det"


def seed(repo, active, *recipients: Recipient):
    """Two marked tiles, one day answer, and consent for ``recipients``."""
    child, session = active
    grid = session.grid.toggle("maths", Level.FUN).toggle("music", Level.GOOD_AT)
    day = replace(
        session.day, answers={"places.more": PromptAnswer(picks=("library",))}
    )
    repo.save_session(replace(session, grid=grid, day=day))
    consent = Consent(
        id="c1",
        given_by=(ConsentGiver.GUARDIANS,),
        recipients=recipients,
        given_at=datetime(2026, 9, 1, tzinfo=UTC),
    )
    repo.update_consent(child.id, lambda r: r.give(consent))


def test_the_cards_show_only_the_recipients_the_consent_allows(repo, active, app_main):
    """Consent for Skolan and Föräldrarna: two cards, no BUP card."""
    seed(repo, active, Recipient.SCHOOL, Recipient.PARENTS)
    with Harness(app_main, route=SHARE) as h:
        assert h.exists("recipient-card-school")
        assert h.exists("recipient-card-parents")
        assert not h.exists("recipient-card-bup")
        assert not h.exists("recipient-card-none")


def test_no_consent_tells_the_child_nobody_else_will_know(repo, active, app_main):
    """Without consent the child sees that what they said stays here."""
    seed(repo, active)
    child, _session = active
    repo.update_consent(child.id, lambda r: r.withdraw("c1", datetime.now(UTC)))
    with Harness(app_main, route=SHARE) as h:
        assert h.exists("recipient-card-none")
        assert not h.exists("tell-school-grid:maths")


def test_not_to_the_parents_is_one_tap_and_reaches_the_export(repo, active, app_main):
    """One tap on the parents beside *Matte*: stored as *not to Föräldrarna*;
    the parents' export lacks it, the school's has it."""
    seed(repo, active, Recipient.SCHOOL, Recipient.PARENTS)
    child, session = active
    with Harness(app_main, route=SHARE) as h:
        h.click("tell-parents-grid:maths")
    (stored,) = repo.sessions(child.id)
    assert stored.not_to == {"grid:maths": frozenset({Recipient.PARENTS})}

    def text(r: Recipient) -> str:
        request = ExportRequest(fmt="text", recipient=r)
        return export_session(repo, child.id, session.id, request).data.decode()

    assert "matte" in text(Recipient.SCHOOL).lower()
    assert "matte" not in text(Recipient.PARENTS).lower()


def test_a_whole_exercise_is_kept_private_in_one_tap(repo, active, app_main):
    """*Bara för mig* on the grid: every grid answer private, the day's not."""
    seed(repo, active, Recipient.SCHOOL)
    child, _session = active
    with Harness(app_main, route=SHARE) as h:
        h.click("share-private-grid")
    (stored,) = repo.sessions(child.id)
    assert stored.private == {"grid:maths", "grid:music"}


def test_the_lock_on_a_grid_tile_keeps_that_answer_private(repo, active, app_main):
    """The lock on a marked tile, on the grid itself: *Bara för mig* at once."""
    seed(repo, active, Recipient.SCHOOL)
    child, _session = active
    with Harness(app_main, route="/barn/bra-pa") as h:
        assert not h.exists("lock-grid:pe")
        h.click("lock-grid:maths")
    (stored,) = repo.sessions(child.id)
    assert stored.private == {"grid:maths"}


def test_the_lock_beside_a_question_of_the_day_keeps_it_private(repo, active, app_main):
    """The lock beside the day's question: that answer becomes *Bara för mig*;
    the step's *Ångra* takes it back."""
    seed(repo, active, Recipient.SCHOOL)
    child, _session = active
    with Harness(app_main, route="/barn/dag/places.more") as h:
        h.click("lock-day:places.more")
        (stored,) = repo.sessions(child.id)
        assert stored.private == {"day:places.more"}
        h.click("undo")
    (stored,) = repo.sessions(child.id)
    assert stored.private == frozenset()


def test_the_telling_back_shows_each_recipient_what_it_gets(repo, active, app_main):
    """The school's band has *Matte*, the parents' has not, and *Matte* is in
    neither when it is *Bara för mig* — then it is in the child's own band."""
    seed(repo, active, Recipient.SCHOOL, Recipient.PARENTS)
    with Harness(app_main, route=SHARE) as h:
        h.click("tell-parents-grid:maths")
        h.click("share-done")
        assert h.route == TOLD
        school = " ".join(texts_under(h.find("told-school")))
        parents = texts_under(h.find("told-parents"))
        assert "Matte" in school
        assert not h.exists("kept-school-grid:maths")
        # Matte is in the parents' band only as what they do not get.
        assert parents.count("Matte") == 1
        assert texts_under(h.find("kept-parents-grid:maths")) == ["Matte"]
        assert "Musik" in parents
        assert "Det här är bara ditt" in h.texts()


def test_after_the_review_the_child_goes_on_to_who_gets_to_know(repo, active, app_main):
    """*Det stämmer* leads on to *Vem får veta?* (after the exercises and the
    review, before the tablet goes back)."""
    seed(repo, active, Recipient.SCHOOL)
    with Harness(app_main, route="/barn/granska") as h:
        assert not h.exists("review-to-share")
        h.click("review-done")
        h.click("review-to-share")
        assert h.route == SHARE
        assert h.exists("recipient-card-school")
