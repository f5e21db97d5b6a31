"""Invented, realistic children and sessions for demos, screenshots and tests.

Nobody here is a real person: children are called "Elev A1", "Elev B1" … and
carry made-up case references. Each child gets both exercises filled in the
way children actually answer them (some *Vet inte*, an own item, an answer
kept *bara för mig*), a consent and counsellor notes; every other child also
gets an earlier session, so the follow-up comparison has something to show.
:func:`demo_meeting` adds the meeting sheets of the latest session and the
child's plan (adults are named by invented first names and their role).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from app.domain.agenda import Agenda
from app.domain.day import DEFAULT_TIMES
from app.domain.meeting import (
    Listened,
    MeetingSheets,
    NextMeeting,
    Participant,
    Participation,
    Plan,
    PlanOwner,
    PlanPoint,
    PointEvent,
    PointStatus,
)
from app.domain.models import (
    AnswerStatus,
    Child,
    Consent,
    ConsentGiver,
    CustomItem,
    DayAnswers,
    DayEntry,
    GridAnswers,
    Level,
    Origin,
    PromptAnswer,
    Recipient,
    Session,
    day_answer_key,
    grid_answer_key,
    new_id,
    utcnow,
)

G, F, B, D = Level.GOOD_AT, Level.FUN, Level.BORING_HARD, Level.DISLIKE


@dataclass(frozen=True)
class Profile:
    """One invented child's way of answering."""

    marks: dict[str, tuple[Level, ...]]
    own_grid: tuple[str, str, tuple[Level, ...]]
    """An own grid item: label, pictogram, levels."""
    timeline: tuple[tuple[str, int], ...]
    """(activity id, minutes after midnight)."""
    own_activity: tuple[str, str, int]
    """An own activity of the day: label, pictogram, minutes."""
    picks: dict[str, tuple[str, ...]]
    declines: dict[str, AnswerStatus]
    private_grid: str
    private_day: str
    notes: str


def _t(h: int, m: int = 0) -> int:
    return h * 60 + m


