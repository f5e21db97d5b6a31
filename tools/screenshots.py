"""`make screenshots`: PNGs of every screen at tablet sizes, from the real server.

Each scene seeds an invented child into a fresh data folder, starts the app,
opens a route in headless Chromium and optionally taps through the UI. Output:
``docs/screenshots/<scene>-<width>x<height>.png``.

Every shot is checked before it is published (:mod:`tools.screenshot_check`):
a blank frame, a pictogram request that failed or never finished, or a
character drawn as a box (tofu) keeps the old file, names the problem, and
makes the command fail (exit status 1). The rejected shot is left beside the
report for a look.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from app.domain import day as day_rules
from app.domain.meeting import (
    Listened,
    MeetingSheets,
    Participation,
    Plan,
    PlanOwner,
    PointStatus,
)
from app.domain.models import (
    AnswerStatus,
    Child,
    Consent,
    ConsentGiver,
    DayAnswers,
    DayEntry,
    Feeling,
    GridAnswers,
    Level,
    Origin,
    PromptAnswer,
    Recipient,
    Session,
    make_custom_item,
    utcnow,
)
from app.security import PinGuard
from app.storage.repository import Repository
from tests.browser.flutter import (
    BROWSER_PIN,
    button,
    choose_pin,
    expect_text,
    fill,
    open_app,
    tap,
)
from tests.browser.server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    AppServer,
    as_seeded_browser,
    free_port,
    seed_child_mode,
)
from tools.screenshot_check import PageWatch

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZES = ((1280, 800), (800, 1280))


def half_filled_grid() -> GridAnswers:
    """An invented child's answers to about half of the grid."""
    grid = GridAnswers()
    marks = {
        "maths": (Level.FUN, Level.GOOD_AT),
        "music": (Level.FUN,),
        "pe": (Level.GOOD_AT, Level.FUN),
        "speak_in_class": (Level.DISLIKE,),
        "group_work": (Level.BORING_HARD,),
        "writing": (Level.BORING_HARD,),
        "reading": (Level.GOOD_AT,),
        "computer_games": (Level.FUN, Level.GOOD_AT),
        "drawing": (Level.FUN,),
        "school_lunch": (Level.DISLIKE,),
        "homework": (Level.BORING_HARD, Level.DISLIKE),
        "wake_up": (Level.BORING_HARD,),
        "free_play": (Level.FUN,),
        "helping": (Level.GOOD_AT,),
        "talk_classmates": (Level.FUN,),
        "answer_questions": (Level.BORING_HARD,),
    }
    for item, levels in marks.items():
        for level in levels:
            grid = grid.toggle(item, level)
    own = make_custom_item("Klättra", "play_outside")
    return grid.add_custom(own).toggle(own.id, Level.FUN)


def scroll_to_agenda(page: Page) -> None:
    """Scroll the meeting page until the agenda's frame is near the top."""
    expect_text(page, "Dagordning")
    field = page.get_by_role("textbox", name="Vem leder?").first
    page.mouse.move(640, 400)
    for _ in range(12):
        box = field.bounding_box()
        if box is not None and box["y"] < 260:
            break
        page.mouse.wheel(0, 250 if box is None else min(500, box["y"] - 160))
        page.wait_for_timeout(300)


def last_times_grid() -> GridAnswers:
    """A follow-up's grid: last time's answers offered, two already confirmed
    and one changed."""
    grid = half_filled_grid()
    origins = dict.fromkeys(grid.marks, Origin.LAST_TIME)
    origins.update(maths=Origin.CONFIRMED_LAST, music=Origin.CONFIRMED_LAST)
    origins.pop("school_lunch")  # changed: the child's new tap
    return replace(grid, origins=origins)


