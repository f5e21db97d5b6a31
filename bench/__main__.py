"""``python -m bench [--smoke] [--only NAMES] [--out FILE]``.

Full run: every benchmark at full size, report in ``docs/benchmarks.md``.
``--smoke``: tiny sizes, report in a temporary file (never the docs).
``--only storage,repaint``: some benchmarks; the report then goes to a
temporary file unless ``--out`` says where, so the docs stay whole.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

from bench import report
from bench.common import FULL, ROOT, SMOKE, Goal, Section, load_average, machine

BENCHMARKS = (
    "storage",
    "repaint",
    "steps",
    "startup",
    "export",
    "payload",
    "firstload",
    "read_aloud",
    "team_server",
)
DOCS = ROOT / "docs" / "benchmarks.md"


def _run_one(name: str, config) -> Section:
    import importlib

    module = importlib.import_module(f"bench.{name}")
    before = load_average()
    started = time.monotonic()
    try:
        section = module.run(config)
    except Exception:
        section = Section(name, f"{name}: FAILED")
        section.add("```", traceback.format_exc().rstrip(), "```", "")
        section.goals.append(Goal(name, "runs", "failed", False))
        section.data["failed"] = True
    section.seconds = time.monotonic() - started
    section.data["load_before"] = before
    section.data["load_after"] = load_average()
    return section


def _wait_quiet(limit_s: float) -> str:
    """Wait up to ``limit_s`` for the 1-minute load to fall below half the
    cores; say how it went."""
    cores = os.cpu_count() or 1
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        if os.getloadavg()[0] < cores / 2:
            return f"load below {cores / 2:.1f} before starting"
        time.sleep(5)
    return f"waited {limit_s:.0f} s; load was still {load_average()}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; write the report; 0 when every benchmark ran."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, quick")
    parser.add_argument(
        "--only", default="", help=f"comma-separated subset of {','.join(BENCHMARKS)}"
    )
    parser.add_argument("--out", type=Path, help="where to write the report")
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="first wait up to this long for the machine to be idle",
    )
    args = parser.parse_args(argv)
    chosen = [b.strip() for b in args.only.split(",") if b.strip()] or list(BENCHMARKS)
    unknown = set(chosen) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    config = SMOKE if args.smoke else FULL
    partial = args.smoke or len(chosen) < len(BENCHMARKS)
    if args.out:
        out = args.out
    elif partial:
        fd, name = tempfile.mkstemp(prefix="minrost-bench-", suffix=".md")
        os.close(fd)
        out = Path(name)
    else:
        out = DOCS

    quiet = _wait_quiet(args.wait_quiet) if args.wait_quiet > 0 else ""
    about = machine(Path(tempfile.gettempdir()))
    started = time.monotonic()
    sections = []
    for name in BENCHMARKS:
        if name not in chosen:
            continue
        print(f"bench: {name}…", flush=True)
        section = _run_one(name, config)
        print(f"bench: {name} done in {section.seconds:.0f} s", flush=True)
        sections.append(section)
    total = time.monotonic() - started

    text = report.render(sections, config, about, total, quiet)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(report.console_summary(sections))
    print(f"bench: report written to {out} ({total:.0f} s)")
    return 1 if any(s.data.get("failed") for s in sections) else 0


if __name__ == "__main__":
    sys.exit(main())