PROFILES: tuple[Profile, ...] = (
    Profile(
        marks={
            "wake_up": (B, D),
            "make_up_stories": (G, F),
            "social_studies": (B,),
            "pe": (G, F),
            "invent_games": (F,),
            "break_activities": (B,),
            "writing": (B,),
            "talk_adults": (D,),
            "group_work": (D,),
            "english": (G,),
            "speak_in_class": (D,),
            "science": (F,),
            "maths": (F,),
            "music": (F,),
            "computer_work": (G,),
            "free_play": (B,),
            "sports_break": (G, F),
            "computer_games": (G, F),
            "talk_classmates": (B,),
            "answer_questions": (D,),
            "school_lunch": (D,),
            "homework": (B,),
            "crafts": (F,),
            "reading": (G,),
            "drawing": (G, F),
            "getting_to_school": (B,),
            "photo_film": (F,),
            "cooking": (F,),
            "helping": (G,),
            "mischief": (F,),
            "playing": (F,),
            "planning": (B,),
            "listen_teacher": (B,),
            "school_film": (F,),
        },
        own_grid=("Klättra", "playing", (G, F)),
        timeline=(
            ("get_up", _t(7)),
            ("breakfast", _t(7, 15)),
            ("get_dressed", _t(7, 30)),
            ("bus_to_school", _t(8)),
            ("lessons", _t(8, 30)),
            ("school_break", _t(10)),
            ("lunch", _t(11, 30)),
            ("after_school", _t(14)),
            ("screen_time", _t(16, 30)),
            ("dinner", _t(17, 30)),
            ("sport_club", _t(18)),
            ("tv", _t(19)),
            ("go_to_bed", _t(21)),
            ("sleep", _t(21, 30)),
        ),
        own_activity=("Rida", "pet", _t(15, 30)),
        picks={
            "activities.more": ("sport_club", "screen_time"),
            "activities.new": ("cooking",),
            "activities.help": ("help_know", "help_break"),
            "places.day": ("home", "school_place", "sports_hall", "bus"),
            "places.more": ("sports_hall",),
            "places.help": ("help_company",),
            "persons.day": ("mum", "sibling", "teacher", "classmates"),
            "persons.more": ("friend", "grandparent"),
            "persons.less": ("dad",),
            "persons.help": ("help_adult",),
        },
        declines={"places.new": AnswerStatus.DONT_KNOW},
        private_grid="mischief",
        private_day="persons.less",
        notes=(
            "Eleven var trött i början men blev engagerad vid bilderna. "
            "Morgnarna och bussresan beskrivs som jobbiga. Följ upp "
            "morgonrutinen och stöd vid skolstart med vårdnadshavare."
        ),
    ),
    Profile(
        marks={
            "wake_up": (B,),
            "social_studies": (G,),
            "pe": (D,),
            "writing": (G,),
            "group_work": (D,),
            "english": (G, F),
            "speak_in_class": (B,),
            "science": (G, F),
            "maths": (G, F),
            "music": (B,),
            "computer_work": (G, F),
            "free_play": (D,),
            "sports_break": (D,),
            "computer_games": (G, F),
            "talk_classmates": (B,),
            "answer_questions": (G,),
            "school_lunch": (D,),
            "homework": (G,),
            "reading": (F,),
            "drawing": (B,),
            "getting_to_school": (B,),
            "planning": (G,),
            "listen_teacher": (F,),
            "school_film": (F,),
        },
        own_grid=("Programmera", "computer_games", (G, F)),
        timeline=(
            ("wake_up", _t(6, 45)),
            ("breakfast", _t(7)),
            ("brush_teeth", _t(7, 15)),
            ("walk_to_school", _t(7, 45)),
            ("maths", _t(8, 15)),
            ("school_break", _t(9, 45)),
            ("english", _t(10)),
            ("school_lunch", _t(11, 15)),
            ("homework_time", _t(15)),
            ("computer_games_home", _t(16)),
            ("dinner", _t(18)),
            ("shower", _t(20)),
            ("go_to_bed", _t(21, 30)),
        ),
        own_activity=("Bygga lego", "playing", _t(19)),
        picks={
            "activities.more": ("computer_games_home",),
            "activities.help": ("help_quiet", "help_less_time"),
            "places.day": ("home", "my_room", "classroom", "library"),
            "places.more": ("my_room", "library"),
            "places.new": ("youth_centre",),
            "persons.day": ("mum", "dad", "teacher", "nobody"),
            "persons.more": ("friend",),
            "persons.less": ("classmates",),
            "persons.help": ("help_adult",),
        },
        declines={
            "activities.new": AnswerStatus.NO_ANSWER,
            "places.help": AnswerStatus.DONT_KNOW,
        },
        private_grid="talk_classmates",
        private_day="persons.less",
        notes=(
            "Eleven svarade snabbt och tydligt. Raster och matsalen upplevs "
            "som stökiga. Pröva en lugn plats på lunchen."
        ),
    ),
    Profile(
        marks={
            "wake_up": (F,),
            "make_up_stories": (F,),
            "pe": (G, F),
            "invent_games": (G, F),
            "break_activities": (F,),
            "writing": (D,),
            "talk_adults": (B,),
            "english": (B,),
            "speak_in_class": (B,),
            "maths": (B, D),
            "music": (F,),
            "free_play": (G, F),
            "sports_break": (F,),
            "talk_classmates": (F,),
            "school_lunch": (F,),
            "homework": (D,),
            "crafts": (G,),
            "reading": (B,),
            "drawing": (F,),
            "cooking": (F,),
            "helping": (G,),
            "mischief": (F,),
            "playing": (G, F),
            "listen_teacher": (D,),
        },
        own_grid=("Bada", "outdoors", (F,)),
        timeline=(
            ("get_up", _t(6, 30)),
            ("breakfast", _t(6, 45)),
            ("car_to_school", _t(7, 30)),
            ("after_school", _t(7, 45)),
            ("lessons", _t(8, 15)),
            ("lunch", _t(11)),
            ("play_outside", _t(12)),
            ("after_school", _t(13, 30)),
            ("dinner", _t(17)),
            ("tv", _t(18)),
            ("shower", _t(19)),
            ("go_to_bed", _t(19, 30)),
        ),
        own_activity=("Hoppa studsmatta", "play_outside", _t(16)),
        picks={
            "activities.more": ("play_outside", "tv"),
            "activities.new": ("sport_club",),
            "activities.help": ("help_adult", "help_more_time"),
            "places.day": ("home", "school_place", "schoolyard", "other_parent_home"),
            "places.more": ("other_parent_home", "park"),
            "places.new": ("park",),
            "places.help": ("help_quiet",),
            "persons.day": ("mum", "dad", "sibling", "friend", "pet"),
            "persons.more": ("dad", "grandparent"),
            "persons.help": ("help_company",),
        },
        declines={"persons.less": AnswerStatus.DONT_KNOW},
        private_grid="talk_adults",
        private_day="places.more",
        notes=(
            "Bor växelvis hos båda vårdnadshavarna. Eleven vill vara ute mer. "
            "Läsning och matte upplevs svårt – stämma av med specialpedagog."
        ),
    ),
)