@dataclass
class Scene:
    """One screen to photograph: seed data, a route, and taps to get there."""

    name: str
    route: str
    grid: GridAnswers | None = None
    active: bool = True
    """Whether the invented child's session is open in child mode."""
    pin: bool = True
    """Whether the first run (choosing the PIN) is done."""
    unlock_first: bool = True
    """Unlock the encrypted data at / before opening the route (as after a restart)."""
    extra_children: int = 0
    steps: Callable[[Page], None] | None = None
    session_changes: dict = field(default_factory=dict)
    sizes: tuple[tuple[int, int], ...] = SIZES
    """Sizes to photograph (a first-run scene can only happen once per folder)."""
    meeting: bool = False
    """Seed a plan and meeting sheets (and an earlier session) for the child."""
    pictures: bool = True
    """Whether the screen shows pictograms (then it must have loaded some)."""
    voices: tuple[tuple[str, str], ...] = ()
    """(language, shown text) pairs to seed a recorded voice for (invented audio)."""
    module: str = "app"
    """What ``python -m`` serves (``tools.team_audit_scene``: a team server)."""
    team_server: str = ""
    """A team server with sign-in instead of a data folder: "member" (the test
    user is in the team's group) or "outsider" (in no mapped group)."""
    team_user: str = ""
    """A team server scene: served by ``tools.team_screens`` as this user
    (its own invented team; ``seed`` and the data folder are not used)."""
    break_glass: bool = False
    """Team server: the user opened the child with break-glass before."""


def seed(data_dir: Path, scene: Scene) -> None:
    """Write the scene's invented children into a fresh data folder."""
    repo = Repository(data_dir)
    if scene.pin:
        # As in the app: the first PIN creates the key file; the data below is
        # written encrypted.
        PinGuard(repo, encrypt=True).set_pin(BROWSER_PIN)
    names = ["Elev A", "Elev B", "Elev C", "Elev D"]
    for i in range(scene.extra_children):
        repo.add_child(Child.new(names[i % len(names)], f"Ärende {100 + i}"))
    child = Child.new("Elev T", "Ärende 7")
    repo.add_child(child)
    session = Session.new(child.id)
    if scene.grid is not None:
        session = replace(session, grid=scene.grid)
    if scene.session_changes:
        session = replace(session, **scene.session_changes)
    if scene.meeting:
        seed_meeting(repo, child, session)
    repo.save_session(session)
    for language, text in scene.voices:
        repo.save_recorded_voice(child.id, language, text, SILENT_WAV, "audio/wav")
    if scene.active:
        seed_child_mode(repo, child.id, session.id)
    scene.route = scene.route.replace("{child}", child.id).replace(
        "{session}", session.id
    )


SILENT_WAV = (
    b"RIFF$\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00\x01\x00"
    b"D\xac\x00\x00\x88X\x01\x00\x02\x00\x10\x00data\x00\x00\x00\x00"
)
"""An empty mono WAV: a seeded recording needs bytes, not sound."""


def day_answers() -> DayAnswers:
    """An invented ordinary day."""
    entries = [
        ("get_up", 7 * 60),
        ("breakfast", 7 * 60 + 15),
        ("bus_to_school", 7 * 60 + 45),
        ("lessons", 8 * 60 + 15),
        ("lunch", 11 * 60 + 30),
        ("after_school", 14 * 60),
        ("screen_time", 16 * 60),
        ("dinner", 17 * 60 + 30),
        ("go_to_bed", 21 * 60 + 30),
    ]
    return DayAnswers(
        timeline=tuple(DayEntry(f"e{i}", p, m) for i, (p, m) in enumerate(entries)),
        answers={
            "places.day": PromptAnswer(("home", "school_place", "my_room")),
            "persons.day": PromptAnswer(("mum", "sibling", "friend", "teacher")),
            "activities.more": PromptAnswer(("drawing", "play_outside")),
            "persons.more": PromptAnswer(("friend", "grandparent")),
            "persons.less": PromptAnswer((), AnswerStatus.NO_ANSWER),
            "activities.help": PromptAnswer(("help_quiet", "help_break")),
        },
    )


def felt_day_answers() -> DayAnswers:
    """The invented day with some feelings (*Hur känns det?*)."""
    day = day_answers()
    for item, feeling in (
        ("bus_to_school", Feeling.WORRIED),
        ("home", Feeling.CALM),
        ("school_place", Feeling.TIRED),
        ("mum", Feeling.HAPPY),
    ):
        day = day_rules.set_feeling(day, item, feeling)
    return day


