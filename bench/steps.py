"""Tap → next screen: a child's flow through the app, timed step by step.

The real server (``bench/server_entry.py`` with its timing hook) serves a
device in child mode with invented children, seeded on disk as the repaint
benchmark does. Headless Chromium, shaped like the tablet with touch, walks
the flow a child walks, over and over:

* the child's home → *Det här är jag bra på* → the grid;
* *Klar* → the grid's summary, *Färdig* → home;
* *En vanlig dag* → the day's first question, then *Nästa* through every
  question to the day's summary, and *Tillbaka* all the way home again;
* on one question, *Något annat?* → the own-item form, and *Lägg till* → the
  new picture back among the others.

What is timed is the tap (the capturing ``touchstart`` listener on ``window``)
until the next screen's first *distinctive* node is in Flutter's accessibility
tree: the next question's text, the summary's first band, the grid's first
tile — something the screen before did not have (checked at every tap). A
``MutationObserver`` sees it, backed by a ``requestAnimationFrame`` poll.

Why the accessibility tree and not a frame timestamp: Flutter writes its
semantics in the very frame that paints the new screen, so the node's arrival
*is* that frame, less the compositor's hand-over (≤ one vsync, the same for
every step); a frame timestamp from the page (``requestAnimationFrame``) is the
start of the *next* frame and adds up to 16 ms of noise, and the Performance
API gives no paint time for a canvas. What neither sees: pictures arrive
after their text on a first visit (they are files fetched once, then cached).

Network profiles: loopback is the page talking straight to its server; for
the others the page reaches its server through ``bench/delay_proxy.py`` (every
chunk delayed by half the round trip, both ways), because DevTools' network
emulation does not delay WebSocket frames, which carry every tap.

Before / after: every variant has its own server (and its own seeded data) per
profile, and the pages take their taps in lockstep (tap *k* on every page,
then tap *k + 1*, the order turning each time), so load from elsewhere on this
shared machine hits all alike.
"""

from __future__ import annotations

import json
import math
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from app.domain import catalog
from app.domain import day as day_rules
from app.domain.models import Level
from bench import dataset
from bench.browser import Server, chromium, enable_semantics, tablet_page
from bench.common import Config, Goal, Section, Stats, ms
from bench.delay_proxy import DelayProxy
from bench.prototypes import PROTOTYPE_ENV
from bench.server_entry import HOST_ENV, TIMING_ENV
from tests.browser.flutter import LOAD_TIMEOUT_MS, button, fill, tap

GOAL_P95_MS = 150.0
PAUSE_S = 0.4
"""After each tap's next screen: a child reads before tapping again, and the
screen's trailing frames (pictures decoding) end before the next page's tap."""

PROFILES: dict[str, tuple[str, float]] = {
    "loopback": ("loopback", 0.0),
    "wifi": ("school Wi-Fi, 40 ms RTT", 40.0),
    "4g": ("weak Wi-Fi / 4G, 80 ms RTT", 80.0),
}
"""key → (label, round-trip time added by the proxy, ms)."""

UPSTREAM_HOST = "127.0.0.2"
"""Where a delayed profile's server listens (its proxy has 127.0.0.1)."""

OWN_ITEM_STEP = "persons.day"
OWN_WORDS = ("Pyssel", "Morfar", "Tränaren", "Grannen", "Kusinen", "Fröken")
"""Invented own items, one a round."""

INIT_JS = r"""
(() => {
  const B = (window.__steps = { state: null });
  const size = (d) => d == null ? 0 : (d.byteLength ?? d.size ?? d.length ?? 0);
  const live = () => { const s = B.state;
    return s && s.tInput !== null && s.tChange === null ? s : null; };
  const Orig = window.WebSocket;
  class TimedWebSocket extends Orig {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        const s = live(); if (s) s.inMsgs.push([performance.now(), size(e.data)]);
      });
    }
    send(data) {
      const s = live(); if (s) s.outMsgs.push([performance.now(), size(data)]);
      return super.send(data);
    }
  }
  window.WebSocket = TimedWebSocket;
  const nameOf = (el) => (el.getAttribute('aria-label') || el.textContent || '').trim();
  B.present = (text, role) => {
    // A text field is an <input> inside its node, named by aria-label.
    const field = role === 'textbox';
    const nodes = document.querySelectorAll(field ? 'input,textarea' : 'flt-semantics');
    for (const el of nodes) {
      if (role && !field && el.getAttribute('role') !== role) continue;
      const n = nameOf(el);
      if (!(role ? (n === text || n.startsWith(text + ' ')) : n.includes(text)))
        continue;
      const b = el.getBoundingClientRect();
      if (b.width > 0 && b.height > 0) return true;
    }
    return false;
  };
  const check = (via) => {
    const s = B.state;
    if (!s || s.tInput === null || s.tChange !== null) return;
    if (B.present(s.text, s.role)) { s.tChange = performance.now(); s.via = via; }
  };
  new MutationObserver(() => check('mutation')).observe(document, {
    subtree: true, childList: true, characterData: true, attributes: true,
  });
  const onInput = (e) => {
    const s = B.state;
    if (s && s.tInput === null) { s.tInput = performance.now(); }
  };
  window.addEventListener('touchstart', onInput, { capture: true, passive: true });
  window.addEventListener('pointerdown', onInput, { capture: true, passive: true });
  B.arm = (text, role) => {
    const before = B.present(text, role);
    B.state = { text, role, tInput: null, tChange: null, via: null,
                inMsgs: [], outMsgs: [] };
    const poll = () => { if (B.state && B.state.tChange === null) {
      check('raf'); requestAnimationFrame(poll); } };
    requestAnimationFrame(poll);
    return before;
  };
})();
"""