CONSENT_CHOICES: tuple[tuple[Recipient, ...], ...] = (
    (Recipient.SCHOOL, Recipient.PARENTS, Recipient.STUDENT_HEALTH),
    (Recipient.STUDENT_HEALTH, Recipient.SOCIAL_SERVICES, Recipient.BUP),
    (Recipient.SCHOOL, Recipient.OTHER),
)
OTHER_RECIPIENT = "Habiliteringen"


def demo_child(index: int, rng: random.Random, taken: set[str]) -> Child:
    """An invented child: "Elev A1", "Elev B1", … with a unique case reference."""
    letter, number = chr(ord("A") + index % 26), index // 26 + 1
    while True:
        ref = f"NT-2026-{rng.randrange(100, 10000):04d}"
        if ref not in taken:
            taken.add(ref)
            break
    child = Child.new(f"Elev {letter}{number}", ref)
    return replace(child, id=f"{rng.getrandbits(64):016x}")


def _with_time_origins(
    entries: list[DayEntry], *, unconfirmed_last: bool
) -> list[DayEntry]:
    """Whose each time is, as a child would leave them: a usual time the child
    confirmed, an own time set with the arrows, and (``unconfirmed_last``) the
    last usual time of the day left as the app's suggestion."""
    out = [
        replace(
            e,
            time_origin=Origin.CONFIRMED
            if DEFAULT_TIMES.get(e.pictogram) == e.minutes
            else Origin.CHILD,
        )
        for e in entries
    ]
    usual = [n for n, e in enumerate(out) if e.time_origin is Origin.CONFIRMED]
    if unconfirmed_last and usual:
        out[usual[-1]] = replace(out[usual[-1]], time_origin=Origin.SUGGESTED)
    return out


