"""Threads sharing one data file: it stays whole and no update is lost."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tinydb import TinyDB

from app.storage.safe_storage import (
    CorruptFileError,
    SafeStorage,
    locked_database,
)


def run_threads(count: int, work: Callable[[int], None]) -> None:
    """Run ``work(i)`` on ``count`` threads started together; re-raise failures."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def body(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not [t for t in threads if t.is_alive()], "a thread hung"
    if errors:
        raise errors[0]


class RawReader:
    """Parses the file with plain ``open`` and no lock, as another process would."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reads = 0
        self.failures = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                raw = self.path.read_bytes()
            except FileNotFoundError:
                # Not there yet is fine; gone again after a save is not.
                self.failures += self.reads > 0
                continue
            try:
                json.loads(raw)
            except ValueError:
                self.failures += 1
            self.reads += 1
            time.sleep(0.0002)  # leave the GIL to the writers now and then

    def __enter__(self) -> RawReader:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


@pytest.mark.parametrize(("threads", "writes"), [(2, 100), (8, 50)])
def test_read_modify_write_under_transaction_loses_no_update(
    tmp_path: Path, threads: int, writes: int
) -> None:
    """TinyDB per thread + ``storage.transaction()`` keeps every increment."""
    path = tmp_path / "shared.json"
    with TinyDB(path, storage=SafeStorage) as db:
        db.insert({"total": 0})

    def work(i: int) -> None:
        # One long-lived TinyDB per thread, as a UI handler thread might hold.
        with TinyDB(path, storage=SafeStorage) as db:
            table = db.table("_default")
            for k in range(1, writes + 1):
                with db.storage.transaction():
                    total = table.get(doc_id=1)["total"]
                    table.update({"total": total + 1, f"t{i}": k}, doc_ids=[1])

    with RawReader(path) as reader:
        run_threads(threads, work)

    final = SafeStorage(path).read()["_default"]["1"]
    assert final["total"] == threads * writes
    assert all(final[f"t{i}"] == writes for i in range(threads))
    assert reader.reads > 0
    assert reader.failures == 0


def test_locked_database_lets_threads_insert_without_lost_or_clashing_ids(
    tmp_path: Path,
) -> None:
    """``locked_database`` (lock + fresh TinyDB) keeps every insert, ids unique."""
    path = tmp_path / "shared.json"

    def work(i: int) -> None:
        for k in range(50):
            with locked_database(path) as db:
                db.table("events").insert({"thread": i, "k": k})

    with RawReader(path) as reader:
        run_threads(8, work)

    with locked_database(path) as db:
        docs = db.table("events").all()
    assert len(docs) == 400
    assert sorted(d.doc_id for d in docs) == list(range(1, 401))
    assert {(d["thread"], d["k"]) for d in docs} == {
        (i, k) for i in range(8) for k in range(50)
    }
    assert reader.failures == 0


def test_concurrent_saves_without_transaction_never_corrupt_the_file(
    tmp_path: Path,
) -> None:
    """Even callers that skip the transaction can never tear the file."""
    path = tmp_path / "shared.json"
    written: set[tuple[int, int]] = set()
    guard = threading.Lock()
    read_errors: list[Exception] = []

    def work(i: int) -> None:
        storage = SafeStorage(path)
        for k in range(50):
            storage.write({"t": {"1": {"thread": i, "k": k, "pad": "ö" * (k * 50)}}})
            with guard:
                written.add((i, k))
            try:
                storage.read()
            except CorruptFileError as exc:
                read_errors.append(exc)

    with RawReader(path) as reader:
        run_threads(8, work)

    last = SafeStorage(path).read()["t"]["1"]
    assert (last["thread"], last["k"]) in written
    assert read_errors == []
    assert reader.failures == 0
    assert not list(tmp_path.glob(".tmp-*"))
