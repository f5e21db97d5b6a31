"""The Markdown report (``docs/benchmarks.md``) and the console summary.

Every number in the report comes from the run that wrote it; the findings
are sentences with those numbers filled in, and say "met" or "missed" from
the same figures, so the text cannot drift from the tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bench.common import Config, Section, kids, ms

REPRODUCE = {
    "storage": ".venv/bin/python -m bench --only storage --out /tmp/storage.md",
    "repaint": ".venv/bin/python -m bench --only repaint --out /tmp/repaint.md",
    "startup": ".venv/bin/python -m bench --only startup --out /tmp/startup.md",
    "export": ".venv/bin/python -m bench --only export --out /tmp/export.md",
    "payload": ".venv/bin/python -m bench --only payload --out /tmp/payload.md",
}

HOW = {
    "storage": "`bench/storage.py`, in-process, `perf_counter_ns` around each "
    "`SessionStore.toggle_rating` call.",
    "repaint": "`bench/repaint.py` drives headless Chromium (Playwright, touch); "
    "the server is `bench/server_entry.py` = `app.main` + timing hook.",
    "startup": "`bench/startup.py`: `python -m app` and `bench/hello_app.py` "
    "as child processes; memory from `/proc/<pid>/status`.",
    "export": "`bench/export.py`, in-process, `export_session` and "
    "`import_file` from `app/export/`.",
    "payload": "`bench/payload.py`: Playwright `page.on('response')` while "
    "`/barn/bra-pa` opens.",
}


def _get(section: Section | None, *path: str, default: Any = None) -> Any:
    value: Any = section.data if section else None
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return default
        value = value[key]
    return value


def _met(flag: bool | None) -> str:
    return {True: "**met**", False: "**missed**", None: "not measured"}[flag]


# --- findings ---------------------------------------------------------------
def _storage_findings(s: Section, config: Config) -> list[str]:
    biggest = max(config.children)
    app = _get(s, "app", default={})
    big = app.get(f"app-{biggest}")
    if not big:
        return []
    breakdown = _get(s, "breakdown_ms_per_tap", default={})
    ranked = sorted(breakdown.items(), key=lambda kv: kv[1], reverse=True)
    total = sum(breakdown.values()) or 1.0
    json_ms = sum(v for k, v in breakdown.items() if k.startswith("JSON"))
    fsync_ms = breakdown.get("fsync (file and folder)", 0.0)
    size = _get(s, "file_bytes", f"app-{biggest}", default=0)
    goal = next((g for g in s.goals if g.name == "Tap → saved p95"), None)
    lines = [
        "### Tap → saved",
        "",
        f"- Goal p95 ≤ 20 ms: {_met(goal.met if goal else None)} "
        f"({goal.measured if goal else '–'}). Flat across the number of "
        "children: "
        + _met(next((g.met for g in s.goals if "flat" in g.name), None))
        + " — a tap rewrites one child's file, whatever the number of children.",
        f"- Biggest cost: **{ranked[0][0]}** ({ms(ranked[0][1])} ms of "
        f"{ms(total)} ms per profiled tap). JSON work together "
        f"{json_ms / total:.0%}, fsync {fsync_ms / total:.0%}. The file a tap "
        f"rewrites holds *all* of the child's sessions ({size / 1024:.0f} KiB "
        f"with {config.sessions}), and a save decodes it twice (TinyDB's "
        "`read()`, then `SafeStorage._keep_current_version` checks it again "
        "before it becomes `.bak`), each time through the Python "
        "`object_pairs_hook` that refuses duplicate keys, then encodes it "
        "with `sort_keys`. So a tap's cost grows with the child's number of "
        "sessions (not with the number of children), and any CPU contention "
        "stretches it.",
    ]
    fix1 = app.get(f"fix1-{biggest}")
    fix2 = app.get("fix2")
    fix12 = app.get("fix12")
    if fix1 and fix2 and fix12:
        lines += [
            "- Fix 1 (`app/storage/safe_storage.py`, no format change): let "
            "`SafeStorage.read()` keep the raw bytes it validated "
            "(`self._validated = raw`), and in `_keep_current_version()` skip "
            "`_decode_checked` when the current file's bytes equal them (same "
            "lock hold, so they were checked a moment ago); only a file changed "
            "behind our back is decoded again. Prototype `CheckedOnceStorage` in "
            f"`bench/storage.py`: p50 {ms(big['p50_ms'])} → "
            f"{ms(fix1['p50_ms'])} ms, p95 {ms(big['p95_ms'])} → "
            f"{ms(fix1['p95_ms'])} ms.",
            "- Fix 2 (`app/storage/repository.py`, layout change): one file per "
            "session, e.g. `children/<child_id>/<session_id>.json` next to "
            "`children/<child_id>.json` for the child document, so a tap "
            "rewrites only the session being answered. `save_session`/"
            "`get_session` then open that file; `sessions()` lists the folder; "
            "`erase_child` removes the folder; a one-time migration splits "
            "existing child files. Measured with a child file holding only the "
            f"answered session: p50 {ms(fix2['p50_ms'])} ms, p95 "
            f"{ms(fix2['p95_ms'])} ms; with fix 1 too: p50 "
            f"{ms(fix12['p50_ms'])} ms, p95 {ms(fix12['p95_ms'])} ms. What is "
            "left is mostly the two fsyncs, which durability needs.",
        ]
    tiny = _get(s, "tinydb", default={})
    tb = tiny.get(biggest) or tiny.get(str(biggest))
    if tb:
        lines.append(
            f"- TinyDB's default `JSONStorage` with one shared file: p50 "
            f"{ms(tb['p50_ms'])} ms at {biggest:,} children (n = {tb['n']}) "
            f"against {ms(big['p50_ms'])} ms for the app's one-file-per-child "
            "layout: it decodes, encodes and rewrites every child on every tap, "
            "and it rewrites in place (a crash mid-write loses everything)."
        )
    return [*lines, ""]


def _repaint_findings(s: Section) -> list[str]:
    steps = _get(s, "server_steps", default={})
    total = _get(s, "client", "total")
    server = _get(s, "server_total")
    if not steps or not total or not server:
        return []
    render = steps["handler_to_patch"]["p50_ms"]
    diff = steps["patch"]["p50_ms"]
    save = steps["save"]["p50_ms"]
    to_frame = _get(s, "client", "to_frame", "p50_ms", default=0.0)
    goal = next((g for g in s.goals if g.name == "Tap → repaint p95"), None)
    parts = {
        "re-render of the grid screen (`GridView` builds every tile again)": render,
        "Flet's diff of old and new controls (`Session.patch_control`)": diff,
        "the save (`Repository.save_session`)": save,
        "the browser's frame (patch → layout → paint → semantics)": to_frame,
    }
    top = max(parts, key=lambda k: parts[k])
    lines = [
        "### Tap → repaint",
        "",
        f"- Goal p95 ≤ 100 ms: {_met(goal.met if goal else None)} "
        f"({goal.measured if goal else '–'}). The server takes "
        f"{ms(server['p50_ms'])} ms of the median tap, of which only "
        f"{ms(steps.get('server_cpu', {}).get('p50_ms'))} ms is its own CPU "
        "time; the rest is waiting — for fsync (p50 "
        f"{ms(steps.get('fsync', {}).get('p50_ms'))} ms) and for a CPU, which "
        "headless Chromium (software rendering) and anything else running "
        "share with it on this 2-core machine.",
        f"- Biggest cost: **{top}** ({ms(parts[top])} ms p50). Medians of the "
        "steps: "
        + "; ".join(f"{k} {ms(v)} ms" for k, v in parts.items())
        + ". A tap changes one tile, yet the whole screen's component re-runs "
        "(the store is observable and `GridView` reads it), rebuilding all "
        "tiles with their images, badges and semantics, and Flet then compares "
        "every one of them with the previous tree.",
        f"- The tail (p95 {ms(total['p95_ms'])} ms) is mostly waiting: the "
        f"server's wall time p95 is {ms(server['p95_ms'])} ms against "
        f"{ms(steps.get('server_cpu', {}).get('p95_ms'))} ms of its own CPU; "
        f"fsync p95 {ms(steps.get('fsync', {}).get('p95_ms'))} ms; garbage "
        f"collection inside a tap p95 {ms(steps.get('gc', {}).get('p95_ms'))} "
        "ms (a full collection walks every object of the server). The save "
        f"itself costs {ms(steps.get('save_cpu', {}).get('p50_ms'))} ms of CPU "
        f"(p50) but {ms(save)} ms of wall time in the server, against "
        "the in-process figures of section 1.",
    ]
    variants = _get(s, "variants", default={})
    shipped = variants.get("shipped")

    def before_after(key: str) -> str:
        v = variants.get(key)
        if not v or not shipped:
            return ""
        return (
            f" Prototype in the same run: p50 {ms(shipped['total']['p50_ms'])} → "
            f"{ms(v['total']['p50_ms'])} ms, p95 {ms(shipped['total']['p95_ms'])} "
            f"→ {ms(v['total']['p95_ms'])} ms; server CPU per tap p50 "
            f"{ms(shipped['server_cpu']['p50_ms'])} → "
            f"{ms(v['server_cpu']['p50_ms'])} ms; re-render + diff p50 "
            f"{ms(shipped['render_and_diff']['p50_ms'])} → "
            f"{ms(v['render_and_diff']['p50_ms'])} ms; GC per tap p95 "
            f"{ms(shipped['gc']['p95_ms'])} → {ms(v['gc']['p95_ms'])} ms "
            f"(full collections inside taps: {shipped['full_gcs']} → "
            f"{v['full_gcs']})."
        )

    lines.append(
        "- Fix A (`app/ui/screens/grid.py`): make a tile its own memoised "
        "component, `GridTile = ft.memo(_GridTile)` with `@ft.component def "
        "_GridTile(item_id, label, pictogram, marks: tuple, mark_labels: tuple, "
        "pen, on_toggle)` returning `pictogram_tile(..., on_tap=lambda: "
        "on_toggle(item_id, pen))`, and in `GridView.tile()` return "
        "`GridTile(..., tuple(marks), tuple(labels), pen, store.toggle_rating, "
        'key=f"grid-tile-{item_id}")`. Pass the bound method, not the store: '
        "bound methods of one object compare equal, whereas an observable "
        "argument subscribes every tile to every change. Unchanged tiles then "
        "skip rendering, and the diff skips them (`src is dst`)."
        + before_after("memo-tiles")
    )
    full_gcs = (shipped or {}).get("full_gcs")
    gc_p95 = (shipped or {}).get("gc", {}).get("p95_ms")
    lines.append(
        "- Fix B (`app/main.py`, `serve()`): `gc.collect(); gc.freeze()` just "
        "before `ft.run(...)`, so the many objects of the imported modules (Flet, "
        "FastAPI, pydantic…) move to the permanent generation and a full "
        "collection no longer walks them; the storage's JSON decoding allocates "
        "enough to trigger collections during taps."
        + (
            f" In this run {full_gcs} full collections fell inside timed taps of "
            f"the shipped app; GC time per tap p95 {ms(gc_p95)} ms."
            if full_gcs is not None
            else ""
        )
        + before_after("gc-freeze")
        + " It shortens collections rather than avoiding them; objects made "
        "after start (each session's controls) are still walked."
    )
    if "both" in variants:
        lines.append(
            "- Fixes A + B together:"
            + before_after("both")
            + " The storage fixes above shorten the save inside the same tap."
        )
    lines.append(
        "- Note: a sync handler runs on the event loop, so while one tap is "
        "saved (fsync) no other browser session is served. Fine for one device "
        "in child mode; keep saves short (the storage fixes) rather than moving "
        "them to a thread, which would reorder taps."
    )
    return [*lines, ""]


def _startup_findings(s: Section) -> list[str]:
    med = _get(s, "median", default={})
    app, hello = med.get("app"), med.get("bench.hello_app")
    if not app or not hello:
        return []
    goal = next((g for g in s.goals if g.name.startswith("Cold start")), None)
    phases = {
        "Python start-up and imports (process → HTTP 200)": "to_http_ms",
        "Flutter download and boot (→ semantics placeholder)": (
            "http_to_placeholder_ms"
        ),
        "first session and screen (→ labelled button)": "placeholder_to_button_ms",
    }
    biggest = max(phases, key=lambda k: app[phases[k]])
    extra = max(phases, key=lambda k: app[phases[k]] - hello[phases[k]])
    mem = _get(s, "memory", default={})
    peaks = [(k, v["peak"]) for k, v in mem.items() if k != "none (idle)"]
    lines = [
        "### Cold start and memory",
        "",
        f"- Goal ≤ 1.3× a bare Flet app: {_met(goal.met if goal else None)} "
        f"({goal.measured if goal else '–'}).",
        f"- Biggest cost: **{biggest}**, {ms(app[phases[biggest]], 0)} ms; it is "
        f"there for the bare app as well ({ms(hello[phases[biggest]], 0)} ms). "
        f"Min röst's extra time is mostly in {extra.split(' (')[0].lower()} "
        f"({ms(app[phases[extra]] - hello[phases[extra]], 0)} ms more).",
    ]
    imports = _get(s, "imports_ms", default={})
    own = [
        (m, t) for m, t in _get(s, "app_imports", default=[]) if m.startswith("app.")
    ]
    if imports:
        text = (
            f"- Imports (`python -X importtime`): {ms(imports['app'], 0)} ms for "
            f"the app up to its first screen against {ms(imports['flet'], 0)} ms "
            "for Flet and its web server alone, i.e. "
            f"{ms(imports['app'] - imports['flet'], 0)} ms of the app's own"
        )
        if own:
            text += ", led by " + ", ".join(
                f"`{m}` ({ms(t, 0)} ms)" for m, t in own[:3]
            )
        text += "."
        if any(m == "app.ui.components.clock" for m, _ in own[:3]):
            text += (
                " `app.ui.components.clock` pulls in `flet.canvas` at start; "
                "importing it inside the screen that draws the clock would take "
                "that off the start."
            )
        lines.append(text)
    if peaks:
        lines.append(
            "- Peak RSS: "
            + ", ".join(f"{k}: {v / 1024 / 1024:.0f} MiB" for k, v in peaks)
            + "."
        )
    return [*lines, ""]


def _export_findings(s: Section, config: Config) -> list[str]:
    imports = _get(s, "import", default={})
    if not imports:
        return [
            "### Export",
            "",
            "- Not yet measured (the export functions were missing).",
            "",
        ]
    sizes = sorted(int(k) for k in imports)
    small, big = sizes[0], sizes[-1]
    lo = imports.get(small) or imports.get(str(small))
    hi = imports.get(big) or imports.get(str(big))
    lines = [
        "### Export and import",
        "",
        f"- PDF of a full session: {ms(_get(s, 'pdf', 'p50_ms', default=0), 0)} "
        f"ms p50, {_get(s, 'pdf_bytes', default=0) / 1024:.0f} KiB (no goal set).",
        f"- JSON import (p50): {ms(lo['p50_ms'], 0)} ms into a data folder with "
        f"{kids(small)}, {ms(hi['p50_ms'], 0)} ms with {kids(big)}.",
    ]
    if hi["p50_ms"] > 3 * lo["p50_ms"]:
        lines.append(
            "- Cause of the growth: `app/export/json_io.py` `_session_taken()` "
            "reads every child's file (`repo.get_session` per child, each a full "
            "strict decode) to learn whether the session id is taken. Fix: look "
            "the id up without decoding every child — with one file per session "
            "(storage fix 2) it is a `Path.exists()` per child or one glob of "
            "`children/*/<session_id>.json`; with today's layout, keep the "
            "session ids in `index.json` next to each child."
        )
    return [*lines, ""]


def _payload_findings(s: Section) -> list[str]:
    cold = _get(s, "cold", default=[])
    if not cold:
        return []
    first = cold[0]
    return [
        "### Payload",
        "",
        f"- The grid loads {first['pictogram_requests']} pictograms, "
        f"{first['pictogram_bytes'] / 1024:.0f} KiB, against "
        f"{first['all_bytes'] / 1024 / 1024:.1f} MiB for the whole page (mostly "
        "Flutter's `main.dart.wasm` and `skwasm.wasm`), all uncompressed. On "
        "loopback this costs little: the first grid frame comes after "
        f"{ms(first['first_grid_ms'], 0)} ms, the last picture after "
        f"{ms(first['pictures_in_ms'], 0)} ms; the wait is Flutter's own start "
        "(see cold start). No goal was set; nothing to fix for loopback.",
        "",
    ]


# --- the document -------------------------------------------------------------
def render(
    sections: Sequence[Section],
    config: Config,
    about: list[tuple[str, str]],
    total_s: float,
    quiet: str,
) -> str:
    """The whole Markdown report."""
    by_key = {s.key: s for s in sections}
    out: list[str] = [
        "# Benchmarks: how fast a tap is saved and shown",
        "",
        "Issue #11. Written by `make bench` (`.venv/bin/python -m bench`); every "
        "figure below comes from that run — rerun it rather than editing by "
        f"hand. Sizes: **{config.name}**. The whole run took {total_s / 60:.1f} "
        "minutes.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in about),
    ]
    if quiet:
        out.append(f"| Waiting for a quiet machine | {quiet} |")
    out += [
        "",
        "The machine is shared (other work may run alongside); each section "
        "shows the load average before and after it. Latencies on a busy "
        "2-core machine are upper bounds of what an idle laptop would see.",
        "",
        "## Summary",
        "",
        "| figure | value |",
        "|---|---|",
    ]
    for s in sections:
        out += [f"| {k} | {v} |" for k, v in s.summary]
    out += [
        "",
        "### Goals",
        "",
        "| goal | target | measured | |",
        "|---|---|---|---|",
    ]
    for s in sections:
        out += [
            f"| {g.name} | {g.target} | {g.measured} | {_met(g.met)} |" for g in s.goals
        ]
    out += ["", "## Findings: biggest costs, causes and proposed fixes", ""]
    if "storage" in by_key:
        out += _storage_findings(by_key["storage"], config)
    if "repaint" in by_key:
        out += _repaint_findings(by_key["repaint"])
    if "startup" in by_key:
        out += _startup_findings(by_key["startup"])
    if "export" in by_key:
        out += _export_findings(by_key["export"], config)
    if "payload" in by_key:
        out += _payload_findings(by_key["payload"])
    out += ["## Details", ""]
    for s in sections:
        out += [f"### {s.title}", ""]
        if s.key in HOW:
            out += [f"How: {HOW[s.key]}", ""]
        out += [
            f"Reproduce: `{REPRODUCE.get(s.key, '.venv/bin/python -m bench')}` "
            f"(took {s.seconds:.0f} s; load {s.data.get('load_before', '?')} "
            f"before, {s.data.get('load_after', '?')} after).",
            "",
            *s.lines,
        ]
    out += [
        "## Reproducing",
        "",
        "- Everything: `make bench` (or `.venv/bin/python -m bench`), which "
        "rewrites this file. Add `--wait-quiet 600` to wait up to ten minutes "
        "for an idle machine first.",
        "- One benchmark: `.venv/bin/python -m bench --only NAME --out FILE` "
        "(`storage`, `repaint`, `startup`, `export`, `payload`); without "
        "`--out` it writes to a temporary file and leaves this one alone.",
        "- Quick check of every benchmark at tiny sizes: `make bench-smoke` "
        "(`python -m bench --smoke`, report to a temporary file). "
        "`tests/test_bench_smoke.py` runs the storage part in-process and only "
        "checks that it produced numbers; no test asserts a timing.",
        "- Prototypes of the fixes live only in `bench/` (`bench/storage.py`: "
        "`CheckedOnceStorage`; `bench/prototypes.py`: `gc-freeze`, "
        "`memo-tiles`, enabled in `bench/server_entry.py` by "
        "`MINROST_BENCH_PROTOTYPE`). The app itself is measured unchanged.",
        "",
    ]
    return "\n".join(out)


def console_summary(sections: Sequence[Section]) -> str:
    """Headline figures and goals as plain text."""
    lines = []
    for s in sections:
        lines += [f"  {k}: {v}" for k, v in s.summary]
    for s in sections:
        for g in s.goals:
            state = {True: "met", False: "MISSED", None: "not measured"}[g.met]
            lines.append(f"  goal {g.name} ({g.target}): {g.measured} → {state}")
    return "\n".join(lines)
