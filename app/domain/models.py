"""The child's answers as plain, immutable data.

Nothing here knows about Flet, TinyDB or files. Every change returns a new
object (``dataclasses.replace``); stores and the repository swap whole values.
Every persisted document carries ``schema_version`` so later versions can
migrate old files.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

SCHEMA_VERSION = 1
"""Version of the stored document shape written by this code."""

MAX_NAME_LENGTH = 60
"""Longest display name or case reference we keep (initials are the norm)."""

MAX_LABEL_LENGTH = 40
"""Longest label of a child's own item (*Något annat*)."""

MINUTES_PER_DAY = 24 * 60


def new_id(nbytes: int = 8) -> str:
    """Return a random, URL-safe identifier that reveals nothing about a child."""
    return secrets.token_hex(nbytes)


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


class ValidationError(ValueError):
    """Input a user typed that cannot be stored; ``msgid`` says why, translatable."""

    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params


def clean_text(raw: str, *, max_length: int) -> str:
    """Return ``raw`` as a single tidy line, or raise ValidationError.

    Control and format characters are dropped except the ones right-to-left
    scripts and emoji sequences need; runs of white space fold to one space.
    Text longer than ``max_length`` is refused rather than silently cut, so the
    person typing sees what happened.
    """
    keep_format = {"\u200c", "\u200d", "\u200e", "\u200f"}  # ZWNJ, ZWJ, LRM, RLM
    out = []
    for ch in unicodedata.normalize("NFC", raw or ""):
        cat = unicodedata.category(ch)
        if ch.isspace():
            out.append(" ")
        elif (
            cat == "Cc"
            or (cat == "Cf" and ch not in keep_format)
            or cat in ("Cs", "Co", "Cn")
        ):
            continue
        else:
            out.append(ch)
    text = " ".join("".join(out).split())
    if not text:
        raise ValidationError("empty")
    if len(text) > max_length:
        raise ValidationError("too_long", max=max_length)
    return text


class Level(StrEnum):
    """The four colours of *Det här är jag bra på…*, in the booklet's order."""

    GOOD_AT = "good_at"
    FUN = "fun"
    BORING_HARD = "boring_hard"
    DISLIKE = "dislike"


LEVEL_ORDER: tuple[Level, ...] = tuple(Level)


class AnswerStatus(StrEnum):
    """How a prompt was answered; the child may always decline."""

    ANSWERED = "answered"
    DONT_KNOW = "dont_know"
    NO_ANSWER = "no_answer"


class Origin(StrEnum):
    """Whose an answer is, for the case file (a legal record)."""

    CHILD = "child"
    """The child's own tap."""
    CONFIRMED = "confirmed"
    """A suggestion of the app that the child confirmed."""
    SUGGESTED = "suggested"
    """A suggestion of the app (a usual clock time) the child has not confirmed:
    never reported as the child's."""
    COUNSELLOR = "counsellor"
    """Entered by the counsellor on the child's behalf."""
    LAST_TIME = "last_time"
    """Last session's answer offered at a follow-up, not yet confirmed: a
    suggestion, never reported as the child's."""
    CONFIRMED_LAST = "confirmed_last"
    """Last session's answer that the child confirmed still holds (distinct
    from a new answer, ``CHILD``)."""


class Evaluation(StrEnum):
    """The child's rating of a plan point at a follow-up."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"
    DONT_KNOW = "dont_know"


CHILDS_OWN: frozenset[Origin] = frozenset(
    {Origin.CHILD, Origin.CONFIRMED, Origin.CONFIRMED_LAST}
)
"""Origins that make an answer the child's own."""


def _origin(doc: Mapping[str, Any], key: str) -> Origin:
    """An origin read back; files from before origins were kept hold taps."""
    value = doc.get(key)
    return Origin(value) if value else Origin.CHILD


