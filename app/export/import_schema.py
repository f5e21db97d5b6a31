"""The declared schema of a JSON export (formats 1–4), as pydantic v2 models.

Every model is strict (a number is never taken for text, ``true`` never for 1)
and forbids unknown keys, the session's included: a session whose
``schema_version`` this Min röst reads cannot hold keys of a later schema, so
an unknown key is a broken or tampered file (``docs/export-format.md``).

A field that breaks a rule raises ``PydanticCustomError`` with the Swedish
words for what is wrong (``ctx["at"]`` names a part below the field when a
model-wide rule fails); :func:`first_problem` turns pydantic's first error into
one sentence naming the field, never quoting more than a short, printable piece
of a key from the file.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import Counter
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from app.domain.agenda import (
    BOOKLET_AGENDA,
    MAX_AGENDA_ITEMS,
    MAX_AGENDA_TEXT,
    OWN_ITEM,
)
from app.domain.catalog import (
    ALL_ITEMS,
    HELP_ITEMS,
    PLAN_OWNERS,
    PROMPTS_BY_ID,
    PromptKind,
)
from app.domain.meeting import (
    MAX_GOAL_LENGTH,
    MAX_LINKED_ANSWERS,
    MAX_POINT_LENGTH,
    MAX_POINTS_PER_OWNER,
    MAX_SUB_GOALS,
    Listened,
    Participation,
    PlanOwner,
    PointStatus,
)
from app.domain.models import (
    MAX_LABEL_LENGTH,
    MAX_NAME_LENGTH,
    MAX_STARS,
    MINUTES_PER_DAY,
    AnswerStatus,
    ConsentGiver,
    Evaluation,
    Feeling,
    Level,
    Origin,
    Recipient,
)
from app.domain.models import ValidationError as TextRefused
from app.domain.models import clean_text as _clean_text
from app.i18n import LANGUAGES
from app.paths import PICTOGRAM_DIR
from app.storage.repository import MAX_RECORDING_BYTES, RECORDING_MIMES

MAX_NOTES = 20_000
MAX_ITEMS = 500
"""Longest list of marks, picks, entries or own items a session may hold."""
MAX_PLAN_POINTS = 200
"""Most points a plan may hold, done ones included."""
MAX_HISTORY = 100
MAX_CONSENTS = 100
MAX_PEOPLE = 40
MAX_TOPICS = 40
MAX_WANTS_LENGTH = 500
MAX_WHERE_LENGTH = 200
MAX_CONSENT_NOTE = 500
MAX_POSITION = 80
MAX_TIME_TEXT = 40
FIRST_YEAR = 2000
LAST_YEAR = 2100
"""Every timestamp and date of a file lies in these years (as written)."""
MAX_SHOWN = 40
"""Most characters of anything from the file that a message repeats."""

UNKNOWN_PICTURE = "är inte en känd bild eller ett eget val"
HELP_IDS = frozenset(i.id for i in HELP_ITEMS)
"""Kinds of help: picked only for the help questions (format 4), nowhere else."""


@functools.cache
def pictogram_ids() -> frozenset[str]:
    """Every pictogram id in ``assets/pictograms/index.json``."""
    index = json.loads((PICTOGRAM_DIR / "index.json").read_text(encoding="utf-8"))
    return frozenset(str(p["id"]) for p in index["pictograms"])


@functools.cache
def booklet_items() -> frozenset[str]:
    """The booklet's items that have a picture: what marks and picks may name."""
    return frozenset(ALL_ITEMS) & pictogram_ids()


def shown(text: str) -> str:
    """A piece of the file fit for a message: printable, at most 40 characters."""
    kept = "".join(c for c in text[: MAX_SHOWN * 4] if c.isprintable())[:MAX_SHOWN]
    return kept or "?"


def problem(what: str, *at: str | int) -> PydanticCustomError:
    """The error a rule raises: ``what`` is wrong with the field (or ``at`` in it)."""
    return PydanticCustomError("minrost", what, {"at": at})


# --- field types ----------------------------------------------------------------


