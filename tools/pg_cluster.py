"""A throwaway PostgreSQL cluster for the tests and the benchmarks.

``initdb`` in a fresh temp folder, ``pg_ctl start`` listening only on a unix
socket in that folder (no TCP port, so parallel runs never clash), and
``pg_ctl stop`` + removal at the end. As root (CI) the server runs as the
``postgres`` system user through ``runuser`` (PostgreSQL refuses to run as
root); otherwise as the current user. Debian's ``postgresql`` package puts the
programs in ``/usr/lib/postgresql/<major>/bin``; ``tools/ensure_system_deps.sh``
installs it when it is missing.

Nothing here skips: when the cluster cannot start, ``ClusterError`` says why.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import psycopg

ADMIN = "minrost_admin"
"""The cluster's superuser; owns the databases it creates (tests only)."""


class ClusterError(RuntimeError):
    """The throwaway cluster could not be set up."""


def bindir() -> Path:
    """Where initdb and pg_ctl are (newest Debian major first, else $PATH)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).resolve().parent
    raise ClusterError(
        "PostgreSQL is not installed (no initdb): run `make system-deps` "
        "or `sudo apt-get install postgresql`"
    )


class Cluster:
    """One PostgreSQL server in a temp folder, for one test run or bench run."""

    def __init__(self, *, fsync: bool = False) -> None:
        self.fsync = fsync
        self.root = Path(tempfile.mkdtemp(prefix="minrost-pg-"))
        self.data = self.root / "data"
        self.socket_dir = self.root
        self.log = self.root / "server.log"
        self._as_root = os.geteuid() == 0
        self._started = False
        self._databases = 0

    def _run(self, *argv: str) -> None:
        cmd = list(argv)
        if self._as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = (
                self.log.read_text(errors="replace")[-2000:]
                if self.log.exists()
                else ""
            )
            raise ClusterError(
                f"{Path(argv[0]).name} failed ({done.returncode}): "
                f"{(done.stderr or done.stdout).strip()[-2000:]}\n{log}"
            )

    def start(self) -> Cluster:
        """initdb and start the server; raise ClusterError if it cannot."""
        bin_ = bindir()
        if self._as_root:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise ClusterError(
                    "running as root needs the 'postgres' system user "
                    "(Debian's postgresql package makes it)"
                ) from None
            os.chown(self.root, user.pw_uid, user.pw_gid)
        self.root.chmod(0o700)
        self._run(
            str(bin_ / "initdb"),
            "-D",
            str(self.data),
            "-U",
            ADMIN,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = (
            f"-c listen_addresses='' -k {self.socket_dir}"
            " -c max_connections=100 -c shared_buffers=32MB"
        )
        if not self.fsync:
            options = "-F -c fsync=off -c full_page_writes=off " + options
        self._run(
            str(bin_ / "pg_ctl"),
            "start",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            "60",
            "-o",
            options,
        )
        self._started = True
        return self

    def conninfo(self, dbname: str = "postgres", user: str = ADMIN) -> str:
        """A connection string to ``dbname`` as ``user`` over the socket."""
        return f"host={self.socket_dir} dbname={dbname} user={user}"

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (optionally a copy of ``template``); its name."""
        self._databases += 1
        name = f"t{os.getpid()}_{self._databases}"
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            if template:
                conn.execute(
                    f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY'
                )
            else:
                conn.execute(f'CREATE DATABASE "{name}"')
        return name

    def drop_database(self, name: str) -> None:
        """Drop a database made by ``create_database`` (its connections too)."""
        with psycopg.connect(self.conninfo(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        """Stop the server and remove the temp folder."""
        try:
            if self._started:
                self._run(
                    str(bindir() / "pg_ctl"), "stop", "-D", str(self.data), "-m", "fast"
                )
                self._started = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