@dataclass(frozen=True)
class Child:
    """A child as the counsellor registers it: no personnummer, initials welcome."""

    id: str
    display_name: str
    case_ref: str = ""
    created: datetime = field(default_factory=utcnow)

    @classmethod
    def new(cls, display_name: str, case_ref: str = "") -> Child:
        """Create a child with a random id from what the counsellor typed."""
        name = clean_text(display_name, max_length=MAX_NAME_LENGTH)
        ref = (
            clean_text(case_ref, max_length=MAX_NAME_LENGTH) if case_ref.strip() else ""
        )
        return cls(id=new_id(), display_name=name, case_ref=ref)

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "display_name": self.display_name,
            "case_ref": self.case_ref,
            "created": self.created.isoformat(),
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Child:
        """Rebuild from the stored form."""
        _check_version(doc)
        return cls(
            id=str(doc["id"]),
            display_name=str(doc["display_name"]),
            case_ref=str(doc.get("case_ref", "")),
            created=datetime.fromisoformat(doc["created"]),
        )


@dataclass(frozen=True)
class CustomItem:
    """A child's own item (*Något annat?*): a chosen pictogram, and a word when
    one was typed."""

    id: str
    label: str
    """The typed word; "" when the child chose only a picture (the picture's
    own label stands in for it until the counsellor adds a word)."""
    pictogram: str
    named_by: Origin = Origin.CHILD
    """Whose the word is: the child's typing, or the counsellor's, added later
    in the workspace to an item the child chose by picture alone."""

    @property
    def typed(self) -> bool:
        """Whether the item has a typed word (else only its picture)."""
        return bool(self.label)

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        doc = {"id": self.id, "label": self.label, "pictogram": self.pictogram}
        if self.named_by is not Origin.CHILD:
            doc["named_by"] = self.named_by.value
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> CustomItem:
        """Rebuild from the stored form."""
        return cls(
            id=str(doc["id"]),
            label=str(doc["label"]),
            pictogram=str(doc["pictogram"]),
            named_by=_origin(doc, "named_by"),
        )


def make_custom_item(label: str, pictogram: str) -> CustomItem:
    """Validate a child's own item and give it an id that cannot clash.

    Typing is optional: a label of nothing but white space makes an item of
    the picture alone (``label`` ""); a word that cannot be kept still raises
    ValidationError.
    """
    word = (
        clean_text(label, max_length=MAX_LABEL_LENGTH) if (label or "").strip() else ""
    )
    return CustomItem(id="own_" + new_id(4), label=word, pictogram=pictogram)


@dataclass(frozen=True)
class GridAnswers:
    """*Det här är jag bra på…*: each item's set of levels, plus own items."""

    marks: Mapping[str, tuple[Level, ...]] = field(default_factory=dict)
    """Item id → the levels marked on it, always in booklet order, never empty."""
    custom_items: tuple[CustomItem, ...] = ()
    origins: Mapping[str, Origin] = field(default_factory=dict)
    """Item id → who marked it, only for marks not the child's own tap."""

    def origin(self, item_id: str) -> Origin:
        """Who gave the marks of an item (the child unless recorded otherwise)."""
        return self.origins.get(item_id, Origin.CHILD)

    def levels(self, item_id: str) -> tuple[Level, ...]:
        """Return the levels marked on an item (empty when unmarked)."""
        return self.marks.get(item_id, ())

    def toggle(
        self, item_id: str, level: Level, origin: Origin = Origin.CHILD
    ) -> GridAnswers:
        """Mark ``level`` on the item, or remove it when it is already there;
        the item's marks are then ``origin``'s."""
        current = set(self.levels(item_id))
        current ^= {level}
        marks = dict(self.marks)
        origins = {k: v for k, v in self.origins.items() if k != item_id}
        if current:
            marks[item_id] = tuple(lv for lv in LEVEL_ORDER if lv in current)
            if origin is not Origin.CHILD:
                origins[item_id] = origin
        else:
            marks.pop(item_id, None)
        return replace(self, marks=marks, origins=origins)

    def add_custom(
        self,
        item: CustomItem,
        level: Level | None = None,
        origin: Origin = Origin.CHILD,
    ) -> GridAnswers:
        """Add a child's own item at the end, marked with ``level`` (the pen in
        the child's hand) when one is given."""
        added = replace(self, custom_items=(*self.custom_items, item))
        return added if level is None else added.toggle(item.id, level, origin)

    def remove_custom(self, item_id: str) -> GridAnswers:
        """Remove an own item and its marks."""
        marks = {k: v for k, v in self.marks.items() if k != item_id}
        items = tuple(i for i in self.custom_items if i.id != item_id)
        origins = {k: v for k, v in self.origins.items() if k != item_id}
        return replace(self, marks=marks, custom_items=items, origins=origins)

    def marked_count(self, item_ids: Iterable[str]) -> int:
        """How many of ``item_ids`` carry at least one level."""
        return sum(1 for i in item_ids if self.marks.get(i))

    def items_with(self, level: Level) -> list[str]:
        """Item ids marked with ``level``, in insertion order."""
        return [i for i, lv in self.marks.items() if level in lv]

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "marks": {k: [lv.value for lv in v] for k, v in self.marks.items()},
            "custom_items": [c.to_doc() for c in self.custom_items],
            "origins": {k: v.value for k, v in self.origins.items()},
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> GridAnswers:
        """Rebuild from the stored form."""
        marks = {
            str(k): tuple(lv for lv in LEVEL_ORDER if lv.value in set(v))
            for k, v in doc.get("marks", {}).items()
            if v
        }
        return cls(
            marks=marks,
            custom_items=tuple(
                CustomItem.from_doc(c) for c in doc.get("custom_items", [])
            ),
            origins={
                str(k): Origin(v)
                for k, v in doc.get("origins", {}).items()
                if str(k) in marks and v != Origin.CHILD.value
            },
        )


