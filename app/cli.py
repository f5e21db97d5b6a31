"""Administrator commands: demo data, export and import, from the command line.

    python -m app demo-data --children 3
    python -m app export --child NT-2026-0417 --session latest --format pdf --out .
    python -m app export --child NT-2026-0417 --format after --language ar --out .
    python -m app import nt-2026-0417_min-rost_2026-11-23_3f9a.json
    python -m app move-out --out flytt.json            # the whole folder
    python -m app move-in flytt.json --database postgresql://… --team norr
    python -m app rotate-master-key --database … --database-admin … --old-key env:OLD

Every command works on the data folder (``MINROST_DATA_DIR`` or the platform's
user data folder) and holds its lock while it runs, so it refuses to run
beside the app. Errors are printed in Swedish on stderr with a non-zero exit
status; nothing of a child's answers or name is ever logged.

Exit status: 0 done, 1 refused (a typo, no consent, a bad file to import, a
wrong passphrase…), 2 the data folder is at fault (damaged or changed files,
a read-only folder or a full disk for a command that must write, a path that
is a file). A fault is said in one sentence naming at most a file of the
folder (child ids are random), never a traceback and never a child's data.

A read-only data folder (or a full disk) can still be read: ``export`` works
and says on stderr that it could not be written into the audit log;
``import`` and ``demo-data`` refuse before changing anything.

Nothing is ever written in plaintext: an encrypted folder is unlocked with
``MINROST_PASSPHRASE`` or a prompt, and a folder without keys (a new one, or
one from an earlier version) is encrypted first, with a passphrase from
``MINROST_PASSPHRASE`` or asked for twice on a terminal; the new recovery key
is printed once, on stderr. With neither, the command refuses (exit status 2).
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
import tempfile
from pathlib import Path

from app.domain.counsellor import MAX_SIGNATURE_LENGTH
from app.domain.models import Child, Recipient, ValidationError
from app.faults import export_not_logged, fault_message, unwritable_note
from app.i18n import Translator
from app.paths import data_dir
from app.storage.audit import AuditLog
from app.storage.errors import DataFolderNotADirectory, DataFolderReadOnly, DiskFull
from app.storage.locks import DataDirInUseError, DataDirLock, check_writable
from app.storage.repository import NotFoundError, Repository
from app.storage.store import Store

# The export stack (fpdf2, HarfBuzz, fontTools) is imported by the commands
# themselves, so `python -m app` (serve) does not pay for it at start-up.

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_FAULT = 2
"""The data folder is at fault (damaged, read-only, full, not a folder)."""

SV = Translator("sv")
"""The commands speak Swedish."""

WRITING_COMMANDS = frozenset({"demo-data", "import", "move-in"})
"""Commands that must save in the data folder (``export`` only reads)."""

EXIT_NO_KEYS = EXIT_FAULT
"""Encryption could not be set up (no passphrase given, no terminal to ask)."""

RECIPIENT_ALIASES: dict[str, Recipient] = {
    **{r.value: r for r in Recipient if r is not Recipient.OTHER},
    "egen-akt": Recipient.OWN_FILE,
    "egen": Recipient.OWN_FILE,
    "skolan": Recipient.SCHOOL,
    "föräldrarna": Recipient.PARENTS,
    "foraldrarna": Recipient.PARENTS,
    "vårdnadshavarna": Recipient.PARENTS,
    "vardnadshavarna": Recipient.PARENTS,
    "elevhälsan": Recipient.STUDENT_HEALTH,
    "elevhalsan": Recipient.STUDENT_HEALTH,
    "socialtjänsten": Recipient.SOCIAL_SERVICES,
    "socialtjansten": Recipient.SOCIAL_SERVICES,
}
"""``--recipient`` words; any other word names an *annan mottagare*."""


SESSION_FORMATS = ("pdf", "json", "text")
SHEETS = ("before", "after", "plan")
"""``--format`` values that print a child sheet or the plan (``--language``)."""


class CliError(Exception):
    """A refusal to report on stderr (already in Swedish)."""


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``demo-data``, ``export`` and ``import`` on a subparser set."""
    demo = sub.add_parser(
        "demo-data", help="skapa påhittade elever med ifyllda svar (för demo)"
    )
    demo.add_argument("--children", type=int, default=3, metavar="N")
    demo.add_argument("--seed", type=int, default=None, help=argparse.SUPPRESS)

    export = sub.add_parser(
        "export",
        help="exportera en session (pdf, json, text), mötesbladen (before, after) "
        "eller planeringen (plan)",
    )
    export.add_argument("--child", required=True, metavar="REF", help="ärende eller id")
    export.add_argument("--session", default="latest", metavar="latest|ID")
    export.add_argument("--format", required=True, choices=(*SESSION_FORMATS, *SHEETS))
    export.add_argument(
        "--language",
        default=None,
        metavar="KOD",
        help="språk för before, after och plan (sv, en, ar, fa, so, ti, uk); "
        "standard sv",
    )
    export.add_argument(
        "--recipient",
        default="own_file",
        metavar="NAME",
        help="own_file (standard), school, student_health, social_services, bup, "
        "uph – eller namnet på en annan mottagare som finns i samtycket",
    )
    export.add_argument("--include-name", action="store_true")
    export.add_argument("--include-notes", action="store_true")
    export.add_argument(
        "--include-voices",
        action="store_true",
        help="ta med barnets inspelade röster (bara --format json)",
    )
    export.add_argument("--counsellor", default="", metavar="NAMN")
    export.add_argument("--out", required=True, metavar="PATH")
    _server_options(export)

    out = sub.add_parser(
        "move-out",
        help="skriv alla elever (datamappen, eller ett team med --database) "
        "till en flyttfil",
    )
    out.add_argument("--out", required=True, metavar="FILE")
    out.add_argument(
        "--drop-private",
        action="store_true",
        help="lämna svar som barnet valde Bara för mig kvar (annars vägras flytten)",
    )
    _server_options(out)
    into = sub.add_parser(
        "move-in",
        help="lägg in alla elever ur en flyttfil (i datamappen, eller ett team "
        "med --database)",
    )
    into.add_argument("file", metavar="FILE")
    _server_options(into)

    rotate = sub.add_parser(
        "rotate-master-key",
        help="slå in varje elevs datanyckel med teamserverns nya huvudnyckel "
        "(MINROST_MASTER_KEY_SOURCE); de gamla anges med --old-key",
    )
    _server_options(rotate)
    rotate.add_argument(
        "--old-key",
        action="append",
        default=[],
        metavar="KÄLLA",
        help="en gammal huvudnyckel (env:NAMN, file:/sökväg, credential:NAMN, "
        "pkcs11:…); utöver MINROST_OLD_MASTER_KEY_SOURCES",
    )
    rotate.add_argument("--batch-size", type=int, default=200, metavar="N")
    prune = sub.add_parser(
        "prune-audit",
        help="gallra teamserverns logg: ta bort rader äldre än lagringstiden "
        "(som databasens ägare)",
    )
    prune.add_argument(
        "--database-admin",
        default=os.environ.get("MINROST_DATABASE_ADMIN") or None,
        help="ägarrollens anslutning (eller MINROST_DATABASE_ADMIN)",
    )
    prune.add_argument(
        "--keep-years",
        type=int,
        default=5,
        metavar="N",
        help="år loggen sparas (standard 5, minst 5)",
    )
    prune.add_argument(
        "--allow-shorter-retention",
        action="store_true",
        help="tillåt kortare än 5 år (bara efter ett beslut om gallring)",
    )

    imp = sub.add_parser("import", help="importera en JSON-export")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--as-copy",
        action="store_true",
        help="importera som en ny elev även om eleven redan finns",
    )


