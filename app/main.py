"""Start Min röst: the web server on loopback, or an administrator command."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys

from app import web
from app.pairing import Pairing, is_loopback
from app.paths import ASSETS_DIR, cache_dir, data_dir
from app.storage.errors import DataFolderReadOnly, DiskFull
from app.storage.locks import DataDirInUseError, DataDirLock, check_writable
from app.storage.repository import Repository
from app.storage.store import Store
from app.team_server import (
    DATABASE_ADMIN_ENV,
    DATABASE_ENV,
    DEFAULT_TEAM,
    TEAM_ENV,
    TeamServer,
    open_server_store,
    open_sign_in,
)
from app.ui.app import build_main

DEFAULT_PORT = 8550
PORT_ENV = "MINROST_PORT"
PUBLIC_URL_ENV = "MINROST_PUBLIC_URL"
TRUSTED_PROXIES_ENV = "MINROST_TRUSTED_PROXIES"


def _port() -> int:
    raw = os.environ.get(PORT_ENV, "")
    if not raw:
        return DEFAULT_PORT
    try:
        port = int(raw)
    except ValueError:
        sys.exit(f"{PORT_ENV} måste vara ett portnummer, inte {raw!r}.")
    if not 1 <= port <= 65535:
        sys.exit(f"{PORT_ENV} måste vara mellan 1 och 65535.")
    return port


def check_server_role(database: str, *, signed_in: bool) -> None:
    """Exit with one sentence unless the database role fits the sign-in.

    With sign-in each counsellor sees only their children, which row-level
    security grants the app's role (``minrost_app``) per signed-in user; the
    operator's role sees the whole team and would undo that. Without sign-in
    (development, one PIN for the team) the app's role would see no child at
    all, so the whole-team operator's role is needed.
    """
    from app.storage.postgres import APP_ROLE, OPERATOR_ROLE, connected_role

    role = connected_role(database)
    if signed_in and role != APP_ROLE:
        sys.exit(
            f"Med inloggning ska teamservern ansluta som {APP_ROLE}, inte som "
            f"{role}: varje användare ska bara se sina elever."
        )
    if not signed_in and role == APP_ROLE:
        sys.exit(
            f"Utan inloggning (MINROST_OIDC_ISSUER) ser rollen {APP_ROLE} inga "
            f"elever: ställ in inloggningen, eller anslut som {OPERATOR_ROLE} "
            "(bara för utveckling)."
        )


def serve(
    host: str = "127.0.0.1",
    tls: tuple[str, str] | None = None,
    *,
    database: str | None = None,
    database_admin: str | None = None,
    team: str = DEFAULT_TEAM,
    public_url: str | None = None,
    trusted_proxies: list[str] | None = None,
) -> None:
    """Serve the app in web mode (loopback unless ``host`` says otherwise).

    ``tls`` (certificate file, key file) serves it over HTTPS. ``database``
    (a ``postgresql://`` connection) serves a team server's data instead of
    the embedded data folder, which stays the default. Behind a reverse
    proxy (deploy/), ``public_url`` is the address browsers use and
    ``trusted_proxies`` the proxy's addresses, whose ``X-Forwarded-*``
    headers alone are believed.

    A data folder that cannot be used stops the start with one sentence (no
    traceback); a read-only one (or a full disk) is served for reading and
    exporting, and says so here and on the workspace.
    """
    from app.faults import fault_message, unwritable_note
    from app.i18n import Translator

    if web.is_unspecified(host):
        # Only requests naming this address are answered (Host and Origin
        # checks), so "every interface" would answer no tablet at all.
        sys.exit(
            f"Ange datorns egen nätverksadress med --host (t.ex. 192.168.1.20), "
            f"inte {host}: appen svarar bara på den adress den startades med."
        )
    if public_url:
        try:
            public_url = web.public_origin(public_url)
        except ValueError:
            sys.exit(
                f"--public-url ska vara en adress som https://minrost.kommun.se, "
                f"inte {public_url!r}."
            )
    folder = data_dir()
    lock = DataDirLock(folder)
    if database:
        repo: Store = open_server_store(database, admin=database_admin, team=team)
        folder = repo.data_dir or folder
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        # The database serialises writers; this folder only logs PIN unlocks.
        lock = DataDirLock(folder)
    try:
        lock.acquire()
        unwritable = None
        try:
            check_writable(folder)
        except (DataFolderReadOnly, DiskFull) as exc:
            unwritable = exc
        if not database:
            repo = Repository(folder)
    except DataDirInUseError as exc:
        lock.release()
        sys.exit(str(exc))
    except OSError as exc:
        lock.release()
        sys.exit(fault_message(Translator("sv"), exc, folder, in_app=False))
    if unwritable is not None:
        print(f"OBS: {unwritable_note(Translator('sv'), unwritable)}", flush=True)
    port = _port()
    team_server = None
    if database:
        signin = open_sign_in(
            os.environ,
            default_redirect=(
                f"{'https' if tls else 'http'}://{web.url_host(host)}:{port}"
                "/oauth_callback"
            ),
        )
        check_server_role(database, signed_in=signin is not None)
        if signin is None:
            print(
                "OBS: ingen inloggning (MINROST_OIDC_ISSUER) är inställd: "
                "teamservern öppnas med en gemensam PIN-kod (bara för utveckling).",
                flush=True,
            )
        else:
            team_server = TeamServer(repo, signin)
    pairing = None
    if not is_loopback(host):
        # Another device may connect: each browser must type a one-time code
        # shown here. Without TLS the network itself must be trusted.
        pairing = Pairing(
            on_new_code=lambda code: print(
                f"Parkopplingskod för nästa surfplatta: {code[:3]} {code[3:]}",
                flush=True,
            )
        )
        if tls is None:
            print(
                "VARNING: appen nås från nätverket. Använd bara ett betrott nät "
                "(eller --tls-cert/--tls-key); svaren skickas annars okrypterat.",
                flush=True,
            )
    print(f"Min röst: {'https' if tls else 'http'}://{host}:{port}", flush=True)
    if public_url:
        print(f"Min röst (via proxyn): {public_url}", flush=True)
    secure_context = tls is not None or (public_url or "").startswith("https:")
    app = web.build_app(
        # A team server's records are encrypted by the server's keys; with
        # sign-in configured its workspace opens to a signed-in user only.
        build_main(
            repo,
            pairing=pairing,
            unwritable=unwritable,
            encrypt=not database,
            https=secure_context,
            team=team_server,
        ),
        host=host,
        port=port,
        assets_dir=str(ASSETS_DIR),
        cache_dir=cache_dir() / "client",
        tls=tls is not None,
        public_url=public_url,
        trusted_proxies=trusted_proxies,
    )
    freeze_start_up()
    try:
        web.serve(app, host=host, port=port, tls=tls)
    finally:
        lock.release()


def freeze_start_up() -> None:
    """Import what serving will import anyway, then ``gc.freeze()`` it all.

    The web server stack (FastAPI, uvicorn, pydantic) and every screen live as
    long as the process. Frozen, they are no longer walked by each full garbage
    collection, which otherwise fell inside a child's taps (docs/benchmarks.md).
    """
    import flet_web.fastapi.serve_fastapi_web_app  # noqa: F401  (ft.run's server)
    import uvicorn.protocols.websockets.websockets_sansio_impl  # noqa: F401

    from app.ui.app import import_screens

    import_screens()
    gc.collect()
    gc.freeze()


def _split(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def run(argv: list[str] | None = None) -> None:
    """Parse the command line and run the chosen command (default: serve)."""
    from app import cli  # loads the export stack only when one of its commands runs

    parser = argparse.ArgumentParser(prog="python -m app", description="Min röst")
    sub = parser.add_subparsers(dest="command")
    serve_cmd = sub.add_parser("serve", help="starta appen (standard)")
    serve_cmd.add_argument(
        "--host",
        default="127.0.0.1",
        help="adress att lyssna på (standard 127.0.0.1; en nätverksadress kräver "
        "parkopplingskod per webbläsare)",
    )
    serve_cmd.add_argument(
        "--tls-cert", help="certifikatfil (PEM): appen serveras över HTTPS"
    )
    serve_cmd.add_argument("--tls-key", help="nyckelfil (PEM) till --tls-cert")
    serve_cmd.add_argument(
        "--database",
        default=os.environ.get(DATABASE_ENV) or None,
        help="teamserverns PostgreSQL (postgresql://minrost_app@…/minrost; "
        f"eller {DATABASE_ENV}); utan den används datamappen",
    )
    serve_cmd.add_argument(
        "--database-admin",
        default=os.environ.get(DATABASE_ADMIN_ENV) or None,
        help="ägarrollens anslutning: uppdaterar schemat vid start "
        f"(eller {DATABASE_ADMIN_ENV})",
    )
    serve_cmd.add_argument(
        "--team",
        default=os.environ.get(TEAM_ENV) or DEFAULT_TEAM,
        help=f"teamet vars barn visas (eller {TEAM_ENV})",
    )
    serve_cmd.add_argument(
        "--public-url",
        default=os.environ.get(PUBLIC_URL_ENV) or None,
        help="adressen webbläsarna använder via en omvänd proxy, t.ex. "
        f"https://minrost.kommun.se (eller {PUBLIC_URL_ENV})",
    )
    serve_cmd.add_argument(
        "--trusted-proxy",
        action="append",
        default=None,
        metavar="ADRESS",
        help="proxyns adress (eller nät): bara dess X-Forwarded-* tros "
        f"(kan upprepas; eller {TRUSTED_PROXIES_ENV}, kommaseparerad)",
    )
    cli.add_commands(sub)
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.WARNING)
    if args.command in (None, "serve"):
        cert, key = getattr(args, "tls_cert", None), getattr(args, "tls_key", None)
        if bool(cert) != bool(key):
            parser.error("--tls-cert och --tls-key anges tillsammans")
        serve(
            getattr(args, "host", "127.0.0.1"),
            (cert, key) if cert else None,
            database=getattr(args, "database", None) or os.environ.get(DATABASE_ENV),
            # `python -m app` without "serve" has no serve options: the
            # environment alone says them.
            database_admin=getattr(args, "database_admin", None)
            or os.environ.get(DATABASE_ADMIN_ENV),
            team=getattr(args, "team", None)
            or os.environ.get(TEAM_ENV)
            or DEFAULT_TEAM,
            public_url=getattr(args, "public_url", None)
            or os.environ.get(PUBLIC_URL_ENV),
            trusted_proxies=getattr(args, "trusted_proxy", None)
            or _split(os.environ.get(TRUSTED_PROXIES_ENV, "")),
        )
    else:
        sys.exit(cli.dispatch(args))
