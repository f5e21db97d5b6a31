"""Tap → saved: ``SessionStore.toggle_rating`` down to an fsynced file.

Each timed tap is one call of the store verb a grid tile calls, measured with
``perf_counter_ns``; it returns only once the session is durably on disk
(temp file fsynced, renamed into place, folder fsynced). The taps walk the
grid marking every item with one level, then the next level…, then unmark
them again, so the session grows from empty to a full grid and back.

Variants, interleaved tap by tap (the order rotates each round) so a burst
of load from another process hits them alike:

* the app as it ships: data encrypted (the first PIN creates the key file),
  with 1, 100, 1,000 children × 20 sessions stored;
* the same at 1,000 children without encryption (a folder from before
  encryption, or ``encrypt=False``), to show what encryption costs;
* the app before storage fixes 1 and 3, re-enacted (``bench/prototypes.py``
  ``earlier_storage``), for the before/after;
* a child file holding only the session being answered: what storage fix 2
  (one file per session, not built) would give.

Then TinyDB's default ``JSONStorage`` with every child in one shared file, at
the same sizes, through the same store verb; it gets ``tinydb_taps`` taps or
``tinydb_budget_s`` seconds per size, whichever ends first.
"""

from __future__ import annotations

import gc
import pstats
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from app.domain import catalog
from app.domain.models import Level
from app.storage.repository import Repository
from app.ui.state import SessionStore
from bench import dataset
from bench.common import (
    STATS_HEADER,
    Config,
    Goal,
    Section,
    Stats,
    cost_breakdown,
    kids,
    mib,
    ms,
    profile_table,
    profiled,
    stats_row,
    top_functions,
)
from bench.prototypes import earlier_storage

GOAL_P95_MS = 20.0
FLAT_RATIO = 1.25
"""'Flat': p50 at the largest size within 25 % of p50 with one child."""

LEVELS = tuple(Level)
ITEMS = tuple(i.id for i in catalog.GRID_ITEMS)


def tap_sequence(n: int) -> Iterator[tuple[str, Level]]:
    """The (item, level) of tap ``0..n-1``: all items with level 1, then 2, …,
    then the same again, which takes each mark off."""
    for k in range(n):
        yield ITEMS[k % len(ITEMS)], LEVELS[(k // len(ITEMS)) % len(LEVELS)]


# --- variants ---------------------------------------------------------------
@dataclass
class Variant:
    """One way of saving, with its own data and its measurements."""

    key: str
    label: str
    store: SessionStore
    file: Path
    """The file a tap rewrites."""
    times_ns: list[int] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)
    """Size of ``file`` after each tap (taken outside the timing)."""
    close: Callable[[], None] = lambda: None
    behaviour: Callable[[], AbstractContextManager] = nullcontext
    """Entered around each tap, outside its timing (``earlier_storage``)."""

    def tap(self, item: str, level: Level) -> int:
        """One timed tap; returns its duration in ns."""
        with self.behaviour():
            t0 = time.perf_counter_ns()
            self.store.toggle_rating(item, level)
            elapsed = time.perf_counter_ns() - t0
        if self.store.notice is not None:
            raise RuntimeError(f"{self.key}: the save failed ({self.store.notice})")
        return elapsed


def _app_variant(
    root: Path,
    key: str,
    label: str,
    people,
    *,
    encrypt: bool = True,
    behaviour: Callable[[], AbstractContextManager] = nullcontext,
) -> Variant:
    seeded = dataset.seed_app_layout(root / key, people, encrypt=encrypt)
    repo = Repository(seeded.data_dir, vault=seeded.vault)
    stored = repo.load_session(seeded.child.id, seeded.session.id)
    store = SessionStore(repo, seeded.child, stored.session, revision=stored.revision)
    return Variant(
        key, label, store, repo.child_path(seeded.child.id), behaviour=behaviour
    )


def _tinydb_variant(root: Path, key: str, label: str, people) -> Variant:
    shared, child, session = dataset.seed_shared_tinydb(root / key / "db.json", people)
    store = SessionStore(shared, child, session, revision=1)  # type: ignore[arg-type]
    return Variant(key, label, store, shared.path, close=shared.close)


# --- cost categories for the profile ----------------------------------------
COST_RULES = [
    ("fsync (file and folder)", re.compile(r"posix\.fsync|fdatasync")),
    (
        "JSON decode + strict checks",
        re.compile(
            r"json/decoder\.py|_reject_duplicate_keys|_reject_constant|"
            r"_decode_checked|\(loads\)|JsonCodec\.decode|json/__init__\.py.*load|"
            r"safe_storage\.py:\d+\(decode\)|method 'decode' of 'bytes'"
        ),
    ),
    (
        "JSON encode",
        re.compile(
            r"json/encoder\.py|\(dumps\)|safe_storage\.py:\d+\(encode\)|"
            r"method 'encode' of 'str'"
        ),
    ),
    (
        "rename, link, open, read, write, close",
        re.compile(
            r"posix\.(replace|link|open|write|close|unlink|stat|lstat|mkdir|read)|"
            r"io\.open|read_bytes|method 'read' of|method 'write' of|"
            r"method 'truncate'|method 'flush'|method 'seek'"
        ),
    ),
    (
        "encryption (AES-GCM, keys, counters)",
        re.compile(r"AESGCM|aead|app/storage/crypto\.py"),
    ),
    ("domain model (toggle, to_doc)", re.compile(r"app/domain/")),
    ("TinyDB (tables, queries)", re.compile(r"tinydb/")),
]


def _profile_taps(variant: Variant, taps: int, start: int) -> pstats.Stats:
    with profiled() as profiler:
        for item, level in list(tap_sequence(start + taps))[start:]:
            variant.store.toggle_rating(item, level)
    return pstats.Stats(profiler)


# --- the benchmark ----------------------------------------------------------
def run(config: Config, root: Path | None = None) -> Section:
    """Measure tap → saved for every variant; return the report section."""
    section = Section("storage", "1. Tap → saved (store verb → fsynced file)")
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="minrost-bench-storage-") as tmp:
        base = Path(root or tmp)
        section.data = _run(config, base, section)
    section.seconds = time.monotonic() - started
    return section