def _server_options(cmd: argparse.ArgumentParser) -> None:
    from app.team_server import DATABASE_ADMIN_ENV, DATABASE_ENV, TEAM_ENV

    cmd.add_argument(
        "--database",
        default=os.environ.get(DATABASE_ENV) or None,
        help=f"teamserverns PostgreSQL (eller {DATABASE_ENV}) i stället för datamappen",
    )
    cmd.add_argument(
        "--database-admin", default=os.environ.get(DATABASE_ADMIN_ENV) or None
    )
    cmd.add_argument("--team", default=os.environ.get(TEAM_ENV) or "team")


def dispatch(args: argparse.Namespace) -> int:
    """Run one command; on a refusal or a fault print one Swedish sentence.

    Returns ``EXIT_OK``, ``EXIT_REFUSED`` or ``EXIT_FAULT``; never lets a
    traceback through (an unexpected error is named by its type only).
    """
    from app.export.json_import import ImportRejected, check_source
    from app.export.move import MoveRefused
    from app.export.pdf_kit import GlyphMissing
    from app.export.service import ConsentMissing
    from app.security import BackoffActive, SetupRefused
    from app.storage.crypto import VaultLocked, WrongPassphrase

    folder = data_dir()
    try:
        if args.command == "import":
            # Read and check the file before the data folder is locked (a path
            # that is no folder at all is said first: it is the bigger fault).
            if folder.exists() and not folder.is_dir():
                raise DataFolderNotADirectory(
                    errno.ENOTDIR, "the data folder is a file", str(folder)
                )
            args.checked = check_source(args.file)
        if args.command == "rotate-master-key":
            return rotate_master_key(args)
        if args.command == "prune-audit":
            prune_audit(args)
        elif getattr(args, "database", None):
            _run_on_server(args)
        else:
            _run(args, folder)
    except SetupRefused as exc:
        return _say(exc.msg_sv, EXIT_NO_KEYS)
    except (ConsentMissing, ImportRejected, GlyphMissing, MoveRefused) as exc:
        return _say(exc.msg_sv, EXIT_REFUSED)
    except (CliError, DataDirInUseError) as exc:
        return _say(str(exc), EXIT_REFUSED)
    except WrongPassphrase:
        return _say("Fel lösenfras eller PIN-kod.", EXIT_REFUSED)
    except BackoffActive as exc:
        return _say(
            f"För många felaktiga försök. Vänta {exc.seconds:.0f} sekunder.",
            EXIT_REFUSED,
        )
    except VaultLocked:
        return _say(
            "Datamappen är krypterad och låst. Lås upp den i appen; kommandona "
            "kan inte läsa eller skriva krypterade elever.",
            EXIT_REFUSED,
        )
    except Exception as exc:  # the last edge: a sentence, never a traceback
        return _say(fault_message(SV, exc, folder, in_app=False), EXIT_FAULT)
    return EXIT_OK