@dataclass(frozen=True)
class Action:
    """One tap of the flow and the node that says the next screen is there."""

    step: str
    """The row of the report this tap counts in (None-timed when empty)."""
    tap: str
    """The accessible name of the button tapped."""
    text: str
    """The next screen's distinctive node: its name (a button when ``role``)."""
    role: str = ""
    fill: tuple[str, str] | None = None
    """(textbox label, text) typed before the tap, not timed."""


STEP_ORDER = (
    "home → grid",
    "grid *Klar* → summary",
    "summary *Färdig* → home",
    "home → day question",
    "*Nästa* → next question",
    "*Nästa* → day summary",
    "*Något annat?* → own-item form",
    "*Lägg till* → own item shown",
    "*Tillbaka* → previous question",
    "*Tillbaka* → home",
)


def flow(rounds: int, day_steps: int | None = None) -> list[Action]:
    """The taps of ``rounds`` rounds of a child's flow (``day_steps``: how many
    of the day's questions a round walks; all of them when None)."""
    first_tile = catalog.GRID_ITEMS[0].label
    home = catalog.GRID_TITLE
    summary_band = catalog.LEVELS[Level.GOOD_AT].summary
    steps = list(day_rules.STEPS[: day_steps or len(day_rules.STEPS)])
    questions = [day_rules.prompt(s).text for s in steps]
    own_step = OWN_ITEM_STEP if OWN_ITEM_STEP in steps else steps[-1]
    whole = len(steps) == len(day_rules.STEPS)
    out: list[Action] = []
    for r in range(rounds):
        out += [
            Action("home → grid", home, first_tile, "button"),
            Action("grid *Klar* → summary", "Klar", summary_band),
            Action("summary *Färdig* → home", "Färdig", home, "button"),
            Action("home → day question", catalog.DAY_TITLE, questions[0]),
        ]
        for k, step in enumerate(steps):
            if step == own_step:
                word = OWN_WORDS[r % len(OWN_WORDS)]
                out += [
                    Action(
                        "*Något annat?* → own-item form",
                        catalog.SOMETHING_ELSE.label,
                        "Vad heter det?",
                        "textbox",
                    ),
                    Action(
                        "*Lägg till* → own item shown",
                        "Lägg till",
                        word,
                        "button",
                        fill=("Vad heter det?", word),
                    ),
                ]
            if k + 1 < len(steps):
                out.append(Action("*Nästa* → next question", "Nästa", questions[k + 1]))
            elif whole:
                out.append(Action("*Nästa* → day summary", "Nästa", "Din vanliga dag"))
        if whole:
            out.append(
                Action("*Tillbaka* → previous question", "Tillbaka", questions[-1])
            )
        for k in range(len(questions) - 1, 0, -1):
            out.append(
                Action("*Tillbaka* → previous question", "Tillbaka", questions[k - 1])
            )
        out.append(Action("*Tillbaka* → home", "Tillbaka", home, "button"))
    return out


@dataclass
class _Page:
    """One server (one variant) behind one proxy (one profile), and its page."""

    variant: str
    profile: str
    server: Server
    timing: Path
    proxy: DelayProxy | None = None
    page: Page | None = None
    taps: list[dict] = field(default_factory=list)


VARIANTS: dict[str, tuple[str, str]] = {
    "shipped": ("the app as it is", ""),
}
"""key → (label, prototypes for the server)."""


def run(config: Config) -> Section:
    """Measure tap → next screen per step and profile; return the section."""
    section = Section("steps", "Tap → next screen (headless Chromium, TCP delay)")
    with tempfile.TemporaryDirectory(prefix="minrost-bench-steps-") as tmp:
        section.data = _run(config, Path(tmp), section)
    return section


