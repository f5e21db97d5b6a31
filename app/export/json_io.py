"""The versioned JSON export of one session, and its strict import.

The format is documented in ``docs/export-format.md``. Export writes the
session as ``Session.to_doc`` stores it, minus what must not leave (answers
marked *bara för mig*, notes and the display name unless chosen), with the
session's meeting sheets and the child's plan (format 2), as canonical JSON
(sorted keys, two-space indent, UTF-8), so the same session always gives the
same bytes.

Import trusts nothing: size, nesting depth, JSON syntax (no NaN/Infinity, no
duplicate keys), format and schema versions, every field's type and range,
clock times, and every pictogram id against ``assets/pictograms/index.json``
and the session's own items are checked before a single byte is written. A
child or session that already exists is refused; ``as_copy=True`` imports the
session as a new child with new ids instead. Every refusal raises
:class:`ImportRejected` with a Swedish message saying what is wrong and that
nothing was changed.
"""

from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from app.domain.catalog import ALL_ITEMS, PLAN_OWNERS, PROMPTS_BY_ID, PromptKind
from app.domain.meeting import (
    MAX_POINT_LENGTH,
    MAX_POINTS_PER_OWNER,
    Listened,
    MeetingSheets,
    Participation,
    Plan,
    PlanOwner,
    PointStatus,
)
from app.domain.models import (
    MAX_LABEL_LENGTH,
    MAX_NAME_LENGTH,
    MINUTES_PER_DAY,
    SCHEMA_VERSION,
    SESSION_DOC_KEYS,
    AnswerStatus,
    Child,
    ConsentGiver,
    Level,
    Recipient,
    Session,
    ValidationError,
    clean_text,
    new_id,
)
from app.domain.summary import without_private
from app.paths import PICTOGRAM_DIR
from app.storage.audit import AuditLog
from app.storage.case_file import save_plan, update_meeting
from app.storage.repository import NotFoundError, Repository

FORMAT_NAME = "min-rost-export"
FORMAT_VERSION = 2
"""Version 2 added ``plan`` and ``meeting``; version 1 files are still read."""
MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 20
MAX_NOTES = 20_000
MAX_ITEMS = 500
"""Longest list of marks, picks, entries or own items a session may hold."""
MAX_PLAN_POINTS = 200
"""Most points a plan may hold, done ones included."""
MAX_HISTORY = 100
MAX_PEOPLE = 40
MAX_TOPICS = 40
MAX_WANTS_LENGTH = 500
MAX_WHERE_LENGTH = 200

NOTHING_CHANGED = "Inget har ändrats."
UNKNOWN_PICTURE = "är inte en känd bild eller ett eget val"


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


@dataclass(frozen=True)
class ImportResult:
    """What an import added."""

    child_id: str
    session_id: str
    copied: bool
    """True when the session was imported as a new child with new ids."""


# --- export ---------------------------------------------------------------------


def export_doc(
    child: Child,
    session: Session,
    *,
    include_name: bool,
    include_notes: bool,
    recipient: Recipient,
    other_name: str,
    created_at: datetime,
    plan: Plan | None = None,
    meeting: MeetingSheets | None = None,
) -> dict[str, Any]:
    """The export document of one session (plain JSON-able values).

    ``plan`` is the child's plan as it is now and ``meeting`` the session's
    *Inför möte* / *Efter mötet* sheets; either is ``null`` in the file when
    not given or still empty.
    """
    shown = without_private(session)
    if not include_notes:
        shown = replace(shown, notes="")
    child_doc = child.to_doc()
    if not include_name:
        child_doc.pop("display_name")
    return {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "created_at": created_at.isoformat(timespec="seconds"),
        "recipient": {
            "kind": recipient.value,
            "name": " ".join(other_name.split())
            if recipient is Recipient.OTHER
            else "",
        },
        "includes": {"display_name": include_name, "notes": include_notes},
        "child": child_doc,
        "session": shown.to_doc(),
        "plan": plan.to_doc() if plan is not None and plan != Plan() else None,
        "meeting": meeting.to_doc()
        if meeting is not None and meeting != MeetingSheets()
        else None,
    }