def _run(args: argparse.Namespace, folder: Path) -> None:
    from app.security import keys_for_command

    commands = {
        "demo-data": demo_data,
        "export": export,
        "import": import_,
        "move-out": move_out,
        "move-in": move_in,
    }
    with DataDirLock(folder):
        try:
            check_writable(folder)
        except (DataFolderReadOnly, DiskFull) as exc:
            if args.command in WRITING_COMMANDS:
                raise
            print(f"Obs: {unwritable_note(SV, exc)}", file=sys.stderr)
        report_torn_audit_line(folder)
        repo = Repository(folder)
        # Unlocked with $MINROST_PASSPHRASE or a prompt, or encrypted first.
        keys = keys_for_command(folder, repo=repo)
        if keys.recovery_key:
            show_recovery_key(keys.recovery_key)
        commands[args.command](repo, args)


def _run_on_server(args: argparse.Namespace) -> None:
    """A move to or from a team's PostgreSQL store: no data folder involved."""
    from app.team_server import open_server_store

    commands = {"export": export, "move-out": move_out, "move-in": move_in}
    if args.command not in commands:
        raise CliError("--database gäller bara export, move-out och move-in.")
    store = open_server_store(
        args.database, admin=args.database_admin, team=args.team, operator=True
    )
    try:
        commands[args.command](store, args)
    finally:
        store.close()  # type: ignore[attr-defined]


def rotate_master_key(args: argparse.Namespace) -> int:
    """Rewrap every team's child keys under the new master key; print counts."""
    from app.storage.key_rotation import OwnerCannotList
    from app.storage.key_rotation import rotate_master_key as rotate
    from app.storage.master_keys import (
        KeyConfigError,
        KeyServiceUnavailable,
        WrongMasterKey,
        key_ring_from_env,
    )

    if not args.database or not args.database_admin:
        return _say(
            "Ange både --database (rollen minrost_operator) och --database-admin "
            "(ägarrollen).",
            EXIT_REFUSED,
        )
    if args.batch_size < 1:
        return _say("--batch-size måste vara minst 1.", EXIT_REFUSED)
    import psycopg

    try:
        keys = key_ring_from_env(extra_old=args.old_key)
        report = rotate(
            args.database_admin, args.database, keys, batch_size=args.batch_size
        )
    except (KeyConfigError, WrongMasterKey, OwnerCannotList) as exc:
        return _say(str(exc), EXIT_REFUSED)
    except KeyServiceUnavailable:
        return _say(
            "Nyckeltjänsten (PKCS#11) kunde inte användas. Det som redan slagits"
            " in är klart; kör kommandot igen.",
            EXIT_FAULT,
        )
    except psycopg.OperationalError:
        return _say(
            "Databasen kunde inte nås. Det som redan slagits in är klart; kör"
            " kommandot igen.",
            EXIT_FAULT,
        )
    print(
        f"Team: {report.teams}. Nya inslagningar: {report.rewrapped}. Redan under"
        f" nya nyckeln: {report.already}. Kvar: {report.remaining}.",
        flush=True,
    )
    if report.remaining:
        return _say(
            "Några nycklar slogs in under tiden med en annan huvudnyckel: kör"
            " kommandot igen innan den gamla nyckeln tas bort.",
            EXIT_REFUSED,
        )
    return EXIT_OK


