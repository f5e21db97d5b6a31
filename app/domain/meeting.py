"""Before and after the meeting, and the four-party plan, as plain data.

The booklet prepares the child for the meeting (*Inför möte*), tells the child
what was decided (*Efter mötet*) and ends with *Planering för mer skolnärvaro
och bättre mående*: Skolan ska / Föräldrarna ska / Eleven ska / Andra ska, up
to four points each. The plan belongs to the child (it spans meetings); each
point keeps its history of *klar / fortsätter / ändrad* with notes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from app.domain.agenda import Agenda
from app.domain.models import (
    MAX_NAME_LENGTH,
    ValidationError,
    clean_text,
    new_id,
    utcnow,
)
from app.i18n import N_, Translator

MAX_POINTS_PER_OWNER = 4
MAX_POINT_LENGTH = 200
MAX_GOAL_LENGTH = 400
MAX_SUB_GOALS = 10
MAX_LINKED_ANSWERS = 10
NOT_CHECKED_BY_INTERPRETER = N_("inte kontrollerad av tolk")
"""The mark on a counsellor's own translation for the family."""


def _tidy(text: str, max_length: int) -> str:
    return clean_text(text, max_length=max_length) if text.strip() else ""


class PlanOwner(StrEnum):
    """The plan's four columns."""

    SCHOOL = "school"
    PARENTS = "parents"
    STUDENT = "student"
    OTHERS = "others"


class PointStatus(StrEnum):
    """Where a plan point stands at a follow-up."""

    PLANNED = "planned"
    DONE = "done"
    CONTINUING = "continuing"
    CHANGED = "changed"


STATUS_LABELS: dict[PointStatus, str] = {
    PointStatus.PLANNED: N_("Planerad"),
    PointStatus.DONE: N_("Klar"),
    PointStatus.CONTINUING: N_("Fortsätter"),
    PointStatus.CHANGED: N_("Ändrad"),
}


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class PointEvent:
    """One follow-up of a point: its status then, and a note."""

    at: datetime
    status: PointStatus
    note: str = ""

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "at": self.at.isoformat(),
            "status": self.status.value,
            "note": self.note,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> PointEvent:
        """Rebuild from the stored form."""
        return cls(
            at=datetime.fromisoformat(doc["at"]),
            status=PointStatus(doc["status"]),
            note=str(doc.get("note", "")),
        )


@dataclass(frozen=True)
class PlanPoint:
    """One thing someone will do, with dates and its history."""

    id: str
    owner: PlanOwner
    text: str
    who: str = ""
    """For *Andra ska*: which service (BUP, Socialtjänsten, UPH …)."""
    start: date | None = None
    follow_up: date | None = None
    history: tuple[PointEvent, ...] = ()
    answers: tuple[str, ...] = ()
    """Answer keys (``grid:…``/``day:…``) of the child's answers this point
    responds to, in the order picked."""
    child_text: str = ""
    """The point as the child reads it, in *du* form, written by the counsellor;
    child sheets show only this (a point without it is not shown to the child)."""
    family_text: str = ""
    """The counsellor's translation of the child version for the family."""
    family_language: str = ""
    """The language of ``family_text`` (a catalog code such as ``ar``)."""
    family_checked: bool = False
    """Whether an interpreter checked ``family_text`` (otherwise it is printed
    marked *inte kontrollerad av tolk*)."""

    def for_child(self, language: str = "sv") -> tuple[str, bool] | None:
        """What a child's or family's sheet in ``language`` prints for this point
        and whether it is an unchecked translation; None when there is no child
        version (the adult's words are never shown to the child)."""
        if not self.child_text:
            return None
        if self.family_text and language == self.family_language != "sv":
            return self.family_text, not self.family_checked
        return self.child_text, False

    @property
    def status(self) -> PointStatus:
        """The latest status (planned until a follow-up says otherwise)."""
        return self.history[-1].status if self.history else PointStatus.PLANNED

    @property
    def open(self) -> bool:
        """Whether the point still counts towards its column's four."""
        return self.status is not PointStatus.DONE

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "id": self.id,
            "owner": self.owner.value,
            "text": self.text,
            "who": self.who,
            "start": self.start.isoformat() if self.start else None,
            "follow_up": self.follow_up.isoformat() if self.follow_up else None,
            "history": [e.to_doc() for e in self.history],
            "answers": list(self.answers),
            "child_text": self.child_text,
            "family_text": self.family_text,
            "family_language": self.family_language,
            "family_checked": self.family_checked,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> PlanPoint:
        """Rebuild from the stored form."""
        return cls(
            id=str(doc["id"]),
            owner=PlanOwner(doc["owner"]),
            text=str(doc["text"]),
            who=str(doc.get("who", "")),
            start=_date(doc.get("start")),
            follow_up=_date(doc.get("follow_up")),
            history=tuple(PointEvent.from_doc(e) for e in doc.get("history", [])),
            answers=tuple(str(k) for k in doc.get("answers", [])),
            child_text=str(doc.get("child_text", "")),
            family_text=str(doc.get("family_text", "")),
            family_language=str(doc.get("family_language", "")),
            family_checked=bool(doc.get("family_checked", False)),
        )