def demo_session(
    child: Child,
    profile: Profile,
    rng: random.Random,
    started: datetime,
    *,
    earlier: bool = False,
) -> Session:
    """A filled-in session of ``profile``; ``earlier`` makes the first of two."""
    hexid = lambda: f"{rng.getrandbits(32):08x}"  # noqa: E731
    grid = GridAnswers(marks=dict(profile.marks))
    if earlier:
        # Four weeks before things were a little different.
        grid = replace(
            grid,
            marks={
                **grid.marks,
                "maths": (B,) if profile.marks.get("maths") != (B,) else (F,),
                "music": (F,),
                "pe": (B,),
            },
        )
    label, pictogram, levels = profile.own_grid
    own = CustomItem(id=f"own_{hexid()}", label=label, pictogram=pictogram)
    grid = replace(
        grid,
        custom_items=(own,),
        marks={**grid.marks, own.id: levels},
    )
    own_label, own_pic, own_at = profile.own_activity
    own_act = CustomItem(
        id=f"own_activities_{hexid()}", label=own_label, pictogram=own_pic
    )
    shift = 30 if earlier else 0
    entries = [
        DayEntry(id=hexid(), pictogram=p, minutes=m + (shift if m < _t(9) else 0))
        for p, m in profile.timeline
    ]
    entries.append(
        DayEntry(id=hexid(), pictogram=own_pic, minutes=own_at, label=own_label)
    )
    entries.sort(key=lambda e: e.minutes)
    entries = _with_time_origins(entries, unconfirmed_last=not earlier)
    answers = {"activities.day": PromptAnswer(status=AnswerStatus.ANSWERED)}
    for prompt_id, picks in profile.picks.items():
        if earlier and prompt_id == "persons.more":
            picks = picks[:1]
        answers[prompt_id] = PromptAnswer(picks=picks, status=AnswerStatus.ANSWERED)
    for prompt_id, status in profile.declines.items():
        answers[prompt_id] = PromptAnswer(status=status)
    day = DayAnswers(timeline=tuple(entries), answers=answers, custom_items=(own_act,))
    private = frozenset(
        {grid_answer_key(profile.private_grid), day_answer_key(profile.private_day)}
    )
    not_parents = [
        grid_answer_key(i)
        for i in grid.items_with(Level.DISLIKE)
        if grid_answer_key(i) not in private
    ][:1]
    return Session(
        id=f"{rng.getrandbits(64):016x}",
        child_id=child.id,
        started=started,
        grid=grid,
        day=day,
        notes="" if earlier else profile.notes,
        position="",
        reviewed_at=started + timedelta(minutes=50),
        private=private,
        not_to={}
        if earlier
        else {k: frozenset({Recipient.PARENTS}) for k in not_parents},
    )


def demo_consent(index: int, rng: random.Random, at: datetime) -> Consent:
    """A consent by the child and guardians to share with a few recipients."""
    recipients = CONSENT_CHOICES[index % len(CONSENT_CHOICES)]
    return Consent(
        id=f"{rng.getrandbits(32):08x}",
        given_by=(ConsentGiver.CHILD, ConsentGiver.GUARDIANS),
        recipients=recipients,
        given_at=at,
        other_recipient=OTHER_RECIPIENT if Recipient.OTHER in recipients else "",
    )


def demo_children(
    count: int,
    *,
    seed: int | None = None,
    taken_refs: set[str] | None = None,
    now: datetime | None = None,
) -> list[tuple[Child, list[Session]]]:
    """``count`` invented children, each with one or two sessions (oldest first)."""
    rng = random.Random(seed if seed is not None else new_id())
    taken = set(taken_refs or ())
    now = now or utcnow()
    out: list[tuple[Child, list[Session]]] = []
    for index in range(count):
        child = demo_child(index, rng, taken)
        profile = PROFILES[index % len(PROFILES)]
        started = (now - timedelta(days=rng.randrange(1, 10))).replace(
            hour=9, minute=15, second=0, microsecond=0
        )
        sessions: list[Session] = []
        if index % 2 == 0:
            first = started - timedelta(days=28 + rng.randrange(0, 14))
            sessions.append(demo_session(child, profile, rng, first, earlier=True))
        session = demo_session(child, profile, rng, started)
        session = replace(
            session,
            consents=(demo_consent(index, rng, started + timedelta(minutes=55)),),
        )
        sessions.append(session)
        child = replace(child, created=sessions[0].started - timedelta(minutes=5))
        out.append((child, sessions))
    return out


# --- the meeting and the plan --------------------------------------------------

SCH, PAR, STU, OTH = (
    PlanOwner.SCHOOL,
    PlanOwner.PARENTS,
    PlanOwner.STUDENT,
    PlanOwner.OTHERS,
)


@dataclass(frozen=True)
class MeetingProfile:
    """One invented meeting: who comes, what the child said, what was planned."""

    participants: tuple[tuple[str, str], ...]
    """(role pictogram, typed name)."""
    absent: tuple[str, ...]
    """Roles that were invited but did not come."""
    topics: tuple[str, ...]
    wants_known: str
    participation: Participation | None
    participation_other: str
    held: bool
    listened: Listened | None
    points: tuple[tuple[PlanOwner, str, str, int, int], ...]
    """(owner, text, who, start and follow-up in days after the meeting)."""
    follow_ups: dict[int, tuple[tuple[PointStatus, str], ...]]
    """Point index → (status, note) at follow-ups, oldest first."""
    next_who: str
    where: str