def seed_meeting(repo: Repository, child: Child, session: Session) -> None:
    """An earlier session, a plan and meeting sheets for the invented child."""
    earlier = replace(
        Session.new(child.id),
        started=session.started - timedelta(days=35),
        grid=GridAnswers().toggle("maths", Level.BORING_HARD).toggle("pe", Level.FUN),
    )
    repo.save_session(earlier)
    soon = date.today()
    plan = (
        Plan()
        .set_goals(
            "Må bättre och vara mer i skolan, med kompisar",
            "Börja med kortare dagar\nSedan hela skoldagar",
            "Kurator K",
        )
        .add_point(
            PlanOwner.SCHOOL,
            "Lugn plats att gå till på rasten",
            follow_up=soon + timedelta(days=3),
            child_text="Du får en lugn plats att gå till på rasten.",
            answers=("grid:speak_in_class", "grid:school_lunch"),
        )
        .add_point(
            PlanOwner.SCHOOL,
            "Kortare skoldagar de första två veckorna",
            follow_up=soon - timedelta(days=2),
            child_text="Du har kortare dagar i två veckor.",
        )
        .add_point(
            PlanOwner.PARENTS,
            "Väcka i tid och följa till bussen",
            follow_up=soon + timedelta(days=9),
            child_text="Mamma eller pappa väcker dig och följer dig till bussen.",
        )
        .add_point(PlanOwner.STUDENT, "Gå till första lektionen varje dag")
        .add_point(PlanOwner.OTHERS, "Samtal varannan vecka", who="BUP")
        .set_next_meeting(date.today() + timedelta(days=14), "Alla", "Skolan")
    )
    first = plan.points[0].id
    plan = plan.follow_up(first, PointStatus.CONTINUING, "Fungerar bra")
    repo.save_plan(child.id, plan)
    sheets = (
        MeetingSheets(
            when=datetime.now().replace(hour=13, minute=30, second=0, microsecond=0),
            where="Skolans konferensrum",
            participation=Participation.ANSWERS_READ,
            held=True,
            listened=Listened.SOME,
        )
        .add_participant("teacher", "Lärare L")
        .add_participant("counsellor", "Kurator K")
        .add_participant("parents", "Föräldrar")
        .add_participant("social_worker", "Socialsekreterare S")
        .add_topic("Rasterna")
        .change_agenda(
            lambda a: a.with_frame(
                leader="Rektor R",
                note_taker="Kurator K",
                notes_shared="Anteckningarna skickas hem inom en vecka",
                time_frame="13.30–15.00",
            ).add_item("Skolskjutsen")
        )
    )
    repo.update_meeting(child.id, session.id, lambda _m: sheets)


@contextmanager
def team_server_app(scene: Scene, tmp: Path) -> Iterator[AppServer]:
    """``serve --database`` on a throwaway cluster, signing in through the
    tests' local OIDC provider; the scene's child (in child mode if asked)."""
    from app.storage.postgres import (
        APP_ROLE,
        OPERATOR_ROLE,
        MasterKey,
        PostgresRepository,
        migrate,
    )
    from tests.browser.oidc_provider import (
        TEST_GROUP,
        OidcProvider,
        signing_in_app,
    )
    from tools.pg_cluster import Cluster

    with Cluster(fsync=False) as cluster:
        name = cluster.create_database()
        migrate(cluster.conninfo(name))
        app = cluster.conninfo(name, APP_ROLE)
        master = MasterKey.generate()
        repo = PostgresRepository(
            cluster.conninfo(name, OPERATOR_ROLE),  # an administrator's seeding
            team="norr",
            master_key=MasterKey.from_env({"MINROST_MASTER_KEY": master}),
        )
        child = Child.new("Elev T", "Ärende 7")
        repo.add_child(child)
        session = Session.new(child.id)
        repo.save_session(session)
        if scene.active:
            seed_child_mode(repo, child.id, session.id)
        repo.close()
        scene.route = scene.route.replace("{child}", child.id)
        group = TEST_GROUP if scene.team_server == "member" else "grp-another"
        port = free_port()
        provider = OidcProvider(f"http://127.0.0.1:{port}/oauth_callback", tmp)
        server = None
        try:
            provider.wait_ready()
            server = signing_in_app(
                provider, tmp, master=master, database=app, port=port, group=group
            )
            server.wait_ready()
            yield server
        finally:
            if server is not None:
                server.stop()
            provider.stop()