@dataclass(frozen=True)
class NextMeeting:
    """The next follow-up meeting: when, who, where."""

    when: date | None = None
    who: str = ""
    where: str = ""

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "when": self.when.isoformat() if self.when else None,
            "who": self.who,
            "where": self.where,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> NextMeeting:
        """Rebuild from the stored form."""
        return cls(
            when=_date(doc.get("when")),
            who=str(doc.get("who", "")),
            where=str(doc.get("where", "")),
        )


@dataclass(frozen=True)
class Plan:
    """*Planering för mer skolnärvaro och bättre mående*."""

    points: tuple[PlanPoint, ...] = ()
    next_meeting: NextMeeting = field(default_factory=NextMeeting)
    goal: str = ""
    """The long-term goal (*Långsiktigt mål*)."""
    sub_goals: tuple[str, ...] = ()
    """The sub-goals (*Delmål*), in order."""
    coordinator: str = ""
    """Who coordinates the plan (keeps it together between meetings)."""

    def set_goals(self, goal: str, sub_goals: str, coordinator: str) -> Plan:
        """Set the long-term goal, the sub-goals (one a line) and the coordinator."""
        subs = tuple(
            clean_text(line, max_length=MAX_POINT_LENGTH)
            for line in sub_goals.splitlines()
            if line.strip()
        )
        if len(subs) > MAX_SUB_GOALS:
            raise ValidationError("too_many_sub_goals", max=MAX_SUB_GOALS)
        return replace(
            self,
            goal=_tidy(goal, MAX_GOAL_LENGTH),
            sub_goals=subs,
            coordinator=_tidy(coordinator, MAX_NAME_LENGTH),
        )

    def point(self, point_id: str) -> PlanPoint:
        """The point with this id (KeyError when there is none)."""
        for p in self.points:
            if p.id == point_id:
                return p
        raise KeyError(point_id)

    def _replace_point(self, point_id: str, **changes: Any) -> Plan:
        self.point(point_id)
        return replace(
            self,
            points=tuple(
                replace(p, **changes) if p.id == point_id else p for p in self.points
            ),
        )

    def link_answers(self, point_id: str, answer_keys: tuple[str, ...]) -> Plan:
        """Say which of the child's answers the point responds to."""
        keys = tuple(dict.fromkeys(k for k in answer_keys if ":" in k))
        if len(keys) > MAX_LINKED_ANSWERS:
            raise ValidationError("too_many_answers", max=MAX_LINKED_ANSWERS)
        return self._replace_point(point_id, answers=keys)

    def set_child_text(self, point_id: str, text: str) -> Plan:
        """Set the child's version of a point (*du* form), or clear it."""
        return self._replace_point(point_id, child_text=_tidy(text, MAX_POINT_LENGTH))

    def set_family_text(
        self, point_id: str, text: str, language: str, *, checked: bool
    ) -> Plan:
        """Set the counsellor's translation for the family, or clear it."""
        tidy = _tidy(text, MAX_POINT_LENGTH)
        return self._replace_point(
            point_id,
            family_text=tidy,
            family_language=language if tidy else "",
            family_checked=checked if tidy else False,
        )

    def column(self, owner: PlanOwner) -> list[PlanPoint]:
        """The points of one column, in the order they were added."""
        return [p for p in self.points if p.owner is owner]

    def add_point(
        self,
        owner: PlanOwner,
        text: str,
        *,
        who: str = "",
        start: date | None = None,
        follow_up: date | None = None,
        child_text: str = "",
        answers: tuple[str, ...] = (),
    ) -> Plan:
        """Add a point; at most four open points per column, as on the paper."""
        if sum(1 for p in self.column(owner) if p.open) >= MAX_POINTS_PER_OWNER:
            raise ValidationError("plan_column_full", max=MAX_POINTS_PER_OWNER)
        if start and follow_up and follow_up < start:
            raise ValidationError("follow_up_before_start")
        point = PlanPoint(
            id=new_id(4),
            owner=owner,
            text=clean_text(text, max_length=MAX_POINT_LENGTH),
            who=clean_text(who, max_length=MAX_NAME_LENGTH) if who.strip() else "",
            start=start,
            follow_up=follow_up,
            child_text=_tidy(child_text, MAX_POINT_LENGTH),
        )
        plan = replace(self, points=(*self.points, point))
        return plan.link_answers(point.id, answers) if answers else plan

    def follow_up(self, point_id: str, status: PointStatus, note: str = "") -> Plan:
        """Record a follow-up of a point; earlier ones stay in its history."""
        event = PointEvent(
            at=utcnow(),
            status=status,
            note=clean_text(note, max_length=MAX_POINT_LENGTH) if note.strip() else "",
        )
        if not any(p.id == point_id for p in self.points):
            raise KeyError(point_id)
        return replace(
            self,
            points=tuple(
                replace(p, history=(*p.history, event)) if p.id == point_id else p
                for p in self.points
            ),
        )

    def set_next_meeting(self, when: date | None, who: str, where: str) -> Plan:
        """Plan the next follow-up meeting."""
        return replace(
            self,
            next_meeting=NextMeeting(
                when=when,
                who=clean_text(who, max_length=MAX_POINT_LENGTH) if who.strip() else "",
                where=clean_text(where, max_length=MAX_POINT_LENGTH)
                if where.strip()
                else "",
            ),
        )

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "points": [p.to_doc() for p in self.points],
            "next_meeting": self.next_meeting.to_doc(),
            "goal": self.goal,
            "sub_goals": list(self.sub_goals),
            "coordinator": self.coordinator,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Plan:
        """Rebuild from the stored form."""
        return cls(
            points=tuple(PlanPoint.from_doc(p) for p in doc.get("points", [])),
            next_meeting=NextMeeting.from_doc(doc.get("next_meeting", {})),
            goal=str(doc.get("goal", "")),
            sub_goals=tuple(str(g) for g in doc.get("sub_goals", [])),
            coordinator=str(doc.get("coordinator", "")),
        )


