"""What every benchmark shares: sizes, statistics, results and the machine."""

from __future__ import annotations

import cProfile
import importlib.metadata
import math
import os
import platform
import pstats
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"


# --- sizes ------------------------------------------------------------------
@dataclass(frozen=True)
class Config:
    """How big each benchmark is; ``FULL`` for ``make bench``, ``SMOKE`` to check."""

    name: str
    children: tuple[int, ...]
    """Numbers of children already stored, one data set each."""
    sessions: int
    """Sessions already stored per child (the tapped session comes on top)."""
    taps: int
    """Taps per data size through the store verb (tap → saved)."""
    profile_taps: int
    """Taps under cProfile, apart from the timed ones."""
    tinydb_taps: int
    tinydb_budget_s: float
    """TinyDB's shared file gets ``tinydb_taps`` or this much time, per size."""
    repaint_children: int
    repaint_taps: int
    repaint_profile_taps: int
    repaint_variants: tuple[str, ...]
    """Servers tapped in turn: the app as shipped first, then prototypes."""
    cold_runs: int
    """Cold starts of each app (app and hello app alternate)."""
    rss_sessions: tuple[int, ...]
    export_runs: int
    import_children: tuple[int, ...]
    writers: int = 20
    """Tablets tapping at once in the team-server benchmark."""
    writer_taps: int = 50
    """Taps of each of those tablets."""
    steps_children: int = 5
    steps_rounds: int = 3
    """Rounds of the child's flow (``bench/steps.py``) per page."""
    steps_day_steps: int | None = None
    """Questions of the day a round walks (None: all twelve)."""
    steps_pages: tuple[tuple[str, str], ...] = (
        ("before", "loopback"),
        ("one-view", "loopback"),
        ("rendered-once", "loopback"),
        ("shipped", "loopback"),
        ("before", "wifi"),
        ("shipped", "wifi"),
        ("before", "4g"),
        ("shipped", "4g"),
    )
    """(variant, network profile) of each page: one server and page each (fixes
    1–3, ``one-trip``, ``quiet-position`` and ``width-kept``, were measured on
    their own in earlier runs of docs/benchmarks.md §7 and are left out to keep
    the run short)."""
    steps_alone: tuple[tuple[str, str], ...] = (
        ("before", "loopback"),
        ("shipped", "loopback"),
    )
    """The goal's run of ``bench/steps.py``: the app before #21 and as it is,
    on loopback, without the comparison's other six pages on the machine."""


FULL = Config(
    name="full",
    children=(1, 100, 1000),
    sessions=20,
    taps=500,
    profile_taps=100,
    tinydb_taps=500,
    tinydb_budget_s=150.0,
    repaint_children=100,
    repaint_taps=120,
    repaint_profile_taps=40,
    repaint_variants=("shipped", "before", "one-session"),
    cold_runs=11,
    rss_sessions=(1, 10),
    export_runs=20,
    import_children=(1, 100, 1000),
)

SMOKE = Config(
    name="smoke",
    children=(1, 5),
    sessions=20,
    taps=20,
    profile_taps=10,
    tinydb_taps=20,
    tinydb_budget_s=10.0,
    repaint_children=5,
    repaint_taps=5,
    repaint_profile_taps=3,
    repaint_variants=("shipped", "before"),
    cold_runs=1,
    rss_sessions=(1, 2),
    export_runs=2,
    import_children=(1, 5),
    writers=4,
    writer_taps=5,
    steps_rounds=1,
    steps_day_steps=2,
    steps_pages=(("shipped", "wifi"),),
    steps_alone=(("shipped", "loopback"),),
)


# --- statistics -------------------------------------------------------------
def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of already sorted values (p in 0..100)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return float(sorted_values[rank - 1])


