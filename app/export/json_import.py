"""The strict import of a JSON export: check everything, then all or nothing.

Import trusts nothing. In this order, and before the data folder is touched:

1. the source is a regular file (a FIFO, a device or a folder is refused
   without blocking) of at most 2 MB;
2. UTF-8, strict JSON (no NaN/Infinity, no key twice), parsed by the C parser,
   whose recursion limit stops a deeply nested file; then a linear walk refuses
   nesting deeper than 20 levels;
3. format and versions (a newer one asks to update), then every field against
   the declared schema (``app.export.import_schema``: pydantic v2, strict, no
   unknown keys, timestamps and dates in 2000–2100, every pictogram known).

Then, with the data folder (``import_checked``): a child or session that
already exists is refused (``as_copy=True`` imports it as a new child with new
ids); the child, its session, plan, meeting sheets and the audit line are
written inside a ``FolderUndo``, so a refusal or a failure at any write (a full
disk) leaves every byte of the folder as it was. Every refusal raises
:class:`ImportRejected` with a Swedish sentence that says where the problem is
and that nothing was changed; it never repeats more than 40 characters of the
file.
"""

from __future__ import annotations

import base64
import json
import os
import stat
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pydantic

from app.domain import catalog
from app.domain import day as day_rules
from app.domain.meeting import MeetingSheets, Plan
from app.domain.models import SCHEMA_VERSION, Child, ConsentRecord, Session, new_id
from app.export.import_schema import ExportDoc, first_problem, pictogram_ids, shown
from app.export.json_export import FORMAT_NAME, FORMAT_VERSION, Voice
from app.storage.audit import AuditLog
from app.storage.repository import NotFoundError, Repository
from app.storage.undo import UndoFailed

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "NOTHING_CHANGED",
    "ImportPreview",
    "ImportRejected",
    "ImportResult",
    "Imported",
    "check_source",
    "import_checked",
    "import_file",
    "parse",
    "pictogram_ids",
    "preview",
    "read_source",
    "validate",
    "validate_export",
]

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 20
MAX_DIGITS = 30
"""Longest integer the parser accepts; no field needs more than a few digits."""

NOTHING_CHANGED = "Inget har ändrats."
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)


class ImportRejected(ValueError):
    """A file that cannot be imported; ``msg_sv`` tells the counsellor why."""

    def __init__(self, msg_sv: str) -> None:
        super().__init__(msg_sv)
        self.msg_sv = msg_sv


@dataclass(frozen=True)
class Imported:
    """A checked export document, rebuilt: nothing of it is stored yet."""

    child: Child
    session: Session
    plan: Plan | None
    """The child's plan; None when the file has none (or is format 1)."""
    meeting: MeetingSheets | None
    """The session's meeting sheets; None when the file has none."""
    consent: ConsentRecord | None = None
    """The child's consent (format 4); None: the session's own (older files),
    which the data folder reads as the child's (``Repository.load_consent``)."""
    voices: tuple[Voice, ...] = ()
    """The child's recorded voices (format 4, when the counsellor chose them)."""


@dataclass(frozen=True)
class ImportResult:
    """What an import added."""

    child_id: str
    session_id: str
    copied: bool
    """True when the session was imported as a new child with new ids."""


def _reject(msg: str) -> ImportRejected:
    return ImportRejected(f"Filen kan inte importeras: {msg} {NOTHING_CHANGED}")


def _field(where: str, what: str) -> ImportRejected:
    if not where:
        return _reject(f"innehållet {what}.")
    return _reject(f"fältet ”{where}” {what}.")


# --- reading ----------------------------------------------------------------------


def _not_regular() -> ImportRejected:
    return _reject("det är inte en vanlig fil.")


def _too_big() -> ImportRejected:
    return _reject("filen är större än 2 MB.")


def read_source(source: str | os.PathLike[str] | bytes) -> bytes:
    """The bytes of a regular file or a buffer, at most :data:`MAX_BYTES`.

    The path is checked with ``stat`` first, opened non-blocking (a FIFO
    without a writer would otherwise wait for ever) and checked again with
    ``fstat`` on the open file, so it cannot be swapped in between.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        if len(data) > MAX_BYTES:
            raise _too_big()
        return data
    path = Path(source)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise _not_regular()
        fd = os.open(path, os.O_RDONLY | _O_NONBLOCK | _O_CLOEXEC | _O_BINARY)
    except ImportRejected:
        raise
    except (OSError, ValueError):
        raise _reject("filen gick inte att öppna.") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _not_regular()
        if info.st_size > MAX_BYTES:
            raise _too_big()
        chunks: list[bytes] = []
        size = 0
        while size <= MAX_BYTES:
            chunk = os.read(fd, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except ImportRejected:
        raise
    except OSError:
        raise _reject("filen gick inte att läsa.") from None
    finally:
        os.close(fd)
    if size > MAX_BYTES:
        raise _too_big()
    return b"".join(chunks)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _reject(f"nyckeln ”{shown(key)}” förekommer två gånger.")
        out[key] = value
    return out


def _no_constants(name: str) -> Any:
    # name is one of json's three fixed words, never other input.
    raise _reject(f"värdet {name} är inte tillåtet (bara vanliga tal).")


class HugeNumber:
    """An integer of more than 30 digits in the file: no field takes one, so the
    schema refuses it where it stands (and it is never printed)."""

    __slots__ = ()


def _small_int(text: str) -> int | HugeNumber:
    if len(text.lstrip("-")) > MAX_DIGITS:
        return HugeNumber()
    return int(text)


def _depth(value: Any) -> int:
    """How deeply ``value`` nests lists and objects, in one pass (no recursion)."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        node, level = pending.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            break
        pending.extend((c, level + 1) for c in children if isinstance(c, dict | list))
    return deepest