def _text(max_length: int, *, multiline: bool = False) -> Any:
    allowed = {"\n", "\t"} if multiline else set()

    def check(value: str) -> str:
        if len(value) > max_length:
            raise problem(f"är längre än {max_length} tecken")
        for ch in value:
            if ch not in allowed and unicodedata.category(ch) in (
                "Cc",
                "Cs",
                "Co",
                "Cn",
            ):
                raise problem("innehåller otillåtna tecken")
        return value

    return Annotated[str, AfterValidator(check)]


def _label(max_length: int, *, empty_ok: bool = False) -> Any:
    def check(value: str) -> str:
        if empty_ok and value == "":
            return value
        try:
            tidy = _clean_text(value, max_length=max_length)
        except TextRefused:
            raise problem("är tom eller för lång") from None
        if tidy != value:
            raise problem("är inte en städad etikett")
        return value

    return Annotated[_text(max_length), AfterValidator(check)]


def _pattern(regex: str, what: str) -> Any:
    compiled = re.compile(regex)

    def check(value: str) -> str:
        if len(value) > 100 or not compiled.fullmatch(value):
            raise problem(f"är inte {what}")
        return value

    return Annotated[str, AfterValidator(check)]


def _in_range(moment: date) -> None:
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise problem(f"ligger inte mellan år {FIRST_YEAR} och {LAST_YEAR}")


def _moment(*, zone: bool) -> Any:
    def check(value: str) -> str:
        if len(value) > MAX_TIME_TEXT:
            raise problem("är inte en tidpunkt")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise problem("är inte en tidpunkt") from None
        if zone and moment.tzinfo is None:
            raise problem("saknar tidszon")
        _in_range(moment)
        return value

    return Annotated[str, AfterValidator(check)]


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _day(value: str) -> str:
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        moment = date.fromisoformat(value)
    except ValueError:
        raise problem("är inte ett datum (ÅÅÅÅ-MM-DD)") from None
    _in_range(moment)
    return value


def _pictogram(value: str) -> str:
    if value not in pictogram_ids():
        raise problem("är inte en känd bild (pictogram-id)")
    return value


def _minutes(value: int) -> int:
    if not 0 <= value < MINUTES_PER_DAY:
        raise problem("är inget klockslag (0–1439 minuter efter midnatt)")
    return value


def _version(value: int) -> int:
    if value < 1:
        raise problem("har en ogiltig version")
    return value


def _choice(values: Any) -> Any:
    return Literal[tuple(v.value for v in values)]


def _choice_of(values: tuple[str, ...]) -> Any:
    return Literal[values]


