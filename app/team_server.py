"""Opening a team server's store: what `serve --database` and the commands share.

``open_server_store`` checks everything a start needs (the master key, the
schema's version, a connection that cannot bypass row-level security) and
exits with one Swedish sentence when something is missing, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from app.domain.staff import StaffUser
from app.paths import data_dir
from app.storage.store import Store

if TYPE_CHECKING:  # PyJWT comes with the server extra only
    from app.oidc import Identity, OidcSignIn

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
    operator: bool = False,
) -> Store:
    """The team server's store, or exit with one sentence saying why not.

    ``admin`` (the database owner's connection) applies the schema
    migrations first; without it the schema must already be current. The
    app's own connection must not be able to bypass row-level security. The
    master keys come from ``MINROST_MASTER_KEY_SOURCE`` (a key file, a systemd
    credential or an HSM; else ``MINROST_MASTER_KEY``, development) and
    ``MINROST_OLD_MASTER_KEY_SOURCES``; each key id the team's children need
    must be there and unwrap, or the start stops with one sentence.
    ``operator``: an administrator command (move-in, move-out, export), which
    must connect as ``minrost_operator`` — as the app's role without a
    signed-in user it would see no child and move out an empty team.
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


class TeamServer:
    """A team server's sign-in: who may come in, and each person's repository.

    ``base`` is the process's own repository (its team, ``actor="app"``): it
    reads which child a tablet shows before anyone has signed in. A signed-in
    person works through :meth:`store_for`, so the audit names them.
    """

    def __init__(self, base: Any, signin: OidcSignIn) -> None:
        self.base = base
        self.signin = signin

    @property
    def team(self) -> str:
        """The team this process serves (``--team``)."""
        return str(self.base.team)

    def admit(self, person: Identity) -> StaffUser:
        """Record a verified person as a user of this team, or SignInRefused.

        A person whose groups give another team is refused: one process
        serves one team (``--team``).
        """
        from app.oidc import SignInRefused

        if person.team != self.team:
            raise SignInRefused("other_team", "mapped to another team")
        return self.base.upsert_user(
            issuer=person.issuer,
            subject=person.subject,
            name=person.name,
            role=person.role,
        )

    def store_for(self, user: StaffUser) -> Store:
        """The repository a signed-in user works through (the shared pool,
        their team, audit rows naming ``user.id``)."""
        from app.storage.postgres import PostgresRepository

        return PostgresRepository(
            self.base.pool,
            team=user.team,
            actor=user.id,
            master_key=self.base.keys,
            data_dir=self.base.data_dir,
        )

    def child_mode_store(self, device: str) -> Store | None:
        """The repository a tablet in child mode works through with nobody
        signed in: that of the counsellor who handed it over (None when the
        device is not in child mode or they are no longer in the team)."""
        if not device:
            return None
        holder = self.base.child_mode_holder(device)
        return self.store_for(holder) if holder is not None else None


def open_sign_in(
    environ: Mapping[str, str], *, default_redirect: str
) -> OidcSignIn | None:
    """The OIDC sign-in configured in the environment, None if none is, or
    exit with one sentence saying what is wrong."""
    try:
        from app.oidc import OidcConfig, OidcSignIn
    except ImportError:
        sys.exit(
            "Inloggningen kräver PyJWT: installera med pip install -e '.[server]'."
        )
    try:
        config = OidcConfig.from_env(environ)
    except ValueError as exc:
        sys.exit(f"Inloggningen (OIDC) är felaktigt inställd: {exc}.")
    if config is None:
        return None
    return OidcSignIn(config, config.redirect_url or default_redirect)
