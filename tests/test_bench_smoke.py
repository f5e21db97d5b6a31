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
    assert {"app-1", "app-2", "fix1-2", "fix2", "fix12"} <= set(app)
    for stats in app.values():
        assert stats["n"] == TINY.taps
        assert math.isfinite(stats["p50_ms"])
        assert math.isfinite(stats["p95_ms"])
        assert stats["p50_ms"] > 0
    for stats in section.data["tinydb"].values():
        assert stats["n"] >= 1
        assert math.isfinite(stats["p50_ms"])
    assert section.data["breakdown_ms_per_tap"]
    assert any(line.startswith("| app, 1 child") for line in section.lines)
    assert {g.name for g in section.goals} == {
        "Tap → saved p95",
        "Tap → saved flat across data sizes",
    }