def dumps(doc: Mapping[str, Any]) -> bytes:
    """Canonical bytes of a document: sorted keys, indent 2, UTF-8, final newline."""
    text = json.dumps(
        doc, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False
    )
    return (text + "\n").encode("utf-8")


# --- reading ----------------------------------------------------------------------


def _reject(msg: str) -> ImportRejected:
    return ImportRejected(f"Filen kan inte importeras: {msg} {NOTHING_CHANGED}")


def read_source(source: str | os.PathLike[str] | bytes) -> bytes:
    """The bytes of a file or buffer, refusing anything over :data:`MAX_BYTES`."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        path = Path(source)
        try:
            with path.open("rb") as f:
                if not os.path.isfile(path):
                    raise _reject("det är inte en vanlig fil.")
                if os.fstat(f.fileno()).st_size > MAX_BYTES:
                    raise _reject("filen är större än 2 MB.")
                data = f.read(MAX_BYTES + 1)
        except ImportRejected:
            raise
        except OSError:
            raise _reject("filen gick inte att öppna.") from None
    if len(data) > MAX_BYTES:
        raise _reject("filen är större än 2 MB.")
    return data


_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")


def _depth(data: bytes) -> int:
    # Counted on the raw text, before parsing, so a deeply nested file cannot
    # exhaust the parser's recursion.
    depth = deepest = 0
    for m in _BRACKETS.finditer(_STRING.sub(b'""', data)):
        if m.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _reject(f"nyckeln ”{_safe(key)}” förekommer två gånger.")
        out[key] = value
    return out


def _no_constants(name: str) -> Any:
    raise _reject(f"värdet {name} är inte tillåtet (bara vanliga tal).")


def _safe(key: str) -> str:
    # A key from the file, shown in a message: short and printable only.
    kept = "".join(c for c in key if c.isprintable())[:40]
    return kept or "?"


def parse(data: bytes) -> Any:
    """Parse import bytes as strict JSON. Raises ImportRejected."""
    if _depth(data) > MAX_DEPTH:
        raise _reject(f"innehållet är nästlat djupare än {MAX_DEPTH} nivåer.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _reject("filen är inte UTF-8-text.") from None
    text = text.removeprefix("\ufeff")
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constants,
        )
    except ImportRejected:
        raise
    except RecursionError:
        raise _reject("innehållet är för djupt nästlat.") from None
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        where = f" (rad {line})" if line else ""
        raise _reject(f"det är inte giltig JSON{where}.") from None


# --- validation -----------------------------------------------------------------


@functools.cache
def pictogram_ids() -> frozenset[str]:
    """Every pictogram id in ``assets/pictograms/index.json``."""
    index = json.loads((PICTOGRAM_DIR / "index.json").read_text(encoding="utf-8"))
    return frozenset(str(p["id"]) for p in index["pictograms"])


_ID = re.compile(r"[A-Za-z0-9]{1,64}")
_PART_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_OWN_ID = re.compile(r"own_[a-z0-9_]{1,60}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?")
_PRIVATE_KEY = re.compile(r"(grid|day):[a-z0-9_.]{1,80}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Check:
    """Field-by-field checks that name the field that failed."""

    def __init__(self) -> None:
        self.path: list[str] = []

    def fail(self, what: str) -> ImportRejected:
        if not self.path:
            return _reject(f"innehållet {what}.")
        where = "".join(
            p if p.startswith("[") or n == 0 else "." + p
            for n, p in enumerate(self.path)
        )
        return _reject(f"fältet ”{where}” {what}.")

    def at(self, part: str | int) -> _Check:
        child = _Check()
        child.path = [*self.path, f"[{part}]" if isinstance(part, int) else part]
        return child

    def mapping(
        self,
        value: Any,
        required: set[str],
        optional: set[str] | frozenset[str] = frozenset(),
        *,
        extra_ok: bool = False,
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail("ska vara ett objekt")
        missing = sorted(required - value.keys())
        if missing:
            raise self.at(missing[0]).fail("saknas")
        unknown = sorted(value.keys() - required - optional)
        if unknown and not extra_ok:
            raise self.at(_safe(unknown[0])).fail("är okänt")
        return value

    def items(self, value: Any, limit: int = MAX_ITEMS) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail("ska vara en lista")
        if len(value) > limit:
            raise self.fail(f"har fler än {limit} delar")
        return value

    def text(self, value: Any, max_length: int, *, multiline: bool = False) -> str:
        if not isinstance(value, str):
            raise self.fail("ska vara text")
        if len(value) > max_length:
            raise self.fail(f"är längre än {max_length} tecken")
        allowed = {"\n", "\t"} if multiline else set()
        for ch in value:
            cat = unicodedata.category(ch)
            if ch in allowed:
                continue
            if cat in ("Cc", "Cs", "Co", "Cn"):
                raise self.fail("innehåller otillåtna tecken")
        return value

    def label(self, value: Any, max_length: int) -> str:
        text = self.text(value, max_length)
        try:
            if clean_text(text, max_length=max_length) != text:
                raise self.fail("är inte en städad etikett")
        except ValidationError:
            raise self.fail("är tom eller för lång") from None
        return text

    def pattern(self, value: Any, regex: re.Pattern[str], what: str) -> str:
        if not isinstance(value, str) or not regex.fullmatch(value):
            raise self.fail(f"är inte {what}")
        return value

    def when(self, value: Any, *, nullable: bool = False) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or len(value) > 40:
            raise self.fail("är inte en tidpunkt")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise self.fail("är inte en tidpunkt") from None
        if moment.tzinfo is None:
            raise self.fail("saknar tidszon")
        return value

    def moment(self, value: Any, *, nullable: bool = False) -> str | None:
        """A date and time as the counsellor typed it (a time zone is optional)."""
        if value is None and nullable:
            return None
        if not isinstance(value, str) or len(value) > 40:
            raise self.fail("är inte en tidpunkt")
        try:
            datetime.fromisoformat(value)
        except ValueError:
            raise self.fail("är inte en tidpunkt") from None
        return value

    def day(self, value: Any, *, nullable: bool = False) -> date | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            raise self.fail("är inte ett datum (ÅÅÅÅ-MM-DD)")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail("är inte ett datum (ÅÅÅÅ-MM-DD)") from None

    def optional_label(self, value: Any, max_length: int) -> str:
        """A tidy label, or the empty text."""
        if value == "":
            return ""
        return self.label(value, max_length)

    def flag(self, value: Any) -> bool:
        if not isinstance(value, bool):
            raise self.fail("ska vara true eller false")
        return value

    def integer(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail("ska vara ett heltal")
        return value

    def choice(self, value: Any, allowed: set[str]) -> str:
        if not isinstance(value, str) or value not in allowed:
            raise self.fail("har ett okänt värde")
        return value

    def pictogram(self, value: Any) -> str:
        if not isinstance(value, str) or value not in pictogram_ids():
            raise self.fail("är inte en känd bild (pictogram-id)")
        return value


def _check_custom(check: _Check, value: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for n, raw in enumerate(check.items(value)):
        c = check.at(n)
        item = c.mapping(raw, {"id", "label", "pictogram"})
        item_id = c.at("id").pattern(item["id"], _OWN_ID, "ett id för ett eget val")
        if item_id in out:
            raise c.at("id").fail("finns två gånger")
        c.at("label").label(item["label"], MAX_LABEL_LENGTH)
        out[item_id] = c.at("pictogram").pictogram(item["pictogram"])
    return out


def _check_grid(check: _Check, value: Any) -> None:
    grid = check.mapping(value, set(), {"marks", "custom_items"})
    own = _check_custom(check.at("custom_items"), grid.get("custom_items", []))
    marks = check.at("marks")
    raw = marks.mapping(grid.get("marks", {}), set(), extra_ok=True)
    if len(raw) > MAX_ITEMS:
        raise marks.fail(f"har fler än {MAX_ITEMS} delar")
    levels = {lv.value for lv in Level}
    for item_id, chosen in raw.items():
        m = marks.at(_safe(item_id))
        if item_id not in own and (
            item_id not in ALL_ITEMS or item_id not in pictogram_ids()
        ):
            raise m.fail(UNKNOWN_PICTURE)
        seen = [m.at(n).choice(lv, levels) for n, lv in enumerate(m.items(chosen, 4))]
        if not seen:
            raise m.fail("är tomt")
        if len(set(seen)) != len(seen):
            raise m.fail("har samma nivå två gånger")


def _check_day(check: _Check, value: Any) -> None:
    day = check.mapping(value, set(), {"timeline", "answers", "custom_items"})
    own = _check_custom(check.at("custom_items"), day.get("custom_items", []))
    known_items = set(own) | (set(ALL_ITEMS) & pictogram_ids())
    timeline = check.at("timeline")
    entry_ids: set[str] = set()
    for n, raw in enumerate(timeline.items(day.get("timeline", []))):
        c = timeline.at(n)
        entry = c.mapping(raw, {"id", "pictogram", "minutes"}, {"label"})
        entry_id = c.at("id").pattern(entry["id"], _PART_ID, "ett giltigt id")
        if entry_id in entry_ids:
            raise c.at("id").fail("finns två gånger")
        entry_ids.add(entry_id)
        pictogram = c.at("pictogram").pictogram(entry["pictogram"])
        label = entry.get("label", "")
        if label:
            c.at("label").label(label, MAX_LABEL_LENGTH)
        elif pictogram not in ALL_ITEMS:
            raise c.at("pictogram").fail("är inte en aktivitet i häftet")
        minutes = c.at("minutes").integer(entry["minutes"])
        if not 0 <= minutes < MINUTES_PER_DAY:
            raise c.at("minutes").fail(
                "är inget klockslag (0–1439 minuter efter midnatt)"
            )
    answers = check.at("answers")
    raw_answers = answers.mapping(day.get("answers", {}), set(), extra_ok=True)
    statuses = {s.value for s in AnswerStatus}
    for prompt_id, raw in raw_answers.items():
        a = answers.at(_safe(prompt_id))
        if prompt_id not in PROMPTS_BY_ID:
            raise a.fail("är ingen fråga i En vanlig dag")
        answer = a.mapping(raw, set(), {"picks", "status"})
        picks = a.at("picks").items(answer.get("picks", []))
        for k, pick in enumerate(picks):
            if not isinstance(pick, str) or pick not in known_items:
                raise a.at("picks").at(k).fail(UNKNOWN_PICTURE)
        if len(set(picks)) != len(picks):
            raise a.at("picks").fail("har samma bild två gånger")
        status = answer.get("status")
        if status is not None:
            a.at("status").choice(status, statuses)
        if picks and status not in (None, AnswerStatus.ANSWERED.value):
            raise a.fail("har både bilder och ”vet inte”/”vill inte svara”")
        if picks and PROMPTS_BY_ID[prompt_id].kind is PromptKind.TIMELINE:
            raise a.at("picks").fail("ska vara tom (tidslinjen har egna rader)")


def _check_consents(check: _Check, value: Any) -> None:
    givers = {g.value for g in ConsentGiver}
    recipients = {r.value for r in Recipient}
    ids: set[str] = set()
    for n, raw in enumerate(check.items(value, 100)):
        c = check.at(n)
        consent = c.mapping(
            raw,
            {"id", "given_by", "recipients", "given_at"},
            {"other_recipient", "note", "withdrawn_at"},
        )
        consent_id = c.at("id").pattern(consent["id"], _PART_ID, "ett giltigt id")
        if consent_id in ids:
            raise c.at("id").fail("finns två gånger")
        ids.add(consent_id)
        for k, g in enumerate(c.at("given_by").items(consent["given_by"], 3)):
            c.at("given_by").at(k).choice(g, givers)
        for k, r in enumerate(c.at("recipients").items(consent["recipients"], 7)):
            c.at("recipients").at(k).choice(r, recipients)
        if not consent["given_by"] or not consent["recipients"]:
            raise c.fail("saknar vem som gav samtycket eller till vem")
        c.at("given_at").when(consent["given_at"])
        c.at("withdrawn_at").when(consent.get("withdrawn_at"), nullable=True)
        other = consent.get("other_recipient", "")
        if other:
            c.at("other_recipient").label(other, MAX_NAME_LENGTH)
        c.at("note").text(consent.get("note", ""), 500)


def _check_session(check: _Check, value: Any) -> None:
    session = check.mapping(
        value,
        {"schema_version", "id", "child_id", "started"},
        SESSION_DOC_KEYS,
        extra_ok=True,
    )
    version = check.at("schema_version").integer(session["schema_version"])
    if version > SCHEMA_VERSION:
        raise _reject(
            "sessionen är sparad av en nyare version av Min röst "
            f"(version {version}, den här klarar {SCHEMA_VERSION}). "
            "Uppdatera Min röst och försök igen."
        )
    if version < 1:
        raise check.at("schema_version").fail("har en ogiltig version")
    check.at("id").pattern(session["id"], _ID, "ett giltigt id")
    check.at("child_id").pattern(session["child_id"], _ID, "ett giltigt id")
    check.at("started").when(session["started"])
    _check_grid(check.at("grid"), session.get("grid", {}))
    _check_day(check.at("day"), session.get("day", {}))
    check.at("notes").text(session.get("notes", ""), MAX_NOTES, multiline=True)
    check.at("position").text(session.get("position", ""), 80)
    check.at("reviewed_at").when(session.get("reviewed_at"), nullable=True)
    private = check.at("private")
    for n, key in enumerate(private.items(session.get("private", []))):
        private.at(n).pattern(key, _PRIVATE_KEY, "en svarsnyckel")
    _check_consents(check.at("consents"), session.get("consents", []))
    if "language" in session:
        check.at("language").pattern(session["language"], _LANGUAGE, "en språkkod")


def _check_plan(check: _Check, value: Any) -> None:
    if value is None:
        return
    plan = check.mapping(value, {"points", "next_meeting"})
    points = check.at("points")
    owners = {o.value for o in PlanOwner}
    statuses = {s.value for s in PointStatus}
    ids: set[str] = set()
    open_points: Counter[str] = Counter()
    for n, raw in enumerate(points.items(plan["points"], MAX_PLAN_POINTS)):
        c = points.at(n)
        point = c.mapping(
            raw, {"id", "owner", "text"}, {"who", "start", "follow_up", "history"}
        )
        point_id = c.at("id").pattern(point["id"], _PART_ID, "ett giltigt id")
        if point_id in ids:
            raise c.at("id").fail("finns två gånger")
        ids.add(point_id)
        owner = c.at("owner").choice(point["owner"], owners)
        c.at("text").label(point["text"], MAX_POINT_LENGTH)
        c.at("who").optional_label(point.get("who", ""), MAX_NAME_LENGTH)
        start = c.at("start").day(point.get("start"), nullable=True)
        follow_up = c.at("follow_up").day(point.get("follow_up"), nullable=True)
        if start and follow_up and follow_up < start:
            raise c.at("follow_up").fail("är före starten")
        history = c.at("history")
        status = PointStatus.PLANNED.value
        for k, event in enumerate(history.items(point.get("history", []), MAX_HISTORY)):
            h = history.at(k)
            entry = h.mapping(event, {"at", "status"}, {"note"})
            h.at("at").when(entry["at"])
            status = h.at("status").choice(entry["status"], statuses)
            h.at("note").optional_label(entry.get("note", ""), MAX_POINT_LENGTH)
        if status != PointStatus.DONE.value:
            open_points[owner] += 1
            if open_points[owner] > MAX_POINTS_PER_OWNER:
                title = PLAN_OWNERS[PlanOwner(owner)].title
                raise points.fail(
                    f"har fler än {MAX_POINTS_PER_OWNER} öppna punkter under ”{title}”"
                )
    nxt = check.at("next_meeting")
    meeting = nxt.mapping(plan["next_meeting"], set(), {"when", "who", "where"})
    nxt.at("when").day(meeting.get("when"), nullable=True)
    nxt.at("who").optional_label(meeting.get("who", ""), MAX_POINT_LENGTH)
    nxt.at("where").optional_label(meeting.get("where", ""), MAX_POINT_LENGTH)


def _check_people(check: _Check, value: Any) -> None:
    for n, raw in enumerate(check.items(value, MAX_PEOPLE)):
        c = check.at(n)
        person = c.mapping(raw, {"role"}, {"name"})
        c.at("role").pictogram(person["role"])
        c.at("name").optional_label(person.get("name", ""), MAX_NAME_LENGTH)


def _check_meeting(check: _Check, value: Any) -> None:
    if value is None:
        return
    known = {
        "participants",
        "when",
        "where",
        "topics",
        "child_wants_known",
        "participation",
        "participation_other",
        "held",
        "attended",
        "listened",
    }
    sheets = check.mapping(value, set(), known)
    _check_people(check.at("participants"), sheets.get("participants", []))
    check.at("when").moment(sheets.get("when"), nullable=True)
    check.at("where").text(sheets.get("where", ""), MAX_WHERE_LENGTH)
    topics = check.at("topics")
    for n, topic in enumerate(topics.items(sheets.get("topics", []), MAX_TOPICS)):
        topics.at(n).label(topic, MAX_POINT_LENGTH)
    check.at("child_wants_known").text(
        sheets.get("child_wants_known", ""), MAX_WANTS_LENGTH, multiline=True
    )
    if sheets.get("participation") is not None:
        check.at("participation").choice(
            sheets["participation"], {p.value for p in Participation}
        )
    check.at("participation_other").text(
        sheets.get("participation_other", ""), MAX_POINT_LENGTH
    )
    check.at("held").flag(sheets.get("held", False))
    _check_people(check.at("attended"), sheets.get("attended", []))
    if sheets.get("listened") is not None:
        check.at("listened").choice(sheets["listened"], {v.value for v in Listened})


def validate(doc: Any) -> tuple[Child, Session]:
    """Check a parsed export document fully and rebuild its child and session."""
    checked = validate_export(doc)
    return checked.child, checked.session


def validate_export(doc: Any) -> Imported:
    """Check a parsed export document fully and rebuild everything it holds."""
    check = _Check()
    top = check.mapping(
        doc,
        {"format", "format_version", "created_at", "child", "session"},
        {"recipient", "includes", "plan", "meeting"},
    )
    if top["format"] != FORMAT_NAME:
        raise _reject("det är ingen export från Min röst.")
    version = check.at("format_version").integer(top["format_version"])
    if version > FORMAT_VERSION:
        raise _reject(
            f"den är skapad med en nyare version av Min röst (format {version}, "
            f"den här klarar {FORMAT_VERSION}). Uppdatera Min röst och försök igen."
        )
    if version < 1:
        raise check.at("format_version").fail("har en ogiltig version")
    if version == 1:
        for key in ("plan", "meeting"):
            if key in top:
                raise check.at(key).fail("är okänt (finns först i format 2)")
    else:
        for key in ("plan", "meeting"):
            if key not in top:
                raise check.at(key).fail("saknas")
    check.at("created_at").when(top["created_at"])
    recipient = check.at("recipient")
    rec = recipient.mapping(top.get("recipient", {}), set(), {"kind", "name"})
    if "kind" in rec:
        recipient.at("kind").choice(rec["kind"], {r.value for r in Recipient})
    recipient.at("name").text(rec.get("name", ""), MAX_NAME_LENGTH)
    includes = check.at("includes")
    inc = includes.mapping(top.get("includes", {}), set(), {"display_name", "notes"})
    for key, flag in inc.items():
        if not isinstance(flag, bool):
            raise includes.at(key).fail("ska vara true eller false")

    c = check.at("child")
    child = c.mapping(
        top["child"], {"schema_version", "id", "created"}, {"display_name", "case_ref"}
    )
    child_version = c.at("schema_version").integer(child["schema_version"])
    if child_version > SCHEMA_VERSION:
        raise _reject("eleven är sparad av en nyare version av Min röst.")
    if child_version < 1:
        raise c.at("schema_version").fail("har en ogiltig version")
    c.at("id").pattern(child["id"], _ID, "ett giltigt id")
    c.at("created").when(child["created"])
    if "display_name" in child:
        c.at("display_name").label(child["display_name"], MAX_NAME_LENGTH)
    if child.get("case_ref"):
        c.at("case_ref").label(child["case_ref"], MAX_NAME_LENGTH)

    s = check.at("session")
    _check_session(s, top["session"])
    if top["session"]["child_id"] != child["id"]:
        raise s.at("child_id").fail("hör inte till eleven i filen")
    _check_plan(check.at("plan"), top.get("plan"))
    _check_meeting(check.at("meeting"), top.get("meeting"))

    child_doc = dict(child)
    child_doc.setdefault("case_ref", "")
    child_doc.setdefault(
        "display_name", child_doc["case_ref"] or f"Importerad elev {child['id'][:4]}"
    )
    try:
        rebuilt_child = Child.from_doc(child_doc)
        session = Session.from_doc(top["session"])
    except (ValueError, KeyError, TypeError):
        raise _reject("innehållet går inte att läsa som en session.") from None
    try:
        plan = Plan.from_doc(top["plan"]) if top.get("plan") is not None else None
    except (ValueError, KeyError, TypeError):
        raise _reject("planeringen går inte att läsa.") from None
    try:
        raw_meeting = top.get("meeting")
        meeting = MeetingSheets.from_doc(raw_meeting) if raw_meeting else None
    except (ValueError, KeyError, TypeError):
        raise _reject("mötesbladen går inte att läsa.") from None
    return Imported(
        child=rebuilt_child,
        session=session,
        plan=plan if plan != Plan() else None,
        meeting=meeting if meeting != MeetingSheets() else None,
    )


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
    """Import one exported session into ``repo``; nothing is written on refusal.

    The session's meeting sheets and the child's plan (format 2) come along,
    written with the case-file functions into the new child's file. An export
    whose child or session already exists here is refused, so nothing is ever
    overwritten; with ``as_copy=True`` it is added as a new child (new child
    and session ids, same answers, same plan) instead. The caller holds the
    data folder's lock (the app holds it while it runs, the CLI takes it).
    """
    checked = validate_export(parse(read_source(source)))
    child, session = checked.child, checked.session
    copied = False
    if as_copy:
        child = replace(child, id=new_id())
        session = replace(session, id=new_id(), child_id=child.id)
        copied = True
    elif _exists(repo, child.id):
        raise ImportRejected(
            "Eleven i filen finns redan i Min röst, så inget importerades och "
            "inget har ändrats. Välj ”Importera som kopia” om du vill lägga "
            "till sessionen som en ny elev."
        )
    elif _session_taken(repo, session.id):
        raise ImportRejected(
            "Sessionen i filen finns redan i Min röst, så inget importerades och "
            "inget har ändrats. Välj ”Importera som kopia” om du vill lägga "
            "till den ändå."
        )
    repo.add_child(child)
    try:
        repo.save_session(session)
        if checked.plan is not None:
            save_plan(repo, child.id, checked.plan)
        if checked.meeting is not None:
            sheets = checked.meeting
            update_meeting(repo, child.id, session.id, lambda _old: sheets)
    except BaseException:
        repo.erase_child(child.id)
        raise
    AuditLog(repo.data_dir).record(
        "import", child.id, session_id=session.id, format="json"
    )
    return ImportResult(child_id=child.id, session_id=session.id, copied=copied)
