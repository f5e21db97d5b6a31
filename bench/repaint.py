"""Tap → repaint: a finger tap on a grid tile until its semantics show the mark.

The real server (``bench/server_entry.py``: ``app.main`` plus a timing hook)
runs on loopback with invented children; the device is in child mode on the
grid (``/barn/bra-pa``), seeded on disk as ``tools/screenshots.py`` does. In
headless Chromium, shaped like the tablet with touch, the pen *Roligt* is
picked once, then tiles are tapped in turn, each mark put on and taken off.

Measured in the page (``performance.now``), per tap:

* ``input``: the capturing ``touchstart`` listener on ``window`` fires;
* ``ws out``: Flutter sends the event on the WebSocket (wrapped ``send``);
* ``ws in``: the first WebSocket message after it arrives (the patch);
* ``changed``: a ``MutationObserver`` on the whole document (backed by a
  ``requestAnimationFrame`` poll) sees the tile's accessible name become the
  expected one, e.g. "Matte Roligt" — Flutter writes semantics in the same
  frame it paints.

The server's share comes from the hook's log (WebSocket frame received →
patch frame handed to the socket), split into its steps.
"""

from __future__ import annotations

import json
import pstats
import re
import signal
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

from app.domain import catalog
from app.domain.models import Level
from bench import dataset
from bench.browser import (
    Server,
    chromium,
    enable_semantics,
    tablet_page,
    wait_button,
)
from bench.common import (
    STATS_HEADER,
    Config,
    Goal,
    Section,
    Stats,
    cost_breakdown,
    ms,
    profile_table,
    stats_row,
    top_functions,
)
from bench.prototypes import PROTOTYPE_ENV
from bench.server_entry import PROFILE_ENV, TIMING_ENV
from tests.browser.flutter import fill, tap

GOAL_P95_MS = 100.0
PEN = Level.FUN
PEN_LABEL = catalog.LEVELS[PEN].label
PAUSE_S = 0.8
"""Between taps (round-robin over the variants' pages): a child taps about once
a second, and any animation a tap starts on one page (the ink ripple of the
re-enacted earlier tiles lasts several hundred milliseconds) must end before
the next page is tapped, or it takes that tap's CPU."""

INIT_JS = r"""
(() => {
  const B = (window.__bench = { state: null });
  const Orig = window.WebSocket;
  class TimedWebSocket extends Orig {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => {
        const s = B.state;
        if (s && s.wsOut !== null && s.wsIn === null) s.wsIn = performance.now();
      });
    }
    send(data) {
      const s = B.state;
      if (s && s.tInput !== null && s.wsOut === null) s.wsOut = performance.now();
      return super.send(data);
    }
  }
  window.WebSocket = TimedWebSocket;
  const nameOf = (el) => (el.getAttribute('aria-label') || el.textContent || '').trim();
  const check = (via) => {
    const s = B.state;
    if (!s || s.tChange !== null) return;
    let ok = s.el && s.el.isConnected && nameOf(s.el) === s.expected;
    if (!ok) {
      for (const el of document.querySelectorAll('flt-semantics[role="button"]')) {
        if (nameOf(el) === s.expected) { ok = true; break; }
      }
    }
    if (ok) { s.tChange = performance.now(); s.via = via; }
  };
  new MutationObserver(() => check('mutation')).observe(document, {
    subtree: true, childList: true, characterData: true, attributes: true,
  });
  const onInput = (e) => {
    const s = B.state;
    if (s && s.tInput === null) { s.tInput = performance.now(); s.inputType = e.type; }
  };
  window.addEventListener('touchstart', onInput, { capture: true, passive: true });
  window.addEventListener('pointerdown', onInput, { capture: true, passive: true });
  B.arm = (label, expected) => {
    let el = null;
    for (const c of document.querySelectorAll('flt-semantics[role="button"]')) {
      const n = nameOf(c);
      if (n === label || n.startsWith(label + ' ')) { el = c; break; }
    }
    B.state = { label, expected, el, tInput: null, wsOut: null, wsIn: null,
                tChange: null, via: null };
    const poll = () => { if (B.state && B.state.tChange === null) {
      check('raf'); requestAnimationFrame(poll); } };
    requestAnimationFrame(poll);
  };
})();
"""


