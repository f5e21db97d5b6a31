"""Meeting sheets and the plan in the real browser."""

from playwright.sync_api import expect

from tests.browser.flutter import (
    BROWSER_PIN,
    button,
    expect_text,
    fill,
    open_app,
    set_up_and_hand_over,
    tap,
)
from tests.browser.server import read_encrypted


def open_workspace(page, url, marker):
    """Open a workspace URL; type the PIN if this tab's session is locked.

    Reloading a tab reconnects to the same Flet session, which may still be
    unlocked (the idle lock decides); a new tab always starts locked.
    """
    open_app(page, url)
    pin = page.get_by_role("textbox", name="PIN-kod")
    ready = page.get_by_text(marker).or_(pin)
    expect(ready.first).to_be_visible(timeout=30_000)
    if pin.count():
        fill(page, "PIN-kod", BROWSER_PIN)
        tap(page, "Lås upp")


def unlock_child_mode(page, url):
    """Leave child mode with the PIN (lands on the child's page)."""
    open_app(page, url + "/las-upp")
    fill(page, "PIN-kod", BROWSER_PIN)
    tap(page, "Lås upp")
    expect(button(page, "Ny session")).to_be_visible(timeout=30_000)


def test_before_meeting_is_shown_to_the_child_and_a_plan_opens_the_next_session(
    server, laptop
):
    """Inför möte → child view; a plan point → the next session starts with it."""
    set_up_and_hand_over(laptop, server.url, "Elev M")
    unlock_child_mode(laptop, server.url)
    child_url = laptop.url

    tap(laptop, "Inför och efter mötet")
    # Enter submits in the same field: the server gets the text before the add.
    fill(laptop, "Namn", "Lärare Lind")
    laptop.keyboard.press("Enter")
    expect_text(laptop, "Lärare: Lärare Lind")
    fill(laptop, "Egen punkt", "Rasterna")
    laptop.keyboard.press("Enter")
    expect_text(laptop, "• Rasterna")
    tap(laptop, "Visa Inför möte för barnet")
    expect_text(laptop, "Vi ska ha ett möte för att prata om hur vi kan hjälpa dig")
    expect_text(laptop, "Lärare Lind")
    expect_text(laptop, "Rasterna")
    assert laptop.url.endswith("/barn/infor-mote")

    unlock_child_mode(laptop, server.url)
    open_workspace(laptop, child_url + "/plan", "Skolan ska")
    fill(laptop, "Ny punkt", "Lugn plats på rasten")
    tap(laptop, "Lägg till punkt")
    expect_text(laptop, "Planerad")
    fill(laptop, "Barnets version (du-form)", "Du får en lugn plats på rasten.")
    tap(laptop, "Spara barnets version")
    expect_text(laptop, "Planerad")

    open_workspace(laptop, child_url, "Radera barnet")
    tap(laptop, "Ny session")
    tap(laptop, "Starta barnläget")
    expect_text(laptop, "Det här bestämde vi sist")
    expect_text(laptop, "Du får en lugn plats på rasten.")
    assert laptop.url.endswith("/barn/sist")

    (path,) = (server.data_dir / "children").glob("*.json")
    doc = read_encrypted(server.data_dir, path, BROWSER_PIN)
    assert len(doc["sessions"]) == 2
    (plan,) = doc["plan"].values()
    assert [p["text"] for p in plan["points"]] == ["Lugn plats på rasten"]
    assert plan["points"][0]["child_text"] == "Du får en lugn plats på rasten."
