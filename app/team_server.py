"""Opening a team server's store: what `serve --database` and the commands share.

``open_server_store`` checks everything a start needs (the master key, the
schema's version, a connection that cannot bypass row-level security) and
exits with one Swedish sentence when something is missing, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from app.paths import data_dir
from app.storage.store import Store

DATABASE_ENV = "MINROST_DATABASE"
DATABASE_ADMIN_ENV = "MINROST_DATABASE_ADMIN"
TEAM_ENV = "MINROST_TEAM"
DEFAULT_TEAM = "team"


def open_server_store(
    database: str,
    *,
    admin: str | None = None,
    team: str = DEFAULT_TEAM,
    environ: Mapping[str, str] | None = None,
    operator: bool = False,
) -> Store:
    """The team server's store, or exit with one sentence saying why not.

    ``admin`` (the database owner's connection) applies the schema
    migrations first; without it the schema must already be current. The
    app's own connection must not be able to bypass row-level security, and
    the master key comes from ``MINROST_MASTER_KEY`` (development).
    ``operator``: an administrator command (move-in, move-out), which must
    connect as ``minrost_operator`` — as the app's role without a signed-in
    user it would see no child and move out an empty team.
    """
    env = os.environ if environ is None else environ
    try:
        from app.storage import postgres
    except ImportError:
        sys.exit(
            "Teamservern kräver psycopg: installera med pip install -e '.[server]'."
        )
    try:
        master = postgres.MasterKey.from_env(dict(env))
    except ValueError:
        sys.exit(
            f"Ange huvudnyckeln i {postgres.MASTER_KEY_ENV} (32 byte i base64; "
            "en ny fås med python -c 'from app.storage.postgres import "
            "MasterKey; print(MasterKey.generate())')."
        )
    try:
        if admin:
            postgres.migrate(admin)
        if postgres.schema_version(database) < postgres.latest_version():
            sys.exit(
                "Databasens schema är inte uppdaterat: starta en gång med "
                f"--database-admin (eller {DATABASE_ADMIN_ENV}) som ägarroll."
            )
        postgres.check_app_role(database)
        if operator and postgres.connected_role(database) != postgres.OPERATOR_ROLE:
            sys.exit(
                f"Kör flyttkommandon som rollen {postgres.OPERATOR_ROLE}: den "
                "angivna rollen ser bara de elever en inloggad användare är "
                "tilldelad."
            )
    except postgres.UnsafeRole:
        sys.exit(
            f"Anslut som rollen {postgres.APP_ROLE}: den angivna rollen äger "
            "tabellerna eller kan gå förbi radsäkerheten."
        )
    except postgres.psycopg.OperationalError as exc:
        sys.exit(f"Databasen kunde inte nås: {str(exc).strip().splitlines()[0]}")
    return postgres.PostgresRepository(
        database,
        team=team,
        master_key=master,
        data_dir=data_dir() / "team-server",
    )