@dataclass(frozen=True)
class Stats:
    """p50/p95/max of one series of measurements, in milliseconds."""

    n: int
    p50: float
    p95: float
    max: float
    mean: float
    min: float

    @classmethod
    def of_ms(cls, values_ms: Iterable[float]) -> Stats:
        """Summarise values already in milliseconds."""
        values = sorted(float(v) for v in values_ms)
        if not values:
            return cls(0, math.nan, math.nan, math.nan, math.nan, math.nan)
        return cls(
            n=len(values),
            p50=percentile(values, 50),
            p95=percentile(values, 95),
            max=values[-1],
            mean=sum(values) / len(values),
            min=values[0],
        )

    @classmethod
    def of_ns(cls, values_ns: Iterable[int]) -> Stats:
        """Summarise ``perf_counter_ns`` durations."""
        return cls.of_ms(v / 1e6 for v in values_ns)

    def as_dict(self) -> dict[str, float]:
        """Plain numbers, for JSON."""
        return {
            "n": self.n,
            "p50_ms": self.p50,
            "p95_ms": self.p95,
            "max_ms": self.max,
            "mean_ms": self.mean,
            "min_ms": self.min,
        }


def median(values: Iterable[float]) -> float:
    """The middle value (nearest rank), NaN for none."""
    return percentile(sorted(values), 50)


def ms(value: float, digits: int = 1) -> str:
    """A millisecond figure for a table."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def kids(n: int) -> str:
    """ "1 child", "100 children"."""
    return f"{n:,} child" if n == 1 else f"{n:,} children"


def kib(n_bytes: float) -> str:
    """Bytes as KiB with one decimal."""
    return f"{n_bytes / 1024:.1f} KiB"


def mib(n_bytes: float) -> str:
    """Bytes as MiB with one decimal."""
    return f"{n_bytes / 1024 / 1024:.1f} MiB"


# --- results ----------------------------------------------------------------
@dataclass
class Goal:
    """One target of issue #11 and whether this run met it."""

    name: str
    target: str
    measured: str
    met: bool | None
    """None: not measured in this run."""


