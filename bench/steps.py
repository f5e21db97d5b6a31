"""Tap → next screen: a child's flow through the app, timed step by step.

The real server (``bench/server_entry.py`` with its timing hook) serves a
device in child mode with invented children, seeded on disk as the repaint
benchmark does. Headless Chromium, shaped like the tablet with touch, walks
the flow a child walks, over and over:

* the child's home → *Det här är jag bra på* → the grid;
* *Klar* → the grid's summary, *Färdig* → home;
* *En vanlig dag* → the day's first question, then *Nästa* through every
  question to the day's summary, and *Tillbaka* all the way home again;
* on *Vem brukar du vara tillsammans med?* also *Något annat?* → the
  own-item form, a picture picked and a word typed (both untimed), *Lägg
  till* → the new picture.

Each version of the app walks its own flow: its questions, names and form are
read from its own code (``flow_spec``) — the versions before #16 ask no help
questions, and before #18 the own-item form was a text field.

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

import io
import json
import math
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from bench import dataset
from bench.browser import Server, chromium, enable_semantics, tablet_page
from bench.common import ROOT, Config, Goal, Section, Stats, ms
from bench.delay_proxy import DelayProxy
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
        const t = B.state; if (t && t.tInput !== null) t.lastMsg = performance.now();
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
                inMsgs: [], outMsgs: [], lastMsg: null };
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
    """The row of the report this tap counts in; empty: an untimed tap, after
    which the button named ``text`` must be enabled (a picture picked)."""
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


OWN_ITEM_STEP = "persons.day"
"""The question on which a round adds an own item (*Något annat?*)."""
OWN_WORDS = ("Pyssel", "Morfar", "Tränaren", "Grannen", "Kusinen", "Fröken")
"""Invented own items, one a round: the new picture's distinctive name."""

SPEC_SCRIPT = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
from app.domain import catalog
from app.domain import day
from app.domain.models import Level
from app.domain.models import DayAnswers
library = None
if hasattr(catalog, "shelf_page"):
    # Per question: the shelf the library opens on (the question's own since
    # the day's library learnt it; the afternoon's before), and on its first
    # page a picture the question's grid does not show, when there is one.
    try:
        from app.ui.components.own_item import COLUMN_SHELVES
    except ImportError:
        COLUMN_SHELVES = None
    library = {}
    for step in day.STEPS:
        column = day.prompt(step).column
        if COLUMN_SHELVES is None:
            shelf = getattr(catalog.Shelf, "AFTERNOON")
        else:
            shelf = COLUMN_SHELVES[column]
        items = getattr(day, "column_item_ids", lambda d, c: ())
        shown = set(items(DayAnswers(), column))
        page = catalog.shelf_page(shelf, 0)
        first = next((p for p in page if p not in shown), page[0])
        library[step] = catalog.ALL_ITEMS[first].label
print(json.dumps({
    "home": catalog.GRID_TITLE,
    "first_tile": catalog.GRID_ITEMS[0].label,
    "summary_band": catalog.LEVELS[Level.GOOD_AT].summary,
    "day_title": catalog.DAY_TITLE,
    "something_else": catalog.SOMETHING_ELSE.label,
    "steps": list(day.STEPS),
    "questions": [day.prompt(s).text for s in day.STEPS],
    "library_pictures": library,
}))
"""
"""Run with the version's folder first on ``sys.path``: what its flow shows."""


@dataclass(frozen=True)
class FlowSpec:
    """What one version of the app shows along the flow, read from its own
    code: its day questions (the help questions came with #16), its home and
    grid names, and whether its own-item form is a picture library (#18)."""

    home: str
    first_tile: str
    summary_band: str
    day_title: str
    something_else: str
    steps: tuple[str, ...]
    questions: tuple[str, ...]
    library_pictures: dict[str, str] | None
    """Per question, a picture on the first page the library opens on (None:
    a text-only form)."""


