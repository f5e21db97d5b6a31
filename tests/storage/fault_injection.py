"""SIGKILL a process while it saves through SafeStorage, then check the file.

A child process loops: write counter n+1 through ``SafeStorage``, and only after
``write()`` has returned, send ``A <n>`` (the acknowledgement) up a pipe. The
parent kills it with SIGKILL, either after a random 0-30 ms or the moment it
reports entering a chosen step of the save (``write``, ``fsync``, ``link``,
``replace``...), then opens the file. It must load, and hold a counter at
least as high as the last acknowledged one (and at most one higher).

Writers are forked from one long-lived server process that has already
imported everything, so each kill-verify-restart costs a fork, not a Python
start-up, and 200 kills take seconds. Each new writer still opens the file from
disk as a restarted app would.

``--control`` runs the same kills against TinyDB's default JSONStorage, to show
that the harness does see damage when there is some.

SIGKILL leaves the kernel's page cache alone, so this proves the save is
atomic (never half a file, never an ack before the data is in place), not that
fsync reaches the platter; that needs a power cut.

Run alone::

    python -m tests.storage.fault_injection 1000
    python -m tests.storage.fault_injection --control 200
"""

from __future__ import annotations

import json
import os
import random
import select
import signal
import stat
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import JSONStorage

from app.storage.safe_storage import (
    CorruptFileError,
    JsonCodec,
    SafeStorage,
    backup_path_for,
    remove_stale_temp_files,
)

ROOT = Path(__file__).resolve().parents[2]
KILLS_ENV = "MINROST_FAULT_KILLS"
SEED_ENV = "MINROST_FAULT_SEED"
DEFAULT_KILLS = 200
MAX_RANDOM_DELAY = 0.030
# Steps of a save the parent can aim at, and how often each is chosen.
PHASES = {
    "fsync": 4,
    "write": 2,
    "link": 1,
    "replace-bak": 1,
    "replace": 1,
    "fsync-dir": 1,
}
LINE_TIMEOUT = 20.0


def kills_from_env(default: int = DEFAULT_KILLS) -> int:
    """Return the number of kills asked for in ``MINROST_FAULT_KILLS``."""
    raw = os.environ.get(KILLS_ENV, "").strip()
    return int(raw) if raw else default


