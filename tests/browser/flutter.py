"""Drive a Flet (Flutter web) page through its accessibility tree.

Flutter paints on a canvas; once its semantics are switched on, every control
with a semantics label becomes a DOM node with a role and a name, so tests can
find "Matte" the way a screen reader would and tap it where it is drawn.
"""

from __future__ import annotations

import re

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

LOAD_TIMEOUT_MS = 60_000


def open_app(page: Page, url: str) -> None:
    """Load the app and switch on Flutter's semantics tree."""
    page.goto(url, wait_until="load")
    enable_semantics(page)


def enable_semantics(page: Page) -> None:
    """Click Flutter's hidden 'Enable accessibility' placeholder once it exists."""
    placeholder = page.locator("flt-semantics-placeholder")
    placeholder.wait_for(state="attached", timeout=LOAD_TIMEOUT_MS)
    page.evaluate("document.querySelector('flt-semantics-placeholder').click()")
    page.locator("flt-semantics").first.wait_for(
        state="attached", timeout=LOAD_TIMEOUT_MS
    )


def button(page: Page, name: str) -> Locator:
    """The button whose accessible name is exactly ``name``."""
    # The name may be followed by the control's value (a tile's marks); JS regex
    # word boundaries are ASCII-only, so "på" needs an explicit end. Playwright
    # writes the pattern as /…/, so a slash ("Rita/måla") is escaped too.
    escaped = re.escape(name).replace("/", r"\/")
    return page.get_by_role("button", name=re.compile(rf"^{escaped}(\s|$)"))


def switch(page: Page, name: str) -> Locator:
    """The switch (a toggle: *Bara för mig*, a recipient) named exactly ``name``."""
    return page.get_by_role("switch", name=name, exact=True)


def tap(page: Page, name: str, *, touch: bool = False, role: str = "button") -> None:
    """Tap the centre of the button named ``name`` (a finger tap when ``touch``;
    ``role="switch"``: the toggle named exactly ``name``).

    Flutter rebuilds its semantics nodes after every change, so a node found a
    moment ago may be replaced; the lookup is simply tried again.
    """
    for attempt in range(5):
        target = (switch(page, name) if role == "switch" else button(page, name)).first
        expect(target).to_be_visible(timeout=LOAD_TIMEOUT_MS)
        try:
            target.scroll_into_view_if_needed(timeout=5_000)
            box = target.bounding_box()
        except PlaywrightError:
            if attempt == 4:
                raise
            page.wait_for_timeout(200)
            continue
        if box is not None:
            break
        page.wait_for_timeout(200)
    assert box is not None, name
    box = _settled(target, box)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    if touch:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)


def _settled(target: Locator, box: dict) -> dict:
    """``box`` once Flutter has finished moving the node (a scroll into view
    reaches the semantics tree a frame later; a tap at the old place misses)."""
    for _attempt in range(10):
        target.page.wait_for_timeout(50)
        try:
            again = target.bounding_box()
        except PlaywrightError:
            return box
        if again is None or again == box:
            return box
        box = again
    return box


def fill(page: Page, label: str, text: str) -> None:
    """Type into the text field labelled ``label``, key by key, as a person types.

    Text put in at once (Playwright's ``fill``) has been seen, now and then on
    a busy machine, to show in the field and never reach the server (a PIN
    refused at /las-upp, a benchmark's own-item word never heard), which no
    check of the page can see; typed key by key it always arrived.
    """
    field = page.get_by_role("textbox", name=label).first
    expect(field).to_be_visible(timeout=LOAD_TIMEOUT_MS)
    # On a busy machine Flutter may swap the focused text node for its editing
    # host just as the text arrives, and the text is dropped; a person would
    # see an empty field and type again, so the test does too.
    for attempt in range(6):
        field.click()
        field.fill("")
        field.press_sequentially(text, delay=30)
        try:
            expect(field).to_have_value(text, timeout=3_000)
        except AssertionError:
            if attempt == 5:
                raise
            page.wait_for_timeout(300)
            continue
        break
    # Flutter reports the change to the server after its next frame; give that
    # message a head start on the tap that usually follows.
    page.wait_for_timeout(600)


def expect_text(page: Page, text: str) -> None:
    """Wait until some node of the page reads ``text``."""
    expect(page.get_by_text(text, exact=False).first).to_be_attached(
        timeout=LOAD_TIMEOUT_MS
    )


BROWSER_PIN = "482913"


def choose_pin(page: Page, pin: str = BROWSER_PIN) -> None:
    """Choose the first PIN and wait for the recovery key (the data is encrypted).

    On a loaded 2-core CI machine Flutter has been seen to drop the repeated
    code after the field showed it, so the app rightly answers "De två koderna
    är inte lika"; a person would type the repeat again, and so does the test
    (at most three times; the PIN screen itself is tested in test_start.py).
    """
    fill(page, "PIN-kod eller lösenfras", pin)
    key_shown = page.get_by_text("Din återställningsnyckel", exact=False).first
    mismatch = page.get_by_text("De två koderna är inte lika", exact=False).first
    for attempt in range(3):
        fill(page, "Samma kod en gång till", pin)
        tap(page, "Spara PIN-kod")
        expect(key_shown.or_(mismatch)).to_be_attached(timeout=LOAD_TIMEOUT_MS)
        if key_shown.count() or attempt == 2:
            break
    expect(key_shown).to_be_attached(timeout=LOAD_TIMEOUT_MS)


def set_up_and_hand_over(page: Page, url: str, name: str = "T. E.") -> None:
    """First run to child mode: choose the PIN, add a child, start its session."""
    open_app(page, url)
    choose_pin(page)
    tap(page, "Jag har sparat nyckeln")
    fill(page, "Barnets namn eller initialer", name)
    tap(page, "Lägg till")
    tap(page, "Ny session")
    tap(page, "Starta barnläget")
    expect(button(page, "Det här är jag bra på")).to_be_visible(timeout=LOAD_TIMEOUT_MS)