def flow_spec(app_root: Path | None) -> FlowSpec:
    """The flow of the app in ``app_root`` (this checkout when None), read by
    a fresh interpreter so that two versions' modules never mix."""
    out = subprocess.run(
        [sys.executable, "-c", SPEC_SCRIPT, str(app_root or ROOT)],
        cwd=app_root or ROOT,
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    doc = json.loads(out)
    doc["steps"] = tuple(doc["steps"])
    doc["questions"] = tuple(doc["questions"])
    return FlowSpec(**doc)


def flow(spec: FlowSpec, rounds: int, day_steps: int | None = None) -> list[Action]:
    """The taps of ``rounds`` rounds of a child's flow through the app that
    ``spec`` describes; ``day_steps``: how many of the day's questions a round
    walks (all of them when None)."""
    home = spec.home
    steps = list(spec.steps[: day_steps or len(spec.steps)])
    questions = list(spec.questions[: len(steps)])
    own_step = OWN_ITEM_STEP if OWN_ITEM_STEP in steps else steps[-1]
    whole = len(steps) == len(spec.steps)
    out: list[Action] = []
    for r in range(rounds):
        out += [
            Action("home → grid", home, spec.first_tile, "button"),
            Action("grid *Klar* → summary", "Klar", spec.summary_band),
            Action("summary *Färdig* → home", "Färdig", home, "button"),
            Action("home → day question", spec.day_title, questions[0]),
        ]
        for k, step in enumerate(steps):
            if step == own_step:
                out += own_item_taps(spec, step, OWN_WORDS[r % len(OWN_WORDS)])
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


def own_item_taps(spec: FlowSpec, step: str, word: str) -> list[Action]:
    """*Något annat?* on ``step`` → the form; (a picture picked, untimed;)
    *Lägg till* with ``word`` typed (untimed) → the new picture, named
    ``word``, on the step."""
    if spec.library_pictures is None:  # before #18: a word is all the form asks
        return [
            Action(
                "*Något annat?* → own-item form",
                spec.something_else,
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
    return [
        Action("*Något annat?* → own-item form", spec.something_else, "Välj en bild"),
        # Untimed: a picture from the shelf the library opens on, then *Lägg till*
        # is enabled; the word makes the new picture's name unlike any other.
        Action("", spec.library_pictures[step], "Lägg till", "button"),
        Action(
            "*Lägg till* → own item shown",
            "Lägg till",
            word,
            "button",
            fill=("Ett ord till bilden (om du vill)", word),
        ),
    ]


@dataclass
class _Page:
    """One server (one variant) behind one proxy (one profile), and its page."""

    variant: str
    profile: str
    server: Server
    timing: Path
    proxy: DelayProxy | None = None
    page: Page | None = None
    actions: list[Action] = field(default_factory=list)
    home: str = ""
    taps: list[dict] = field(default_factory=list)


VARIANTS: dict[str, tuple[str, str | None]] = {
    "before": ("before (the app at 4475ac0)", "4475ac0"),
    "one-trip": ("+ fix 1: next screen in reply to the tap (799b160)", "799b160"),
    "quiet-position": ("+ fix 2: position saved quietly, after (392ab4b)", "392ab4b"),
    "width-kept": ("+ fix 3: width kept across steps (3fb1fa9)", "3fb1fa9"),
    "one-view": (
        "+ fix 4: one view, shared pictures kept (abe41fd, with #16's help "
        "questions and #18's picture library)",
        "abe41fd",
    ),
    "rendered-once": (
        "+ fixes 5–7: tiles without idle layers, feeling pictures kept, the "
        "step rendered once (254fb3d)",
        "254fb3d",
    ),
    "shipped": (
        "+ fixes 8–9: a screenful of pictures first, the rest 0.1 s later; "
        "the day's layout measured once (the app as it is)",
        None,
    ),
}
"""key → (label, the commit whose ``app/`` the server runs; None: this checkout).

Each earlier version is unpacked from git (``git archive``: ``app``, ``assets``,
``locales``, catalogs compiled) into a temporary folder and served by this
checkout's ``bench/server_entry.py``; a commit git does not have (a shallow
clone) leaves its variant out, and the report says so."""


def unpack(commit: str, dest: Path) -> Path:
    """The app, its assets and compiled catalogs as of ``commit``, in ``dest``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    tar = subprocess.run(
        [
            "git",
            "-C",
            str(ROOT),
            "archive",
            "--format=tar",
            commit,
            "app",
            "assets",
            "locales",
        ],
        capture_output=True,
        check=True,
    ).stdout
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(dest, filter="data")
    for po in dest.glob("locales/*/LC_MESSAGES/messages.po"):
        with po.open("rb") as f:
            catalog_ = read_po(f)
        with po.with_suffix(".mo").open("wb") as f:
            write_mo(f, catalog_)
    # The read-aloud clips are made by `make voices`, not kept in git: without
    # them an earlier version would show no speakers (a lighter screen than it
    # has when installed). Each version gets this checkout's clips.
    voices = ROOT / "assets" / "voices"
    if voices.is_dir():
        shutil.copytree(voices, dest / "assets" / "voices", dirs_exist_ok=True)
    return dest


def run(config: Config) -> Section:
    """Measure tap → next screen per step and profile; return the section."""
    section = Section("steps", "Tap → next screen (headless Chromium, TCP delay)")
    with tempfile.TemporaryDirectory(prefix="minrost-bench-steps-") as tmp:
        pages = _run(config, Path(tmp) / "lockstep", section, config.steps_pages)
        section.data = _report(section, config, pages)
        if config.steps_alone:
            alone = _run(config, Path(tmp) / "alone", section, config.steps_alone)
            section.data["alone"] = _report_alone(section, config, alone)
    return section


def _open_home(p: _Page, url: str, home: str) -> None:
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
    button(page, home).first.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)


def _do(p: _Page, action: Action) -> dict | None:
    """Tap, wait for the next screen; the page's and the server's figures
    (None for an untimed tap)."""
    page = p.page
    assert page is not None
    if action.fill:
        fill(page, *action.fill)
        # Untimed: the typed word reaches the server (through the delay proxy
        # too) before the tap, as it would from a child, who types slower
        # than Playwright; without it a round could add the picture unnamed.
        page.wait_for_timeout(400)
    if not action.step:
        tap(page, action.tap, touch=True)
        expect(button(page, action.text).first).to_be_enabled(timeout=30_000)
        return None
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


def _run(
    config: Config,
    root: Path,
    section: Section,
    page_specs: tuple[tuple[str, str], ...],
) -> list[_Page]:
    """Each (variant, profile) its own server and page; the taps in lockstep."""
    people = dataset.invented(config.steps_children, 2)
    pages: list[_Page] = []
    roots: dict[str, Path | None] = {}
    specs: dict[str, FlowSpec] = {}
    missing: list[str] = []
    for variant in dict.fromkeys(v for v, _ in page_specs):
        commit = VARIANTS[variant][1]
        try:
            roots[variant] = unpack(commit, root / "app" / variant) if commit else None
        except subprocess.CalledProcessError:
            missing.append(variant)
            continue
        specs[variant] = flow_spec(roots[variant])
    try:
        for variant, profile in page_specs:
            if variant in missing:
                continue
            key = f"{variant}-{profile}"
            seeded = dataset.seed_app_layout(
                root / key / "data", people, active=True, pin=True, encrypt=True
            )
            timing = root / key / "timing.jsonl"
            env = {TIMING_ENV: str(timing)}
            if PROFILES[profile][1]:
                env[HOST_ENV] = UPSTREAM_HOST
            server = Server(
                "bench.server_entry",
                seeded.data_dir,
                root / "logs",
                env,
                app_root=roots[variant],
            )
            spec = specs[variant]
            pages.append(
                _Page(
                    variant,
                    profile,
                    server,
                    timing,
                    actions=flow(spec, config.steps_rounds, config.steps_day_steps),
                    home=spec.home,
                )
            )
        for p in pages:
            rtt = PROFILES[p.profile][1]
            if rtt:
                port = p.server.port
                p.proxy = DelayProxy(port, UPSTREAM_HOST, port, rtt).start()
            p.server.wait_ready()
        with chromium() as browser, ExitStack() as stack:
            for p in pages:
                p.page = stack.enter_context(tablet_page(browser, INIT_JS))
                _open_home(p, p.server.url, p.home)
            # Each version walks its own flow (its own questions): tap k of
            # every page, then tap k + 1; a shorter flow ends earlier.
            for k in range(max(len(p.actions) for p in pages)):
                shift = k % len(pages)
                for p in pages[shift:] + pages[:shift]:
                    if k >= len(p.actions):
                        continue
                    figures = _do(p, p.actions[k])
                    if figures is not None:
                        p.taps.append(figures)
                        time.sleep(PAUSE_S)
                        # Messages after the node: the rest of a screen of
                        # pictures (app/ui/components/screenful.py).
                        figures["tLastMsg"] = p.page.evaluate(
                            "() => window.__steps.state.lastMsg"
                        )
    finally:
        for p in pages:
            if p.proxy is not None:
                p.proxy.stop()
            p.server.stop()
    if missing:
        section.add(
            "Left out (git has not got their commit, e.g. a shallow clone): "
            + ", ".join(VARIANTS[v][0] for v in missing)
            + ".",
            "",
        )
    return pages


def _figures(taps: list[dict]) -> dict[str, Any]:
    total = [t["tChange"] - t["tInput"] for t in taps]
    to_ws = [t["outMsgs"][0][0] - t["tInput"] for t in taps if t["outMsgs"]]
    last_in = [t["tChange"] - t["inMsgs"][-1][0] for t in taps if t["inMsgs"]]
    whole = [max(t["tChange"], t.get("tLastMsg") or 0) - t["tInput"] for t in taps]
    return {
        "total": Stats.of_ms(total),
        "whole": Stats.of_ms(whole),
        "to_ws": Stats.of_ms(to_ws),
        "after_last_msg": Stats.of_ms(last_in),
        "msgs_in": Stats.of_ms(len(t["inMsgs"]) for t in taps),
        "bytes_in": Stats.of_ms(sum(m[1] for m in t["inMsgs"]) for t in taps),
        "frames_in_srv": Stats.of_ms(t["srv_frames_in"] for t in taps),
        "srv_patch": Stats.of_ms(t["srv_patch_ms"] for t in taps),
        "srv_handlers": Stats.of_ms(t["srv_handlers_ms"] for t in taps),
        "srv_cpu": Stats.of_ms(t["srv_cpu_ms"] for t in taps),
    }


def _cell(taps: list[dict], step: str) -> str:
    mine = taps if step == "all" else [t for t in taps if t["step"] == step]
    f = _figures(mine)["total"]
    return f"{ms(f.p50, 0)} / {ms(f.p95, 0)}" if f.n else "–"


def _tap_counts(pages: list[_Page]) -> str:
    counts = sorted({len(p.taps) for p in pages})
    return f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"


def _report(section: Section, config: Config, pages: list[_Page]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if not pages:
        return data
    steps = [
        s for s in STEP_ORDER if any(t["step"] == s for p in pages for t in p.taps)
    ]
    for p in pages:
        data[f"{p.variant}/{p.profile}"] = {
            s: {
                k: v.as_dict()
                for k, v in _figures(
                    p.taps if s == "all" else [t for t in p.taps if t["step"] == s]
                ).items()
            }
            for s in [*steps, "all"]
        }
    by = {(p.variant, p.profile): p for p in pages}
    variants = [v for v in VARIANTS if any(p.variant == v for p in pages)]
    profiles = [pr for pr in PROFILES if any(p.profile == pr for p in pages)]
    newest = variants[-1]
    oldest = variants[0]
    section.add(
        f"{config.steps_rounds} round(s) of a child's flow per page "
        f"({_tap_counts(pages)} taps; each version walks its own flow, read "
        "from its own code: the versions before #16 ask no help questions), "
        f"{PAUSE_S} s after each next screen; "
        f"{len(pages)} pages, each with its own server and seeded data, take "
        "their taps in lockstep (the order turning), so the load of this shared "
        "machine falls on all alike. Tap (`touchstart`) → the next screen's "
        "first distinctive node in the accessibility tree, **p50 / p95 ms** "
        "(with n = 2 or 3 a p95 is the maximum):",
        "",
    )
    counted = next(p for p in reversed(pages) if p.variant == newest)
    counts = {
        s: _figures([t for t in counted.taps if t["step"] == s])["total"].n
        for s in steps
    }
    counts["all"] = len(counted.taps)

    def label(step: str) -> str:
        return "**all taps**" if step == "all" else step

    header = ["step", "n (after)" if oldest != newest else "n"]
    cols: list[tuple[str, str]] = []
    for pr in profiles:
        for v in (oldest, newest) if oldest != newest else (newest,):
            if (v, pr) in by:
                cols.append((v, pr))
                header.append(
                    f"{PROFILES[pr][0]}"
                    + (
                        f", {'before' if v == oldest else 'after'}"
                        if oldest != newest
                        else ""
                    )
                )
    section.table(
        header,
        [
            [label(s), counts[s], *(_cell(by[c].taps, s) for c in cols)]
            for s in [*steps, "all"]
        ],
    )
    loop_variants = [v for v in variants if (v, "loopback") in by]
    if len(loop_variants) > 2:
        section.add(
            "Each fix on its own, loopback (every variant adds one fix to the "
            "one before it; same run, same lockstep):",
            "",
        )
        section.table(
            ["step", *(VARIANTS[v][0] for v in loop_variants)],
            [
                [label(s), *(_cell(by[(v, "loopback")].taps, s) for v in loop_variants)]
                for s in [*steps, "all"]
            ],
        )
    where = [(v, profiles[0]) for v in (oldest, newest) if (v, profiles[0]) in by]
    for v, pr in dict.fromkeys(where):
        section.add(
            f"Where the time goes ({PROFILES[pr][0]}, {VARIANTS[v][0]}), medians: "
            "the page's time to hand the tap to the WebSocket; messages the page "
            "received before the node / frames the server received; KiB the page "
            "received; the server's time in event handlers, in render + diff "
            "(`Session.patch_control`), its event-loop CPU time from the first "
            "frame in to the last frame out; the page's time from the last "
            "message to the node (Flutter's frame); the tap until the last "
            "message of the screen within the pause after it (the pictures "
            "below the fold, sent after the first screenful), or the node if "
            "that came later:",
            "",
        )
        detail = []
        for s in steps:
            f = _figures([t for t in by[(v, pr)].taps if t["step"] == s])
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
                    f"{ms(f['whole'].p50, 0)} / {ms(f['whole'].p95, 0)}",
                ]
            )
        section.table(
            (
                "step",
                "total",
                "tap → sent",
                "msgs in / frames in",
                "KiB in",
                "handlers",
                "render + diff",
                "server CPU",
                "last msg → node",
                "tap → last msg, p50 / p95",
            ),
            detail,
        )
    loop = by.get((newest, "loopback"))
    if loop is not None and not config.steps_alone:
        f = _figures(loop.taps)["total"]
        section.goals.append(
            Goal(
                "Tap → next screen p95 (loopback)",
                f"≤ {GOAL_P95_MS:.0f} ms",
                f"{ms(f.p95)} ms (p50 {ms(f.p50)} ms)",
                f.p95 <= GOAL_P95_MS,
            )
        )
    for v, pr in cols:
        f = _figures(by[(v, pr)].taps)["total"]
        w = _figures(by[(v, pr)].taps)["whole"]
        section.summary.append(
            (
                f"Tap → next screen, {PROFILES[pr][0]}, {VARIANTS[v][0]} (p50 / p95)",
                f"{ms(f.p50)} / {ms(f.p95)} ms (last message {ms(w.p50)} / "
                f"{ms(w.p95)} ms)",
            )
        )
    return data


def _pages(n: int) -> str:
    return "1 page" if n == 1 else f"{n} pages"


def _report_alone(
    section: Section, config: Config, pages: list[_Page]
) -> dict[str, Any]:
    """The goal's run: the app before #21 and as it is, on loopback only, two
    pages on the machine instead of the comparison's eight."""
    by = {p.variant: p for p in pages}
    variants = [v for v in VARIANTS if v in by]
    if not variants:
        return {}
    newest = variants[-1]
    steps = [
        s for s in STEP_ORDER if any(t["step"] == s for p in pages for t in p.taps)
    ]
    section.add(
        "**The goal's run.** The comparison above puts 8 browser pages and 8 "
        "servers on this 2-core machine at once (its pages' idle work and "
        "memory weigh on every tap; a counsellor's laptop serves one tablet, "
        "whose browser runs on the tablet). The goal is judged on a run with "
        f"only {_pages(len(pages))} on loopback, in the same lockstep, same "
        f"flow, {config.steps_rounds} round(s), in the same `make bench`: "
        + ", ".join(VARIANTS[v][0] for v in variants)
        + ". Tap → next screen, **p50 / p95 ms**:",
        "",
    )
    section.table(
        ["step", "n", *(VARIANTS[v][0] for v in variants)],
        [
            [
                "**all taps**" if s == "all" else s,
                len(by[newest].taps)
                if s == "all"
                else sum(t["step"] == s for t in by[newest].taps),
                *(_cell(by[v].taps, s) for v in variants),
            ]
            for s in [*steps, "all"]
        ],
    )
    f = _figures(by[newest].taps)["total"]
    section.goals.append(
        Goal(
            "Tap → next screen p95 (loopback)",
            f"≤ {GOAL_P95_MS:.0f} ms",
            f"{ms(f.p95)} ms (p50 {ms(f.p50)} ms; {_pages(len(pages))} on the "
            "machine; with 8, as in the comparison: see §7)",
            f.p95 <= GOAL_P95_MS,
        )
    )
    section.summary.append(
        (
            f"Tap → next screen, loopback, {_pages(len(pages))} (p50 / p95)",
            f"{ms(f.p50)} / {ms(f.p95)} ms",
        )
    )
    return {
        v: {k: st.as_dict() for k, st in _figures(by[v].taps).items()} for v in variants
    }
