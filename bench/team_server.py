"""Team server: tap → saved on PostgreSQL beside the file store, same run.

A throwaway PostgreSQL cluster (``tools/pg_cluster.py``) with fsync on, as a
real server runs (every commit is flushed to disk), and the file store as the
app ships it (encrypted). At each data size (1 / 100 / 1,000 children × 20
sessions) one child's new session is tapped through ``SessionStore.toggle_rating``
— the verb a grid tile calls — on both stores, interleaved tap by tap so a
burst of load from another process hits both alike. A PostgreSQL tap is one
transaction: set the team, compare-and-set ``UPDATE`` of the encrypted
session, an audit row, commit.

Then N tablets at once: N threads, each answering its own child's session
through the same repository (as one app process serves many tablets), taps as
fast as they come back; taps per second and the tap latencies are reported.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from pathlib import Path

import psycopg

from app.domain.models import Session
from app.storage.postgres import APP_ROLE, MasterKey, PostgresRepository, migrate
from app.storage.repository import Repository
from app.storage.store import Store
from app.ui.state import SessionStore
from bench import dataset
from bench.common import (
    STATS_HEADER,
    Config,
    Goal,
    Section,
    Stats,
    kids,
    ms,
    stats_row,
)
from bench.storage import tap_sequence
from tools.pg_cluster import Cluster

GOAL_CONCURRENT_P95_MS = 50.0
TEAM = "bench"
BENCH_USER = "bench-kurator"


def run(config: Config, root: Path | None = None, cluster: Cluster | None = None):
    """Measure both stores; ``cluster``: use a running one (tests), else start
    one with fsync on and stop it after."""
    section = Section("team_server", "8. Team server: PostgreSQL beside the file store")
    started = time.monotonic()
    own = cluster is None
    if own:
        cluster = Cluster(fsync=True).start()
    assert cluster is not None
    try:
        with tempfile.TemporaryDirectory(prefix="minrost-bench-team-") as tmp:
            section.data = _run(config, Path(root or tmp), section, cluster)
    finally:
        if own:
            cluster.stop()
    section.seconds = time.monotonic() - started
    return section


def _pg_repo(cluster: Cluster, master: MasterKey, pool: int = 4) -> PostgresRepository:
    database = cluster.create_database()
    migrate(cluster.conninfo(database))
    # As a signed-in counsellor (schema 6): every tap pays for the row-level
    # security of assigned access, as in production.
    with psycopg.connect(cluster.conninfo(database)) as conn:
        conn.execute(
            "INSERT INTO users (team_id, id, issuer, subject, role)"
            " VALUES (%s, %s, 'https://idp.bench', 'bench', 'counsellor')",
            (TEAM, BENCH_USER),
        )
    return PostgresRepository(
        cluster.conninfo(database, APP_ROLE),
        team=TEAM,
        master_key=master,
        pool_size=pool,
        actor=BENCH_USER,
    )


def _store_for(repo: Store, child, session) -> SessionStore:
    stored = repo.load_session(child.id, session.id)
    return SessionStore(repo, child, stored.session, revision=stored.revision)  # type: ignore[arg-type]


def _tap(store: SessionStore, item, level) -> int:
    t0 = time.perf_counter_ns()
    store.toggle_rating(item, level)
    elapsed = time.perf_counter_ns() - t0
    if store.notice is not None:
        raise RuntimeError(f"the save failed ({store.notice})")
    return elapsed


def _run(config: Config, root: Path, section: Section, cluster: Cluster) -> dict:
    master = MasterKey(os.urandom(32))
    sizes: dict[int, dict[str, Stats]] = {}
    seed_s: dict[str, float] = {}
    for n in config.children:
        people = dataset.invented(n, config.sessions)
        t0 = time.monotonic()
        seeded = dataset.seed_app_layout(root / f"file-{n}", people, encrypt=True)
        seed_s[f"file {n}"] = time.monotonic() - t0
        file_repo = Repository(seeded.data_dir, vault=seeded.vault)
        t0 = time.monotonic()
        pg = _pg_repo(cluster, master)
        pg.add_children(people)
        pg.save_session(seeded.session)
        seed_s[f"postgres {n}"] = time.monotonic() - t0
        stores = {
            "file": _store_for(file_repo, seeded.child, seeded.session),
            "postgres": _store_for(pg, seeded.child, seeded.session),
        }
        times: dict[str, list[int]] = {k: [] for k in stores}
        order = list(stores)
        for k, (item, level) in enumerate(tap_sequence(config.taps)):
            for key in order[k % 2 :] + order[: k % 2]:
                times[key].append(_tap(stores[key], item, level))
        sizes[n] = {k: Stats.of_ns(v) for k, v in times.items()}
        pg.close()
        del people

    writers = _concurrent(config, root, cluster, master)
    _report(section, config, sizes, writers)
    return {
        "taps": {
            str(n): {k: s.as_dict() for k, s in by.items()} for n, by in sizes.items()
        },
        "concurrent": writers,
        "seconds_to_seed": seed_s,
    }


def _concurrent(config: Config, root: Path, cluster: Cluster, master: MasterKey):
    """N tablets, each on its own child, tapping at once on each store."""
    n = config.writers
    people = dataset.invented(n, 2)
    seeded = dataset.seed_app_layout(root / "file-writers", people, encrypt=True)
    file_repo = Repository(seeded.data_dir, vault=seeded.vault)
    pg = _pg_repo(cluster, master, pool=n)
    pg.add_children(people)
    results = {}
    try:
        for key, repo in (("file", file_repo), ("postgres", pg)):
            stores = []
            for child, _ in people:
                session = Session.new(child.id)
                repo.save_session(session)
                stores.append(_store_for(repo, child, session))
            results[key] = _hammer(stores, config.writer_taps)
    finally:
        pg.close()
    return results


def _hammer(stores: list[SessionStore], taps: int) -> dict:
    barrier = threading.Barrier(len(stores) + 1)
    times: list[list[int]] = [[] for _ in stores]
    errors: list[BaseException] = []

    def tablet(index: int) -> None:
        try:
            barrier.wait()
            for item, level in tap_sequence(taps):
                times[index].append(_tap(stores[index], item, level))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=tablet, args=(i,)) for i in range(len(stores))]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.monotonic()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    if errors:
        raise errors[0]
    flat = [v for series in times for v in series]
    stats = Stats.of_ns(flat)
    return {
        "tablets": len(stores),
        "taps": len(flat),
        "seconds": wall,
        "taps_per_s": len(flat) / wall if wall else float("nan"),
        **stats.as_dict(),
    }


def _report(section: Section, config: Config, sizes, writers) -> None:
    section.add(
        "One tap = one `SessionStore.toggle_rating` call, interleaved between the "
        "two stores. **File store**: the app as it ships (encrypted folder, "
        "fsynced). **PostgreSQL**: `PostgresRepository` on a throwaway "
        "PostgreSQL cluster with fsync on (synchronous commit), one transaction "
        "per tap (team set for row-level security, compare-and-set `UPDATE` of "
        "the AES-GCM-encrypted session, audit row). "
        f"{config.taps} taps per store and size; the tapped child has "
        f"{config.sessions} stored sessions plus the one being answered.",
        "",
    )
    rows = []
    for n, by in sizes.items():
        rows.append(stats_row(f"file store, {kids(n)}", by["file"]))
        rows.append(stats_row(f"PostgreSQL, {kids(n)}", by["postgres"]))
    section.table(STATS_HEADER, rows)
    section.add(
        f"**{config.writers} tablets at once**, each answering its own child, "
        f"{config.writer_taps} taps each, through one repository per store:",
        "",
    )
    section.table(
        ("store", "tablets", "taps", "taps/s", "p50 ms", "p95 ms", "max ms"),
        [
            (
                key,
                w["tablets"],
                w["taps"],
                f"{w['taps_per_s']:.0f}",
                ms(w["p50_ms"]),
                ms(w["p95_ms"]),
                ms(w["max_ms"]),
            )
            for key, w in writers.items()
        ],
    )
    big = max(sizes)
    pg = writers["postgres"]
    section.goals.append(
        Goal(
            f"{config.writers} concurrent tablets on PostgreSQL, p95",
            f"≤ {GOAL_CONCURRENT_P95_MS:.0f} ms",
            f"{ms(pg['p95_ms'])} ms at {pg['taps_per_s']:.0f} taps/s",
            pg["p95_ms"] <= GOAL_CONCURRENT_P95_MS,
        )
    )
    section.summary += [
        (
            f"Tap → saved, PostgreSQL vs file store, {big:,} children (p50 / p95)",
            f"{ms(sizes[big]['postgres'].p50)} / {ms(sizes[big]['postgres'].p95)} ms"
            f" vs {ms(sizes[big]['file'].p50)} / {ms(sizes[big]['file'].p95)} ms",
        ),
        (
            f"{config.writers} tablets at once, taps/s (PostgreSQL / file store)",
            f"{pg['taps_per_s']:.0f} / {writers['file']['taps_per_s']:.0f}",
        ),
    ]