@dataclass
class FaultInjectionReport:
    """Figures from one fault-injection run; ``ok`` means nothing went wrong."""

    storage: str = "safe"
    kills: int = 0
    random_kills: int = 0
    targeted_kills: dict[str, int] = field(default_factory=dict)
    kills_inside_fsync: int = 0
    acknowledged_writes: int = 0
    unreadable: int = 0
    unreadable_backups: int = 0
    lost_acknowledged_writes: int = 0
    counter_too_far_ahead: int = 0
    child_failures: int = 0
    stale_temp_files_removed: int = 0
    seed: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every kill left a readable file with every acked write."""
        return not (
            self.unreadable
            or self.unreadable_backups
            or self.lost_acknowledged_writes
            or self.counter_too_far_ahead
            or self.child_failures
        )

    def as_dict(self) -> dict[str, Any]:
        """Return the figures as plain data (for a benchmark or report)."""
        return asdict(self) | {"ok": self.ok}

    def summary(self) -> str:
        """Return the figures as one line of text."""
        aimed = sum(self.targeted_kills.values())
        return (
            f"fault injection ({self.storage}): {self.kills} SIGKILLs "
            f"({self.random_kills} after a random 0-{MAX_RANDOM_DELAY * 1000:.0f} ms, "
            f"{aimed} aimed at a save step; {self.kills_inside_fsync} of "
            f"{self.targeted_kills.get('fsync', 0)} fsync-aimed kills landed before "
            f"fsync returned), "
            f"{self.acknowledged_writes} acknowledged writes, "
            f"unreadable files: {self.unreadable}, "
            f"unreadable backups: {self.unreadable_backups}, "
            f"lost acknowledged writes: {self.lost_acknowledged_writes}, "
            f"counter ahead by >1: {self.counter_too_far_ahead}, "
            f"child failures: {self.child_failures}, "
            f"stale temp files cleaned: {self.stale_temp_files_removed}, "
            f"seed {self.seed}, {self.seconds:.1f} s"
        )


# --- the child --------------------------------------------------------------
def _document(n: int) -> dict[str, Any]:
    # The size changes with n, so a torn write would show as a bad length.
    return {
        "_default": {"1": {"counter": n, "pad": "å" * (n * 37 % 3000)}},
        "sessions": {str(i): {"n": n, "i": i} for i in range(1, 1 + n % 20)},
    }


def _counter(data: dict[str, Any] | None) -> int:
    if data is None:
        return 0
    return int(data["_default"]["1"]["counter"])


def _install_tracing(send: Any) -> None:
    """Report entering and leaving each step of a save (for aimed kills)."""
    real_write, real_fsync = os.write, os.fsync
    real_link, real_replace = os.link, os.replace

    def traced(phase: str, func: Any, *args: Any) -> Any:
        send(f"B {phase}\n".encode())
        result = func(*args)
        send(f"E {phase}\n".encode())
        return result

    def fsync(fd: int) -> None:
        is_dir = stat.S_ISDIR(os.fstat(fd).st_mode)
        return traced("fsync-dir" if is_dir else "fsync", real_fsync, fd)

    def replace(src: Any, dst: Any) -> None:
        phase = "replace-bak" if str(dst).endswith(".bak") else "replace"
        return traced(phase, real_replace, src, dst)

    os.write = lambda fd, data: traced("write", real_write, fd, data)
    os.fsync = fsync
    os.link = lambda src, dst: traced("link", real_link, src, dst)
    os.replace = replace


def _writer(path: Path, mode: str, storage_name: str, send: Any) -> None:
    """Save ever higher counters until killed (runs in a forked process)."""
    if mode == "trace":
        _install_tracing(send)
    storage = SafeStorage(path) if storage_name == "safe" else JSONStorage(path)
    n = _counter(storage.read())
    send(f"R {n}\n".encode())
    while True:
        n += 1
        storage.write(_document(n))
        send(f"A {n}\n".encode())


def fork_server_main(path: Path) -> None:
    """Fork one writer per ``go`` line, wait for its death, report how it ended.

    Imports happen once here, so a new writer costs a fork, not a Python
    start-up. Every line a writer sent is in the pipe before the ``X`` line.
    """
    # An unbuffered FileIO writes with the C write(), not the traced os.write.
    out = open(1, "wb", buffering=0, closefd=False)  # noqa: SIM115
    out.write(b"Z\n")
    for line in sys.stdin.buffer:
        words = line.decode().split()
        if len(words) != 3 or words[0] != "go":
            break
        pid = os.fork()
        if pid == 0:  # the writer
            try:
                _writer(path, words[1], words[2], out.write)
            finally:
                os._exit(1)  # never fall back into the server loop
        out.write(f"P {pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        out.write(f"X {pid} {os.waitstatus_to_exitcode(status)}\n".encode())


# --- the parent -------------------------------------------------------------
class _ForkServer:
    """The long-lived process that forks writers, and a line reader on its pipe."""

    def __init__(self, path: Path, log: Any) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.storage.fault_injection", "--serve", path],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            bufsize=0,
        )
        assert self.proc.stdout is not None
        self.fd = self.proc.stdout.fileno()
        self.buffer = b""
        self.lines: list[str] = []
        if self.read_line() != "Z":
            raise RuntimeError("the fork server did not start")

    def read_line(self, timeout: float = LINE_TIMEOUT) -> str:
        """Return the next line from the server or its writer."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the writer process stopped talking")
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.fd, 65536)
            if not chunk:
                raise RuntimeError("the fork server died")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        text = line.decode()
        self.lines.append(text)
        return text

    def start_writer(self, mode: str, storage: str) -> tuple[int, int]:
        """Fork a writer; return its pid and the counter it found on disk."""
        self.lines = []
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"go {mode} {storage}\n".encode())
        pid = start = None
        while pid is None or start is None:
            line = self.read_line()
            if line.startswith("P "):
                pid = int(line[2:])
            elif line.startswith("R "):
                start = int(line[2:])
            elif line.startswith("X "):
                raise RuntimeError("a writer died before it started saving")
        return pid, start

    def kill_writer(self, pid: int) -> int:
        """SIGKILL the writer, wait until it is gone; return its exit code."""
        # Safe from pid reuse: the server reaps the writer only after it died,
        # and we never kill a pid the server has reported as reaped.
        os.kill(pid, signal.SIGKILL)
        while True:
            line = self.read_line()
            if line.startswith(f"X {pid} "):
                return int(line.split()[2])

    def stop(self) -> None:
        """End the server: close its input, then kill it if it lingers."""
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()


def _last_ack(lines: list[str], start: int) -> int:
    acks = [int(line[2:]) for line in lines if line.startswith("A ")]
    return max(acks, default=start)


def _landed_inside(lines: list[str], phase: str, occurrence: int) -> bool:
    """Whether the aimed step had not reported leaving when the kill hit."""
    seen = 0
    for index, line in enumerate(lines):
        if line == f"B {phase}":
            seen += 1
            if seen == occurrence:
                return f"E {phase}" not in lines[index + 1 : index + 2]
    return False


