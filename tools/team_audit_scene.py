"""`python -m tools.team_audit_scene`: a team server for the loggkontroll screenshot.

Starts a throwaway PostgreSQL cluster (``tools.pg_cluster``), migrates it,
seeds invented staff and children and some of their work (so the audit has
rows), and serves the app on ``MINROST_PORT`` with an admin signed in (as
sign-in will do) and the auditor's search for the screen. For
``tools/screenshots.py`` only: invented data, loopback, stopped with SIGTERM.
"""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import replace
from datetime import UTC, datetime

import psycopg

from app import web
from app.domain.meeting import Plan
from app.domain.models import Child, Consent, ConsentGiver, ConsentRecord, Recipient
from app.domain.models import Session as ChildSession
from app.domain.staff import Role, StaffUser
from app.paths import ASSETS_DIR, cache_dir
from app.security import PinGuard
from app.storage.postgres import (
    APP_ROLE,
    AUDITOR_ROLE,
    OPERATOR_ROLE,
    AuditReader,
    MasterKey,
    PostgresRepository,
    migrate,
)
from app.ui.app import build_main
from tests.browser.flutter import BROWSER_PIN
from tools.pg_cluster import Cluster

TEAM = "norr"
ADMIN = StaffUser(id="u-3f9c", team=TEAM, role=Role.ADMIN, name="Teamledare T")
STAFF = (
    ADMIN,
    StaffUser(id="u-81ad", team=TEAM, role=Role.COUNSELLOR, name="Kurator K"),
    StaffUser(id="u-5e27", team=TEAM, role=Role.COUNSELLOR, name="Psykolog P"),
)


def seed(conninfo_app: str, owner: str, master: MasterKey, folder) -> None:
    """Invented users, children and a little of their work."""
    with psycopg.connect(owner) as conn:
        for user in STAFF:
            conn.execute(
                "INSERT INTO users (team_id, id, issuer, subject, name, role)"
                " VALUES (%s, %s, 'https://idp.invalid', %s, %s, %s)",
                (TEAM, user.id, user.id, user.name, user.role.value),
            )
    # Made as an administrator command would (the whole team), then each
    # user is assigned the child they work with.
    setup = PostgresRepository(
        conninfo_app.replace(f"user={APP_ROLE}", f"user={OPERATOR_ROLE}"),
        team=TEAM,
        master_key=master,
        data_dir=folder,
    )
    PinGuard(setup, encrypt=False).set_pin(BROWSER_PIN)
    children = [Child.new(n, f"Ärende {i}") for i, n in enumerate(["Elev A", "Elev B"])]
    for child in children:
        setup.add_child(child)
    setup.close()
    kurator, psykolog = STAFF[1], STAFF[2]
    with psycopg.connect(owner) as conn:
        for user, child in ((kurator, children[0]), (psykolog, children[1])):
            conn.execute(
                "INSERT INTO case_access (team_id, child_id, user_id, assigned_by)"
                " VALUES (%s, %s, %s, 'app')",
                (TEAM, child.id, user.id),
            )
    for user, child in ((kurator, children[0]), (psykolog, children[1])):
        repo = PostgresRepository(
            conninfo_app, team=TEAM, master_key=master, actor=user.id
        )
        session = ChildSession.new(child.id)
        repo.get_child(child.id)
        repo.save_session(session)
        repo.save_plan(child.id, Plan())
        repo.save_consent(
            child.id,
            ConsentRecord(
                consents=(
                    Consent(
                        id="k1",
                        given_by=(ConsentGiver.GUARDIANS,),
                        recipients=(Recipient.SCHOOL,),
                        given_at=datetime.now(UTC),
                    ),
                )
            ),
        )
        repo.export_data(child.id, session.id, recipient=Recipient.SCHOOL, what="pdf")
        repo.close()


def main() -> None:
    """Start the cluster, seed it and serve until SIGTERM."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    port = int(os.environ["MINROST_PORT"])
    folder = cache_dir() / "team-audit-scene"
    folder.mkdir(parents=True, exist_ok=True)
    with Cluster() as cluster:
        name = cluster.create_database()
        migrate(cluster.conninfo(name))
        app_conninfo = cluster.conninfo(name, APP_ROLE)
        master = MasterKey(os.urandom(32))
        seed(app_conninfo, cluster.conninfo(name), master, folder)
        repo = PostgresRepository(
            app_conninfo, team=TEAM, master_key=master, actor=ADMIN.id, data_dir=folder
        )
        reader = AuditReader(cluster.conninfo(name, AUDITOR_ROLE), team=TEAM)
        inner = build_main(repo, encrypt=False)

        def signed_in(page) -> None:
            inner(page)
            page.data.staff = replace(ADMIN)
            page.data.audit_reader = reader

        app = web.build_app(
            signed_in,
            host="127.0.0.1",
            port=port,
            assets_dir=str(ASSETS_DIR),
            cache_dir=cache_dir() / "client",
            tls=False,
        )
        try:
            web.serve(app, host="127.0.0.1", port=port, tls=None)
        finally:
            repo.close()


if __name__ == "__main__":
    main()
