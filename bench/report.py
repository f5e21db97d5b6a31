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
    "firstload": ".venv/bin/python -m bench --only firstload --out /tmp/firstload.md",
    "team_server": ".venv/bin/python -m bench --only team_server "
    "--out /tmp/team_server.md",
    "steps": ".venv/bin/python -m bench --only steps --out /tmp/steps.md",
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
    "firstload": "`bench/firstload.py`: DevTools network events and "
    "`Network.emulateNetworkConditions`, persistent Chromium profiles.",
    "team_server": "`bench/team_server.py`, in-process, `perf_counter_ns` around "
    "each `SessionStore.toggle_rating` on the file store and on PostgreSQL "
    "(a throwaway cluster from `tools/pg_cluster.py`, fsync on).",
    "steps": "`bench/steps.py` drives headless Chromium (Playwright, touch) "
    "through a child's flow; the delayed profiles go through "
    "`bench/delay_proxy.py`; earlier versions of the app are unpacked from git.",
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
        f"with {config.sessions}, encrypted as a whole); a save decrypts and "
        "decodes it (TinyDB's `read()`, through the Python `object_pairs_hook` "
        "that refuses duplicate keys), encodes it with `sort_keys`, encrypts it "
        "and writes it, then its counter record, each with two fsyncs. So a "
        "tap's cost grows with the child's "
        "number of sessions (not with the number of children), and any CPU "
        "contention stretches it.",
    ]
    before = app.get(f"before-{biggest}")
    small = min(config.children)
    before_small, after_small = app.get(f"before-{small}"), app.get(f"app-{small}")
    plain = app.get(f"plain-{biggest}")
    fix2 = app.get("fix2")
    if before:
        lines.append(
            "- Fix 1, applied (`app/storage/safe_storage.py`, "
            "`app/storage/crypto.py`): a save used to decode the file it "
            "replaces a second time before keeping it as `.bak`, and an "
            "encrypted save then read the new file back and decrypted it once "
            "more to record its write counter. Now `SafeStorage` remembers the "
            "bytes it last decoded or wrote and skips the check when the file "
            "still holds exactly them, and `VaultCodec.commit` compares the file "
            "with the bytes it encrypted; a file changed behind the app's back "
            "is still decoded and, if bad, set aside."
        )
        lines.append(
            "- Fix 3, applied (`app/storage/crypto.py`): the first full run with "
            "encrypted data (as the app ships) found a tap slower with 1,000 "
            "children than with one — each save recorded its write counter in "
            "`keys.json`, the key file that lists every child's key, so every "
            "tap deep-copied, authenticated, encoded and fsynced a file growing "
            "with the children. Now each data file has its own small counter "
            "record (`counters/`, HMAC-authenticated and bound to the file id; "
            "`docs/security.md`). Before (both fixes re-enacted in the same run) "
            f"→ after: {biggest:,} children p50 {ms(before['p50_ms'])} → "
            f"{ms(big['p50_ms'])} ms, p95 {ms(before['p95_ms'])} → "
            f"{ms(big['p95_ms'])} ms"
            + (
                f"; {kids(small)} p50 {ms(before_small['p50_ms'])} → "
                f"{ms(after_small['p50_ms'])} ms, p95 "
                f"{ms(before_small['p95_ms'])} → {ms(after_small['p95_ms'])} ms."
                if before_small and after_small
                else "."
            )
        )
    if plain:
        lines.append(
            f"- Encryption costs p50 {ms(big['p50_ms'] - plain['p50_ms'])} ms "
            f"a tap ({ms(plain['p50_ms'])} ms without it, p95 "
            f"{ms(plain['p95_ms'])} ms), at {biggest:,} children."
        )
    if fix2:
        lines.append(
            "- Fix 2, proposed, not built (`app/storage/repository.py`, layout "
            "change): one file per session, e.g. "
            "`children/<child_id>/<session_id>.json` next to the child document, "
            "so a tap rewrites only the session being answered; `sessions()` "
            "lists the folder, `erase_child` removes it with the child's key, "
            "and a one-time migration splits existing files. Measured with a "
            f"child file holding only the answered session: p50 "
            f"{ms(fix2['p50_ms'])} ms, p95 {ms(fix2['p95_ms'])} ms. It is worth "
            "building if children come to have many more sessions than the "
            f"{config.sessions} measured here; what is left then is mostly the "
            "fsyncs, which durability needs."
        )
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