class Participation(StrEnum):
    """How the child wants to take part in the meeting."""

    ATTEND = "attend"
    ANSWERS_READ = "answers_read"
    SHOW_VIEW = "show_view"
    """The child is not there: the meeting view shows their answers."""
    OTHER = "other"


PARTICIPATION_LABELS: dict[Participation, str] = {
    Participation.ATTEND: N_("Jag vill vara med på mötet"),
    Participation.ANSWERS_READ: N_("Någon läser upp mina svar"),
    Participation.SHOW_VIEW: N_("Jag är inte med – visa det här"),
    Participation.OTHER: N_("På ett annat sätt"),
}
PARTICIPATION_PICTOGRAMS: dict[Participation, str] = {
    Participation.ATTEND: "meeting",
    Participation.ANSWERS_READ: "talk_adults",
    Participation.SHOW_VIEW: "computer_work",
    Participation.OTHER: "something_else",
}


class Listened(StrEnum):
    """After the meeting: did the child feel listened to?"""

    YES = "yes"
    SOME = "some"
    NO = "no"


LISTENED_LABELS: dict[Listened, str] = {
    Listened.YES: N_("Ja"),
    Listened.SOME: N_("Lite"),
    Listened.NO: N_("Nej"),
}
LISTENED_PICTOGRAMS: dict[Listened, str] = {
    Listened.YES: "listened_yes",
    Listened.SOME: "listened_some",
    Listened.NO: "listened_no",
}

