"""The storage benchmark runs in-process and produces numbers (no timing checks).

Timings are for ``make bench`` (``python -m bench``), never for the test suite:
this only proves the harness still works against the current app.
"""

from __future__ import annotations

import math
from dataclasses import replace

from bench import storage
from bench.common import SMOKE

TINY = replace(
    SMOKE,
    children=(1, 2),
    sessions=2,
    taps=5,
    profile_taps=2,
    tinydb_taps=3,
    tinydb_budget_s=5.0,
)


def test_storage_benchmark_produces_numbers(tmp_path):
    """Every variant got its taps and a finite p50/p95; the report has tables."""
    section = storage.run(TINY, root=tmp_path)

    app = section.data["app"]
    assert set(app) == {"app-1", "app-2", "plain-2", "before-1", "before-2", "fix2"}
    for stats in app.values():
        assert stats["n"] == TINY.taps
        assert math.isfinite(stats["p50_ms"])
        assert math.isfinite(stats["p95_ms"])
        assert stats["p50_ms"] > 0
    for stats in section.data["tinydb"].values():
        assert stats["n"] >= 1
        assert math.isfinite(stats["p50_ms"])
    assert section.data["breakdown_ms_per_tap"]
    assert any(line.startswith("| app (encrypted), 1 child") for line in section.lines)
    assert {g.name for g in section.goals} == {
        "Tap → saved p95",
        "Tap → saved flat across data sizes",
    }


def test_the_before_variant_decodes_as_the_app_did_before_fix_1(tmp_path):
    """Inside ``earlier_storage`` a save decodes its file twice, after it once."""
    from tinydb import TinyDB

    from app.storage.safe_storage import JsonCodec, SafeStorage
    from bench.prototypes import earlier_storage

    class Counting(JsonCodec):
        decodes = 0

        def decode(self, raw, *, path):
            Counting.decodes += 1
            return super().decode(raw, path=path)

    path = tmp_path / "child.json"
    SafeStorage(path).write({"t": {"1": {"v": 0}}})

    def decodes_per_save(value):
        Counting.decodes = 0
        with TinyDB(path, storage=SafeStorage, codec=Counting()) as db:
            db.table("t").update({"v": value})
        return Counting.decodes

    with earlier_storage():
        assert decodes_per_save(1) == 2
    assert decodes_per_save(2) == 1


def test_team_server_benchmark_measures_both_stores(tmp_path, pg_cluster):
    """Each size has file and PostgreSQL taps with finite p50/p95, and the
    concurrent tablets' run counted every tap on both stores."""
    from bench import team_server

    config = replace(TINY, writers=2, writer_taps=3)
    section = team_server.run(config, root=tmp_path, cluster=pg_cluster)
    taps = section.data["taps"]
    assert set(taps) == {"1", "2"}
    for by_store in taps.values():
        assert set(by_store) == {"file", "postgres"}
        for stats in by_store.values():
            assert stats["n"] == config.taps
            assert math.isfinite(stats["p95_ms"])
    for key in ("file", "postgres"):
        writers = section.data["concurrent"][key]
        assert writers["taps"] == config.writers * config.writer_taps
        assert writers["taps_per_s"] > 0
    assert any(line.startswith("| PostgreSQL, 2 children") for line in section.lines)
