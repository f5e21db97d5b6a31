"""Read-aloud in a real Chromium that lets media play only after a user gesture."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from app import speech
from app.i18n import NATIVE_NAMES, Translator
from app.speech import clip_name
from tests.browser.flutter import button, set_up_and_hand_over, tap
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS
from tools.make_voices import make_clip

LABELS = ("Matte", "Engelska", "Musik")
"""Three tiles in view on the first screen of the grid at 1280x800."""

# Every play() of a media element, and what became of it: the src once the
# browser has started playing, or the refusal (autoplay policy) if it did not.
WATCH_MEDIA = """
window.__played = [];
window.__refused = [];
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function (...args) {
  const element = this;
  const result = play.apply(element, args);
  Promise.resolve(result).then(
    () => window.__played.push(element.currentSrc || element.src),
    (error) => window.__refused.push(String(error)),
  );
  return result;
};
"""


def ensure_clips(language: str, texts: list[str]) -> None:
    """Make the clips these texts need if ``make voices`` has not (espeak-ng)."""
    for text in texts:
        target = speech.VOICES_DIR / language / clip_name(language, text)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            make_clip(language, text, target)


@pytest.fixture(scope="module")
def strict_browser(browser):
    """Chromium that refuses any media play not started by a user gesture
    (launched by the same Playwright as the suite's ``browser``)."""
    b = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, "--autoplay-policy=user-gesture-required"],
    )
    yield b
    b.close()


@pytest.fixture
def strict_tablet(strict_browser):
    """A touch tablet page in that browser, watching media and clip requests."""
    context = strict_browser.new_context(
        viewport={"width": 1280, "height": 800}, has_touch=True, is_mobile=True
    )
    context.add_init_script(WATCH_MEDIA)
    page = context.new_page()
    page.clip_requests = []
    page.on(
        "request",
        lambda r: page.clip_requests.append(r.url) if "/voices/" in r.url else None,
    )
    yield page
    context.close()


def until_played(page, count: int) -> list[str]:
    """What the page has played once it has played ``count`` clips (or 20 s on).

    (``wait_for_function`` would evaluate a string, which the app's CSP forbids.)
    """
    for _attempt in range(200):
        played = page.evaluate("window.__played")
        if len(played) >= count:
            break
        page.wait_for_timeout(100)
    return played


def hear_three(page, language: str) -> None:
    """Tap three tiles' speakers; the three right clips are requested and played."""
    _ = Translator(language)
    texts = [_(label) for label in LABELS]
    urls = [f"/voices/{language}/{clip_name(language, t)}" for t in texts]
    already = len(page.evaluate("window.__played"))
    for n, text in enumerate(texts, start=1):
        # a child's pace: the next tap once this read-out has started (a tap
        # during loading cancels it, by design, on a slow machine); a child who
        # hears nothing taps the same speaker again, once
        for _again in range(2):
            tap(page, _("Läs upp: {text}", text=text), touch=True)
            if len(until_played(page, already + n)) >= already + n:
                break
    played = page.evaluate("window.__played")[already:]
    assert [p[p.index("/voices/") :] for p in played] == urls
    assert [u for u in urls if not any(r.endswith(u) for r in page.clip_requests)] == []
    assert page.evaluate("window.__refused") == []


def test_three_speakers_play_their_own_clips_in_swedish_and_in_arabic(
    server, strict_tablet
):
    """Under a user-gesture autoplay rule, each tapped speaker plays its own clip,
    in Swedish and, after switching, in Arabic."""
    ar = Translator("ar")
    ensure_clips("sv", list(LABELS))
    ensure_clips("ar", [ar(label) for label in LABELS])
    page = strict_tablet
    set_up_and_hand_over(page, server.url)
    tap(page, "Det här är jag bra på", touch=True)
    hear_three(page, "sv")

    tap(page, "Svenska", touch=True)
    tap(page, NATIVE_NAMES["ar"], touch=True)
    expect(button(page, ar("Musik"))).to_be_visible(timeout=30_000)
    hear_three(page, "ar")