MIN_AUDIT_YEARS = 5
"""The audit's least retention without an explicit override (see
``docs/team-server.md``, audit: retention)."""


def prune_audit(args: argparse.Namespace) -> None:
    """Delete the team server's audit rows older than the retention, as the
    database owner; print how many (a number, never a row)."""
    if not args.database_admin:
        raise CliError(
            "Ange databasens ägarroll med --database-admin (eller "
            "MINROST_DATABASE_ADMIN): appens roll får aldrig ta bort loggrader."
        )
    if args.keep_years < 1:
        raise CliError("--keep-years måste vara minst 1.")
    if args.keep_years < MIN_AUDIT_YEARS and not args.allow_shorter_retention:
        raise CliError(
            f"Loggen sparas minst {MIN_AUDIT_YEARS} år. En kortare tid kräver "
            "ett beslut om gallring; ange då också --allow-shorter-retention."
        )
    try:
        from app.storage import postgres
    except ImportError:
        raise CliError(
            "Teamservern kräver psycopg: installera med pip install -e '.[server]'."
        ) from None
    try:
        removed = postgres.prune_audit(args.database_admin, keep_years=args.keep_years)
    except postgres.psycopg.errors.InsufficientPrivilege:
        raise CliError(
            "Rollen får inte ta bort loggrader: kör som databasens ägare."
        ) from None
    except postgres.psycopg.OperationalError as exc:
        raise CliError(
            f"Databasen kunde inte nås: {str(exc).strip().splitlines()[0]}"
        ) from None
    print(f"Gallrade {removed} loggrader äldre än {args.keep_years} år.")


def _say(message: str, status: int) -> int:
    print(message, file=sys.stderr)
    return status


def show_recovery_key(key: str) -> None:
    """Print a new key file's recovery key, once, on stderr (not in the output)."""
    print(
        "Datamappen är nu krypterad. Din återställningsnyckel visas bara nu. "
        "Skriv ut eller skriv ner den och lås in den: med den kan barnens svar "
        "läsas igen om lösenfrasen glöms bort.\n\n"
        f"    {key}\n",
        file=sys.stderr,
        flush=True,
    )


def report_torn_audit_line(folder: Path) -> None:
    """Set a torn last line of the audit log aside and say so, in a sentence."""
    try:
        kept = AuditLog(folder).set_aside_torn_line()
    except OSError:
        return  # a folder that cannot be written: the command itself says so
    if kept is not None:
        print(
            "Granskningsloggens sista rad var ofullständig (efter ett avbrott "
            f"eller en full disk). Den har sparats i filen {kept} och loggen "
            "fortsätter.",
            file=sys.stderr,
            flush=True,
        )


# --- commands ---------------------------------------------------------------------


def demo_data(repo: Repository, args: argparse.Namespace) -> None:
    """Create invented children; print each one's case reference on its own line."""
    from app.export.demo import demo_children, demo_meeting

    if not 1 <= args.children <= 500:
        raise CliError("Ange mellan 1 och 500 elever med --children.")
    audit = AuditLog(repo.data_dir)
    taken = {c.case_ref for c in repo.list_children()}
    made = demo_children(args.children, seed=args.seed, taken_refs=taken)
    for index, (child, sessions) in enumerate(made):
        repo.add_child(child)
        audit.record("child_created", child.id)
        for session in sessions:
            repo.save_session(session)
            audit.record("session_started", child.id, session_id=session.id)
        plan, sheets = demo_meeting(index, sessions[-1])
        if plan.points:
            repo.save_plan(child.id, plan)
        repo.update_meeting(child.id, sessions[-1].id, lambda _old, s=sheets: s)
        print(child.case_ref, flush=True)


def find_child(repo: Repository, ref: str) -> Child:
    """The child whose case reference (or id) is ``ref``."""
    wanted = ref.strip().casefold()
    found = [
        c
        for c in repo.list_children()
        if c.id == ref.strip() or (c.case_ref and c.case_ref.casefold() == wanted)
    ]
    if not found:
        raise CliError(f"Hittar ingen elev med ärendet eller id:t ”{ref}”.")
    if len(found) > 1:
        raise CliError(f"Flera elever har ärendet ”{ref}”. Ange elevens id i stället.")
    return found[0]


def _recipient(name: str) -> tuple[Recipient, str]:
    key = name.strip().casefold()
    if key in RECIPIENT_ALIASES:
        return RECIPIENT_ALIASES[key], ""
    return Recipient.OTHER, name.strip()