def _visible_tiles(page: Page) -> list[tuple[str, float, float]]:
    """Grid tiles wholly on screen: (label, centre x, centre y)."""
    labels = [item.label for item in catalog.GRID_ITEMS]
    found = page.evaluate(
        """(labels) => {
          const out = [];
          for (const el of document.querySelectorAll('flt-semantics[role="button"]')) {
            const name = (el.getAttribute('aria-label') || el.textContent || '').trim();
            if (!labels.includes(name)) continue;
            const b = el.getBoundingClientRect();
            if (b.top >= 0 && b.bottom <= innerHeight && b.left >= 0
                && b.right <= innerWidth)
              out.push([name, b.left + b.width / 2, b.top + b.height / 2]);
          }
          return out;
        }""",
        labels,
    )
    return [(str(n), float(x), float(y)) for n, x, y in found]


def _tap_and_time(page: Page, tile: tuple[str, float, float], marked: bool) -> dict:
    label, x, y = tile
    expected = label if marked else f"{label} {PEN_LABEL}"
    page.evaluate("([l, e]) => window.__bench.arm(l, e)", [label, expected])
    page.touchscreen.tap(x, y)
    page.wait_for_function(
        "() => window.__bench.state.tChange !== null", timeout=15_000
    )
    state = page.evaluate(
        "() => { const s = window.__bench.state; return {tInput: s.tInput, "
        "wsOut: s.wsOut, wsIn: s.wsIn, tChange: s.tChange, via: s.via}; }"
    )
    return {"label": label, "expected": expected, **state}


# --- the server's log ---------------------------------------------------------
def server_taps(log_path: Path) -> list[dict[str, float]]:
    """Per toggle_rating: the server's steps in ms, from the hook's log."""
    records = [json.loads(line) for line in log_path.read_text().splitlines() if line]
    out = []
    for k, rec in enumerate(records):
        if rec[0] != "toggle":
            continue
        t0, t1 = rec[1], rec[2]
        before = records[:k]
        event = next((r for r in reversed(before) if r[0] == "event"), None)
        recv = next(
            (
                r
                for r in reversed(before)
                if r[0] == "recv" and event and r[1] <= event[1]
            ),
            None,
        )
        after = []
        for r in records[k + 1 :]:
            if r[0] in ("recv", "event"):
                break
            after.append(r)
        saves = [r for r in after if r[0] == "save"] + [
            r for r in before if r[0] == "save" and t0 <= r[1] <= t1
        ]
        patches = [r for r in after if r[0] == "patch" and r[1] >= t1]
        sent = [r for r in after if r[0] == "sent"]
        if recv is None or event is None or not sent:
            continue
        first_sent = sent[0][1]
        gcs = [
            r
            for r in records
            if r[0] == "gc" and recv[1] <= r[1] and r[2] <= first_sent
        ]
        fsyncs = [r for r in before if r[0] == "fsync" and t0 <= r[1] <= t1]
        out.append(
            {
                "server_total": (first_sent - recv[1]) / 1e6,
                "server_cpu": (sent[0][3] - recv[3]) / 1e6
                if len(sent[0]) > 3 and len(recv) > 3
                else float("nan"),
                "recv_to_handler": (t0 - recv[1]) / 1e6,
                "toggle_rating": (t1 - t0) / 1e6,
                "save": sum(r[2] - r[1] for r in saves) / 1e6,
                "save_cpu": sum(r[3] for r in saves if len(r) > 3) / 1e6,
                "fsync": sum(r[2] - r[1] for r in fsyncs) / 1e6,
                "handler_to_patch": ((patches[0][1] if patches else first_sent) - t1)
                / 1e6,
                "patch": sum(r[2] - r[1] for r in patches if r[2] <= first_sent) / 1e6,
                "patch_to_sent": (first_sent - (patches[0][2] if patches else t1))
                / 1e6,
                "gc": sum(r[2] - r[1] for r in gcs) / 1e6,
                "full_gc": sum(1 for r in gcs if r[3] == 2),
                "patch_bytes": sent[0][2],
                "frames": len(sent),
            }
        )
    return out


IDLE = "idle: event loop waiting for input (epoll)"
SERVER_RULES = [
    (IDLE, re.compile(r"method 'poll' of 'select\.epoll'")),
    ("fsync", re.compile(r"posix\.fsync")),
    (
        "JSON decode/encode (storage)",
        re.compile(
            r"json/(decoder|encoder)\.py|_reject_duplicate_keys|_decode_checked|"
            r"\((loads|dumps)\)"
        ),
    ),
    ("file system calls", re.compile(r"posix\.|io\.open|read_bytes")),
    ("TinyDB", re.compile(r"tinydb/")),
    ("app UI (components, render)", re.compile(r"app/ui/")),
    ("app domain / i18n", re.compile(r"app/(domain|i18n)")),
    ("flet diff / patch", re.compile(r"flet/controls/object_patch|flet/utils/")),
    ("flet controls, components", re.compile(r"flet/(controls|components)/")),
    ("msgpack", re.compile(r"msgpack|flet/messaging/protocol")),
    (
        "asyncio, uvicorn, websockets",
        re.compile(r"asyncio/|uvicorn/|websockets/|starlette/|selectors|epoll"),
    ),
]