def refused_sign_in(page: Page) -> None:
    """Sign in at the provider as someone in no mapped group."""
    from tests.browser.oidc_provider import sign_in_at_the_provider

    sign_in_at_the_provider(page)
    expect(
        page.get_by_text("hör inte till någon grupp", exact=False).first
    ).to_be_attached(timeout=60_000)


def unlock(page: Page) -> None:
    """Type the PIN on the lock screen."""
    fill(page, "PIN-kod", BROWSER_PIN)
    tap(page, "Lås upp")


def unlock_then(*names: str) -> Callable[[Page], None]:
    """Unlock the workspace, then tap the buttons named."""

    def steps(page: Page) -> None:
        unlock(page)
        for name in names:
            tap(page, name)

    return steps


CONSENTED = (
    Consent(
        id="k1",
        given_by=(ConsentGiver.CHILD, ConsentGiver.GUARDIANS),
        recipients=(Recipient.SCHOOL, Recipient.STUDENT_HEALTH),
        given_at=utcnow(),
    ),
)

SHARING = {
    "consents": (
        Consent(
            id="k2",
            given_by=(ConsentGiver.CHILD, ConsentGiver.GUARDIANS),
            recipients=(Recipient.SCHOOL, Recipient.PARENTS, Recipient.STUDENT_HEALTH),
            given_at=utcnow(),
        ),
    ),
    "day": DayAnswers(
        answers={
            "places.day": PromptAnswer(("home", "school_place")),
            "persons.more": PromptAnswer(("friend", "grandparent")),
        }
    ),
    "not_to": {"grid:speak_in_class": frozenset({Recipient.PARENTS})},
    "private": frozenset({"grid:school_lunch", "day:persons.more"}),
}
"""A child's choices on *Vem får veta?*: consent for three recipients, one
answer not to the parents, two *Bara för mig*."""