def parse(data: bytes) -> Any:
    """Parse import bytes as strict JSON, at most 20 levels deep. ImportRejected."""
    if len(data) > MAX_BYTES:
        raise _too_big()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _reject("filen är inte UTF-8-text.") from None
    text = text.removeprefix("\ufeff")
    try:
        doc = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constants,
            parse_int=_small_int,
        )
    except ImportRejected:
        raise
    except RecursionError:
        raise _reject(f"innehållet är nästlat djupare än {MAX_DEPTH} nivåer.") from None
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (rad {line})" if line else ""
        raise _reject(f"det är inte giltig JSON{where}.") from None
    if _depth(doc) > MAX_DEPTH:
        raise _reject(f"innehållet är nästlat djupare än {MAX_DEPTH} nivåer.")
    return doc


# --- validation -------------------------------------------------------------------


def _number(value: int) -> str:
    # A version from the file, shown in a message: short numbers only.
    return str(value) if abs(value) < 1_000_000 else "ett mycket högt nummer"


def _versions(doc: Any) -> None:
    """The checks that decide whether the rest can be read at all."""
    if not isinstance(doc, dict):
        raise _field("", "ska vara ett objekt")
    if "format" not in doc:
        raise _field("format", "saknas")
    if doc["format"] != FORMAT_NAME:
        raise _reject("det är ingen export från Min röst.")
    if "format_version" not in doc:
        raise _field("format_version", "saknas")
    version = doc["format_version"]
    if isinstance(version, HugeNumber):
        raise _field("format_version", "har för många siffror")
    if type(version) is not int:
        raise _field("format_version", "ska vara ett heltal")
    if version > FORMAT_VERSION:
        raise _reject(
            f"den är skapad med en nyare version av Min röst (format "
            f"{_number(version)}, den här klarar {FORMAT_VERSION}). Uppdatera "
            "Min röst och försök igen."
        )
    if version < 1:
        raise _field("format_version", "har en ogiltig version")
    for key in ("plan", "meeting"):
        if version == 1 and key in doc:
            raise _field(key, "är okänt (finns först i format 2)")
        if version >= 2 and key not in doc:
            raise _field(key, "saknas")
    for part, who in (("child", "eleven"), ("session", "sessionen")):
        inner = doc.get(part)
        found = inner.get("schema_version") if isinstance(inner, dict) else None
        if type(found) is int and found > SCHEMA_VERSION:
            raise _reject(
                f"{who} är sparad av en nyare version av Min röst (version "
                f"{_number(found)}, den här klarar {SCHEMA_VERSION}). "
                "Uppdatera Min röst och försök igen."
            )


def validate_export(doc: Any) -> Imported:
    """Check a parsed export document fully and rebuild everything it holds."""
    _versions(doc)
    try:
        ExportDoc.model_validate(doc)
    except pydantic.ValidationError as exc:
        raise _field(*first_problem(exc)) from None
    child_doc = dict(doc["child"])
    child_doc.setdefault("case_ref", "")
    child_doc.setdefault(
        "display_name",
        child_doc["case_ref"] or f"Importerad elev {child_doc['id'][:4]}",
    )
    try:
        child = Child.from_doc(child_doc)
        session = Session.from_doc(doc["session"])
        raw_plan, raw_meeting = doc.get("plan"), doc.get("meeting")
        plan = Plan.from_doc(raw_plan) if raw_plan is not None else Plan()
        meeting = (
            MeetingSheets.from_doc(raw_meeting) if raw_meeting else MeetingSheets()
        )
        raw_consent = doc.get("consent")
        consent = (
            ConsentRecord.from_doc(raw_consent) if raw_consent is not None else None
        )
    except (ValueError, KeyError, TypeError):
        # The schema admits only what these read; this is a second line.
        raise _reject("innehållet går inte att läsa som en session.") from None
    voices = tuple(
        (v["language"], v["text"], v["mime"], base64.b64decode(v["audio"]))
        for v in doc.get("voices", [])
    )
    if any(not audio for *_rest, audio in voices):
        raise _field("voices", "har en tom inspelning")
    return Imported(
        child=child,
        session=session,
        plan=plan if plan != Plan() else None,
        meeting=meeting if meeting != MeetingSheets() else None,
        consent=consent,
        voices=voices,
    )