@dataclass(frozen=True)
class DayEntry:
    """One activity of the ordinary day at a clock time (minutes after midnight)."""

    id: str
    pictogram: str
    minutes: int
    label: str = ""
    """Only for a child's own activity; booklet ones take the catalog's label."""
    origin: Origin = Origin.CHILD
    """Who put the activity in the day (the child's tap, or the counsellor)."""
    time_origin: Origin = Origin.CHILD
    """Whose the clock time is: ``SUGGESTED`` while it is the app's usual time
    the child has not confirmed (exported *utan klockslag*)."""
    own_item: str = ""
    """The id of the child's own item this entry shows, when it is one chosen
    by picture alone (no ``label`` to find it by)."""

    @property
    def has_childs_time(self) -> bool:
        """Whether the clock time may be reported (the child's, confirmed or the
        counsellor's entry on the child's behalf), not a bare suggestion."""
        return self.time_origin is not Origin.SUGGESTED

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "id": self.id,
            "pictogram": self.pictogram,
            "minutes": self.minutes,
            "label": self.label,
            "origin": self.origin.value,
            "time_origin": self.time_origin.value,
            **({"own_item": self.own_item} if self.own_item else {}),
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> DayEntry:
        """Rebuild from the stored form."""
        minutes = int(doc["minutes"])
        if not 0 <= minutes < MINUTES_PER_DAY:
            raise ValueError("minutes out of range")
        return cls(
            id=str(doc["id"]),
            pictogram=str(doc["pictogram"]),
            minutes=minutes,
            label=str(doc.get("label", "")),
            origin=_origin(doc, "origin"),
            time_origin=_origin(doc, "time_origin"),
            own_item=str(doc.get("own_item", "")),
        )


class Feeling(StrEnum):
    """*Hur känns det?*: the six feelings a child can give a part of the day."""

    HAPPY = "happy"
    CALM = "calm"
    TIRED = "tired"
    WORRIED = "worried"
    SAD = "sad"
    ANGRY = "angry"


@dataclass(frozen=True)
class Felt:
    """How a part of the day feels to the child, and whose answer that is."""

    feeling: Feeling
    origin: Origin = Origin.CHILD

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {"feeling": self.feeling.value, "origin": self.origin.value}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Felt:
        """Rebuild from the stored form."""
        return cls(feeling=Feeling(doc["feeling"]), origin=_origin(doc, "origin"))


@dataclass(frozen=True)
class PromptAnswer:
    """The answer to one prompt: pictures picked, or *Vet inte* / *Vill inte svara*."""

    picks: tuple[str, ...] = ()
    status: AnswerStatus | None = None
    origin: Origin = Origin.CHILD
    """Who gave this answer (the child's taps, or the counsellor's entry)."""

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "picks": list(self.picks),
            "status": self.status.value if self.status else None,
            "origin": self.origin.value,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> PromptAnswer:
        """Rebuild from the stored form."""
        status = doc.get("status")
        return cls(
            picks=tuple(str(p) for p in doc.get("picks", [])),
            status=AnswerStatus(status) if status else None,
            origin=_origin(doc, "origin"),
        )


