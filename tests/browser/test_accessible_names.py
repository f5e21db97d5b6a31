"""Every control a screen reader meets has a name, on every screen."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from app.domain import day as day_rules
from tests.browser.flutter import (
    BROWSER_PIN,
    button,
    fill,
    open_app,
    set_up_and_hand_over,
    tap,
)

UNNAMED = re.compile(
    r"^\s*- (button|switch|textbox|img|checkbox|combobox|slider|radio)\b(?! \")"
)
"""A line of Playwright's ARIA snapshot for a control with no accessible name."""

CHILD_ROUTES = (
    "/barn",
    "/barn/bra-pa",
    f"/barn/dag/{day_rules.STEPS[0]}",
    f"/barn/dag/{day_rules.STEPS[-1]}",
    "/barn/dag/klar",
    "/barn/granska",
    "/barn/vem-far-veta",
    "/barn/vem-far-veta/sa-blir-det",
    "/barn/infor-mote",
    "/barn/efter-motet",
    "/barn/sist",
    "/las-upp",
)
WORKSPACE_SUBPAGES = ("", "/plan", "/mote", "/historik", "/roster")
WORKSPACE_ROUTES = ("/arbete/logg", "/om", "/")


def unnamed(page: Page) -> list[str]:
    """The unnamed controls of the screen shown (once it has settled)."""
    page.wait_for_timeout(1500)
    snapshot = page.locator("body").aria_snapshot()
    assert snapshot.strip(), "the accessibility tree is empty"
    return [line.strip() for line in snapshot.splitlines() if UNNAMED.match(line)]


def test_no_screen_has_an_unnamed_button_switch_textbox_or_image(server, laptop):
    """Walk the child's and the counsellor's screens: every control is named."""
    page = laptop
    set_up_and_hand_over(page, server.url)
    tap(page, "Det här är jag bra på")
    # the grid has no pen picked at first: a tile is marked with a pen
    tap(page, "Roligt")
    tap(page, "Matte")
    expect(button(page, "Matte")).to_have_accessible_name("Matte Roligt")
    found: dict[str, list[str]] = {}
    for route in CHILD_ROUTES:
        open_app(page, server.url + route)
        found[route] = unnamed(page)
        if route == "/barn/granska":
            # each Bara för mig is named after the answer it keeps private
            private = page.get_by_role("switch", name="Bara för mig: Matte")
            expect(private).to_be_visible()
    fill(page, "PIN-kod", BROWSER_PIN)
    tap(page, "Lås upp")
    expect(button(page, "Ny session")).to_be_visible(timeout=60_000)
    child_page = page.url
    for sub in WORKSPACE_SUBPAGES:
        open_app(page, child_page + sub)
        found[child_page.split("/", 3)[-1] + sub] = unnamed(page)
    for route in WORKSPACE_ROUTES:
        open_app(page, server.url + route)
        found[route] = unnamed(page)
    assert {route: bad for route, bad in found.items() if bad} == {}