def validate(doc: Any) -> tuple[Child, Session]:
    """Check a parsed export document fully and rebuild its child and session."""
    checked = validate_export(doc)
    return checked.child, checked.session


def check_source(source: str | os.PathLike[str] | bytes) -> Imported:
    """Read, parse and check a file or buffer; needs no data folder (nor its lock)."""
    return validate_export(parse(read_source(source)))


# --- import -----------------------------------------------------------------------


def _exists(repo: Repository, child_id: str) -> bool:
    try:
        repo.get_child(child_id)
    except NotFoundError:
        return False
    return True


def _session_taken(repo: Repository, session_id: str) -> bool:
    for child in repo.list_children():
        try:
            repo.get_session(child.id, session_id)
        except NotFoundError:
            continue
        return True
    return False


def import_file(
    repo: Repository,
    source: str | os.PathLike[str] | bytes,
    *,
    as_copy: bool = False,
) -> ImportResult:
    """Import one exported session into ``repo``; see :func:`import_checked`."""
    return import_checked(repo, check_source(source), as_copy=as_copy)


def import_checked(
    repo: Repository, checked: Imported, *, as_copy: bool = False
) -> ImportResult:
    """Store a checked export; all or nothing: a refusal or failure changes no byte.

    The session's meeting sheets and the child's plan (format 2) come along,
    written with the case-file functions into the new child's file. An export
    whose child or session already exists here is refused, so nothing is ever
    overwritten; with ``as_copy=True`` it is added as a new child (new child
    and session ids, same answers, same plan) instead. The caller holds the
    data folder's lock and nothing else writes to the folder meanwhile (the
    CLI imports alone).
    """
    child, session = checked.child, checked.session
    if as_copy:
        child = replace(child, id=new_id())
        session = replace(session, id=new_id(), child_id=child.id)
    try:
        with repo.atomic():
            if not as_copy and _exists(repo, child.id):
                raise ImportRejected(
                    "Eleven i filen finns redan i Min röst, så inget importerades "
                    "och inget har ändrats. Välj ”Importera som kopia” om du vill "
                    "lägga till sessionen som en ny elev."
                )
            if not as_copy and _session_taken(repo, session.id):
                raise ImportRejected(
                    "Sessionen i filen finns redan i Min röst, så inget "
                    "importerades och inget har ändrats. Välj ”Importera som "
                    "kopia” om du vill lägga till den ändå."
                )
            _write(repo, child, session, checked)
    except (ImportRejected, UndoFailed):
        raise
    except OSError:
        raise ImportRejected(
            "Filen kunde inte importeras: det gick inte att skriva i datamappen "
            f"(disken kan vara full). {NOTHING_CHANGED}"
        ) from None
    except ValueError:
        raise _reject("innehållet går inte att spara.") from None
    return ImportResult(child_id=child.id, session_id=session.id, copied=as_copy)


@dataclass(frozen=True)
class ImportPreview:
    """What an import would add, shown before anything is written."""

    display_name: str
    case_ref: str
    started: datetime
    answers: int
    """Grid items marked plus day prompts answered or declined."""
    child_exists: bool
    """The child (or the session) is here already: only a copy can be added."""


def answer_count(session: Session) -> int:
    """Grid items with a mark (own items too) plus day prompts the child answered."""
    grid = sum(1 for levels in session.grid.marks.values() if levels)
    day = sum(1 for p in catalog.DAY_PROMPTS if day_rules.is_done(session.day, p.id))
    return grid + day


def preview(repo: Repository, checked: Imported) -> ImportPreview:
    """Describe a checked export against ``repo``; reads only, writes nothing."""
    return ImportPreview(
        display_name=checked.child.display_name,
        case_ref=checked.child.case_ref,
        started=checked.session.started,
        answers=answer_count(checked.session),
        child_exists=_exists(repo, checked.child.id)
        or _session_taken(repo, checked.session.id),
    )


def _write(repo: Repository, child: Child, session: Session, checked: Imported) -> None:
    if checked.voices and repo.vault is None:
        raise ImportRejected(
            "Filen har inspelade röster, och de sparas bara i en krypterad "
            f"datamapp. {NOTHING_CHANGED}"
        )
    repo.add_child(child)
    repo.save_session(session)
    if checked.consent is not None:
        repo.save_consent(child.id, checked.consent)
    if checked.plan is not None:
        repo.save_plan(child.id, checked.plan)
    if checked.meeting is not None:
        sheets = checked.meeting
        repo.update_meeting(child.id, session.id, lambda _old: sheets)
    for language, text, mime, audio in checked.voices:
        repo.save_recorded_voice(child.id, language, text, audio, mime)
    AuditLog(repo.data_dir).record(
        "import", child.id, session_id=session.id, format="json"
    )