SCENES: list[Scene] = [
    Scene("pin-setup", "/", active=False, pin=False, pictures=False),
    Scene("pin", "/", active=False, unlock_first=False, pictures=False),
    Scene("workspace", "/", active=False, extra_children=3),
    Scene(
        "child-detail",
        "/arbete/barn/{child}",
        active=False,
        grid=half_filled_grid(),
        session_changes={"consents": CONSENTED, "notes": "Ta upp rasterna."},
    ),
    Scene(
        "consent",
        "/arbete/barn/{child}",
        active=False,
        steps=unlock_then("Samtycke"),
        unlock_first=False,
    ),
    Scene(
        "consent-reminder",
        "/arbete/barn/{child}",
        active=False,
        session_changes={"consents": CONSENTED},
        steps=unlock_then("Ny session"),
        unlock_first=False,
    ),
    Scene("child-home", "/barn"),
    Scene("unlock-child-mode", "/las-upp", pictures=False),
    Scene(
        "review",
        "/barn/granska",
        grid=half_filled_grid(),
        session_changes={
            "private": frozenset({"grid:school_lunch"}),
            "starred": ("grid:pe",),
        },
        steps=lambda page: expect(
            page.get_by_role("switch", name="Viktigast för mig").first
        ).to_be_visible(timeout=60_000),
    ),
    Scene(
        "review-feelings",
        "/barn/granska",
        session_changes={"day": felt_day_answers()},
        steps=lambda page: expect(
            page.get_by_role("img", name="Orolig").first
        ).to_be_visible(timeout=60_000),
    ),
    Scene(
        "share",
        "/barn/vem-far-veta",
        grid=half_filled_grid(),
        session_changes=SHARING,
        steps=lambda page: expect(
            page.get_by_role("button", name="Alla får veta").first
        ).to_be_visible(timeout=60_000),
    ),
    Scene(
        "share-told",
        "/barn/vem-far-veta/sa-blir-det",
        grid=half_filled_grid(),
        session_changes=SHARING,
        steps=lambda page: expect_text(page, "Det här är bara ditt"),
    ),
    Scene(
        "grid-empty",
        "/barn/bra-pa",
        steps=lambda page: expect(button(page, "Matte")).to_be_visible(timeout=60_000),
    ),
    Scene("grid-half", "/barn/bra-pa", grid=half_filled_grid()),
    Scene(
        "grid-own-item",
        "/barn/bra-pa",
        grid=half_filled_grid(),
        steps=lambda page: tap(page, "Något annat?", touch=True),
    ),
    Scene(
        "own-item-picker",
        "/barn/bra-pa",
        grid=half_filled_grid(),
        steps=lambda page: (
            tap(page, "Något annat?", touch=True),
            tap(page, "Personer", touch=True),
            tap(page, "Fler bilder", touch=True),
            tap(page, "Husdjur", touch=True),
        ),
    ),
    Scene(
        "own-item-picker-day",
        "/barn/dag/places.day",
        session_changes={"day": felt_day_answers()},
        steps=lambda page: tap(page, "Något annat?", touch=True),
    ),
    Scene("grid-summary", "/barn/bra-pa/klar", grid=half_filled_grid()),
    Scene(
        "day-timeline",
        "/barn/dag/activities.day",
        session_changes={"day": day_answers()},
    ),
    Scene(
        "day-suggested-time",
        "/barn/dag/activities.day",
        session_changes={"day": day_answers()},
        steps=lambda page: (
            tap(page, "Borsta tänderna"),
            expect_text(page, "Stämmer tiden?"),
        ),
    ),
    Scene("day-places", "/barn/dag/places.day", session_changes={"day": day_answers()}),
    Scene(
        "day-wish-persons",
        "/barn/dag/persons.more",
        session_changes={"day": day_answers()},
    ),
    Scene(
        "day-help",
        "/barn/dag/activities.help",
        session_changes={"day": day_answers()},
    ),
    Scene("day-summary", "/barn/dag/klar", session_changes={"day": day_answers()}),
    Scene(
        "day-feelings-places",
        "/barn/dag/places.day",
        session_changes={"day": felt_day_answers()},
    ),
    Scene(
        "day-feeling-step",
        "/barn/dag/places.day",
        session_changes={"day": felt_day_answers()},
        steps=lambda page: (
            tap(page, "Hur känns det? Skolan", touch=True),
            expect_text(page, "Vet inte"),
        ),
    ),
    Scene(
        "day-feeling-clock",
        "/barn/dag/activities.day",
        session_changes={"day": felt_day_answers()},
        steps=lambda page: (
            tap(page, "07:45 Åka buss, Orolig", touch=True),
            expect_text(page, "En gång till"),
        ),
    ),
    Scene(
        "day-feelings-summary",
        "/barn/dag/klar",
        session_changes={"day": felt_day_answers()},
    ),
    Scene("plan", "/arbete/barn/{child}/plan", active=False, meeting=True),
    Scene("meeting-prep", "/arbete/barn/{child}/mote", active=False, meeting=True),
    Scene("before-meeting", "/barn/infor-mote", meeting=True),
    Scene("after-meeting", "/barn/efter-motet", meeting=True),
    Scene("last-time", "/barn/sist", meeting=True, grid=half_filled_grid()),
    Scene(
        "history",
        "/arbete/barn/{child}/historik",
        active=False,
        meeting=True,
        grid=half_filled_grid(),
        session_changes={"day": day_answers()},
    ),
    Scene(
        "history-feelings",
        "/arbete/barn/{child}/historik",
        active=False,
        meeting=True,
        grid=half_filled_grid(),
        session_changes={"day": felt_day_answers()},
    ),
    Scene(
        "agenda",
        "/arbete/barn/{child}/mote",
        active=False,
        meeting=True,
        steps=scroll_to_agenda,
    ),
    Scene(
        "plan-linked",
        "/arbete/barn/{child}/plan",
        active=False,
        meeting=True,
        grid=half_filled_grid(),
        steps=lambda page: expect_text(page, "Svarar på barnets svar:"),
    ),
    Scene(
        "follow-up-rating",
        "/barn/sist",
        meeting=True,
        grid=half_filled_grid(),
        steps=lambda page: tap(page, "Bättre", touch=True),
    ),
    Scene(
        "grid-last-time",
        "/barn/bra-pa",
        session_changes={"grid": last_times_grid()},
        steps=lambda page: expect(button(page, "Resten stämmer")).to_be_visible(
            timeout=60_000
        ),
    ),
    Scene("kommande", "/", active=False, meeting=True, extra_children=2),
    Scene(
        "meeting-view",
        "/arbete/barn/{child}/barnets-rost",
        active=False,
        meeting=True,
        grid=half_filled_grid(),
        session_changes={
            "day": day_answers(),
            "starred": ("grid:school_lunch", "grid:pe"),
            "private": frozenset({"grid:homework"}),
        },
    ),
    Scene("audit", "/arbete/logg", active=False, pictures=False),
    Scene("sign-in", "/", active=False, pictures=False, team_server="member"),
    Scene(
        "sign-in-refused",
        "/",
        active=False,
        pictures=False,
        team_server="outsider",
        steps=refused_sign_in,
    ),
    Scene("sign-in-child-mode", "/las-upp", pictures=False, team_server="member"),
    Scene(
        "team-audit",
        "/arbete/logg",
        active=False,
        pictures=False,
        module="tools.team_audit_scene",
    ),
    Scene(
        "team-audit-by-user",
        "/arbete/logg",
        active=False,
        pictures=False,
        module="tools.team_audit_scene",
        steps=lambda page: (
            page.get_by_role("button", name="Användare").first.click(),
            page.get_by_text("Kurator K (u-81ad)").last.click(),
            tap(page, "Sök"),
            expect_text(page, "Kurator K (u-81ad)"),
        ),
    ),
    Scene(
        "voices",
        "/arbete/barn/{child}/roster",
        active=False,
        pictures=False,
        voices=(("sv", "Rast"), ("sv", "Matte"), ("so", "Xisaab")),
        steps=lambda page: (
            fill(page, "Sök ord eller fråga", "Mat"),
            tap(page, "Matte"),
            expect_text(page, "Inspelad röst: barnet hör den."),
        ),
    ),
    Scene(
        "recovery-key",
        "/",
        active=False,
        pin=False,
        pictures=False,
        sizes=((1280, 800),),
        steps=choose_pin,
    ),
    *[
        Scene(
            f"grid-{lang}",
            "/barn/bra-pa",
            grid=half_filled_grid(),
            session_changes={"language": lang},
        )
        for lang in ("ar", "ti", "uk")
    ],
    *[
        Scene(
            f"day-{lang}",
            "/barn/dag/activities.day",
            session_changes={"day": day_answers(), "language": lang},
        )
        for lang in ("ar", "ti", "uk")
    ],
    Scene(
        "share-ar",
        "/barn/vem-far-veta",
        grid=half_filled_grid(),
        session_changes={**SHARING, "language": "ar"},
        sizes=((800, 1280),),
    ),
    # Team server (PostgreSQL, a signed-in user): who sees which child.
    Scene("team-workspace", "/", team_user="psykolog-2", pictures=False),
    Scene("team-assign", "/arbete/barn/elev-t", team_user="chef-1", pictures=False),
    Scene(
        "team-break-glass",
        "/arbete/barn/elev-t",
        team_user="psykolog-2",
        pictures=False,
    ),
    Scene(
        "team-break-glass-open",
        "/arbete/barn/elev-t",
        team_user="psykolog-2",
        break_glass=True,
        pictures=False,
    ),
]


