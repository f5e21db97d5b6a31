"""A team server with invented staff and children, for the screenshots of the
access screens (``tools/screenshots.py``, scenes ``team-*``).

``python -m tools.team_screens --user psykolog-2 [--break-glass]`` starts a
throwaway PostgreSQL cluster (``tools.pg_cluster``), seeds team *norr* (an
admin, two counsellors, the child ``elev-t`` added by kurator-1 with one
session, and ``elev-p`` added by psykolog-2), then serves the app on
``MINROST_PORT`` as the named user (``build_main(..., staff=…)``, as sign-in
will set it per browser). The cluster is removed when the process ends.
Invented data only; never for real children.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path

import psycopg

from app import web
from app.domain.models import Child, Level, Session
from app.domain.staff import Role, StaffUser
from app.paths import ASSETS_DIR, cache_dir, data_dir
from app.security import PinGuard
from app.storage.postgres import APP_ROLE, MasterKey, PostgresRepository, migrate
from app.ui.app import build_main
from tests.browser.flutter import BROWSER_PIN
from tests.browser.server import AppServer
from tools.pg_cluster import Cluster

TEAM = "norr"
CHILD = "elev-t"
"""The child the scenes open (added by kurator-1)."""
STAFF = (
    StaffUser("chef-1", TEAM, Role.ADMIN, "Ada Admin"),
    StaffUser("kurator-1", TEAM, Role.COUNSELLOR, "Kim Kurator"),
    StaffUser("psykolog-2", TEAM, Role.COUNSELLOR, "Pim Psykolog"),
    StaffUser("socionom-3", TEAM, Role.COUNSELLOR, "Sam Socionom"),
)
REASON = "Kim är sjuk och mötet med familjen är i dag"


def seed(owner: str, app: str, master: MasterKey, folder: Path) -> None:
    """Team *norr*'s staff and two invented children."""
    with psycopg.connect(owner) as conn:
        for user in STAFF:
            conn.execute(
                "INSERT INTO users (team_id, id, issuer, subject, name, role)"
                " VALUES (%s, %s, 'https://idp.example', %s, %s, %s)",
                (TEAM, user.id, user.id, user.name, user.role.value),
            )
    for actor, child in (
        ("kurator-1", Child(id=CHILD, display_name="Elev T", case_ref="Ärende 7")),
        ("psykolog-2", Child(id="elev-p", display_name="Elev P", case_ref="Ärende 9")),
    ):
        repo = PostgresRepository(
            app, team=TEAM, master_key=master, actor=actor, data_dir=folder
        )
        try:
            repo.add_child(child)
            session = Session.new(child.id)
            session = replace(session, grid=session.grid.toggle("maths", Level.FUN))
            repo.save_session(session)
            if actor == "kurator-1":
                PinGuard(repo, encrypt=False).set_pin(BROWSER_PIN)
        finally:
            repo.close()


def main(argv: list[str] | None = None) -> int:
    """Start the cluster, seed it and serve the app as one user."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--user", required=True, choices=[u.id for u in STAFF])
    parser.add_argument(
        "--break-glass", action="store_true", help="open elev-t with a grant first"
    )
    args = parser.parse_args(argv)
    cluster = Cluster().start()
    try:
        database = cluster.create_database()
        migrate(cluster.conninfo(database))
        app = cluster.conninfo(database, APP_ROLE)
        master = MasterKey(os.urandom(32))
        folder = data_dir() / "team-server"
        folder.mkdir(parents=True, exist_ok=True)
        seed(cluster.conninfo(database), app, master, folder)
        user = next(u for u in STAFF if u.id == args.user)
        repo = PostgresRepository(
            app, team=TEAM, master_key=master, actor=user.id, data_dir=folder
        )
        if args.break_glass:
            repo.break_glass(CHILD, REASON)
        port = int(os.environ["MINROST_PORT"])
        served = web.build_app(
            build_main(repo, encrypt=False, staff=user),
            host="127.0.0.1",
            port=port,
            assets_dir=str(ASSETS_DIR),
            cache_dir=cache_dir() / "client",
            tls=False,
        )
        web.serve(served, host="127.0.0.1", port=port, tls=None)
    finally:
        cluster.stop()
    return 0


class TeamAppServer(AppServer):
    """This module in a child process, like ``AppServer`` runs ``python -m app``."""

    def __init__(self, data_dir_: Path, user: str, *, break_glass: bool = False):
        import subprocess

        from tests.browser.server import ROOT, free_port

        self.data_dir = data_dir_
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        env.update(
            {
                "MINROST_DATA_DIR": str(data_dir_),
                "MINROST_PORT": str(self.port),
                "PYTHONUNBUFFERED": "1",
            }
        )
        self.log = data_dir_.parent / f"team-server-{self.port}.log"
        self._log_file = self.log.open("wb")
        argv = [sys.executable, "-m", "tools.team_screens", "--user", user]
        if break_glass:
            argv.append("--break-glass")
        self.proc = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=self._log_file, stderr=subprocess.STDOUT
        )


if __name__ == "__main__":
    sys.exit(main())