@dataclass(frozen=True)
class DayAnswers:
    """*En vanlig dag*: the timeline and the answers to the other prompts."""

    timeline: tuple[DayEntry, ...] = ()
    """Always sorted by time (stable for equal times)."""
    answers: Mapping[str, PromptAnswer] = field(default_factory=dict)
    """Prompt id (from the catalog) → answer."""
    custom_items: tuple[CustomItem, ...] = ()
    feelings: Mapping[str, Felt] = field(default_factory=dict)
    """Item id (an activity of the timeline, a place or a person of the day) →
    how it feels (*Hur känns det?*); optional, so most items have none."""

    def answer(self, prompt_id: str) -> PromptAnswer:
        """Return the answer to a prompt (an empty one when unanswered)."""
        return self.answers.get(prompt_id, PromptAnswer())

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "timeline": [e.to_doc() for e in self.timeline],
            "answers": {k: v.to_doc() for k, v in self.answers.items()},
            "custom_items": [c.to_doc() for c in self.custom_items],
            **(
                {"feelings": {k: v.to_doc() for k, v in self.feelings.items()}}
                if self.feelings
                else {}
            ),
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> DayAnswers:
        """Rebuild from the stored form."""
        timeline = tuple(DayEntry.from_doc(e) for e in doc.get("timeline", []))
        return cls(
            timeline=tuple(sorted(timeline, key=lambda e: e.minutes)),
            answers={
                str(k): PromptAnswer.from_doc(v)
                for k, v in doc.get("answers", {}).items()
            },
            custom_items=tuple(
                CustomItem.from_doc(c) for c in doc.get("custom_items", [])
            ),
            feelings={
                str(k): Felt.from_doc(v) for k, v in doc.get("feelings", {}).items()
            },
        )


class Recipient(StrEnum):
    """Who may receive the answers; the counsellor's own file needs no consent."""

    OWN_FILE = "own_file"
    SCHOOL = "school"
    PARENTS = "parents"
    """*Föräldrarna/vårdnadshavarna*: they sit in every meeting."""
    STUDENT_HEALTH = "student_health"
    SOCIAL_SERVICES = "social_services"
    BUP = "bup"
    UPH = "uph"
    OTHER = "other"


class ConsentGiver(StrEnum):
    """Who gave a consent."""

    CHILD = "child"
    GUARDIAN = "guardian"
    GUARDIANS = "guardians"


@dataclass(frozen=True)
class Consent:
    """Consent to share the child's answers with some recipients.

    Kept on the child (``ConsentRecord``) and carried to every session; files
    from before #19 kept it per session, and those are moved to the child when
    read (``ConsentRecord.migrated``)."""

    id: str
    given_by: tuple[ConsentGiver, ...]
    recipients: tuple[Recipient, ...]
    given_at: datetime
    other_recipient: str = ""
    """The named recipient when ``Recipient.OTHER`` is among ``recipients``."""
    note: str = ""
    withdrawn_at: datetime | None = None

    @property
    def active(self) -> bool:
        """Whether the consent still holds (it has not been withdrawn)."""
        return self.withdrawn_at is None

    def covers(self, recipient: Recipient, other_name: str = "") -> bool:
        """Whether this consent allows sharing with ``recipient``."""
        if not self.active or recipient not in self.recipients:
            return False
        if recipient is Recipient.OTHER:
            return self.other_recipient.casefold() == other_name.strip().casefold()
        return True

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "id": self.id,
            "given_by": [g.value for g in self.given_by],
            "recipients": [r.value for r in self.recipients],
            "given_at": self.given_at.isoformat(),
            "other_recipient": self.other_recipient,
            "note": self.note,
            "withdrawn_at": self.withdrawn_at.isoformat()
            if self.withdrawn_at
            else None,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Consent:
        """Rebuild from the stored form."""
        withdrawn = doc.get("withdrawn_at")
        return cls(
            id=str(doc["id"]),
            given_by=tuple(ConsentGiver(g) for g in doc["given_by"]),
            recipients=tuple(Recipient(r) for r in doc["recipients"]),
            given_at=datetime.fromisoformat(doc["given_at"]),
            other_recipient=str(doc.get("other_recipient", "")),
            note=str(doc.get("note", "")),
            withdrawn_at=datetime.fromisoformat(withdrawn) if withdrawn else None,
        )


