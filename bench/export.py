"""Export and import: PDF and JSON of one full session, JSON back in.

Uses ``app.export.service.export_session`` and ``app.export.json_import.import_file``.

The session is a full one from the demo generator (both exercises answered,
an own item, an answer kept *bara för mig*, a consent, notes) with an earlier
session, so the PDF includes the comparison with last time. Import goes into
data folders of different sizes: it checks that neither the child nor the
session exists yet, then writes the child, its file and the audit entry.
"""

from __future__ import annotations

import pstats
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.export.json_import import import_file
from app.export.service import ExportRequest, export_session
from app.storage.repository import Repository
from bench import dataset
from bench.common import (
    Config,
    Section,
    Stats,
    kib,
    kids,
    ms,
    profile_table,
    profiled,
    stats_row,
    top_functions,
)


def run(config: Config) -> Section:
    """Measure export and import; return the section."""
    section = Section("export", "4. Export and import")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="minrost-bench-export-") as tmp:
        section.data = measure(config, Path(tmp), section, export_session, import_file)
    section.seconds = time.monotonic() - started
    return section


def _timed(fn: Callable[[], Any]) -> tuple[int, Any]:
    t0 = time.perf_counter_ns()
    result = fn()
    return time.perf_counter_ns() - t0, result


def measure(
    config: Config,
    root: Path,
    section: Section,
    export_session: Callable[..., Any],
    import_file: Callable[..., Any],
) -> dict[str, Any]:
    """Time PDF and JSON export of a full session and JSON import at each size."""
    people = dataset.invented(1, 2, seed=5)
    child, sessions = people[0]
    seeded = dataset.seed_app_layout(root / "source", people)
    repo = Repository(seeded.data_dir)
    full = sessions[-1]

    def export(fmt: str):
        return export_session(
            repo,
            child.id,
            full.id,
            ExportRequest(
                fmt=fmt,
                include_name=True,
                include_notes=True,
                counsellor="Samtalsledare X",
            ),
        )

    first_pdf_ns, pdf = _timed(lambda: export("pdf"))
    pdf_ns = [_timed(lambda: export("pdf"))[0] for _ in range(config.export_runs)]
    json_ns: list[int] = []
    data = b""
    for _ in range(config.export_runs):
        took, result = _timed(lambda: export("json"))
        json_ns.append(took)
        data = result.data

    # The meeting sheets (Inför möte, Efter mötet, the plan), Swedish and
    # Arabic (shaped with HarfBuzz): their build time lives here, not in tests.
    from app.export.demo import demo_meeting
    from app.export.sheets import render_sheet

    plan, sheets = demo_meeting(0, full)
    render_sheet("before", sheets=sheets, plan=plan)  # warm the fonts
    sheet_ns: dict[str, list[int]] = {"sv": [], "ar": []}
    sheet_bytes = 0
    for language, times in sheet_ns.items():
        for kind in ("before", "after", "plan"):
            took, built = _timed(
                lambda kind=kind, language=language: render_sheet(
                    kind, sheets=sheets, plan=plan, language=language
                )
            )
            times.append(took)
            sheet_bytes = max(sheet_bytes, len(built))
    sheet_stats = {lang: Stats.of_ns(times) for lang, times in sheet_ns.items()}

    imports: dict[int, Stats] = {}
    prof: pstats.Stats | None = None
    biggest = max(config.import_children)
    for n in config.import_children:
        target = dataset.seed_app_layout(
            root / f"target-{n}", dataset.invented(n, config.sessions, seed=23)
        )
        target_repo = Repository(target.data_dir)
        runs = config.export_runs if n <= 100 else max(2, config.export_runs // 4)
        times = []
        for _ in range(runs):
            took, result = _timed(lambda repo=target_repo: import_file(repo, data))
            times.append(took)
            target_repo.erase_child(result.child_id)
        imports[n] = Stats.of_ns(times)
        if n == biggest:
            with profiled() as profiler:
                result = import_file(target_repo, data)
            target_repo.erase_child(result.child_id)
            prof = pstats.Stats(profiler)

    pdf_stats = Stats.of_ns(pdf_ns)
    json_stats = Stats.of_ns(json_ns)
    section.add(
        "One full session (both exercises, own items, a private answer, a "
        f"consent, notes, an earlier session to compare with); "
        f"{config.export_runs} runs each after one first, cold run. Times include "
        "reading the session from disk and the audit entry each export writes.",
        "",
    )
    section.table(
        ("", "n", "p50 ms", "p95 ms", "max ms", "size"),
        [
            [
                "PDF export, first call in the process",
                1,
                ms(first_pdf_ns / 1e6),
                "",
                "",
                kib(len(pdf.data)),
            ],
            stats_row("PDF export", pdf_stats, kib(len(pdf.data))),
            stats_row("JSON export", json_stats, kib(len(data))),
            stats_row(
                "Meeting sheet (3 kinds), Swedish", sheet_stats["sv"], kib(sheet_bytes)
            ),
            stats_row("Meeting sheet (3 kinds), Arabic", sheet_stats["ar"], ""),
        ]
        + [
            stats_row(
                f"JSON import into {kids(n)} × {config.sessions} sessions",
                imports[n],
                "",
            )
            for n in config.import_children
        ],
    )
    small = min(config.import_children)
    if prof is not None and imports[biggest].p50 > 2 * imports[small].p50:
        section.add(
            f"Import grows with the data: at {kids(biggest)} it takes "
            f"{ms(imports[biggest].p50, 0)} ms against "
            f"{ms(imports[small].p50, 0)} ms with {kids(small)}. Profile of one "
            f"import at {kids(biggest)}:",
            "",
        )
        profile_table(
            section, top_functions(prof, 1, limit=8, key="cumtime"), unit="import"
        )
    section.summary += [
        (
            "PDF export of a full session (p50; size)",
            f"{ms(pdf_stats.p50, 0)} ms; {kib(len(pdf.data))}",
        ),
        (
            "JSON export / import (p50)",
            f"{ms(json_stats.p50, 1)} ms / "
            + " · ".join(
                f"{ms(imports[n].p50, 0)} ms at {kids(n)}"
                for n in config.import_children
            ),
        ),
    ]
    return {
        "sheet_sv": sheet_stats["sv"].as_dict(),
        "sheet_ar": sheet_stats["ar"].as_dict(),
        "pdf_first_ms": first_pdf_ns / 1e6,
        "pdf": pdf_stats.as_dict(),
        "pdf_bytes": len(pdf.data),
        "json": json_stats.as_dict(),
        "json_bytes": len(data),
        "import": {n: s.as_dict() for n, s in imports.items()},
    }