def _check_file(path: Path, report: FaultInjectionReport) -> int | None:
    """Open the file as the app would; return its counter or None if unreadable."""
    try:
        data = SafeStorage(path).read()
        TinyDB(path, storage=SafeStorage).all()
    except CorruptFileError as exc:
        report.unreadable += 1
        report.problems.append(f"unreadable after a kill: {exc}")
        return None
    backup = backup_path_for(path)
    if backup.exists():
        try:
            JsonCodec().decode(backup.read_bytes(), path=path)
        except ValueError as exc:
            report.unreadable_backups += 1
            report.problems.append(f"unreadable backup: {exc}")
    return _counter(data)


def run_fault_injection(
    kills: int, workdir: Path, *, seed: int | None = None, storage: str = "safe"
) -> FaultInjectionReport:
    """Kill writer processes ``kills`` times; return what the files looked like.

    ``storage="tinydb-json"`` runs the same kills against TinyDB's own
    JSONStorage, as a control that shows the harness does catch damage.
    """
    if storage not in ("safe", "tinydb-json"):
        raise ValueError(f"unknown storage {storage!r}")
    if os.name != "posix":
        raise RuntimeError("fault injection needs fork, SIGKILL and select() on pipes")
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    data_dir = workdir / "data"
    data_dir.mkdir(exist_ok=True)
    path = data_dir / "counter.json"
    if seed is None:
        raw_seed = os.environ.get(SEED_ENV, "")
        seed = int(raw_seed) if raw_seed else random.SystemRandom().randrange(2**32)
    rng = random.Random(seed)
    safe = storage == "safe"
    report = FaultInjectionReport(seed=seed, storage=storage)
    phases, weights = list(PHASES), list(PHASES.values())
    started = time.monotonic()
    expected = 0
    with open(workdir / "writer-stderr.log", "ab") as log:
        server = _ForkServer(path, log)
        try:
            for _ in range(kills):
                aimed = rng.random() < 0.5
                pid, start = server.start_writer("trace" if aimed else "quiet", storage)
                if start != expected:
                    report.child_failures += 1
                    report.problems.append(f"child read {start}, expected {expected}")
                if aimed:
                    # TinyDB's JSONStorage writes through a file object, so its
                    # only os-level step we can see is the fsync.
                    phase = rng.choices(phases, weights)[0] if safe else "fsync"
                    occurrence = rng.randint(1, 3)
                    target, seen = f"B {phase}", 0
                    while seen < occurrence:
                        line = server.read_line()
                        if line.startswith("X "):
                            break
                        seen += line == target
                    code = server.kill_writer(pid)
                    report.targeted_kills[phase] = (
                        report.targeted_kills.get(phase, 0) + 1
                    )
                    if phase == "fsync" and _landed_inside(
                        server.lines, phase, occurrence
                    ):
                        report.kills_inside_fsync += 1
                else:
                    time.sleep(rng.uniform(0, MAX_RANDOM_DELAY))
                    code = server.kill_writer(pid)
                    report.random_kills += 1
                report.kills += 1
                if code != -signal.SIGKILL:
                    report.child_failures += 1
                    report.problems.append(f"writer exited by itself (code {code})")
                acked = _last_ack(server.lines, start)
                report.acknowledged_writes += acked - start
                value = _check_file(path, report)
                if value is None:
                    # Keep going so the figures cover every kill: start the
                    # next writer from the last acknowledged value.
                    path.unlink()
                    SafeStorage(path).write(_document(acked))
                    value = acked
                elif value < acked:
                    report.lost_acknowledged_writes += 1
                    report.problems.append(f"file holds {value}, {acked} was acked")
                if value > acked + 1:
                    report.counter_too_far_ahead += 1
                    report.problems.append(f"file holds {value}, only {acked} acked")
                report.stale_temp_files_removed += remove_stale_temp_files(data_dir)
                expected = value
        finally:
            server.stop()
    report.seconds = time.monotonic() - started
    return report


def main(argv: list[str]) -> int:
    """Command line: ``[--control] [KILLS]``, or ``--serve PATH`` (internal)."""
    if argv[:1] == ["--serve"]:
        fork_server_main(Path(argv[1]))
        return 0
    import tempfile

    storage = "safe"
    if argv[:1] == ["--control"]:
        storage, argv = "tinydb-json", argv[1:]
    kills = int(argv[0]) if argv else kills_from_env()
    with tempfile.TemporaryDirectory(prefix="minrost-fault-") as tmp:
        report = run_fault_injection(kills, Path(tmp), storage=storage)
    print(report.summary())
    print(json.dumps(report.as_dict(), indent=2))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