def _open_home(p: _Page, url: str) -> None:
    page = p.page
    assert page is not None
    page.goto(url, wait_until="load")
    enable_semantics(page)
    fill(page, "PIN-kod", dataset.PIN)
    tap(page, "Lås upp")
    page.get_by_role("textbox", name="PIN-kod").wait_for(
        state="detached", timeout=LOAD_TIMEOUT_MS
    )
    page.goto(url + "/barn", wait_until="load")
    enable_semantics(page)
    button(page, catalog.GRID_TITLE).first.wait_for(
        state="visible", timeout=LOAD_TIMEOUT_MS
    )


def _do(p: _Page, action: Action) -> dict:
    """Tap, wait for the next screen; the page's and the server's figures."""
    page = p.page
    assert page is not None
    if action.fill:
        fill(page, *action.fill)
    before = page.evaluate(
        "([t, r]) => window.__steps.arm(t, r || null)", [action.text, action.role]
    )
    if before:
        raise RuntimeError(f"{action.text!r} is on screen before {action.tap!r}")
    p.timing.write_text("")  # the hook appends: this tap's records only
    tap(page, action.tap, touch=True)
    try:
        page.wait_for_function(
            "() => window.__steps.state.tChange !== null", timeout=30_000
        )
    except PlaywrightError as exc:
        seen = page.evaluate(
            "() => [...document.querySelectorAll('flt-semantics')].map(e =>"
            " (e.getAttribute('role') || '') + ':' + (e.getAttribute('aria-label')"
            " || e.textContent || '').trim().slice(0, 40)).filter(x => x.length > 1)"
        )
        raise RuntimeError(
            f"{p.variant}/{p.profile}: no {action.text!r} after {action.tap!r}; "
            f"on screen: {seen[:40]}"
        ) from exc
    state = page.evaluate("() => window.__steps.state")
    time.sleep(0.05)  # the tap's last frames reach the log
    server = server_figures(p.timing)
    return {"step": action.step, **state, **server}


def server_figures(log_path: Path) -> dict[str, float]:
    """What the server did for one tap: busy time in handlers and render/diff,
    frames in and out, bytes out (from the timing hook's log)."""
    records = [json.loads(line) for line in log_path.read_text().splitlines() if line]
    events = [r for r in records if r[0] in ("event", "event_end")]
    handler = 0.0
    start = None
    for r in events:
        if r[0] == "event":
            start = r[1]
        elif start is not None:
            handler += r[1] - start
            start = None
    patch = sum(r[2] - r[1] for r in records if r[0] == "patch")
    recv = [r for r in records if r[0] == "recv"]
    sent = [r for r in records if r[0] == "sent"]
    cpu = (
        (sent[-1][3] - recv[0][3]) / 1e6
        if recv and sent and sent[-1][1] > recv[0][1]
        else math.nan
    )
    return {
        "srv_handlers_ms": handler / 1e6,
        "srv_patch_ms": patch / 1e6,
        "srv_cpu_ms": cpu,
        "srv_frames_in": len(recv),
        "srv_frames_out": len(sent),
        "srv_bytes_out": sum(r[2] for r in sent),
        "srv_events": [r[2] for r in records if r[0] == "event"],
    }


def _run(config: Config, root: Path, section: Section) -> dict[str, Any]:
    people = dataset.invented(config.steps_children, 2)
    pages: list[_Page] = []
    actions = flow(config.steps_rounds, config.steps_day_steps)
    try:
        for variant in config.steps_variants:
            for profile in config.steps_profiles:
                key = f"{variant}-{profile}"
                seeded = dataset.seed_app_layout(
                    root / key / "data", people, active=True, pin=True, encrypt=True
                )
                timing = root / key / "timing.jsonl"
                env = {TIMING_ENV: str(timing)}
                if PROFILES[profile][1]:
                    env[HOST_ENV] = UPSTREAM_HOST
                if VARIANTS[variant][1]:
                    env[PROTOTYPE_ENV] = VARIANTS[variant][1]
                server = Server(
                    "bench.server_entry", seeded.data_dir, root / "logs", env
                )
                pages.append(_Page(variant, profile, server, timing))
        for p in pages:
            rtt = PROFILES[p.profile][1]
            if rtt:
                port = p.server.port
                p.proxy = DelayProxy(port, UPSTREAM_HOST, port, rtt).start()
            p.server.wait_ready()
        with chromium() as browser, ExitStack() as stack:
            for p in pages:
                p.page = stack.enter_context(tablet_page(browser, INIT_JS))
                _open_home(p, p.server.url)
            for k, action in enumerate(actions):
                shift = k % len(pages)
                for p in pages[shift:] + pages[:shift]:
                    p.taps.append(_do(p, action))
                    time.sleep(PAUSE_S)
    finally:
        for p in pages:
            if p.proxy is not None:
                p.proxy.stop()
            p.server.stop()
    return _report(section, config, pages)