def export(repo: Repository, args: argparse.Namespace) -> None:
    """Export one session, sheet or plan to a file (never over an existing one)."""
    from app.export.service import (
        ExportRequest,
        VoicesTooLarge,
        export_meeting_sheet,
        export_session,
    )
    from app.export.sheets import language_code

    sheet = args.format in SHEETS
    if args.language is not None and not sheet:
        raise CliError("--language gäller bara --format before, after och plan.")
    if args.include_voices and args.format != "json":
        raise CliError("--include-voices gäller bara --format json.")
    if sheet and (args.include_name or args.include_notes or args.counsellor):
        raise CliError(
            "--include-name, --include-notes och --counsellor gäller inte "
            "mötesbladen eller planeringen."
        )

    child = find_child(repo, args.child)
    sessions = repo.sessions(child.id)
    if not sessions:
        raise CliError("Eleven har ingen session att exportera.")
    if args.session == "latest":
        session_id = sessions[-1].id
    elif any(s.id == args.session for s in sessions):
        session_id = args.session
    else:
        raise CliError(f"Eleven har ingen session med id ”{args.session}”.")
    recipient, other = _recipient(args.recipient)
    try:
        if sheet:
            result = export_meeting_sheet(
                repo,
                child.id,
                session_id,
                kind=args.format,
                language=args.language or "sv",
                recipient=recipient,
                other_name=other,
            )
        else:
            result = export_session(
                repo,
                child.id,
                session_id,
                ExportRequest(
                    fmt=args.format,
                    recipient=recipient,
                    other_name=other,
                    include_name=args.include_name,
                    include_notes=args.include_notes,
                    include_voices=args.include_voices,
                    counsellor=args.counsellor,
                ),
            )
    except ValidationError:
        raise CliError(
            "Samtalsledarens namn går inte att använda (tomt eller längre än "
            f"{MAX_SIGNATURE_LENGTH} tecken)."
        ) from None
    except NotFoundError:
        raise CliError("Sessionen finns inte längre.") from None
    except VoicesTooLarge as exc:
        raise CliError(str(exc)) from None
    out = Path(args.out)
    target = out / result.filename if out.is_dir() else out
    write_new_file(target, result.data)
    if not result.logged:
        print(f"Obs: {export_not_logged(SV)}", file=sys.stderr)
    wanted = language_code(args.language or "sv")
    if sheet and result.language != wanted:
        print(
            f"Det finns ingen översättning till ”{wanted}” ännu, så bladet är på "
            "svenska.",
            file=sys.stderr,
        )
    print(target, flush=True)


def write_new_file(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file, atomically, readable by the owner only."""
    if path.exists():
        raise CliError(f"Filen {path} finns redan. Välj ett annat namn eller en mapp.")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CliError(f"Mappen {folder} finns inte.")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".min-rost-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o600)
        try:
            os.link(tmp, path)  # fails instead of replacing a file made meanwhile
        except FileExistsError:
            raise CliError(f"Filen {path} finns redan.") from None
    except OSError as exc:
        raise CliError(f"Kunde inte skriva {path}: {exc.strerror}.") from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def move_out(store: Store, args: argparse.Namespace) -> None:
    """Write every child of the store to a new move file; say how many."""
    from app.export.move import move_out_bytes

    data = move_out_bytes(store, drop_private=args.drop_private)
    try:
        fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CliError(f"Filen {args.out} finns redan; välj ett annat namn.") from None
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    children = store.list_children()
    if isinstance(store, Repository):
        audit = AuditLog(store.data_dir)
        for child in children:
            audit.record("export", child.id, format="move")
    print(f"Skrev {len(children)} elever till {args.out}.", flush=True)


def move_in(store: Store, args: argparse.Namespace) -> None:
    """Store every child of a move file; say how many children and sessions."""
    from app.export.move import move_in as move_into

    try:
        data = Path(args.file).read_bytes()
    except OSError:
        raise CliError(f"Filen {args.file} kunde inte läsas.") from None
    report = move_into(store, data)
    if isinstance(store, Repository):
        audit = AuditLog(store.data_dir)
        for child_id in report.child_ids:
            audit.record("import", child_id, format="move")
    print(
        f"Flyttade in {report.children} elever med {report.sessions} sessioner.",
        flush=True,
    )


def import_(repo: Repository, args: argparse.Namespace) -> None:
    """Import a JSON export; print the new child's and session's ids."""
    from app.export.json_import import import_checked

    result = import_checked(repo, args.checked, as_copy=args.as_copy)
    how = "som kopia " if result.copied else ""
    print(
        f"Importerade {how}elev {result.child_id}, session {result.session_id}.",
        flush=True,
    )