WHY_WE_MEET = (
    N_(
        "Vi ska ha ett möte för att prata om hur vi kan hjälpa dig på bästa sätt "
        "i skolan."
    ),
    N_("Vi vill att du ska må bra och trivas i skolan."),
)
STANDARD_TOPICS = (
    N_("Hur mycket du skall vara i skolan och vad du skall göra när du är där."),
    N_("Hur dina föräldrar kan hjälpa dig att komma till skolan."),
)
AFTER_TALKED_ABOUT = (
    N_("Vi pratade om vad vi kan göra för att du ska kunna vara mer i skolan."),
    N_("Vi pratade om hur vi kan hjälpa dig så att du ska må bra."),
)
AFTER_PLANNED = N_(
    "Vi planerade för hur vi ska göra. Nu ska vi berätta vad vi planerat:"
)


@dataclass(frozen=True)
class Participant:
    """Someone at the meeting: a role picture and the name the adult types."""

    role: str
    name: str = ""

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {"role": self.role, "name": self.name}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Participant:
        """Rebuild from the stored form."""
        return cls(role=str(doc["role"]), name=str(doc.get("name", "")))


@dataclass(frozen=True)
class MeetingSheets:
    """*Inför möte* and *Efter mötet* for one meeting."""

    participants: tuple[Participant, ...] = ()
    when: datetime | None = None
    where: str = ""
    topics: tuple[str, ...] = ()
    """The counsellor's own points, after the two standard ones."""
    child_wants_known: str = ""
    participation: Participation | None = None
    participation_other: str = ""
    held: bool = False
    """Whether the meeting has taken place (then *Efter mötet* applies)."""
    attended: tuple[Participant, ...] = ()
    listened: Listened | None = None
    agenda: Agenda | None = None
    """The meeting's agenda; None until the counsellor opens it (then the
    booklet's example is generated, see :attr:`agenda_or_booklet`)."""

    @property
    def agenda_or_booklet(self) -> Agenda:
        """The agenda as edited, or the booklet's example when not yet made."""
        return self.agenda if self.agenda is not None else Agenda.from_booklet()

    def change_agenda(self, change: Callable[[Agenda], Agenda]) -> MeetingSheets:
        """Change the agenda (starting from the booklet's example)."""
        return replace(self, agenda=change(self.agenda_or_booklet))

    def add_participant(self, role: str, name: str = "") -> MeetingSheets:
        """Add someone who will be at the meeting."""
        person = Participant(
            role=role,
            name=clean_text(name, max_length=MAX_NAME_LENGTH) if name.strip() else "",
        )
        return replace(self, participants=(*self.participants, person))

    def add_topic(self, text: str) -> MeetingSheets:
        """Add one of the counsellor's own points to talk about."""
        topic = clean_text(text, max_length=MAX_POINT_LENGTH)
        return replace(self, topics=(*self.topics, topic))

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "participants": [p.to_doc() for p in self.participants],
            "when": self.when.isoformat() if self.when else None,
            "where": self.where,
            "topics": list(self.topics),
            "child_wants_known": self.child_wants_known,
            "participation": self.participation.value if self.participation else None,
            "participation_other": self.participation_other,
            "held": self.held,
            "attended": [p.to_doc() for p in self.attended],
            "listened": self.listened.value if self.listened else None,
            "agenda": self.agenda.to_doc() if self.agenda is not None else None,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> MeetingSheets:
        """Rebuild from the stored form."""
        when = doc.get("when")
        participation = doc.get("participation")
        listened = doc.get("listened")
        return cls(
            participants=tuple(
                Participant.from_doc(p) for p in doc.get("participants", [])
            ),
            when=datetime.fromisoformat(when) if when else None,
            where=str(doc.get("where", "")),
            topics=tuple(str(t) for t in doc.get("topics", [])),
            child_wants_known=str(doc.get("child_wants_known", "")),
            participation=Participation(participation) if participation else None,
            participation_other=str(doc.get("participation_other", "")),
            held=bool(doc.get("held", False)),
            attended=tuple(Participant.from_doc(p) for p in doc.get("attended", [])),
            listened=Listened(listened) if listened else None,
            agenda=Agenda.from_doc(doc["agenda"]) if doc.get("agenda") else None,
        )