@dataclass(frozen=True)
class ConsentConfirmation:
    """The counsellor confirmed at the start of a session that consent still holds."""

    at: datetime
    session_id: str = ""

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {"at": self.at.isoformat(), "session_id": self.session_id}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> ConsentConfirmation:
        """Rebuild from the stored form."""
        return cls(
            at=datetime.fromisoformat(doc["at"]),
            session_id=str(doc.get("session_id", "")),
        )


class ConsentEventKind(StrEnum):
    """What happened to the consent, in its history."""

    GIVEN = "given"
    WITHDRAWN = "withdrawn"
    CONFIRMED = "confirmed"


@dataclass(frozen=True)
class ConsentEvent:
    """One line of the consent's history."""

    at: datetime
    kind: ConsentEventKind
    consent: Consent | None = None
    """The consent given or withdrawn (None for a confirmation)."""
    session_id: str = ""


@dataclass(frozen=True)
class ConsentRecord:
    """Every consent a child's family gave, with its history; kept on the child.

    A consent holds from ``given_at`` until withdrawn, for every session of the
    child, the ones before it included (it may be recorded before the first
    session). Nothing is ever deleted: a withdrawn consent stays, marked with
    when it ended, and a change is a withdrawal plus a new consent.
    """

    consents: tuple[Consent, ...] = ()
    confirmations: tuple[ConsentConfirmation, ...] = ()

    @property
    def active(self) -> tuple[Consent, ...]:
        """The consents in force now."""
        return tuple(c for c in self.consents if c.active)

    def covers(self, recipient: Recipient, other_name: str = "") -> bool:
        """Whether a consent in force allows sharing with ``recipient``; the
        counsellor's own case file needs none."""
        if recipient is Recipient.OWN_FILE:
            return True
        return any(c.covers(recipient, other_name) for c in self.consents)

    def withdrawn_for(self, recipient: Recipient) -> bool:
        """Whether a consent that named ``recipient`` was withdrawn."""
        return any(not c.active and recipient in c.recipients for c in self.consents)

    def recipients(self) -> tuple[Recipient, ...]:
        """Recipients some consent in force names, in ``Recipient`` order."""
        named = {r for c in self.active for r in c.recipients}
        return tuple(r for r in Recipient if r in named)

    def other_names(self) -> tuple[str, ...]:
        """The named other recipients of the consents in force."""
        return tuple(
            dict.fromkeys(
                c.other_recipient
                for c in self.active
                if Recipient.OTHER in c.recipients and c.other_recipient
            )
        )

    def give(self, consent: Consent) -> ConsentRecord:
        """Add a consent."""
        return replace(self, consents=(*self.consents, consent))

    def withdraw(self, consent_id: str, at: datetime) -> ConsentRecord:
        """Withdraw one consent now; it is kept, marked with when it ended."""
        return replace(
            self,
            consents=tuple(
                replace(c, withdrawn_at=at) if c.id == consent_id and c.active else c
                for c in self.consents
            ),
        )

    def change(
        self,
        consent_id: str,
        at: datetime,
        *,
        recipients: tuple[Recipient, ...],
        other_recipient: str = "",
    ) -> ConsentRecord:
        """Change whom a consent covers: it ends now and a new one (same givers
        and note) starts now, so the history shows when it changed. No
        recipient left: a withdrawal."""
        old = next((c for c in self.active if c.id == consent_id), None)
        if old is None:
            return self
        out = self.withdraw(consent_id, at)
        if not recipients:
            return out
        return out.give(
            Consent(
                id=new_id(),
                given_by=old.given_by,
                recipients=recipients,
                given_at=at,
                other_recipient=other_recipient
                if Recipient.OTHER in recipients
                else "",
                note=old.note,
            )
        )

    def confirm(self, session_id: str, at: datetime) -> ConsentRecord:
        """Record that the consent still holds, at the start of a session."""
        return replace(
            self,
            confirmations=(*self.confirmations, ConsentConfirmation(at, session_id)),
        )

    def confirmed_for(self, session_id: str) -> bool:
        """Whether the consent was confirmed (or changed) for this session."""
        return any(c.session_id == session_id for c in self.confirmations)

    def history(self) -> list[ConsentEvent]:
        """Every consent given, withdrawn and confirmed, oldest first."""
        events = [
            ConsentEvent(c.given_at, ConsentEventKind.GIVEN, c) for c in self.consents
        ]
        events += [
            ConsentEvent(c.withdrawn_at, ConsentEventKind.WITHDRAWN, c)
            for c in self.consents
            if c.withdrawn_at is not None
        ]
        events += [
            ConsentEvent(c.at, ConsentEventKind.CONFIRMED, None, c.session_id)
            for c in self.confirmations
        ]
        rank = {ConsentEventKind.WITHDRAWN: 0, ConsentEventKind.GIVEN: 1}
        return sorted(events, key=lambda e: (e.at, rank.get(e.kind, 2)))

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "consents": [c.to_doc() for c in self.consents],
            "confirmations": [c.to_doc() for c in self.confirmations],
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> ConsentRecord:
        """Rebuild from the stored form."""
        return cls(
            consents=tuple(Consent.from_doc(c) for c in doc.get("consents", [])),
            confirmations=tuple(
                ConsentConfirmation.from_doc(c) for c in doc.get("confirmations", [])
            ),
        )

    @classmethod
    def migrated(cls, sessions: Iterable[Session]) -> ConsentRecord:
        """The child's record built from consents that older versions kept per
        session (each once, oldest first; withdrawn ones stay withdrawn)."""
        found: dict[str, Consent] = {}
        for session in sessions:
            for c in session.consents:
                found.setdefault(c.id, c)
        return cls(consents=tuple(sorted(found.values(), key=lambda c: c.given_at)))