def _repaint_findings(s: Section, startup: Section | None) -> list[str]:
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
        "re-render of the grid screen (`GridView` and the tapped tile)": render,
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
        + ". The save's wall time includes its CPU work (decrypting and "
        "decoding the child's whole file, encoding and encrypting it: see "
        "section 1), the fsyncs of the data file and its counter record, and "
        "waiting for a CPU while Chromium paints.",
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

    def change(old_key: str, new_key: str) -> str:
        old, new = variants.get(old_key), variants.get(new_key)
        if not old or not new:
            return ""
        return (
            f" p50 {ms(old['total']['p50_ms'])} → "
            f"{ms(new['total']['p50_ms'])} ms, p95 {ms(old['total']['p95_ms'])} "
            f"→ {ms(new['total']['p95_ms'])} ms; server CPU per tap p50 "
            f"{ms(old['server_cpu']['p50_ms'])} → "
            f"{ms(new['server_cpu']['p50_ms'])} ms; the save p50 "
            f"{ms(old['save']['p50_ms'])} → {ms(new['save']['p50_ms'])} ms; GC "
            f"per tap p95 {ms(old['gc']['p95_ms'])} → {ms(new['gc']['p95_ms'])} "
            f"ms (full collections inside taps: {old['full_gcs']} → "
            f"{new['full_gcs']})."
        )

    lines.append(
        "- Applied earlier (commit 9b747bc), after an earlier run of this "
        "benchmark measured them as prototypes (2026-11-23 10:38 UTC; "
        "`docs/benchmarks.md` at commit eedcb52, plaintext data): memoised grid "
        "tiles (`GridTile = ft.memo(_GridTile)` in `app/ui/screens/grid.py`), "
        "which took the re-render + diff from 57.9 to 17.0 ms p50, and a first "
        "`gc.freeze()` at start. Together then: p50 147.4 → 84.2 ms, p95 "
        "470.8 → 305.1 ms, server CPU per tap 31.1 → 15.8 ms (p50)."
    )
    objects = _get(startup, "gc_objects", default=None)
    lines.append(
        "- Fix D, applied (`app/ui/components/pictogram_tile.py`, "
        "`theme.CHILD_INK`): no Material ink ripple on a tile (nor on the "
        "other controls a child taps). The ripple is a "
        "few hundred milliseconds of repaints; headless Chromium paints them in "
        "software on the same two cores as the server, so the save (its CPU "
        "work and fsyncs) waited for a CPU — its wall time was about three "
        "times its CPU time (29 against 9 ms p50 in the run before fix D). "
        "The mark that appears is the feedback a child "
        "needs, and a calmer screen suits children sensitive to movement."
    )
    lines.append(
        "- Applied now, measured against the app before them (re-enacted in "
        "the same run, `bench/prototypes.py`): fix D, storage fixes 1 and 3 "
        "(section 1) and fix C (`app/main.py` `freeze_start_up()`): the first "
        "`gc.freeze()` ran "
        "before `ft.run(...)` imported Flet's web server (FastAPI, uvicorn, "
        "pydantic) and before the first render imported the screens, "
        + (
            f"so only {objects['at_freeze']:,} of the {objects['ready']:,} "
            "objects alive at start were frozen and the rest were walked by "
            "every full collection; now they are imported first, then frozen."
            if objects
            else "so most start-up objects were walked by every full "
            "collection; now they are imported first, then frozen."
        )
        + (
            " Before → after:" + change("before", "shipped")
            if "before" in variants
            else ""
        )
    )
    if "one-session" in variants:
        lines.append(
            "- Storage fix 2 (proposed, section 1), with the tapped child's file "
            "holding only the answered session:" + change("shipped", "one-session")
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
            "for Flet and its web server alone: about "
            f"{ms(imports['app'] - imports['flet'], 0)} ms more"
        )
        if own:
            text += "; the heaviest of the app's own imports are " + ", ".join(
                f"`{m}` ({ms(t, 0)} ms)" for m, t in own[:3]
            )
        text += "."
        text += (
            " The app imports every screen before it serves (fix C, so that "
            "they can be frozen for the garbage collector); the first render "
            "would import them anyway, before the first frame."
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
        return []  # the section failed: its traceback is in the details
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
            "- Cause of the growth: `app/export/json_import.py` `_session_taken()` "
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
        out += _repaint_findings(by_key["repaint"], by_key.get("startup"))
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
        "(`storage`, `repaint`, `steps`, `startup`, `export`, `payload`, "
        "`firstload`, `read_aloud`, `team_server`); without "
        "`--out` it writes to a temporary file and leaves this one alone.",
        "- Quick check of every benchmark at tiny sizes: `make bench-smoke` "
        "(`python -m bench --smoke`, report to a temporary file). "
        "`tests/test_bench_smoke.py` runs the storage part in-process and only "
        "checks that it produced numbers; no test asserts a timing.",
        "- The app before the fixes of this issue is re-enacted only in "
        "`bench/prototypes.py` (`earlier_storage()`, used around each "
        '"before" tap by `bench/storage.py`; `before`, installed in the '
        "server by `bench/server_entry.py` when `MINROST_BENCH_PROTOTYPE` "
        "names it). The app itself is measured as it is.",
        "- Sections 1 and 2 use encrypted data folders, as the app makes them "
        "(the first PIN creates the key file); sections 3–5 use plaintext "
        "folders: start-up shows the PIN screen either way, and export, "
        "import and pictograms do not depend on it.",
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
