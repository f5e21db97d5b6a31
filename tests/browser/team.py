"""A team server as deploy/ runs it, for browser tests: workers on one
PostgreSQL database, and HAProxy in front of them with deploy/haproxy.cfg.

The database is one of the run's throwaway cluster (tests/conftest.py),
seeded directly: the team PIN, one invented child with a session, and child
mode started by :data:`SEEDED_BROWSER` (a test's browser context gets that
device cookie with :func:`as_seeded_browser`).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher

from app.domain.models import Child, Session
from app.security import PinGuard
from app.storage.postgres import MasterKey, PostgresRepository
from tests.browser.server import (
    ROOT,
    AppServer,
    free_port,
    seed_child_mode,
    stop_process,
)
from tests.test_tls import self_signed

TEAM = "norr"
CHILD = "T. E."
DEPLOY_HAPROXY = ROOT / "deploy" / "haproxy.cfg"


@dataclass
class TeamDatabase:
    """A seeded team database: how workers connect, and the child's ids."""

    conninfo: str
    master_key: str
    child_id: str
    session_id: str

    def worker_env(self, **extra: str) -> dict[str, str]:
        """The environment of one `python -m app serve` worker of this team."""
        return {
            "MINROST_DATABASE": self.conninfo,
            "MINROST_MASTER_KEY": self.master_key,
            "MINROST_TEAM": TEAM,
            **extra,
        }

    def stored_marks(self) -> dict:
        """The grid marks of the child's session as the database holds them."""
        repo = self.repository()
        try:
            stored = repo.load_session(self.child_id, self.session_id)
        finally:
            repo.close()
        return {
            tile: sorted(level.value for level in levels)
            for tile, levels in stored.session.grid.marks.items()
            if levels
        }

    def repository(self, folder: Path | None = None) -> PostgresRepository:
        return PostgresRepository(
            self.conninfo,
            team=TEAM,
            master_key=MasterKey.from_env({"MINROST_MASTER_KEY": self.master_key}),
            data_dir=folder,
        )


def seed_team(conninfo: str, folder: Path) -> TeamDatabase:
    """The team PIN, one child with a session, child mode on the seeded browser
    (``folder``: the seeding's own log of the PIN being chosen)."""
    master = MasterKey.generate()
    team = TeamDatabase(conninfo, master, "", "")
    folder.mkdir(parents=True, exist_ok=True)
    repo = team.repository(folder)
    try:
        cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
        PinGuard(repo, hasher=cheap, encrypt=False).set_pin("482913")
        child = Child.new(CHILD)
        repo.add_child(child)
        session = Session.new(child.id)
        repo.save_session(session)
        seed_child_mode(repo, child.id, session.id)
    finally:
        repo.close()
    team.child_id, team.session_id = child.id, session.id
    return team


def start_workers(
    tmp_path: Path, team: TeamDatabase, count: int, **extra: str
) -> list[AppServer]:
    """``count`` single-worker servers of the team, each with its own folder."""
    workers = []
    for n in range(1, count + 1):
        (tmp_path / f"worker{n}").mkdir()
        workers.append(
            AppServer(
                tmp_path / f"worker{n}" / "data", extra_env=team.worker_env(**extra)
            )
        )
    for worker in workers:
        worker.wait_ready()
    return workers


def haproxy_binary() -> str:
    """Debian's haproxy (in /usr/sbin, off a user's $PATH)."""
    found = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(found).exists():
        raise RuntimeError(
            "haproxy is not installed: run `make system-deps` "
            "(tools/ensure_system_deps.sh) or `sudo apt-get install haproxy`"
        )
    return found


def deploy_config(
    pem: Path, https_port: int, http_port: int, workers: list[int]
) -> str:
    """deploy/haproxy.cfg with this machine's ports and certificate.

    The process-manager lines of ``global`` (chroot, user, daemon, the system
    log and stats socket) need root and systemd; everything that decides how
    requests are routed and checked is used as shipped.
    """
    text = DEPLOY_HAPROXY.read_text()
    text = re.sub(
        r"^\s*(chroot|user|group|daemon|log /dev/log|stats socket)\b.*\n",
        "",
        text,
        flags=re.MULTILINE,
    )
    text = text.replace("bind :80\n", f"bind 127.0.0.1:{http_port}\n")
    text = text.replace(
        "bind :443 ssl crt /etc/haproxy/certs/minrost.pem",
        f"bind 127.0.0.1:{https_port} ssl crt {pem}",
    )
    text = re.sub(r"^\s*server w\d .*\n", "", text, flags=re.MULTILINE)
    servers = "".join(
        f"    server w{n} 127.0.0.1:{port} cookie w{n}\n"
        for n, port in enumerate(workers, start=1)
    )
    assert "bind :" not in text, "deploy/haproxy.cfg changed its bind lines"
    return text + servers


class HAProxy:
    """haproxy in the foreground with :func:`deploy_config`, on loopback."""

    def __init__(self, folder: Path, https_port: int, workers: list[int]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        cert, key = self_signed(folder)
        pem = folder / "minrost.pem"
        pem.write_bytes(cert.read_bytes() + key.read_bytes())
        self.port = https_port
        self.url = f"https://127.0.0.1:{https_port}"
        self.config = folder / "haproxy.cfg"
        self.config.write_text(deploy_config(pem, https_port, free_port(), workers))
        check = subprocess.run(
            [haproxy_binary(), "-c", "-q", "-f", str(self.config)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0, check.stdout + check.stderr
        self.log = folder / "haproxy.log"
        self._log_file = self.log.open("wb")
        self.proc = subprocess.Popen(
            [haproxy_binary(), "-db", "-f", str(self.config)],
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            env=dict(os.environ),
        )

    def wait_ready(self, timeout: float = 30) -> None:
        """Block until haproxy accepts connections, or fail with its log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"haproxy exited:\n{self.log.read_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(f"haproxy not ready:\n{self.log.read_text()}")

    def stop(self) -> None:
        """Stop haproxy and wait for it."""
        stop_process(self.proc, self._log_file)