# --- the benchmark ------------------------------------------------------------
VARIANTS: dict[str, tuple[str, str, bool]] = {
    "shipped": ("the app as it is", "", False),
    "before": (
        "before storage fixes 1, 3 and fixes C, D (re-enacted)",
        "before",
        False,
    ),
    "one-session": (
        "storage fix 2 proposed: child file holds only the answered session",
        "",
        True,
    ),
}
"""key → (label, prototypes for the server, whether the tapped child's file
holds only the answered session — what one file per session would give)."""


@dataclass
class _Run:
    """One server (one variant) and the page tapping it."""

    key: str
    server: Server
    timing: Path
    page: Page | None = None
    tiles: list[tuple[str, float, float]] = field(default_factory=list)
    marked: dict[str, bool] = field(default_factory=dict)
    client: list[dict] = field(default_factory=list)
    warmup: list[dict] = field(default_factory=list)


def run(config: Config) -> Section:
    """Measure tap → repaint in headless Chromium; return the report section."""
    section = Section("repaint", "2. Tap → repaint (headless Chromium, loopback)")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="minrost-bench-repaint-") as tmp:
        section.data = _run(config, Path(tmp), section)
    section.seconds = time.monotonic() - started
    return section


def _open_grid(run: _Run, page: Page) -> None:
    run.page = page
    # The data is encrypted, as shipped: after a start the counsellor types the
    # PIN once (the keys then stay open in the server), and the child's
    # session can be opened again.
    page.goto(run.server.url, wait_until="load")
    enable_semantics(page)
    fill(page, "PIN-kod", dataset.PIN)
    tap(page, "Lås upp")
    page.get_by_role("textbox", name="PIN-kod").wait_for(
        state="detached", timeout=60_000
    )
    page.goto(run.server.url + "/barn/bra-pa", wait_until="load")
    enable_semantics(page)
    wait_button(page, "Matte")
    tap(page, PEN_LABEL, touch=True)
    page.wait_for_function(
        "(pen) => [...document.querySelectorAll('flt-semantics[role=button]')]"
        ".some(e => e.textContent.trim() === pen"
        " && e.getAttribute('aria-current') === 'true')",
        arg=PEN_LABEL,
    )
    run.tiles = _visible_tiles(page)
    if not run.tiles:
        raise RuntimeError("no grid tile on screen")
    run.marked = dict.fromkeys((t[0] for t in run.tiles), False)


def _one_tap(run: _Run, k: int) -> dict:
    assert run.page is not None
    tile = run.tiles[k % len(run.tiles)]
    result = _tap_and_time(run.page, tile, run.marked[tile[0]])
    run.marked[tile[0]] = not run.marked[tile[0]]
    return result


