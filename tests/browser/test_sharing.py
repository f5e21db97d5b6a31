"""The child decides who hears what, end to end in a touch browser (#19)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app.domain.models import Recipient
from app.export.service import ConsentMissing, ExportRequest, export_session
from app.storage.crypto import Vault
from app.storage.repository import Repository
from tests.browser.flutter import (
    BROWSER_PIN,
    LOAD_TIMEOUT_MS,
    button,
    choose_pin,
    expect_text,
    fill,
    open_app,
    tap,
)
from tests.browser.server import read_encrypted

PLACES_QUESTION = "Välj bilder på var du är på dagarna."


def stored(data_dir):
    """The child's file on disk: its only session and its consent table."""
    (path,) = (data_dir / "children").glob("*.json")
    doc = read_encrypted(data_dir, path, BROWSER_PIN)
    (session,) = doc["sessions"].values()
    (consent,) = doc["consent"].values()
    return session, consent


def check(page, name: str) -> None:
    """Tick the checkbox labelled ``name`` on the consent form."""
    box = page.get_by_role("checkbox", name=name).first
    expect(box).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    box.click()
    expect(box).to_be_checked(timeout=10_000)


def pick_recipient(page, name: str) -> None:
    """Choose ``name`` in the export panel's *Mottagare* menu."""
    tap(page, "Mottagare: Egen journal")
    tap(page, name)  # the menu's items are buttons
    expect(button(page, f"Mottagare: {name}")).to_be_visible(timeout=LOAD_TIMEOUT_MS)


def test_the_child_keeps_an_answer_from_the_parents_and_one_for_themself(
    server, tablet
):
    """Consent for Skolan and Föräldrarna; the child hides *Matte* from
    Föräldrarna on *Vem får veta?* and locks a day answer on the spot; the files
    on disk hold both; the school's and the parents' exports differ exactly so;
    BUP, without consent, is refused with the reason."""
    page = tablet
    open_app(page, server.url)
    choose_pin(page)
    tap(page, "Jag har sparat nyckeln")
    fill(page, "Barnets namn eller initialer", "T. E.")
    tap(page, "Lägg till")
    # Consent on the child, before the first session.
    tap(page, "Samtycke")
    check(page, "Barnet")
    check(page, "Båda vårdnadshavarna")
    check(page, "Skolan")
    check(page, "Föräldrarna/vårdnadshavarna")
    tap(page, "Spara samtycke")
    tap(page, "Ny session")
    expect_text(page, "Gäller samtycket fortfarande?")
    tap(page, "Ja, det gäller – starta barnläget")

    # The child: two grid answers, one day answer made Bara för mig on the spot.
    tap(page, "Det här är jag bra på", touch=True)
    tap(page, "Roligt", touch=True)
    tap(page, "Matte", touch=True)
    tap(page, "Musik", touch=True)
    tap(page, "Tillbaka", touch=True)
    open_app(page, server.url + "/barn/dag/places.day")
    tap(page, "Hemma", touch=True)
    tap(page, f"Bara för mig: {PLACES_QUESTION}", touch=True, role="switch")
    expect(
        page.get_by_role("switch", name=f"Bara för mig: {PLACES_QUESTION}")
    ).to_be_checked(timeout=10_000)

    # Vem får veta?: not to the parents, beside Matte.
    open_app(page, server.url + "/barn")
    tap(page, "Vem får veta?", touch=True)
    tap(page, "Föräldrarna/vårdnadshavarna får veta: Matte", touch=True, role="switch")
    expect(
        page.get_by_role(
            "switch", name="Föräldrarna/vårdnadshavarna får inte veta: Matte"
        )
    ).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    tap(page, "Klart", touch=True)
    expect_text(page, "Det här är bara ditt")
    expect_text(page, "Det här får Skolan veta")

    session, consent = stored(server.data_dir)
    assert session["not_to"] == {"grid:maths": ["parents"]}
    assert session["private"] == ["day:places.day"]
    (given,) = consent["consents"]
    assert given["recipients"] == ["school", "parents"]
    assert consent["confirmations"][0]["session_id"] == session["id"]

    # The counsellor: an export to BUP, without consent, is refused with why.
    open_app(page, server.url + "/las-upp")
    fill(page, "PIN-kod", BROWSER_PIN)
    tap(page, "Lås upp")
    tap(page, "Exportera")
    pick_recipient(page, "BUP")
    tap(page, "PDF")
    expect_text(page, "Svaren kan inte exporteras till BUP")

    # The exports, made from the same data folder once the server has stopped.
    server.stop()
    repo = Repository(server.data_dir, vault=Vault.unlock(server.data_dir, BROWSER_PIN))
    (child,) = repo.list_children()

    def text(recipient: Recipient) -> str:
        request = ExportRequest(fmt="text", recipient=recipient)
        return export_session(repo, child.id, session["id"], request).data.decode()

    school, parents = text(Recipient.SCHOOL), text(Recipient.PARENTS)
    assert "matte" in school.lower()
    assert "matte" not in parents.lower()
    for both in (school, parents):
        assert "musik" in both.lower()
        assert "hemma" not in both.lower()
    assert "1 av elevens svar finns inte med" in school
    assert "2 av elevens svar finns inte med" in parents
    with pytest.raises(ConsentMissing, match="BUP: det finns inget samtycke"):
        text(Recipient.BUP)