SETTLE_SECONDS = 2.0
"""Pictures are taken as settled when no pictogram came or went for this long."""
SHOT_ATTEMPTS = 3


def settle(page: Page, watch: PageWatch, timeout: float = 60) -> None:
    """Wait until no pictogram is pending or arriving, then let them paint."""
    deadline = time.monotonic() + timeout
    seen, since = watch.quiet_since(), time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(250)
        if watch.quiet_since() != seen or watch.pending:
            seen, since = watch.quiet_since(), time.monotonic()
        elif time.monotonic() - since >= SETTLE_SECONDS:
            break
    page.wait_for_timeout(1000)  # decode and paint the last pictures


def take(page: Page, watch: PageWatch, path: Path, *, pictures: bool) -> list[str]:
    """Shoot ``page`` to ``path`` once it has settled; return what is wrong with it.

    A shot taken while pictures or fonts were still arriving is taken again
    (up to :data:`SHOT_ATTEMPTS` times); a picture or font that failed stays a
    problem, however often.
    """
    problems: list[str] = []
    for _ in range(SHOT_ATTEMPTS):
        settle(page, watch)
        page.bring_to_front()
        shot_at = watch.mark()
        page.screenshot(path=str(path))
        page.wait_for_timeout(1500)  # did anything arrive that the shot missed?
        problems = watch.verdict(path, shot_at, pictures=pictures)
        if not problems:
            break
    return problems