def _run(config: Config, root: Path, section: Section) -> dict[str, Any]:
    people = dataset.invented(config.repaint_children, config.sessions)
    profile = root / "server.prof"
    runs: list[_Run] = []
    try:
        for key in config.repaint_variants:
            _, prototypes, one_session = VARIANTS[key]
            mine = list(people)
            if one_session:
                child, _sessions = mine[len(mine) // 2]
                mine[len(mine) // 2] = (child, [])
            seeded = dataset.seed_app_layout(
                root / key / "data", mine, active=True, pin=True, encrypt=True
            )
            timing = root / key / "timing.jsonl"
            env = {TIMING_ENV: str(timing)}
            if prototypes:
                env[PROTOTYPE_ENV] = prototypes
            if key == "shipped":
                env[PROFILE_ENV] = str(profile)
            server = Server("bench.server_entry", seeded.data_dir, root / "logs", env)
            runs.append(_Run(key, server, timing))
        for r in runs:
            r.server.wait_ready()
        with chromium() as browser, ExitStack() as pages:
            for r in runs:
                _open_grid(r, pages.enter_context(tablet_page(browser, INIT_JS)))
            for r in runs:
                r.warmup = [_one_tap(r, k) for k in range(2)]
                time.sleep(PAUSE_S)
                r.timing.write_text("")  # the hook appends; count from here
            for k in range(config.repaint_taps):
                shift = k % len(runs)
                for r in runs[shift:] + runs[:shift]:
                    r.client.append(_one_tap(r, k + 2))
                    time.sleep(PAUSE_S)
            time.sleep(0.5)
            server_rows = {r.key: server_taps(r.timing) for r in runs}
            shipped = runs[0]
            shipped.server.signal(signal.SIGUSR1)
            time.sleep(0.2)
            for k in range(config.repaint_profile_taps):
                _one_tap(shipped, k)
                time.sleep(PAUSE_S)
            shipped.server.signal(signal.SIGUSR2)
            deadline = time.monotonic() + 10
            while not profile.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        for r in runs:
            r.server.stop()
    prof = pstats.Stats(str(profile)) if profile.exists() else None
    return _report(section, config, runs, server_rows, prof)


STEP_LABELS = {
    "server_cpu": "  CPU time of the event loop thread in all of it",
    "recv_to_handler": "  frame in → store verb starts (unpack, dispatch)",
    "toggle_rating": "  `SessionStore.toggle_rating`",
    "save": "    of which `Repository.save_session`",
    "save_cpu": "      its CPU time (this thread)",
    "fsync": "      its fsyncs: data file and counter record (wall)",
    "handler_to_patch": "  verb returns → patch starts (the screen re-renders)",
    "patch": "  diff old/new controls + pack (`Session.patch_control`)",
    "patch_to_sent": "  patch queued → frame handed to the socket",
    "gc": "  (garbage collection inside all of the above)",
}


def _client_stats(client: list[dict]) -> dict[str, Stats]:
    return {
        "total": Stats.of_ms(c["tChange"] - c["tInput"] for c in client),
        "to_ws": Stats.of_ms(c["wsOut"] - c["tInput"] for c in client if c["wsOut"]),
        "roundtrip": Stats.of_ms(
            c["wsIn"] - c["wsOut"] for c in client if c["wsIn"] and c["wsOut"]
        ),
        "to_frame": Stats.of_ms(c["tChange"] - c["wsIn"] for c in client if c["wsIn"]),
    }


def _report(
    section: Section,
    config: Config,
    runs: list[_Run],
    server_rows: dict[str, list[dict]],
    prof: pstats.Stats | None,
) -> dict[str, Any]:
    shipped = runs[0]
    client = _client_stats(shipped.client)
    rows = server_rows[shipped.key]
    total = client["total"]
    server_total = Stats.of_ms(r["server_total"] for r in rows)
    steps = {key: Stats.of_ms(r[key] for r in rows) for key in STEP_LABELS}
    full_gcs = sum(r["full_gc"] for r in rows)
    via = {
        v: sum(1 for c in shipped.client if c["via"] == v) for v in ("mutation", "raf")
    }
    patch_bytes = Stats.of_ms(r["patch_bytes"] for r in rows)
    section.add(
        f"{config.repaint_taps} timed taps (after 2 warm-up taps) on the "
        f"{len(shipped.tiles)} tiles visible at 1280×800, pen *{PEN_LABEL}*, "
        f"{PAUSE_S} s between taps; {config.repaint_children} children × "
        f"{config.sessions} sessions stored. Every variant below has its own "
        "server and page, and the taps go round-robin between them so load "
        "from elsewhere hits all alike. Input → changed semantics, in the page "
        "(app as shipped):",
        "",
    )
    section.table(
        STATS_HEADER,
        [
            stats_row("**tap → changed semantics (total)**", total),
            stats_row("  touchstart → event sent on the WebSocket", client["to_ws"]),
            stats_row("  event sent → first reply received", client["roundtrip"]),
            stats_row(
                "  reply received → semantics changed (Flutter frame)",
                client["to_frame"],
            ),
        ],
    )
    section.add(
        f"The change was seen by the MutationObserver {via['mutation']} times, by "
        f"the rAF poll {via['raf']} times. The server's share (hook in "
        "`bench/server_entry.py`, WebSocket frame in → patch frame out):",
        "",
    )
    section.table(
        STATS_HEADER,
        [stats_row("**server total**", server_total)]
        + [stats_row(STEP_LABELS[k], s) for k, s in steps.items()],
    )
    share = server_total.p50 / total.p50 if total.p50 else float("nan")
    section.add(
        f"Server share of the median tap: {share:.0%} ({ms(server_total.p50)} of "
        f"{ms(total.p50)} ms). {full_gcs} full (generation 2) garbage collections "
        f"fell inside the {len(rows)} timed taps. The patch frame is "
        f"{patch_bytes.p50:.0f} bytes (median). The rest is the browser: "
        "Flutter's gesture recognition and the frame that applies the patch, lays "
        "out, paints and updates semantics.",
        "",
    )
    if prof is not None:
        per = max(config.repaint_profile_taps, 1)
        breakdown = cost_breakdown(prof, SERVER_RULES, per)
        idle = sum(v for n, v, _ in breakdown if n == IDLE)
        busy = [(n, v) for n, v, _ in breakdown if n != IDLE]
        busy_total = sum(v for _, v in busy) or 1.0
        section.add(
            f"Server profile (cProfile, {per} further taps, app as shipped; own "
            f"time per tap, profiling overhead included; {ms(idle, 0)} ms per tap "
            "of idle waiting in epoll left out):",
            "",
        )
        section.table(
            ("cost", "ms per tap", "share of busy time"),
            ((n, ms(v, 2), f"{v / busy_total:.0%}") for n, v in busy),
        )
        section.add("<details><summary>Costliest functions (cumulative)</summary>", "")
        profile_table(section, top_functions(prof, per, limit=18, key="cumtime"))
        section.add("</details>", "")

    variants = {}
    table = []
    for r in runs:
        c = _client_stats(r.client)
        srv = server_rows[r.key]
        s_total = Stats.of_ms(x["server_total"] for x in srv)
        render = Stats.of_ms(x["handler_to_patch"] + x["patch"] for x in srv)
        gc_ms = Stats.of_ms(x["gc"] for x in srv)
        cpu = Stats.of_ms(x["server_cpu"] for x in srv)
        variants[r.key] = {
            "server_cpu": cpu.as_dict(),
            "total": c["total"].as_dict(),
            "server_total": s_total.as_dict(),
            "render_and_diff": render.as_dict(),
            "save": Stats.of_ms(x["save"] for x in srv).as_dict(),
            "gc": gc_ms.as_dict(),
            "full_gcs": sum(x["full_gc"] for x in srv),
        }
        table.append(
            [
                VARIANTS[r.key][0],
                c["total"].n,
                ms(c["total"].p50),
                ms(c["total"].p95),
                ms(c["total"].max),
                f"{ms(s_total.p50)} / {ms(s_total.p95)}",
                ms(cpu.p50),
                f"{ms(render.p50)} / {ms(render.p95)}",
                f"{ms(gc_ms.p95)} ({variants[r.key]['full_gcs']})",
            ]
        )
    if len(runs) > 1:
        section.add(
            "**Before / after** (the app before the fixes re-enacted by "
            "`bench/prototypes.py`, installed by `bench/server_entry.py`; fix 2 "
            "by seeded data; same run, taps interleaved):",
            "",
        )
        section.table(
            (
                "variant",
                "n",
                "p50 ms",
                "p95 ms",
                "max ms",
                "server p50 / p95 ms",
                "server CPU p50 ms",
                "re-render + diff p50 / p95 ms",
                "GC p95 ms (full GCs)",
            ),
            table,
        )
    section.goals.append(
        Goal(
            "Tap → repaint p95",
            f"≤ {GOAL_P95_MS:.0f} ms",
            f"{ms(total.p95)} ms (p50 {ms(total.p50)} ms)",
            total.p95 <= GOAL_P95_MS,
        )
    )
    section.summary += [
        (
            "Tap → repaint (p50 / p95 / max)",
            f"{ms(total.p50)} / {ms(total.p95)} / {ms(total.max)} ms",
        ),
        (
            "  of which server (p50 / p95)",
            f"{ms(server_total.p50)} / {ms(server_total.p95)} ms",
        ),
    ]
    cpu = steps["server_cpu"]
    section.summary.append(
        ("  server CPU time per tap (p50 / p95)", f"{ms(cpu.p50)} / {ms(cpu.p95)} ms")
    )
    if "before" in variants:
        old = variants["before"]
        section.summary.append(
            (
                "  before storage fixes 1, 3 and fixes C, D, same run (p50 / p95)",
                f"{ms(old['total']['p50_ms'])} / {ms(old['total']['p95_ms'])} ms",
            )
        )
    return {
        "client": {k: s.as_dict() for k, s in client.items()},
        "server_total": server_total.as_dict(),
        "server_steps": {k: s.as_dict() for k, s in steps.items()},
        "warmup_ms": [w["tChange"] - w["tInput"] for w in shipped.warmup],
        "variants": variants,
    }