MAX_STARS = 3
"""How many answers the child may star as *Viktigast för mig*."""


def grid_answer_key(item_id: str) -> str:
    """The key naming one grid answer in ``Session.private``."""
    return f"grid:{item_id}"


def day_answer_key(prompt_id: str) -> str:
    """The key naming one *En vanlig dag* answer in ``Session.private``."""
    return f"day:{prompt_id}"


SESSION_DOC_KEYS: frozenset[str] = frozenset(
    {
        "schema_version",
        "id",
        "child_id",
        "started",
        "grid",
        "day",
        "notes",
        "position",
        "reviewed_at",
        "private",
        "starred",
        "consents",
        "language",
        "evaluations",
        "not_to",
    }
)
"""The keys of a stored session that ``Session`` reads itself; others are ``extra``.

An imported file is checked against the same set (``app.export.import_schema``), so
every key the model interprets is validated and only true extras pass through.
"""


@dataclass(frozen=True)
class Session:
    """One sitting with the child: both exercises' answers and the adult's notes."""

    id: str
    child_id: str
    started: datetime = field(default_factory=utcnow)
    grid: GridAnswers = field(default_factory=GridAnswers)
    day: DayAnswers = field(default_factory=DayAnswers)
    notes: str = ""
    """The counsellor's own notes; never shown to the child, exported on request."""
    position: str = ""
    """Where in child mode the child was last (e.g. ``grid``), to resume there."""
    reviewed_at: datetime | None = None
    """When the counsellor and child went through the answers together."""
    private: frozenset[str] = frozenset()
    """Answer keys the child marked *bara för mig*: kept, never exported."""
    starred: tuple[str, ...] = ()
    """Answer keys the child starred *Viktigast för mig* (at most ``MAX_STARS``),
    in the order starred: the case file opens with them."""
    consents: tuple[Consent, ...] = ()
    """Consents as versions before #19 kept them, per session: read to migrate
    them to the child (``ConsentRecord.migrated``), never written anew."""
    language: str = "sv"
    """The language the child chose to see; answers themselves are language-free."""
    evaluations: Mapping[str, Evaluation] = field(default_factory=dict)
    """Plan point id → how the child says it is going (a follow-up session)."""
    not_to: Mapping[str, frozenset[Recipient]] = field(default_factory=dict)
    """Answer key → recipients the child chose *not* to tell (never empty sets);
    an answer not listed goes to everyone the consent allows
    (``app.domain.sharing.may_see``)."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Parts added by later versions that this version keeps but does not interpret."""

    def evaluate(self, point_id: str, value: Evaluation) -> Session:
        """Record the child's rating of a plan point (a new tap replaces it)."""
        return replace(self, evaluations={**self.evaluations, point_id: value})

    @classmethod
    def new(cls, child_id: str) -> Session:
        """Start an empty session for a child."""
        return cls(id=new_id(), child_id=child_id)

    def toggle_star(self, answer_key: str) -> Session:
        """Star an answer *Viktigast för mig*, or take the star away; a fourth
        star is not given (the child takes one away first)."""
        if answer_key in self.starred:
            return replace(
                self, starred=tuple(k for k in self.starred if k != answer_key)
            )
        if len(self.starred) >= MAX_STARS:
            return self
        return replace(self, starred=(*self.starred, answer_key))

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        doc = dict(self.extra)
        doc.update(
            {
                "schema_version": SCHEMA_VERSION,
                "id": self.id,
                "child_id": self.child_id,
                "started": self.started.isoformat(),
                "grid": self.grid.to_doc(),
                "day": self.day.to_doc(),
                "notes": self.notes,
                "position": self.position,
                "reviewed_at": self.reviewed_at.isoformat()
                if self.reviewed_at
                else None,
                "private": sorted(self.private),
                "starred": list(self.starred),
                "consents": [c.to_doc() for c in self.consents],
                "language": self.language,
                "evaluations": {k: v.value for k, v in self.evaluations.items()},
                "not_to": {
                    k: [r.value for r in Recipient if r in v]
                    for k, v in sorted(self.not_to.items())
                },
            }
        )
        return doc

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Session:
        """Rebuild from the stored form."""
        _check_version(doc)
        reviewed = doc.get("reviewed_at")
        return cls(
            id=str(doc["id"]),
            child_id=str(doc["child_id"]),
            started=datetime.fromisoformat(doc["started"]),
            grid=GridAnswers.from_doc(doc.get("grid", {})),
            day=DayAnswers.from_doc(doc.get("day", {})),
            notes=str(doc.get("notes", "")),
            position=str(doc.get("position", "")),
            reviewed_at=datetime.fromisoformat(reviewed) if reviewed else None,
            private=frozenset(str(k) for k in doc.get("private", [])),
            starred=tuple(dict.fromkeys(str(k) for k in doc.get("starred", [])))[
                :MAX_STARS
            ],
            consents=tuple(Consent.from_doc(c) for c in doc.get("consents", [])),
            language=str(doc.get("language", "sv")),
            evaluations={
                str(k): Evaluation(v) for k, v in doc.get("evaluations", {}).items()
            },
            not_to={
                str(k): frozenset(Recipient(r) for r in v)
                for k, v in doc.get("not_to", {}).items()
                if v
            },
            extra={k: v for k, v in doc.items() if k not in SESSION_DOC_KEYS},
        )


def name_own_item(session: Session, item_id: str, word: str) -> Session:
    """The counsellor adds the word to an own item the child chose by picture
    alone (grid or day); the word is kept as the counsellor's. Raises
    ValidationError for a word that cannot be kept, KeyError when there is no
    such item without a word."""
    kept = clean_text(word, max_length=MAX_LABEL_LENGTH)

    def named(items: tuple[CustomItem, ...]) -> tuple[CustomItem, ...]:
        return tuple(
            replace(c, label=kept, named_by=Origin.COUNSELLOR)
            if c.id == item_id and not c.typed
            else c
            for c in items
        )

    new = replace(
        session,
        grid=replace(session.grid, custom_items=named(session.grid.custom_items)),
        day=replace(session.day, custom_items=named(session.day.custom_items)),
    )
    if new == session:
        raise KeyError(item_id)
    return new


class UnsupportedVersionError(ValueError):
    """A document written by a newer Min röst than this one."""


def _check_version(doc: Mapping[str, Any]) -> None:
    version = doc.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise ValueError("document has no valid schema_version")
    if version > SCHEMA_VERSION:
        raise UnsupportedVersionError(
            f"schema_version {version} is newer than {SCHEMA_VERSION}"
        )