def _figures(taps: list[dict]) -> dict[str, Any]:
    total = [t["tChange"] - t["tInput"] for t in taps]
    to_ws = [t["outMsgs"][0][0] - t["tInput"] for t in taps if t["outMsgs"]]
    last_in = [t["tChange"] - t["inMsgs"][-1][0] for t in taps if t["inMsgs"]]
    return {
        "total": Stats.of_ms(total),
        "to_ws": Stats.of_ms(to_ws),
        "after_last_msg": Stats.of_ms(last_in),
        "msgs_in": Stats.of_ms(len(t["inMsgs"]) for t in taps),
        "bytes_in": Stats.of_ms(sum(m[1] for m in t["inMsgs"]) for t in taps),
        "frames_in_srv": Stats.of_ms(t["srv_frames_in"] for t in taps),
        "srv_patch": Stats.of_ms(t["srv_patch_ms"] for t in taps),
        "srv_handlers": Stats.of_ms(t["srv_handlers_ms"] for t in taps),
        "srv_cpu": Stats.of_ms(t["srv_cpu_ms"] for t in taps),
    }


def _report(section: Section, config: Config, pages: list[_Page]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    steps = [s for s in STEP_ORDER if any(t["step"] == s for t in pages[0].taps)]
    for p in pages:
        key = f"{p.variant}/{p.profile}"
        data[key] = {
            s: {
                k: v.as_dict()
                for k, v in _figures([t for t in p.taps if t["step"] == s]).items()
            }
            for s in steps
        }
        data[key]["all"] = {k: v.as_dict() for k, v in _figures(p.taps).items()}
    section.add(
        f"{config.steps_rounds} round(s) of a child's flow per page "
        f"({len(pages[0].taps)} taps each), {PAUSE_S} s after each next screen; "
        "each page has its own server (own seeded data) behind its own "
        "delay proxy, and the pages take their taps in lockstep. Tap "
        "(`touchstart`) → the next screen's first distinctive node in the "
        "accessibility tree, p50 / p95 ms:",
        "",
    )
    variants = list(dict.fromkeys(p.variant for p in pages))
    profiles = list(dict.fromkeys(p.profile for p in pages))
    by = {(p.variant, p.profile): p for p in pages}
    header = ["step", "n"] + [
        f"{PROFILES[pr][0]}" + (f" ({v})" if len(variants) > 1 else "")
        for pr in profiles
        for v in variants
    ]
    rows = []
    for s in [*steps, "all"]:
        row: list[Any] = [f"**{s}**" if s == "all" else s]
        n = None
        for pr in profiles:
            for v in variants:
                taps = by[(v, pr)].taps
                mine = taps if s == "all" else [t for t in taps if t["step"] == s]
                f = _figures(mine)["total"]
                n = f.n
                row.append(f"{ms(f.p50, 0)} / {ms(f.p95, 0)}")
        row.insert(1, n)
        rows.append(row)
    section.table(header, rows)

    shipped_loop = by.get((variants[0], profiles[0]))
    if shipped_loop is not None:
        section.add(
            f"Where the time goes ({PROFILES[profiles[0]][0]}, {variants[0]}): "
            "WebSocket messages and bytes the page received between the tap and "
            "the next screen, the server's frames in, its time in event "
            "handlers and in render + diff (`Session.patch_control`), and the "
            "page's time from the last message to the node (Flutter's frame), "
            "medians:",
            "",
        )
        detail = []
        for s in steps:
            f = _figures([t for t in shipped_loop.taps if t["step"] == s])
            detail.append(
                [
                    s,
                    ms(f["total"].p50, 0),
                    ms(f["to_ws"].p50, 0),
                    f"{f['msgs_in'].p50:.0f} / {f['frames_in_srv'].p50:.0f}",
                    f"{f['bytes_in'].p50 / 1024:.1f}",
                    ms(f["srv_handlers"].p50),
                    ms(f["srv_patch"].p50),
                    ms(f["srv_cpu"].p50),
                    ms(f["after_last_msg"].p50, 0),
                ]
            )
        section.table(
            (
                "step",
                "total",
                "tap → sent",
                "msgs in / server frames in",
                "KiB in",
                "server handlers",
                "server render + diff",
                "server CPU",
                "last msg → node",
            ),
            detail,
        )
    loop = _figures(by[(variants[-1], profiles[0])].taps)["total"]
    section.goals.append(
        Goal(
            "Tap → next screen p95 (loopback)",
            f"≤ {GOAL_P95_MS:.0f} ms",
            f"{ms(loop.p95)} ms (p50 {ms(loop.p50)} ms)",
            loop.p95 <= GOAL_P95_MS,
        )
    )
    for pr in profiles:
        f = _figures(by[(variants[-1], pr)].taps)["total"]
        section.summary.append(
            (
                f"Tap → next screen, {PROFILES[pr][0]} (p50 / p95)",
                f"{ms(f.p50)} / {ms(f.p95)} ms",
            )
        )
    return data
