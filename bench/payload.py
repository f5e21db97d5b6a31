"""Payload: what the grid screen downloads, and how soon it shows.

``python -m app`` in child mode; a fresh browser context (empty HTTP cache)
opens ``/barn/bra-pa`` directly. Every response is recorded
(``page.on("response")``); sizes are the bodies' lengths as the page got them
(and the encoded size on the wire where Chromium reports it). Time to first
grid frame: from ``page.goto`` to the first tile ("Matte") being visible in
Flutter's semantics tree; then to the network going idle (every picture in).
A second visit in the same context shows what the HTTP cache saves. The
pictures count as in once none has arrived for 1.5 s.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import Page, Response

from bench import dataset
from bench.browser import TABLET, Server, chromium, enable_semantics, wait_button
from bench.common import Config, Section, kib, median, mib, ms
from tests.browser.server import as_seeded_browser

PICTOGRAMS = "/pictograms/"
SETTLE_S = 1.5


def _body_size(response: Response) -> tuple[int, int]:
    """(decoded body bytes, encoded bytes on the wire or -1)."""
    try:
        body = len(response.body())
    except Exception:  # redirects and aborted requests have no body
        body = 0
    try:
        wire = int(response.request.sizes().get("responseBodySize", -1))
    except Exception:
        wire = -1
    return body, wire


def _visit(page: Page, url: str) -> dict[str, Any]:
    responses: list[Response] = []
    last_picture = [0]

    def record(response: Response) -> None:
        responses.append(response)
        if PICTOGRAMS in response.url:
            last_picture[0] = time.perf_counter_ns()

    page.on("response", record)
    t0 = time.perf_counter_ns()
    page.goto(url, wait_until="commit")
    enable_semantics(page)
    wait_button(page, "Matte")
    first_grid = time.perf_counter_ns()
    page.wait_for_load_state("networkidle")
    # Flutter asks for pictures as it lays tiles out: wait until none came
    # for SETTLE_S (the network may look idle before the first is asked for).
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        quiet_for = (time.perf_counter_ns() - max(last_picture[0], first_grid)) / 1e9
        if quiet_for >= SETTLE_S:
            break
        page.wait_for_timeout(100)
    page.remove_listener("response", record)
    rows = []
    for r in responses:
        body, wire = _body_size(r)
        rows.append(
            {
                "path": urlparse(r.url).path,
                "status": r.status,
                "bytes": body,
                "wire": wire,
                "cached": r.status == 304,
            }
        )
    pics = [r for r in rows if PICTOGRAMS in r["path"]]
    return {
        "first_grid_ms": (first_grid - t0) / 1e6,
        "pictures_in_ms": (last_picture[0] - t0) / 1e6 if last_picture[0] else 0.0,
        "responses": rows,
        "pictogram_requests": len(pics),
        "pictogram_unique": len({r["path"] for r in pics}),
        "pictogram_bytes": sum(r["bytes"] for r in pics),
        "pictogram_wire": sum(max(r["wire"], 0) for r in pics),
        "all_bytes": sum(r["bytes"] for r in rows),
        "all_wire": sum(max(r["wire"], 0) for r in rows),
        "all_requests": len(rows),
    }


def run(config: Config) -> Section:
    """Measure what the grid loads; return the report section."""
    section = Section("payload", "5. Payload of the grid screen")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="minrost-bench-payload-") as tmp:
        section.data = _run(config, Path(tmp), section)
    section.seconds = time.monotonic() - started
    return section


def _run(config: Config, root: Path, section: Section) -> dict[str, Any]:
    people = dataset.invented(1, 1)
    seeded = dataset.seed_app_layout(root / "data", people, pin=True, active=True)
    server = Server("app", seeded.data_dir, root / "logs")
    cold: list[dict[str, Any]] = []
    warm: list[dict[str, Any]] = []
    try:
        server.wait_ready()
        with chromium() as browser:
            for _ in range(max(1, min(config.cold_runs, 3))):
                context = browser.new_context(**TABLET)
                as_seeded_browser(context)
                try:
                    page = context.new_page()
                    cold.append(_visit(page, server.url + "/barn/bra-pa"))
                    page.close()
                    page = context.new_page()
                    warm.append(_visit(page, server.url + "/barn/bra-pa"))
                finally:
                    context.close()
    finally:
        server.stop()
    first = cold[0]
    pics = [r for r in first["responses"] if PICTOGRAMS in r["path"]]
    by_dir: dict[str, tuple[int, int]] = {}
    for r in pics:
        folder = r["path"].rsplit("/", 1)[0]
        n, b = by_dir.get(folder, (0, 0))
        by_dir[folder] = (n + 1, b + r["bytes"])
    biggest = sorted(first["responses"], key=lambda r: r["bytes"], reverse=True)[:6]
    refetched = sorted(warm[0]["responses"], key=lambda r: r["wire"], reverse=True)
    refetched = [r for r in refetched[:3] if r["wire"] > 0]
    section.add(
        f"Opening `/barn/bra-pa` in a fresh context (empty cache), {len(cold)} "
        "time(s); a child session with an empty grid.",
        "",
    )
    section.table(
        ("", "value"),
        [
            (
                "pictogram requests (unique)",
                f"{first['pictogram_requests']} ({first['pictogram_unique']})",
            ),
            (
                "**pictogram bytes** (decoded; on the wire)",
                f"**{kib(first['pictogram_bytes'])}**; {kib(first['pictogram_wire'])}",
            ),
            (
                "everything the page loaded",
                f"{first['all_requests']} requests, {mib(first['all_bytes'])} "
                f"({mib(first['all_wire'])} on the wire: no compression)"
                if first["all_wire"] >= first["all_bytes"]
                else f"{first['all_requests']} requests, {mib(first['all_bytes'])} "
                f"({mib(first['all_wire'])} on the wire)",
            ),
            (
                "time to first grid frame (median, cold cache)",
                f"{ms(median(v['first_grid_ms'] for v in cold), 0)} ms",
            ),
            (
                "time to the last picture received (median, cold cache)",
                f"{ms(median(v['pictures_in_ms'] for v in cold), 0)} ms",
            ),
            (
                "time to first grid frame (median, second visit, warm cache)",
                f"{ms(median(v['first_grid_ms'] for v in warm), 0)} ms",
            ),
            (
                "bytes over the network on the second visit (rest from cache)",
                f"{mib(warm[0]['all_wire'])} "
                f"(pictograms {kib(warm[0]['pictogram_wire'])}; biggest: "
                + ", ".join(f"`{r['path']}` {kib(r['wire'])}" for r in refetched)
                + ")",
            ),
        ],
    )
    section.add("Pictograms by folder, and the biggest responses overall:", "")
    section.table(
        ("folder / response", "requests", "bytes"),
        [(f"`{d}/`", n, kib(b)) for d, (n, b) in sorted(by_dir.items())]
        + [(f"`{r['path']}`", 1, kib(r["bytes"])) for r in biggest],
    )
    section.summary += [
        (
            "Grid pictogram bytes (requests)",
            f"{kib(first['pictogram_bytes'])} ({first['pictogram_requests']})",
        ),
        (
            "Time to first grid frame (cold / warm cache)",
            f"{ms(median(v['first_grid_ms'] for v in cold), 0)} / "
            f"{ms(median(v['first_grid_ms'] for v in warm), 0)} ms",
        ),
    ]
    return {
        "cold": [{k: v for k, v in c.items() if k != "responses"} for c in cold],
        "warm": [{k: v for k, v in w.items() if k != "responses"} for w in warm],
        "pictograms_by_folder": by_dir,
        "biggest": biggest,
    }
