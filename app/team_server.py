"""Opening a team server's store: what `serve --database` and the commands share.

``open_server_store`` checks everything a start needs (the master key, the
schema's version, a connection that cannot bypass row-level security) and
exits with one Swedish sentence when something is missing, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

from app.paths import data_dir
from app.storage.store import Store

DATABASE_ENV = "MINROST_DATABASE"
DATABASE_ADMIN_ENV = "MINROST_DATABASE_ADMIN"
DATABASE_AUDITOR_ENV = "MINROST_DATABASE_AUDITOR"
TEAM_ENV = "MINROST_TEAM"
DEFAULT_TEAM = "team"


def open_server_store(
    database: str,
    *,
    admin: str | None = None,
    team: str = DEFAULT_TEAM,
    environ: Mapping[str, str] | None = None,
) -> Store:
    """The team server's store, or exit with one sentence saying why not.

    ``admin`` (the database owner's connection) applies the schema
    migrations first; without it the schema must already be current. The
    app's own connection must not be able to bypass row-level security. The
    master keys come from ``MINROST_MASTER_KEY_SOURCE`` (a key file, a systemd
    credential or an HSM; else ``MINROST_MASTER_KEY``, development) and
    ``MINROST_OLD_MASTER_KEY_SOURCES``; each key id the team's children need
    must be there and unwrap, or the start stops with one sentence.
    """
    env = os.environ if environ is None else environ
    try:
        from app.storage import postgres
    except ImportError:
        sys.exit(
            "Teamservern kräver psycopg: installera med pip install -e '.[server]'."
        )
    from app.storage import master_keys

    try:
        master = master_keys.key_ring_from_env(dict(env))
    except master_keys.KeyConfigError as exc:
        if env.get(master_keys.MASTER_KEY_SOURCE_ENV) or env.get(
            master_keys.OLD_MASTER_KEY_SOURCES_ENV
        ):
            sys.exit(str(exc))
        sys.exit(
            f"Ange huvudnyckeln i {postgres.MASTER_KEY_ENV} (32 byte i base64; "
            "en ny fås med python -c 'from app.storage.postgres import "
            "MasterKey; print(MasterKey.generate())') eller var den finns i "
            f"{master_keys.MASTER_KEY_SOURCE_ENV} (file:, credential:, pkcs11:)."
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
    except postgres.UnsafeRole:
        sys.exit(
            f"Anslut som rollen {postgres.APP_ROLE}: den angivna rollen äger "
            "tabellerna eller kan gå förbi radsäkerheten."
        )
    except postgres.psycopg.OperationalError as exc:
        sys.exit(f"Databasen kunde inte nås: {str(exc).strip().splitlines()[0]}")
    repo = postgres.PostgresRepository(
        database,
        team=team,
        master_key=master,
        data_dir=data_dir() / "team-server",
    )
    try:
        repo.check_keys()
    except master_keys.WrongMasterKey as exc:
        repo.close()
        sys.exit(str(exc))
    except master_keys.KeyServiceUnavailable:
        repo.close()
        sys.exit("Nyckeltjänsten (PKCS#11) kunde inte användas.")
    return repo


def audit_reader(team: str, environ: Mapping[str, str] | None = None) -> Any:
    """The team's audit search (``AuditReader`` as ``minrost_auditor``) for the
    admin's audit screen, or None when ``MINROST_DATABASE_AUDITOR`` is unset.

    A connection of its own: the app's role may only insert into the audit.
    """
    conninfo = (os.environ if environ is None else environ).get(DATABASE_AUDITOR_ENV)
    if not conninfo:
        return None
    from app.storage.postgres import AuditReader

    return AuditReader(conninfo, team=team)