@dataclass(frozen=True)
class Shot:
    """One photographed scene at one size, and why it cannot be published."""

    path: Path
    problems: tuple[str, ...]


def shoot(scene: Scene, browser, out: Path, rejected: Path) -> list[Shot]:
    """Photograph one scene at every size; publish to ``out`` the shots that pass.

    A shot with problems goes to ``rejected`` instead, and the published file
    (if any) is left as it was.
    """
    shots = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        stack = ExitStack()
        if scene.team_server:
            server = stack.enter_context(team_server_app(scene, Path(tmp)))
        elif scene.team_user:
            from tools.team_screens import TeamAppServer

            data.mkdir()
            server = TeamAppServer(data, scene.team_user, break_glass=scene.break_glass)
        else:
            seed(data, scene)
            server = AppServer(data, module=scene.module)
        try:
            server.wait_ready()
            for width, height in scene.sizes:
                context = browser.new_context(
                    viewport={"width": width, "height": height}, has_touch=True
                )
                as_seeded_browser(context)
                page = context.new_page()
                watch = PageWatch().attach(page)
                if scene.pin and scene.unlock_first and not scene.team_server:
                    open_app(page, server.url)
                    # The keys stay open in the server once unlocked (an earlier
                    # size may have done it): type the PIN only if asked.
                    pin = page.get_by_role("textbox", name="PIN-kod")
                    buttons = page.get_by_role("button")
                    for _ in range(300):
                        if pin.count() or buttons.count():
                            break
                        page.wait_for_timeout(200)
                    if pin.count():
                        unlock(page)
                        page.wait_for_timeout(500)
                open_app(page, server.url + scene.route)
                if scene.steps:
                    scene.steps(page)
                name = f"{scene.name}-{width}x{height}.png"
                taken = Path(tmp) / name
                problems = take(page, watch, taken, pictures=scene.pictures)
                target = (rejected if problems else out) / name
                shutil.move(taken, target)
                shots.append(Shot(target, problems))
                context.close()
        finally:
            if not scene.team_server:
                server.stop()
            stack.close()
    return shots


def main(argv: list[str] | None = None) -> int:
    """Photograph all scenes (or those named) into docs/screenshots/."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("scenes", nargs="*", help="only these scenes")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    rejected = Path(tempfile.mkdtemp(prefix="minrost-rejected-"))
    chosen = [s for s in SCENES if not args.scenes or s.name in args.scenes]
    failed: list[Shot] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        for scene in chosen:
            for shot in shoot(scene, browser, OUT, rejected):
                if shot.problems:
                    failed.append(shot)
                    print(f"REJECTED {shot.path}", file=sys.stderr)
                    for problem in shot.problems:
                        print(f"  {problem}", file=sys.stderr)
                else:
                    print(shot.path.relative_to(OUT.parent.parent))
        browser.close()
    if failed:
        print(
            f"{len(failed)} screenshot(s) not published; see {rejected}",
            file=sys.stderr,
        )
        return 1
    rejected.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