@dataclass
class Section:
    """One benchmark's findings: Markdown lines, goals and raw numbers."""

    key: str
    title: str
    lines: list[str] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    summary: list[tuple[str, str]] = field(default_factory=list)
    """(figure, value) rows for the report's headline table."""
    seconds: float = 0.0

    def add(self, *lines: str) -> None:
        """Append Markdown lines."""
        self.lines.extend(lines)

    def table(self, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Append a Markdown table."""
        self.lines.append("| " + " | ".join(header) + " |")
        self.lines.append("|" + "|".join("---" for _ in header) + "|")
        for row in rows:
            self.lines.append("| " + " | ".join(str(c) for c in row) + " |")
        self.lines.append("")


def stats_row(label: str, s: Stats, *extra: Any) -> list[Any]:
    """A table row: label, n, p50, p95, max, then anything extra."""
    return [label, s.n, ms(s.p50), ms(s.p95), ms(s.max), *extra]


STATS_HEADER = ("", "n", "p50 ms", "p95 ms", "max ms")


# --- profiling --------------------------------------------------------------
@contextmanager
def profiled() -> Iterator[cProfile.Profile]:
    """Run the block under cProfile (the caller reads the profile afterwards)."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        yield profiler
    finally:
        profiler.disable()


CostRule = tuple[str, re.Pattern[str]]


def cost_breakdown(
    stats: pstats.Stats, rules: Sequence[CostRule], per: int
) -> list[tuple[str, float, float]]:
    """Own time (tottime) grouped by the first matching rule, in ms per ``per``.

    Each rule is (category, regex on ``file:line(function)``). Returns
    (category, ms per unit, share of the total) rows, biggest first, with
    everything unmatched as "other".
    """
    totals: dict[str, float] = {}
    grand = 0.0
    for (filename, line, func), (_cc, _nc, tottime, _ct, _callers) in (
        stats.stats.items()  # type: ignore[attr-defined]
    ):
        where = f"{filename}:{line}({func})"
        category = next((name for name, rx in rules if rx.search(where)), "other")
        totals[category] = totals.get(category, 0.0) + tottime
        grand += tottime
    rows = [
        (name, total * 1000 / max(per, 1), total / grand if grand else 0.0)
        for name, total in totals.items()
    ]
    return sorted(rows, key=lambda r: r[1], reverse=True)


def top_functions(
    stats: pstats.Stats, per: int, limit: int = 10, key: str = "tottime"
) -> list[tuple[str, int, float, float]]:
    """The ``limit`` costliest functions: (where, calls, own ms, cumulative ms)
    per unit of ``per`` (e.g. per tap)."""
    rows = []
    for (filename, line, func), (_cc, nc, tottime, cumtime, _callers) in (
        stats.stats.items()  # type: ignore[attr-defined]
    ):
        short = _short_path(filename)
        where = f"{short}:{line}({func})" if line else func
        rows.append(
            (where, nc, tottime * 1000 / max(per, 1), cumtime * 1000 / max(per, 1))
        )
    index = 2 if key == "tottime" else 3
    rows.sort(key=lambda r: r[index], reverse=True)
    return rows[:limit]


def _short_path(filename: str) -> str:
    if "site-packages/" in filename:
        return filename.split("site-packages/", 1)[1]
    if filename.startswith(str(ROOT) + "/"):
        return filename[len(str(ROOT)) + 1 :]
    return re.sub(r"^.*/lib/python3\.\d+/", "", filename)


def profile_table(
    section: Section, rows: Sequence[tuple[str, int, float, float]], unit: str = "tap"
):
    """Append a table of ``top_functions`` rows (times per ``unit``)."""
    section.table(
        ("function", "calls", f"own ms per {unit}", f"cumulative ms per {unit}"),
        ((f"`{w}`", n, ms(own, 2), ms(cum, 2)) for w, n, own, cum in rows),
    )


# --- the machine ------------------------------------------------------------
def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def cpu_model() -> str:
    """The CPU's model name as the kernel reports it."""
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def ram_bytes() -> int:
    """Total RAM."""
    match = re.search(r"MemTotal:\s+(\d+) kB", _read("/proc/meminfo"))
    return int(match.group(1)) * 1024 if match else 0


def chromium_version() -> str:
    """`chromium --version`, e.g. "Chromium 156.0.8078.79 built on Debian…"."""
    try:
        out = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return "not found"
    return out.strip().splitlines()[-1] if out.strip() else "unknown"


def version_of(dist: str) -> str:
    """An installed distribution's version."""
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def filesystem_of(path: Path) -> str:
    """Type and device of the file system holding ``path`` (from /proc/mounts)."""
    best = ("", "?", "?")
    real = os.path.realpath(path)
    for line in _read("/proc/mounts").splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        device, mount, fstype = parts[0], parts[1], parts[2]
        inside = real == mount or real.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) > len(best[0]):
            best = (mount, fstype, device)
    return f"{best[1]} on {best[2]} (mounted at {best[0]})"


def load_average() -> str:
    """1, 5 and 15 minute load averages."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def machine(temp_root: Path) -> list[tuple[str, str]]:
    """(what, value) rows describing this machine and software."""
    cores = os.cpu_count() or 0
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = cores
    return [
        ("Date (UTC)", datetime.now(UTC).strftime("%Y-%m-%d %H:%M")),
        ("CPU", cpu_model()),
        ("Cores", f"{cores} logical ({usable} usable by this process)"),
        ("RAM", f"{ram_bytes() / 1024**3:.1f} GiB"),
        ("OS", f"{platform.system()} {platform.release()} ({platform.machine()})"),
        ("Python", sys.version.split()[0]),
        ("flet", version_of("flet")),
        ("TinyDB", version_of("tinydb")),
        ("Playwright", version_of("playwright")),
        ("Chromium", chromium_version()),
        ("Data folder file system", filesystem_of(temp_root)),
        ("Load average at start (1/5/15 min)", load_average()),
    ]