Id = _pattern(r"[A-Za-z0-9]{1,64}", "ett giltigt id")
PartId = _pattern(r"[A-Za-z0-9_-]{1,64}", "ett giltigt id")
OwnId = _pattern(r"own_[a-z0-9_]{1,60}", "ett id för ett eget val")
Language = _pattern(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", "en språkkod")
PrivateKey = _pattern(r"(grid|day):[a-z0-9_.]{1,80}", "en svarsnyckel")
Timestamp = _moment(zone=True)
"""ISO 8601 with a time zone, in 2000–2100."""
Moment = _moment(zone=False)
"""A date and time as the counsellor typed it (a time zone is optional)."""
Day = Annotated[str, AfterValidator(_day)]
Pictogram = Annotated[str, AfterValidator(_pictogram)]
Minutes = Annotated[int, AfterValidator(_minutes)]
Version = Annotated[int, AfterValidator(_version)]
OwnLabel = _label(MAX_LABEL_LENGTH)
EntryLabel = _label(MAX_LABEL_LENGTH, empty_ok=True)
Name = _label(MAX_NAME_LENGTH)
OptionalName = _label(MAX_NAME_LENGTH, empty_ok=True)
PointText = _label(MAX_POINT_LENGTH)
OptionalPointText = _label(MAX_POINT_LENGTH, empty_ok=True)
Notes = _text(MAX_NOTES, multiline=True)
Position = _text(MAX_POSITION)
ConsentNote = _text(MAX_CONSENT_NOTE)
Where = _text(MAX_WHERE_LENGTH)
Wants = _text(MAX_WANTS_LENGTH, multiline=True)
OtherWay = _text(MAX_POINT_LENGTH)
RecipientName = _text(MAX_NAME_LENGTH)
LevelName = _choice(Level)
StatusName = _choice(AnswerStatus)
OriginName = _choice(Origin)
GiverName = _choice(ConsentGiver)
RecipientKind = _choice(Recipient)
OwnerName = _choice(PlanOwner)
PointStatusName = _choice(PointStatus)
ParticipationName = _choice(Participation)
ListenedName = _choice(Listened)
FeelingName = _choice(Feeling)
EvaluationName = _choice(Evaluation)
Levels = Annotated[list[LevelName], Field(max_length=4)]
Picks = Annotated[list[str], Field(max_length=MAX_ITEMS)]


def _unique(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for n, item_id in enumerate(ids):
        if item_id in seen:
            raise problem("finns två gånger", where, n, "id")
        seen.add(item_id)


NOT_GIVEN = frozenset({Origin.SUGGESTED.value, Origin.LAST_TIME.value})
"""Origins that are no answer of the child's (an app's or last time's
suggestion): an export never holds them as answers."""


class Strict(BaseModel):
    """Every part of the file: strict types, no unknown keys, input never echoed."""

    model_config = ConfigDict(
        strict=True, extra="forbid", hide_input_in_errors=True, frozen=True
    )


# --- the session ----------------------------------------------------------------


class OwnItem(Strict):
    """A child's own item (*Något annat?*); format 4: the word may be empty
    (chosen by picture alone, the picture's label stands in)."""

    id: OwnId
    label: EntryLabel
    pictogram: Pictogram
    named_by: OriginName = Origin.CHILD.value
    """Format 4: whose the word is (the counsellor's when added later)."""

    @model_validator(mode="after")
    def _named(self) -> OwnItem:
        if not self.label and self.pictogram not in ALL_ITEMS:
            raise problem("har varken ord eller en bild med namn", "pictogram")
        if self.named_by == Origin.SUGGESTED.value:
            raise problem("kan inte vara ett förslag", "named_by")
        return self


def _own_ids(items: list[OwnItem]) -> set[str]:
    ids = [item.id for item in items]
    _unique(ids, "custom_items")
    return set(ids)


class Grid(Strict):
    """*Det här är jag bra på…*: item id → levels, and the child's own items."""

    marks: Annotated[dict[str, Levels], Field(max_length=MAX_ITEMS)] = {}
    custom_items: Annotated[list[OwnItem], Field(max_length=MAX_ITEMS)] = []
    origins: Annotated[dict[str, OriginName], Field(max_length=MAX_ITEMS)] = {}
    """Format 3: who gave the marks of an item, when not the child's own tap."""

    @model_validator(mode="after")
    def _known_items(self) -> Grid:
        own = _own_ids(self.custom_items)
        for item_id, levels in self.marks.items():
            if item_id not in own and item_id not in booklet_items():
                raise problem(UNKNOWN_PICTURE, "marks", shown(item_id))
            if not levels:
                raise problem("är tomt", "marks", shown(item_id))
            if len(set(levels)) != len(levels):
                raise problem("har samma nivå två gånger", "marks", shown(item_id))
        for item_id, origin in self.origins.items():
            if item_id not in self.marks:
                raise problem("hör inte till något markerat", "origins", shown(item_id))
            if origin in NOT_GIVEN:
                raise problem("kan inte vara ett förslag", "origins", shown(item_id))
        return self


class Entry(Strict):
    """One activity of the timeline."""

    id: PartId
    pictogram: Pictogram
    minutes: Minutes
    label: EntryLabel = ""
    origin: OriginName = Origin.CHILD.value
    """Format 3: who put the activity in the day (never a suggestion)."""
    time_origin: OriginName = Origin.CHILD.value
    """Format 3: whose the clock time is; ``suggested`` is no time of the child's."""
    own_item: PartId | None = None
    """Format 4: the own item (chosen by picture alone) this entry shows."""

    @model_validator(mode="after")
    def _named(self) -> Entry:
        if not self.label and self.pictogram not in ALL_ITEMS:
            raise problem("är inte en aktivitet i häftet", "pictogram")
        if self.origin in NOT_GIVEN:
            raise problem("kan inte vara ett förslag", "origin")
        if self.time_origin == Origin.LAST_TIME.value:
            raise problem("kan inte vara ett förslag", "time_origin")
        return self


class Answer(Strict):
    """The answer to one prompt of *En vanlig dag*."""

    picks: Picks = []
    status: StatusName | None = None
    origin: OriginName = Origin.CHILD.value
    """Format 3: who gave the answer (never a suggestion)."""

    @model_validator(mode="after")
    def _given(self) -> Answer:
        if self.origin in NOT_GIVEN:
            raise problem("kan inte vara ett förslag", "origin")
        return self


class Felt(Strict):
    """Format 4: how one part of the day feels (*Hur känns det?*), and whose
    answer that is."""

    feeling: FeelingName
    origin: OriginName = Origin.CHILD.value

    @model_validator(mode="after")
    def _given(self) -> Felt:
        if self.origin == Origin.SUGGESTED.value:
            raise problem("kan inte vara ett förslag", "origin")
        return self


class DayAnswers(Strict):
    """*En vanlig dag*: the timeline, the answers and the child's own items."""

    timeline: Annotated[list[Entry], Field(max_length=MAX_ITEMS)] = []
    answers: Annotated[dict[str, Answer], Field(max_length=len(PROMPTS_BY_ID))] = {}
    custom_items: Annotated[list[OwnItem], Field(max_length=MAX_ITEMS)] = []
    feelings: Annotated[dict[str, Felt], Field(max_length=MAX_ITEMS)] = {}
    """Format 4: item id → how it feels."""

    @model_validator(mode="after")
    def _consistent(self) -> DayAnswers:
        own = _own_ids(self.custom_items)
        known = own | booklet_items()
        _unique([e.id for e in self.timeline], "timeline")
        for n, entry in enumerate(self.timeline):
            if entry.own_item is not None and entry.own_item not in own:
                raise problem(UNKNOWN_PICTURE, "timeline", n, "own_item")
        for item_id in self.feelings:
            if item_id not in known:
                raise problem(UNKNOWN_PICTURE, "feelings", shown(item_id))
        for prompt_id, answer in self.answers.items():
            at = ("answers", shown(prompt_id))
            if prompt_id not in PROMPTS_BY_ID:
                raise problem("är ingen fråga i En vanlig dag", *at)
            for k, pick in enumerate(answer.picks):
                if pick not in known:
                    raise problem(UNKNOWN_PICTURE, *at, "picks", k)
            if len(set(answer.picks)) != len(answer.picks):
                raise problem("har samma bild två gånger", *at, "picks")
            answered = answer.status in (None, AnswerStatus.ANSWERED.value)
            if answer.picks and not answered:
                raise problem("har både bilder och ”vet inte”/”vill inte svara”", *at)
            kind = PROMPTS_BY_ID[prompt_id].kind
            if answer.picks and kind is PromptKind.TIMELINE:
                raise problem("ska vara tom (tidslinjen har egna rader)", *at, "picks")
            for k, pick in enumerate(answer.picks):
                if (kind is PromptKind.HELP) != (pick in HELP_IDS):
                    what = (
                        "är inget slags hjälp"
                        if kind is PromptKind.HELP
                        else "är ett slags hjälp, inget önskemål"
                    )
                    raise problem(what, *at, "picks", k)
        return self


class Consent(Strict):
    """Consent to share the session with some recipients."""

    id: PartId
    given_by: Annotated[list[GiverName], Field(max_length=3)]
    recipients: Annotated[list[RecipientKind], Field(max_length=7)]
    given_at: Timestamp
    other_recipient: OptionalName = ""
    note: ConsentNote = ""
    withdrawn_at: Timestamp | None = None

    @model_validator(mode="after")
    def _someone(self) -> Consent:
        if not self.given_by or not self.recipients:
            raise problem("saknar vem som gav samtycket eller till vem")
        return self


ChoosableRecipient = _choice(r for r in Recipient if r is not Recipient.OWN_FILE)
NotToList = Annotated[list[ChoosableRecipient], Field(min_length=1, max_length=7)]


class Confirmation(Strict):
    """The counsellor confirmed at a session's start that the consent holds."""

    at: Timestamp
    session_id: Annotated[str, Field(max_length=80)] = ""


class ConsentRecordDoc(Strict):
    """Format 4: ``ConsentRecord.to_doc()``, the consent kept on the child."""

    consents: Annotated[list[Consent], Field(max_length=MAX_CONSENTS)] = []
    confirmations: Annotated[list[Confirmation], Field(max_length=MAX_HISTORY)] = []

    @model_validator(mode="after")
    def _unique_consents(self) -> ConsentRecordDoc:
        _unique([c.id for c in self.consents], "consents")
        return self


class SessionDoc(Strict):
    """``Session.to_doc()``: exactly the keys this version reads."""

    schema_version: Version
    id: Id
    child_id: Id
    started: Timestamp
    grid: Grid = Grid()
    day: DayAnswers = DayAnswers()
    notes: Notes = ""
    position: Position = ""
    reviewed_at: Timestamp | None = None
    private: Annotated[list[PrivateKey], Field(max_length=MAX_ITEMS)] = []
    starred: Annotated[list[PrivateKey], Field(max_length=MAX_STARS)] = []
    """Format 3: the answers the child starred *Viktigast för mig*."""
    consents: Annotated[list[Consent], Field(max_length=MAX_CONSENTS)] = []
    language: Language = "sv"
    evaluations: Annotated[
        dict[PartId, EvaluationName], Field(max_length=MAX_PLAN_POINTS)
    ] = {}
    """Format 4: plan point id → the child's rating at a follow-up."""
    not_to: Annotated[dict[PrivateKey, NotToList], Field(max_length=MAX_ITEMS)] = {}
    """Format 4: answer key → recipients the child chose not to tell."""

    @model_validator(mode="after")
    def _unique_consents(self) -> SessionDoc:
        _unique([c.id for c in self.consents], "consents")
        if len(set(self.starred)) != len(self.starred):
            raise problem("har samma svar två gånger", "starred")
        answered = self.answered()
        for key, recipients in self.not_to.items():
            if key not in answered:
                raise problem("är inget svar i sessionen", "not_to", shown(key))
            if len(set(recipients)) != len(recipients):
                raise problem("har samma mottagare två gånger", "not_to", shown(key))
        return self

    def answered(self) -> frozenset[str]:
        """Keys of the answers the session holds (``sharing.answer_keys``)."""
        keys = {f"grid:{i}" for i, levels in self.grid.marks.items() if levels}
        keys |= {
            f"day:{p}"
            for p, a in self.day.answers.items()
            if a.picks or a.status is not None
        }
        if self.day.timeline:
            keys.add("day:activities.day")
        return frozenset(keys)


class ChildDoc(Strict):
    """``Child.to_doc()``, the display name only when it was chosen."""

    schema_version: Version
    id: Id
    created: Timestamp
    display_name: Name | None = None
    case_ref: OptionalName = ""


# --- the plan and the meeting sheets ---------------------------------------------


class PointEvent(Strict):
    """One follow-up of a plan point."""

    at: Timestamp
    status: PointStatusName
    note: OptionalPointText = ""


class PlanPoint(Strict):
    """One thing someone will do (format 4: the answers it responds to and its
    child and family versions)."""

    id: PartId
    owner: OwnerName
    text: PointText
    who: OptionalName = ""
    start: Day | None = None
    follow_up: Day | None = None
    history: Annotated[list[PointEvent], Field(max_length=MAX_HISTORY)] = []
    answers: Annotated[list[PrivateKey], Field(max_length=MAX_LINKED_ANSWERS)] = []
    child_text: OptionalPointText = ""
    family_text: OptionalPointText = ""
    family_language: Language | Literal[""] = ""
    family_checked: bool = False

    @model_validator(mode="after")
    def _in_order(self) -> PlanPoint:
        if self.start and self.follow_up and self.follow_up < self.start:
            raise problem("är före starten", "follow_up")
        if len(set(self.answers)) != len(self.answers):
            raise problem("har samma svar två gånger", "answers")
        if bool(self.family_text) != bool(self.family_language):
            raise problem("ska ha både text och språk, eller inget", "family_text")
        if self.family_checked and not self.family_text:
            raise problem("är kontrollerad men saknas", "family_text")
        if self.family_text and not self.child_text:
            raise problem("saknar barnets version", "child_text")
        return self

    def in_format_4(self) -> bool:
        """Whether the point holds any part format 4 added."""
        return bool(
            self.answers or self.child_text or self.family_text or self.family_checked
        )


class NextMeeting(Strict):
    """The next follow-up meeting."""

    when: Day | None = None
    who: OptionalPointText = ""
    where: OptionalPointText = ""


Goal = _label(MAX_GOAL_LENGTH, empty_ok=True)


class PlanDoc(Strict):
    """``Plan.to_doc()``: at most four open points per column."""

    points: Annotated[list[PlanPoint], Field(max_length=MAX_PLAN_POINTS)]
    next_meeting: NextMeeting
    goal: Goal = ""
    sub_goals: Annotated[list[PointText], Field(max_length=MAX_SUB_GOALS)] = []
    coordinator: OptionalName = ""

    @model_validator(mode="after")
    def _columns(self) -> PlanDoc:
        _unique([p.id for p in self.points], "points")
        open_points: Counter[str] = Counter()
        for point in self.points:
            status = point.history[-1].status if point.history else "planned"
            if status != PointStatus.DONE.value:
                open_points[point.owner] += 1
                if open_points[point.owner] > MAX_POINTS_PER_OWNER:
                    title = PLAN_OWNERS[PlanOwner(point.owner)].title
                    raise problem(
                        f"har fler än {MAX_POINTS_PER_OWNER} öppna punkter "
                        f"under ”{title}”",
                        "points",
                    )
        return self


class Person(Strict):
    """Someone at the meeting: a role picture and a typed name."""

    role: Pictogram
    name: OptionalName = ""


AgendaText = _label(MAX_AGENDA_TEXT)
OptionalAgendaText = _label(MAX_AGENDA_TEXT, empty_ok=True)


class AgendaItem(Strict):
    """One agenda item: a booklet key, or ``own`` with the typed text."""

    key: _choice_of((*BOOKLET_AGENDA, OWN_ITEM))
    text: OptionalAgendaText = ""

    @model_validator(mode="after")
    def _text_only_own(self) -> AgendaItem:
        if (self.key == OWN_ITEM) != bool(self.text):
            raise problem("ska ha text bara för en egen punkt", "text")
        return self


class AgendaDoc(Strict):
    """``Agenda.to_doc()`` (format 4)."""

    items: Annotated[list[AgendaItem], Field(max_length=MAX_AGENDA_ITEMS)]
    leader: OptionalName = ""
    note_taker: OptionalName = ""
    notes_shared: OptionalAgendaText = ""
    time_frame: OptionalName = ""


class MeetingDoc(Strict):
    """``MeetingSheets.to_doc()``."""

    participants: Annotated[list[Person], Field(max_length=MAX_PEOPLE)] = []
    when: Moment | None = None
    where: Where = ""
    topics: Annotated[list[PointText], Field(max_length=MAX_TOPICS)] = []
    child_wants_known: Wants = ""
    participation: ParticipationName | None = None
    participation_other: OtherWay = ""
    held: bool = False
    attended: Annotated[list[Person], Field(max_length=MAX_PEOPLE)] = []
    listened: ListenedName | None = None
    agenda: AgendaDoc | None = None
    """Format 4: the meeting's agenda."""


# --- the whole file ------------------------------------------------------------------


class RecipientDoc(Strict):
    """Whom the export was made for (informative)."""

    kind: RecipientKind | None = None
    name: RecipientName = ""


class Includes(Strict):
    """What the counsellor chose to include."""

    display_name: bool = False
    notes: bool = False
    voices: bool = False
    """Format 4: the child's recorded voices."""


MAX_VOICES = 1000
MAX_VOICE_TEXT = 1000
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def _audio(value: str) -> str:
    if len(value) > (MAX_RECORDING_BYTES + 2) // 3 * 4:
        raise problem("är för stort")
    if not value or len(value) % 4 or not _BASE64.fullmatch(value):
        raise problem("är inte base64")
    return value


class VoiceDoc(Strict):
    """One recorded voice (format 4): which text in which language, and its sound."""

    language: Literal[LANGUAGES]  # type: ignore[valid-type]
    text: Annotated[_text(MAX_VOICE_TEXT), Field(min_length=1)]  # type: ignore[valid-type]
    mime: Literal[RECORDING_MIMES]  # type: ignore[valid-type]
    audio: Annotated[str, AfterValidator(_audio)]


class ExportDoc(Strict):
    """A whole export file; ``plan`` and ``meeting`` only in format 2."""

    format: Literal["min-rost-export"]
    format_version: Annotated[int, Field(ge=1, le=4)]
    created_at: Timestamp
    recipient: RecipientDoc = RecipientDoc()
    includes: Includes = Includes()
    child: ChildDoc
    session: SessionDoc
    plan: PlanDoc | None = None
    meeting: MeetingDoc | None = None
    consent: ConsentRecordDoc | None = None
    """Format 4: the consent kept on the child."""
    withheld: Annotated[int, Field(ge=0, le=MAX_ITEMS)] = 0
    """Format 4: how many answers the recipient does not get."""
    voices: Annotated[list[VoiceDoc], Field(max_length=MAX_VOICES)] = []
    """Format 4: the child's recorded voices, when the counsellor chose them."""

    @model_validator(mode="after")
    def _one_child(self) -> ExportDoc:
        if self.session.child_id != self.child.id:
            raise problem("hör inte till eleven i filen", "session", "child_id")
        if self.format_version < ORIGINS_FROM:
            _no_origins(self.session)
        if self.format_version < MEETING_LOOP_FROM:
            _no_meeting_loop(self)
        if self.format_version < HELP_FROM:
            for prompt_id in self.session.day.answers:
                if PROMPTS_BY_ID[prompt_id].kind is PromptKind.HELP:
                    raise problem(
                        f"är okänt (finns först i format {HELP_FROM})",
                        "session",
                        "day",
                        "answers",
                        shown(prompt_id),
                    )
        if self.format_version < SHARING_FROM:
            for key in ("consent", "withheld"):
                if key in self.model_fields_set:
                    raise problem("är okänt (finns först i format 4)", key)
            if "not_to" in self.session.model_fields_set:
                raise problem("är okänt (finns först i format 4)", "session", "not_to")
        if self.format_version < VOICES_FROM:
            if "voices" in self.model_fields_set:
                raise problem("är okänt (finns först i format 4)", "voices")
            if "voices" in self.includes.model_fields_set:
                raise problem("är okänt (finns först i format 4)", "includes", "voices")
        seen: set[tuple[str, str]] = set()
        for n, voice in enumerate(self.voices):
            if (voice.language, voice.text) in seen:
                raise problem("finns två gånger", "voices", n)
            seen.add((voice.language, voice.text))
        if self.format_version < FEELINGS_FROM:
            _no_feelings(self.session)
        return self


SHARING_FROM = 4
"""The first format with the child's choice per recipient and the consent kept
on the child."""


ORIGINS_FROM = 3
"""The first format that says whose each answer is."""
MEETING_LOOP_FROM = 4
"""The first format with the agenda, the plan's goals and links, and the
child's evaluation of the plan."""
HELP_FROM = 4
"""The first format with the help questions (``activities.help`` …)."""
VOICES_FROM = 4
"""The first format that may carry the child's recorded voices."""
FEELINGS_FROM = 4
"""The first format with feelings and own items chosen by picture alone."""


def _no_feelings(session: SessionDoc) -> None:
    """A file of an earlier format has no feelings and no own item without a
    word (either in an older file is a damaged or tampered file)."""
    if "feelings" in session.day.model_fields_set:
        raise problem("är okänt", "session", "day", "feelings")
    for n, entry in enumerate(session.day.timeline):
        if "own_item" in entry.model_fields_set:
            raise problem("är okänt", "session", "day", "timeline", n, "own_item")
    for part, items in (
        ("grid", session.grid.custom_items),
        ("day", session.day.custom_items),
    ):
        for n, item in enumerate(items):
            at = ("session", part, "custom_items", n)
            if not item.label:
                raise problem("är tomt", *at, "label")
            if "named_by" in item.model_fields_set:
                raise problem("är okänt", *at, "named_by")


def _no_meeting_loop(doc: ExportDoc) -> None:
    """A file of format 3 or older cannot hold format 4's parts."""
    if doc.session.evaluations:
        raise problem("är okänt", "session", "evaluations")
    confirmed = Origin.CONFIRMED_LAST.value
    for item_id, origin in doc.session.grid.origins.items():
        if origin == confirmed:
            raise problem(
                "har ett okänt värde", "session", "grid", "origins", shown(item_id)
            )
    for n, entry in enumerate(doc.session.day.timeline):
        if confirmed in (entry.origin, entry.time_origin):
            raise problem("har ett okänt värde", "session", "day", "timeline", n)
    for prompt_id, answer in doc.session.day.answers.items():
        if answer.origin == confirmed:
            raise problem(
                "har ett okänt värde", "session", "day", "answers", shown(prompt_id)
            )
    if doc.meeting is not None and doc.meeting.agenda is not None:
        raise problem("är okänt", "meeting", "agenda")
    if doc.meeting is not None and doc.meeting.participation == "show_view":
        raise problem("har ett okänt värde", "meeting", "participation")
    if doc.plan is not None:
        for key in ("goal", "sub_goals", "coordinator"):
            if getattr(doc.plan, key):
                raise problem("är okänt", "plan", key)
        for n, point in enumerate(doc.plan.points):
            if point.in_format_4():
                raise problem("har delar som kom i format 4", "plan", "points", n)


def _no_origins(session: SessionDoc) -> None:
    """A file of an earlier format cannot say whose an answer is (a later key
    in an older file is a damaged or tampered file)."""
    if "starred" in session.model_fields_set:
        raise problem("är okänt", "session", "starred")
    if "origins" in session.grid.model_fields_set:
        raise problem("är okänt", "session", "grid", "origins")
    for n, entry in enumerate(session.day.timeline):
        for key in ("origin", "time_origin"):
            if key in entry.model_fields_set:
                raise problem("är okänt", "session", "day", "timeline", n, key)
    for prompt_id, answer in session.day.answers.items():
        if "origin" in answer.model_fields_set:
            raise problem("är okänt", "session", "day", "answers", shown(prompt_id))


# --- messages -----------------------------------------------------------------------

_PHRASES: dict[str, str] = {
    "missing": "saknas",
    "extra_forbidden": "är okänt",
    "model_type": "ska vara ett objekt",
    "model_attributes_type": "ska vara ett objekt",
    "dict_type": "ska vara ett objekt",
    "list_type": "ska vara en lista",
    "string_type": "ska vara text",
    "int_type": "ska vara ett heltal",
    "bool_type": "ska vara true eller false",
    "literal_error": "har ett okänt värde",
    "none_required": "ska vara null",
    "greater_than_equal": "har ett ogiltigt värde",
    "less_than_equal": "har ett ogiltigt värde",
}


def where(loc: tuple[str | int, ...]) -> str:
    """A location as the counsellor reads it: ``plan.points[0].owner``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + shown(str(part))
    return out


def first_problem(error: ValidationError) -> tuple[str, str]:
    """(the field's location, what is wrong with it) for pydantic's first error."""
    first = error.errors(include_url=False, include_input=False)[0]
    loc = tuple(first["loc"])
    kind = first["type"]
    if kind == "minrost":
        what = first["msg"]
        loc = (*loc, *first.get("ctx", {}).get("at", ()))
    elif kind == "too_long":
        limit = first.get("ctx", {}).get("max_length", "?")
        what = f"har fler än {limit} delar"
    else:
        what = _PHRASES.get(kind, "har fel form")
    return where(loc), what
