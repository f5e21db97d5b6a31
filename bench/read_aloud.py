"""Tap → sound start: a finger tap on a tile's speaker until its clip plays.

The real app (``python -m app``) runs on loopback with invented children,
seeded in child mode on the grid as ``bench/repaint.py`` does, in headless
Chromium shaped like the tablet, with ``--autoplay-policy=user-gesture-required``
(a play without a tap is refused, as on an iPad). Speakers of the tiles on
screen are tapped in turn, about one a second.

Measured in the page (``performance.now``), per tap:

* ``input``: the capturing ``touchstart`` listener on ``window`` fires;
* ``sound``: the media element's ``play()`` promise resolves (playback has
  started; a refusal is counted, not timed).

The clips must have been made (``make voices``); the Swedish labels on screen
without a clip are left out.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

from app.domain import catalog
from app.i18n import Translator
from app.speech import clip_url
from bench import dataset
from bench.browser import TABLET, Server, enable_semantics, wait_button
from bench.common import STATS_HEADER, Config, Goal, Section, Stats, stats_row
from tests.browser.flutter import fill, tap
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, as_seeded_browser

GOAL_P95_MS = 300.0
PAUSE_S = 1.0

INIT_JS = r"""
(() => {
  const B = (window.__sound = { input: null, starts: [], refused: 0 });
  const onInput = () => { if (B.input === null) B.input = performance.now(); };
  window.addEventListener('touchstart', onInput, { capture: true, passive: true });
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (...args) {
    const result = play.apply(this, args);
    const input = B.input;
    Promise.resolve(result).then(
      () => { if (input !== null) B.starts.push(performance.now() - input); },
      () => { B.refused += 1; },
    );
    return result;
  };
  B.arm = () => { B.input = null; };
})();
"""


def run(config: Config) -> Section:
    """Measure tap → sound start in headless Chromium; return the section."""
    section = Section("read_aloud", "6. Tap → sound start (read-aloud, Chromium)")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="minrost-bench-voice-") as tmp:
        section.data = _run(config, Path(tmp), section)
    section.seconds = time.monotonic() - started
    return section


def _speakers(page: Page) -> list[str]:
    """Names of the tile speakers wholly on screen whose clip exists."""
    label = Translator("sv")("Läs upp: {text}")
    names = [
        label.format(text=item.label)
        for item in catalog.GRID_ITEMS
        if clip_url("sv", item.label) is not None
    ]
    return page.evaluate(
        """(names) => {
          const out = [];
          for (const el of document.querySelectorAll('flt-semantics[role="button"]')) {
            const name = (el.getAttribute('aria-label') || el.textContent || '').trim();
            const b = el.getBoundingClientRect();
            if (names.includes(name) && b.top >= 0 && b.bottom <= innerHeight)
              out.push(name);
          }
          return out;
        }""",
        names,
    )


def _run(config: Config, root: Path, section: Section) -> dict[str, Any]:
    people = dataset.invented(config.repaint_children, config.sessions)
    seeded = dataset.seed_app_layout(
        root / "data", people, active=True, pin=True, encrypt=True
    )
    server = Server("app", seeded.data_dir, root / "logs")
    taps = max(config.repaint_taps * 4, 12)
    try:
        server.wait_ready()
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=[*CHROMIUM_ARGS, "--autoplay-policy=user-gesture-required"],
            )
            context = browser.new_context(**TABLET)
            as_seeded_browser(context)
            context.add_init_script(INIT_JS)
            page = context.new_page()
            page.goto(server.url, wait_until="load")
            enable_semantics(page)
            fill(page, "PIN-kod", dataset.PIN)
            tap(page, "Lås upp")
            page.get_by_role("textbox", name="PIN-kod").wait_for(
                state="detached", timeout=60_000
            )
            page.goto(server.url + "/barn/bra-pa", wait_until="load")
            enable_semantics(page)
            wait_button(page, "Matte")
            speakers = _speakers(page)
            if not speakers:
                raise RuntimeError("no speaker on screen: run `make voices` first")
            for k in range(taps + 2):  # the first two warm the player up
                page.evaluate("window.__sound.arm()")
                tap(page, speakers[k % len(speakers)], touch=True)
                time.sleep(PAUSE_S)
            result = page.evaluate("window.__sound")
            browser.close()
    finally:
        server.stop()
    starts = result["starts"][2:]
    stats = Stats.of_ms(starts)
    section.add(
        f"{len(starts)} taps on {len(speakers)} tile speakers, one a second; "
        f"{result['refused']} plays refused by the browser.",
        "",
    )
    section.table(STATS_HEADER, [stats_row("touchstart → play() resolved", stats)])
    section.summary.append(
        ("tap → sound start p50 / p95", f"{stats.p50:.0f} / {stats.p95:.0f} ms")
    )
    section.goals.append(
        Goal(
            "tap → sound start",
            f"p95 ≤ {GOAL_P95_MS:.0f} ms",
            f"{stats.p95:.0f} ms",
            stats.p95 <= GOAL_P95_MS,
        )
    )
    return {"tap_to_sound": stats.as_dict(), "refused": result["refused"]}