def _run(config: Config, root: Path, section: Section) -> dict:
    biggest = max(config.children)
    seed_times: dict[str, float] = {}
    people_by_size = {}
    for n in config.children:
        t0 = time.monotonic()
        people_by_size[n] = dataset.invented(n, config.sessions)
        seed_times[f"generate {n}"] = time.monotonic() - t0

    variants: list[Variant] = []
    for n in config.children:
        t0 = time.monotonic()
        variants.append(
            _app_variant(
                root,
                f"app-{n}",
                f"app (encrypted), {kids(n)} × {config.sessions} sessions",
                people_by_size[n],
            )
        )
        seed_times[f"seed app {n}"] = time.monotonic() - t0
    one_session = dataset.invented(1, 0)
    variants += [
        _app_variant(
            root,
            f"plain-{biggest}",
            f"app without encryption, {biggest:,} × {config.sessions}",
            people_by_size[biggest],
            encrypt=False,
        ),
        *(
            _app_variant(
                root,
                f"before-{n}",
                f"before fixes 1 and 3 (re-enacted), {kids(n)} × {config.sessions}",
                people_by_size[n],
                behaviour=earlier_storage,
            )
            for n in (min(config.children), biggest)
        ),
        _app_variant(
            root,
            "fix2",
            "fix 2 proposed: file holds only the session being answered",
            one_session,
        ),
    ]
    tiny_variants: dict[int, Variant] = {}
    tiny_seed: dict[int, float] = {}
    for n in config.children:
        t0 = time.monotonic()
        tiny_variants[n] = _tinydb_variant(
            root, f"tinydb-{n}", f"TinyDB JSONStorage, {n}", people_by_size[n]
        )
        tiny_seed[n] = time.monotonic() - t0
    # The generated data served its purpose: drop it, so this process's heap
    # (and its garbage collections) does not grow with the data size.
    del people_by_size, one_session
    gc.collect()

    # Timed taps, interleaved.
    sequence = list(tap_sequence(config.taps))
    for k, (item, level) in enumerate(sequence):
        shift = k % len(variants)
        for variant in variants[shift:] + variants[:shift]:
            variant.times_ns.append(variant.tap(item, level))
            variant.sizes.append(dataset.file_size(variant.file))

    results = {v.key: Stats.of_ns(v.times_ns) for v in variants}
    sizes = {v.key: sum(v.sizes) // max(len(v.sizes), 1) for v in variants}

    # Profile of the app at the biggest size (separate taps: cProfile slows them).
    app_big = next(v for v in variants if v.key == f"app-{biggest}")
    prof = _profile_taps(app_big, config.profile_taps, config.taps)
    breakdown = cost_breakdown(prof, COST_RULES, config.profile_taps)
    top = top_functions(prof, config.profile_taps, limit=12)

    # TinyDB, one shared file, not interleaved (it is orders slower at size).
    tiny: dict[int, Stats] = {}
    tiny_sizes: dict[int, int] = {}
    tiny_prof: pstats.Stats | None = None
    tiny_prof_taps = 0
    for n in config.children:
        variant = tiny_variants[n]
        deadline = time.monotonic() + config.tinydb_budget_s
        for item, level in tap_sequence(config.tinydb_taps):
            variant.times_ns.append(variant.tap(item, level))
            variant.sizes.append(dataset.file_size(variant.file))
            if time.monotonic() > deadline:
                break
        tiny[n] = Stats.of_ns(variant.times_ns)
        tiny_sizes[n] = sum(variant.sizes) // max(len(variant.sizes), 1)
        if n == biggest:
            tiny_prof_taps = max(2, min(5, config.profile_taps))
            tiny_prof = _profile_taps(variant, tiny_prof_taps, len(variant.times_ns))
        variant.close()

    _report(
        section,
        config,
        variants,
        results,
        sizes,
        tiny,
        tiny_sizes,
        breakdown,
        top,
        tiny_prof,
        tiny_prof_taps,
    )
    return {
        "app": {k: s.as_dict() for k, s in results.items()},
        "file_bytes": sizes,
        "tinydb": {n: s.as_dict() for n, s in tiny.items()},
        "tinydb_file_bytes": tiny_sizes,
        "seconds_to_seed": {
            **seed_times,
            **{f"tinydb {n}": t for n, t in tiny_seed.items()},
        },
        "breakdown_ms_per_tap": {name: v for name, v, _ in breakdown},
    }


def _report(
    section: Section,
    config: Config,
    variants: list[Variant],
    results: dict[str, Stats],
    sizes: dict[str, int],
    tiny: dict[int, Stats],
    tiny_sizes: dict[int, int],
    breakdown,
    top,
    tiny_prof: pstats.Stats | None,
    tiny_prof_taps: int,
) -> None:
    small, biggest = min(config.children), max(config.children)
    app = {n: results[f"app-{n}"] for n in config.children}
    section.add(
        f"One tap = one `SessionStore.toggle_rating` call: build the new session, "
        f"`Repository.save_session` (read the child's file, compare the session's "
        f"revision and upsert, write a fsynced temp file, keep the old one as "
        f"`.bak`, rename, fsync the folder). "
        f"{config.taps} taps per variant, interleaved. Data made by "
        f"`{dataset.generator_name()}`; the tapped child is the middle one and "
        f"has {config.sessions} stored sessions plus the one being answered.",
        "",
    )
    section.table(
        (*STATS_HEADER, "file rewritten per tap (mean)"),
        [
            stats_row(v.label, results[v.key], f"{sizes[v.key] / 1024:.0f} KiB")
            for v in variants
            if v.key.startswith("app-")
        ],
    )
    section.add(
        "Side by side: the same store verb saving through TinyDB's default "
        "`JSONStorage` (fsyncs, but rewrites in place; not atomic), every child "
        "in one shared `db.json`. Given "
        f"{config.tinydb_taps} taps or {config.tinydb_budget_s:.0f} s per size, "
        "whichever ends first (n says how many it managed).",
        "",
    )
    section.table(
        (*STATS_HEADER, "shared file"),
        [
            stats_row(
                f"TinyDB JSONStorage, {kids(n)} × {config.sessions}",
                tiny[n],
                mib(tiny_sizes[n]),
            )
            for n in config.children
        ],
    )
    big = app[biggest]
    ratio = big.p50 / app[small].p50 if app[small].p50 else float("nan")
    worst_p95 = max(s.p95 for s in app.values())
    section.goals.append(
        Goal(
            "Tap → saved p95",
            f"≤ {GOAL_P95_MS:.0f} ms at every size",
            ", ".join(f"{n:,}: {ms(app[n].p95)} ms" for n in config.children),
            worst_p95 <= GOAL_P95_MS,
        )
    )
    section.goals.append(
        Goal(
            "Tap → saved flat across data sizes",
            f"p50 at {biggest:,} children ≤ {FLAT_RATIO}× p50 at {small}",
            f"{ratio:.2f}×",
            ratio <= FLAT_RATIO,
        )
    )
    tiny_ratio = tiny[biggest].p50 / big.p50 if big.p50 else float("nan")
    section.summary += [
        (
            f"Tap → saved, app, {biggest:,} children (p50 / p95 / max)",
            f"{ms(big.p50)} / {ms(big.p95)} / {ms(big.max)} ms",
        ),
        (
            f"Tap → saved, app, {kids(small)} (p50 / p95 / max)",
            f"{ms(app[small].p50)} / {ms(app[small].p95)} / {ms(app[small].max)} ms",
        ),
        (
            f"Tap → saved, TinyDB shared file, {biggest:,} children (p50 / p95)",
            f"{ms(tiny[biggest].p50)} / {ms(tiny[biggest].p95)} ms "
            f"({tiny_ratio:.0f}× the app)",
        ),
    ]

    section.add(
        f"**Where a tap's time goes** (cProfile, {config.profile_taps} further "
        f"taps on the {biggest:,}-children data; own time per tap, profiling "
        "overhead included):",
        "",
    )
    section.table(
        ("cost", "ms per tap", "share"),
        ((name, ms(v, 2), f"{share:.0%}") for name, v, share in breakdown),
    )
    section.add("<details><summary>Costliest functions</summary>", "")
    profile_table(section, top)
    section.add("</details>", "")

    fix_rows = [
        stats_row(
            results_label,
            results[key],
            f"{sizes[key] / 1024:.0f} KiB",
        )
        for key, results_label in (
            (
                f"before-{small}",
                f"before fixes 1 and 3 (re-enacted), {kids(small)} × {config.sessions}",
            ),
            (f"app-{small}", f"after: the app, {kids(small)} × {config.sessions}"),
            (
                f"before-{biggest}",
                f"before fixes 1 and 3 (re-enacted), {biggest:,} × {config.sessions}",
            ),
            (f"app-{biggest}", f"after: the app, {biggest:,} × {config.sessions}"),
            (
                f"plain-{biggest}",
                f"the app without encryption, {biggest:,} × {config.sessions}",
            ),
            ("fix2", "fix 2 proposed: file with only the session being answered"),
        )
    ]
    section.add(
        "**Before / after storage fixes 1 and 3** (fix 1: a save decodes the "
        "file it replaces once — before, it decoded it again for `.bak` and, "
        "encrypted, read the new file back and decrypted it to record its "
        "counter; fix 3: the counter goes to the file's own record, not to "
        "`keys.json`, which lists every child. The earlier code is re-enacted "
        "by `bench/prototypes.py` in the same interleaved run), what encryption "
        "costs, and what fix 2 would give:",
        "",
    )
    section.table((*STATS_HEADER, "file rewritten per tap (mean)"), fix_rows)
    if tiny_prof is not None:
        tb = cost_breakdown(tiny_prof, COST_RULES, tiny_prof_taps)
        section.add(
            f"TinyDB's shared file at {biggest:,} children, profiled over "
            f"{tiny_prof_taps} taps: "
            + "; ".join(f"{name} {ms(v, 0)} ms" for name, v, _ in tb[:4])
            + " per tap. It reads, decodes, encodes and rewrites every child's "
            "data on every tap, so its cost grows with the data.",
            "",
        )