MEETINGS: tuple[MeetingProfile, ...] = (
    MeetingProfile(
        participants=(
            ("counsellor", "Kim"),
            ("teacher", "Maja (mentor)"),
            ("mum", ""),
            ("dad", ""),
            ("school_nurse", "Robin"),
            ("social_worker", "Alex"),
        ),
        absent=("school_nurse",),
        topics=("Hur morgnarna kan bli lättare", "Lunchen och rasterna"),
        wants_known=(
            "Jag vill inte att alla tittar på mig när jag kommer in sent. "
            "Det är jobbigt i matsalen för att det låter så mycket."
        ),
        participation=Participation.ATTEND,
        participation_other="",
        held=True,
        listened=Listened.SOME,
        points=(
            (
                SCH,
                "Eleven börjar kl. 9.00 i stället för 8.15 under fyra veckor.",
                "",
                0,
                28,
            ),
            (SCH, "Mentorn möter eleven vid entrén varje morgon.", "", 0, 14),
            (SCH, "En lugn plats att äta lunch på, i grupprummet.", "", 0, 14),
            (PAR, "Väcka eleven kl. 7.00 och äta frukost tillsammans.", "", 0, 14),
            (PAR, "Ringa mentorn samma morgon om eleven inte kan komma.", "", 0, 28),
            (STU, "Gå till skolan med en kompis på tisdagar och torsdagar.", "", 0, 14),
            (
                STU,
                "Visa kortet för mentorn när det känns jobbigt på lektionen.",
                "",
                0,
                28,
            ),
            (OTH, "Samtal om oro och sömn varannan vecka.", "BUP", 7, 42),
            (OTH, "Föräldrastöd: kontakt tas före jullovet.", "Socialtjänsten", 0, 21),
        ),
        follow_ups={
            0: ((PointStatus.CONTINUING, "Fungerar bra, fortsätter till jullovet."),),
            2: ((PointStatus.DONE, "Eleven äter i grupprummet sedan en vecka."),),
            3: ((PointStatus.CHANGED, "Väckning kl. 6.45 i stället."),),
        },
        next_who="Eleven, föräldrarna, mentorn och kuratorn",
        where="Skolans konferensrum, plan 2",
    ),
    MeetingProfile(
        participants=(
            ("counsellor", "Kim"),
            ("teacher", "Sam"),
            ("mum", ""),
        ),
        absent=(),
        topics=("Rasterna",),
        wants_known="",
        participation=Participation.ANSWERS_READ,
        participation_other="",
        held=False,
        listened=None,
        points=(),
        follow_ups={},
        next_who="",
        where="Kuratorns rum",
    ),
    MeetingProfile(
        participants=(
            ("counsellor", "Kim"),
            ("teacher", "Jo (klasslärare)"),
            ("mum", ""),
            ("dad", ""),
            ("doctor", "Noor"),
        ),
        absent=(),
        topics=("Läsning och matte",),
        wants_known="Jag vill vara ute mer på rasterna.",
        participation=Participation.OTHER,
        participation_other="Vara med en stund i början",
        held=True,
        listened=Listened.YES,
        points=(
            (
                SCH,
                "Extra stöd i läsning med specialpedagog två gånger i veckan.",
                "",
                0,
                28,
            ),
            (PAR, "Läsa tio minuter tillsammans varje kväll.", "", 0, 28),
            (STU, "Vara ute hela lunchrasten.", "", 0, 14),
            (OTH, "Utredning av läs- och skrivsvårigheter.", "BUP", 14, 60),
        ),
        follow_ups={},
        next_who="Eleven, båda föräldrarna och klassläraren",
        where="Klassrummet",
    ),
)