def parse_day(text: str) -> date | None:
    """Parse a date the counsellor typed (2026-12-01); empty means none."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError("bad_date") from exc


# --- the seven questions every participant should be able to answer -----------

SEVEN_QUESTIONS: tuple[str, ...] = (
    N_("Varför ska vi ha möte?"),
    N_("Vilka ska delta i mötet?"),
    N_("Var ska mötet ske?"),
    N_("Vilka frågor ska tas upp på mötet?"),
    N_("Vad förväntas av mig?"),
    N_("Hur får jag del av anteckningar, planer och beslut?"),
    N_("Vad händer efter mötet?"),
)
"""The booklet's seven questions, in its order."""

CHILD_EXPECTED = N_(
    "Du får berätta hur du har det. Du väljer själv hur: själv, genom att "
    "någon läser upp dina svar, eller på ett annat sätt."
)
CHILD_NOTES_DEFAULT = N_(
    "Du får papperet Efter mötet. Där står det vi bestämde, med bilder."
)
CHILD_AFTER = N_(
    "Vi gör det vi bestämde. Sedan frågar vi dig hur det går: bättre, "
    "samma eller sämre."
)
PARENTS_WHY = N_(
    "Vi ska tillsammans förstå hur ert barn har det och planera hur barnet "
    "kan må bättre och vara mer i skolan."
)
PARENTS_EXPECTED = N_(
    "Berätta hur ni ser på hur det är nu, hemma och i skolan. Fråga om allt "
    "ni inte förstår: ni får alltid be oss säga det enklare."
)
PARENTS_NOTES_DEFAULT = N_(
    "Den som antecknar sammanfattar besluten i slutet av mötet. Ni får "
    "anteckningarna och planen efter mötet."
)
PARENTS_AFTER = N_(
    "Alla gör det som står i planen. Planen följs upp, och vi frågar ert barn "
    "hur det går."
)
NEXT_ON = N_("Nästa möte: {date}.")
NOT_DECIDED = N_("Det är inte bestämt än.")


def _who(_: Translator, sheets: MeetingSheets, role_label: Callable[[str], str]) -> str:
    people = [f"{_(role_label(p.role))} {p.name}".strip() for p in sheets.participants]
    return _.join(people) + "." if people else _(NOT_DECIDED)


def _where(_: Translator, sheets: MeetingSheets) -> str:
    parts = []
    if sheets.when:
        parts.append(_.date(sheets.when, "full"))
    if sheets.agenda is not None and sheets.agenda.time_frame:
        parts.append(sheets.agenda.time_frame)
    if sheets.where:
        parts.append(sheets.where)
    return ", ".join(parts) + "." if parts else _(NOT_DECIDED)


def seven_answers(
    _: Translator,
    sheets: MeetingSheets,
    plan: Plan,
    *,
    for_parents: bool,
    role_label: Callable[[str], str],
) -> list[tuple[str, str]]:
    """The seven questions, each with its answer for this meeting, in the
    translator's language: in *du* form for the child, to the parents in *ni*.

    ``role_label`` gives a participant role's msgid (the catalog's labels).
    """
    agenda = sheets.agenda_or_booklet
    if for_parents:
        why = _(PARENTS_WHY)
        topics = _.join([_(i.msgid) if i.msgid else i.text for i in agenda.items])
        expected = _(PARENTS_EXPECTED)
        notes = agenda.notes_shared or _(PARENTS_NOTES_DEFAULT)
        after = _(PARENTS_AFTER)
    else:
        why = " ".join(_(t) for t in WHY_WE_MEET)
        topics = _.join([_(t) for t in STANDARD_TOPICS] + list(sheets.topics))
        expected = _(CHILD_EXPECTED)
        notes = agenda.notes_shared or _(CHILD_NOTES_DEFAULT)
        after = _(CHILD_AFTER)
    if plan.next_meeting.when:
        after += " " + _(NEXT_ON, date=_.date(plan.next_meeting.when, "long"))
    answers = (
        why,
        _who(_, sheets, role_label),
        _where(_, sheets),
        topics,
        expected,
        notes,
        after,
    )
    return [(_(q), a) for q, a in zip(SEVEN_QUESTIONS, answers, strict=True)]