CHILD_VERSIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "Eleven börjar kl. 9.00 i stället för 8.15 under fyra veckor.": (
        "Du börjar kl. 9 i stället för 8.15 i fyra veckor.",
        ("grid:wake_up",),
    ),
    "Mentorn möter eleven vid entrén varje morgon.": (
        "Maja möter dig vid dörren varje morgon.",
        ("grid:getting_to_school",),
    ),
    "En lugn plats att äta lunch på, i grupprummet.": (
        "Du får äta lunch i grupprummet, där det är lugnt.",
        ("grid:school_lunch",),
    ),
    "Väcka eleven kl. 7.00 och äta frukost tillsammans.": (
        "Mamma eller pappa väcker dig kl. 7 och ni äter frukost tillsammans.",
        ("grid:wake_up",),
    ),
    "Gå till skolan med en kompis på tisdagar och torsdagar.": (
        "Du går till skolan med en kompis på tisdagar och torsdagar.",
        (),
    ),
    "Vara ute hela lunchrasten.": ("Du är ute hela lunchrasten.", ()),
}
"""Adult text → (the child's version in *du* form, answer keys it cites)."""


def _point_id(session: Session, n: int) -> str:
    return hashlib.sha256(f"{session.id}:{n}".encode()).hexdigest()[:8]


def demo_meeting(index: int, session: Session) -> tuple[Plan, MeetingSheets]:
    """The plan and the latest session's meeting sheets of demo child ``index``.

    The same child and session always give the same plan and sheets; the meeting
    is on the Tuesday a week or so after the session, at 13.30 (a time as the
    counsellor types it, without a time zone).
    """
    m = MEETINGS[index % len(MEETINGS)]
    day = (session.started + timedelta(days=7)).date()
    day += timedelta(days=(1 - day.weekday()) % 7)  # on a Tuesday
    people = tuple(Participant(role, name) for role, name in m.participants)
    sheets = MeetingSheets(
        participants=people,
        when=datetime(day.year, day.month, day.day, 13, 30),
        where=m.where,
        topics=m.topics,
        child_wants_known=m.wants_known,
        participation=m.participation,
        participation_other=m.participation_other,
        held=m.held,
        attended=tuple(p for p in people if p.role not in m.absent) if m.held else (),
        listened=m.listened,
        agenda=Agenda.from_booklet()
        .with_frame(
            leader=people[0].name if people else "",
            note_taker=people[-1].name if people else "",
            notes_shared="Anteckningarna skickas hem inom en vecka",
            time_frame="13.30–15.00",
        )
        .add_item(m.topics[0])
        if m.topics
        else Agenda.from_booklet(),
    )
    points: list[PlanPoint] = []
    for n, (owner, text, who, start, follow_up) in enumerate(m.points):
        history = tuple(
            PointEvent(
                at=session.started + timedelta(days=7 + 14 * (k + 1)),
                status=status,
                note=note,
            )
            for k, (status, note) in enumerate(m.follow_ups.get(n, ()))
        )
        child_text, cites = CHILD_VERSIONS.get(text, ("", ()))
        marked = set(session.grid.marks) - {
            k.removeprefix("grid:") for k in session.private
        }
        points.append(
            PlanPoint(
                id=_point_id(session, n),
                owner=owner,
                text=text,
                who=who,
                start=day + timedelta(days=start),
                follow_up=day + timedelta(days=follow_up),
                history=history,
                child_text=child_text,
                answers=tuple(k for k in cites if k.removeprefix("grid:") in marked),
            )
        )
    next_day: date | None = day + timedelta(days=35) if points else None
    plan = Plan(
        points=tuple(points),
        next_meeting=NextMeeting(when=next_day, who=m.next_who, where=m.where)
        if points
        else NextMeeting(),
        goal="Må bättre och vara mer i skolan, med kompisar" if points else "",
        sub_goals=("Börja kl. 9 i fyra veckor", "Sedan hela skoldagar")
        if points
        else (),
        coordinator=m.participants[0][1] if points else "",
    )
    return plan, sheets
