"""The booklet's worksheets as data: items, prompts and which pictures they offer.

Screens render these tables; nothing here is layout. Labels are the booklet's
Swedish words wherever they read well (each change is listed with its reason in
``docs/translations.md``), marked with ``N_`` so Babel extracts them as msgids.
Every id is also the id of its pictogram in ``assets/pictograms/index.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.meeting import PlanOwner
from app.domain.models import AnswerStatus, ConsentGiver, Feeling, Level, Recipient
from app.i18n import N_


@dataclass(frozen=True)
class Item:
    """Something a child can pick: an id (= pictogram id) and its Swedish label."""

    id: str
    label: str

    @property
    def pictogram(self) -> str:
        """The pictogram id showing this item."""
        return self.id


GRID_TITLE = N_("Det här är jag bra på")
"""The short title on screen; the sheet's whole heading is ``GRID_HEADING``."""
GRID_HEADING = N_(
    "Det här är jag bra på, tycker är roligt, är tråkigt eller gillar inte alls."
)
"""The booklet's heading of the sheet: in the case file and the semantics label,
so the sheet is never framed as strengths only."""
GRID_INSTRUCTION = N_("Välj en penna. Tryck på bilderna. En ruta kan ha flera färger.")
"""The booklet's instruction (*Använd färgpennor och ringa in … rutorna kan ha
flera färger*) in words for a tap screen; shown with a two-colour example tile."""
GRID_EXAMPLE_ITEM = "drawing"
"""The picture of the example tile in the instruction."""

GRID_ITEMS: tuple[Item, ...] = (
    Item("wake_up", N_("Gå upp på morgonen")),
    Item("make_up_stories", N_("Hitta på historier")),
    Item("social_studies", N_("SO")),
    Item("pe", N_("Idrott")),
    Item("invent_games", N_("Hitta på lekar")),
    Item("break_activities", N_("Rastaktiviteter")),
    Item("writing", N_("Skriver")),
    Item("talk_adults", N_("Prata med vuxna på skolan")),
    Item("group_work", N_("Grupparbete")),
    Item("english", N_("Engelska")),
    Item("speak_in_class", N_("Prata inför klassen")),
    Item("science", N_("NO")),
    Item("maths", N_("Matte")),
    Item("music", N_("Musik")),
    Item("computer_work", N_("Jobba på datorn")),
    Item("free_play", N_("Fri lek på rasten")),
    Item("sports_break", N_("Sporter på rasten")),
    Item("computer_games", N_("Spela på datorn")),
    Item("talk_classmates", N_("Prata med klasskompisar")),
    Item("answer_questions", N_("Svara på frågor")),
    Item("school_lunch", N_("Skolmaten")),
    Item("homework", N_("Läxor")),
    Item("crafts", N_("Slöjd")),
    Item("reading", N_("Läsa")),
    Item("drawing", N_("Rita/måla")),
    Item("getting_to_school", N_("Ta mig till skolan")),
    Item("photo_film", N_("Ta kort/filma")),
    Item("cooking", N_("Laga mat")),
    Item("helping", N_("Hjälpa andra")),
    Item("mischief", N_("Busa")),
    Item("playing", N_("Leka")),
    Item("planning", N_("Planera saker")),
    Item("listen_teacher", N_("Lyssna på genomgångar")),
    Item("school_film", N_("Se på film i skolan")),
)
"""The 34 items of the grid, in the booklet's order."""

SOMETHING_ELSE = Item("something_else", N_("Något annat?"))


@dataclass(frozen=True)
class LevelInfo:
    """Everything one of the grid's four colours means, in one row."""

    label: str
    """The booklet's name (msgid): "Är tråkigt/svårt"."""
    summary: str
    """The heading on the child's summary (msgid): "Det här är tråkigt eller svårt"."""
    word: str
    """Lower case, for the case file's prose: "Matte: var tråkigt/svårt, nu roligt"."""
    short: str
    """The case file's narrow grid column: "Tråkigt/ svårt"."""
    colour: str
    """Okabe–Ito hue darkened to ≥ 3:1 against the white tile (never shown alone)."""
    pictogram: str
    """The picture that goes with the colour."""


LEVELS: dict[Level, LevelInfo] = {
    Level.GOOD_AT: LevelInfo(
        N_("Bra på"),
        N_("Det här är du bra på"),
        "bra på",
        "Bra på",
        "#0067A5",
        "good_at",
    ),
    Level.FUN: LevelInfo(
        N_("Roligt"),
        N_("Det här tycker du är roligt"),
        "roligt",
        "Roligt",
        "#007A5A",
        "fun",
    ),
    Level.BORING_HARD: LevelInfo(
        N_("Är tråkigt/svårt"),
        N_("Det här är tråkigt eller svårt"),
        "tråkigt/svårt",
        "Tråkigt/ svårt",
        "#B34700",
        "boring_hard",
    ),
    Level.DISLIKE: LevelInfo(
        N_("Gillar inte alls"),
        N_("Det här gillar du inte alls"),
        "gillar inte alls",
        "Gillar inte alls",
        "#8B3A7E",
        "dislike",
    ),
}
"""The grid's four levels in the booklet's order: the one table screens, the
theme, the summary and both PDF writers read."""


ROUTINE: tuple[Item, ...] = (
    Item("get_up", N_("Gå upp")),
    Item("breakfast", N_("Frukost")),
    Item("brush_teeth", N_("Borsta tänderna")),
    Item("get_dressed", N_("Klä på mig")),
    Item("walk_to_school", N_("Gå till skolan")),
    Item("bus_to_school", N_("Åka buss")),
    Item("bike_to_school", N_("Cykla")),
    Item("car_to_school", N_("Åka bil")),
    Item("lessons", N_("Lektion")),
    Item("school_break", N_("Rast")),
    Item("lunch", N_("Lunch")),
    Item("after_school", N_("Fritids")),
    Item("homework_time", N_("Läxor")),
    Item("screen_time", N_("Mobil/surfplatta")),
    Item("sport_club", N_("Träning")),
    Item("play_outside", N_("Leka ute")),
    Item("dinner", N_("Middag")),
    Item("tv", N_("Titta på TV")),
    Item("computer_games_home", N_("Spela")),
    Item("shower", N_("Duscha/bada")),
    Item("go_to_bed", N_("Gå och lägga mig")),
    Item("sleep", N_("Sova")),
)
"""Activities of an ordinary day, roughly in the order a day runs."""

PLACES: tuple[Item, ...] = (
    Item("home", N_("Hemma")),
    Item("my_room", N_("Mitt rum")),
    Item("school_place", N_("Skolan")),
    Item("classroom", N_("Klassrummet")),
    Item("schoolyard", N_("Skolgården")),
    Item("grandparents_home", N_("Hos mormor/morfar/farmor/farfar")),
    Item("friends_home", N_("Hos en kompis")),
    Item("other_parent_home", N_("Hos min andra förälder")),
    Item("park", N_("Parken")),
    Item("shop", N_("Affären")),
    Item("sports_hall", N_("Idrottshallen")),
    Item("library", N_("Biblioteket")),
    Item("youth_centre", N_("Fritidsgården")),
    Item("outdoors", N_("Ute/i skogen")),
    Item("car", N_("I bilen")),
    Item("bus", N_("På bussen")),
)

PERSONS: tuple[Item, ...] = (
    Item("mum", N_("Mamma")),
    Item("dad", N_("Pappa")),
    Item("sibling", N_("Syskon")),
    Item("grandparent", N_("Mormor/morfar/farmor/farfar")),
    Item("friend", N_("Kompis")),
    Item("classmates", N_("Klasskompisar")),
    Item("teacher", N_("Lärare")),
    Item("counsellor", N_("Kurator")),
    Item("school_nurse", N_("Skolsköterska")),
    Item("coach", N_("Tränare")),
    Item("relative", N_("Släkting")),
    Item("pet", N_("Husdjur")),
    Item("nobody", N_("Ingen/ensam")),
)


MEETING_ROLES: tuple[Item, ...] = (
    Item("social_worker", N_("Socialsekreterare")),
    Item("doctor", N_("Läkare/BUP")),
    Item("parents", N_("Föräldrar")),
)
"""Roles that come to meetings but are not offered as the child's day."""

MEETING_PARTICIPANT_ROLES: tuple[str, ...] = (
    "teacher",
    "counsellor",
    "school_nurse",
    "parents",
    "mum",
    "dad",
    "grandparent",
    "social_worker",
    "doctor",
    "coach",
    "relative",
)
"""Role pictures the counsellor can give a meeting participant: adults only,
each a different picture, so the child sees who comes rather than classmates."""

MEETING_PEOPLE_PICTOGRAM = "participants"
"""The heading picture of "who comes/came to the meeting": adults, not children."""

HELP_ITEMS: tuple[Item, ...] = (
    Item("help_adult", N_("En vuxen som hjälper mig")),
    Item("help_company", N_("Någon som är med mig")),
    Item("help_place", N_("En egen plats")),
    Item("help_quiet", N_("En lugn plats")),
    Item("help_more_time", N_("Mer tid")),
    Item("help_less_time", N_("Kortare tid")),
    Item("help_break", N_("Pauser")),
    Item("help_know", N_("Veta vad som ska hända")),
)
"""Kinds of help the fourth question of each column offers (*Vad skulle hjälpa
dig …?*): not the booklet's words (its line is garbled), so
``docs/translations.md`` lists them."""


class Column(StrEnum):
    """The three columns of *En vanlig dag*."""

    ACTIVITIES = "activities"
    PLACES = "places"
    PERSONS = "persons"


class PromptKind(StrEnum):
    """How a prompt is answered."""

    TIMELINE = "timeline"
    """Pick activities and give each a clock time."""
    PICK = "pick"
    """Pick any number of pictures."""
    HELP = "help"
    """Pick kinds of help (``HELP_ITEMS``): the same pictures in every column."""


@dataclass(frozen=True)
class Prompt:
    """One question of *En vanlig dag*, shown on its own screen."""

    id: str
    column: Column
    text: str
    kind: PromptKind
    offers_first_from: str | None = None
    """Prompt whose picks are offered first (the child's own day before all else)."""
    excludes_from: str | None = None
    """Prompt whose picks are left out (things the child does *not* do today)."""
    heading: str = ""
    """The answer in a few words, for the counsellor's tables (Swedish, third
    person: "Vill träffa oftare")."""
    topic: str = ""
    """What the prompt asks about, for "Eleven ville inte svara på frågan om ___"."""


COLUMN_TITLES: dict[Column, str] = {
    Column.ACTIVITIES: N_("Aktiviteter"),
    Column.PLACES: N_("Platser"),
    Column.PERSONS: N_("Personer"),
}


class ActivityGroup(StrEnum):
    """The parts of a day the activity picker shows one at a time."""

    MORNING = "morning"
    SCHOOL = "school"
    BREAK = "break"
    AFTERNOON = "afternoon"
    EVENING = "evening"


ACTIVITY_GROUP_TITLES: dict[ActivityGroup, str] = {
    ActivityGroup.MORNING: N_("Morgon"),
    ActivityGroup.SCHOOL: N_("Skolan"),
    ActivityGroup.BREAK: N_("Rast och lunch"),
    ActivityGroup.AFTERNOON: N_("Eftermiddag"),
    ActivityGroup.EVENING: N_("Kväll"),
}

ACTIVITY_GROUPS: dict[ActivityGroup, tuple[str, ...]] = {
    ActivityGroup.MORNING: (
        "get_up",
        "breakfast",
        "brush_teeth",
        "get_dressed",
        "walk_to_school",
        "bus_to_school",
        "bike_to_school",
        "car_to_school",
        "getting_to_school",
    ),
    ActivityGroup.SCHOOL: (
        "lessons",
        "listen_teacher",
        "answer_questions",
        "speak_in_class",
        "group_work",
        "talk_adults",
        "writing",
        "maths",
        "english",
        "social_studies",
        "science",
        "pe",
        "music",
        "crafts",
        "computer_work",
        "school_film",
    ),
    ActivityGroup.BREAK: (
        "school_break",
        "break_activities",
        "free_play",
        "sports_break",
        "talk_classmates",
        "school_lunch",
        "lunch",
    ),
    ActivityGroup.AFTERNOON: (
        "after_school",
        "homework_time",
        "play_outside",
        "playing",
        "invent_games",
        "make_up_stories",
        "mischief",
        "drawing",
        "photo_film",
        "helping",
        "planning",
        "cooking",
        "screen_time",
        "sport_club",
    ),
    ActivityGroup.EVENING: (
        "dinner",
        "tv",
        "computer_games_home",
        "reading",
        "shower",
        "go_to_bed",
        "sleep",
    ),
}
"""The day's activities by part of the day, each picture once: the grid's
"Gå upp på morgonen", "Läxor" and "Spela på datorn" are the routine's
"Gå upp", "Läxor" and "Spela" here, so the picker never shows a picture twice."""

DAY_ACTIVITIES: tuple[Item, ...] = tuple(
    next(i for i in ROUTINE + GRID_ITEMS if i.id == item_id)
    for group in ACTIVITY_GROUPS.values()
    for item_id in group
)
"""Every activity the day offers, group by group."""


COLUMN_ITEMS: dict[Column, tuple[Item, ...]] = {
    Column.ACTIVITIES: DAY_ACTIVITIES,
    Column.PLACES: PLACES,
    Column.PERSONS: PERSONS,
}
"""Which pictures each column offers; activities include the grid's school items
(without the grid's duplicates of routine items)."""

DAY_TITLE = N_("En vanlig dag")

DAY_PROMPTS: tuple[Prompt, ...] = (
    Prompt(
        "activities.day",
        Column.ACTIVITIES,
        N_(
            "Välj bilder på vad du gör en vanlig dag. Beskriv från när du står upp "
            "till du går och lägger dig. Ange klockslag."
        ),
        PromptKind.TIMELINE,
        heading="En vanlig dag",
        topic="hur en vanlig dag ser ut",
    ),
    Prompt(
        "activities.more",
        Column.ACTIVITIES,
        N_(
            "Är det något du gör idag som du skulle vilja göra längre stunder "
            "eller oftare?"
        ),
        PromptKind.PICK,
        offers_first_from="activities.day",
        heading="Vill göra längre stunder eller oftare",
        topic="vad eleven vill göra oftare",
    ),
    Prompt(
        "activities.new",
        Column.ACTIVITIES,
        N_("Finns det något du inte gör idag som du skulle vilja göra?"),
        PromptKind.PICK,
        excludes_from="activities.day",
        heading="Gör inte i dag men vill göra",
        topic="vad eleven inte gör i dag men vill göra",
    ),
    Prompt(
        "activities.help",
        Column.ACTIVITIES,
        N_("Vad skulle hjälpa dig att göra det du vill?"),
        PromptKind.HELP,
        heading="Skulle hjälpa att göra det eleven vill",
        topic="vad som skulle hjälpa eleven att göra det eleven vill",
    ),
    Prompt(
        "places.day",
        Column.PLACES,
        N_("Välj bilder på var du är på dagarna."),
        PromptKind.PICK,
        heading="Är på dagarna",
        topic="var eleven är på dagarna",
    ),
    Prompt(
        "places.more",
        Column.PLACES,
        N_(
            "Finns det någon plats du är på idag som du skulle vilja besöka "
            "längre stunder eller oftare?"
        ),
        PromptKind.PICK,
        offers_first_from="places.day",
        heading="Vill vara längre stunder eller oftare",
        topic="var eleven vill vara oftare",
    ),
    Prompt(
        "places.new",
        Column.PLACES,
        N_("Finns det någon plats du inte är på idag som du skulle vilja besöka?"),
        PromptKind.PICK,
        excludes_from="places.day",
        heading="Är inte i dag men vill vara",
        topic="var eleven inte är i dag men vill vara",
    ),
    Prompt(
        "places.help",
        Column.PLACES,
        N_("Vad skulle hjälpa dig att vara där du vill?"),
        PromptKind.HELP,
        heading="Skulle hjälpa att vara där eleven vill",
        topic="vad som skulle hjälpa eleven att vara där eleven vill",
    ),
    Prompt(
        "persons.day",
        Column.PERSONS,
        N_("Vem brukar du vara tillsammans med på dagarna?"),
        PromptKind.PICK,
        heading="Är med på dagarna",
        topic="vem eleven brukar vara med",
    ),
    Prompt(
        "persons.more",
        Column.PERSONS,
        N_("Finns det någon du vill träffa oftare?"),
        PromptKind.PICK,
        offers_first_from="persons.day",
        heading="Vill träffa oftare",
        topic="vem eleven vill träffa oftare",
    ),
    Prompt(
        "persons.less",
        Column.PERSONS,
        N_("Finns det någon du vill träffa mindre ofta?"),
        PromptKind.PICK,
        offers_first_from="persons.day",
        heading="Vill träffa mindre ofta",
        topic="vem eleven vill träffa mindre ofta",
    ),
    Prompt(
        "persons.help",
        Column.PERSONS,
        N_("Vad skulle hjälpa dig att träffa dem du vill?"),
        PromptKind.HELP,
        heading="Skulle hjälpa att träffa dem eleven vill",
        topic="vad som skulle hjälpa eleven att träffa dem eleven vill",
    ),
)
"""The twelve prompts, column by column, in the order the child meets them."""

RETIRED_PROMPTS: tuple[Prompt, ...] = (
    Prompt(
        "activities.want",
        Column.ACTIVITIES,
        "Välj bilder på det du vill göra.",
        PromptKind.PICK,
        heading="Vill göra",
        topic="vad eleven vill göra",
    ),
    Prompt(
        "places.want",
        Column.PLACES,
        "Välj bilder på de platser du vill vara.",
        PromptKind.PICK,
        heading="Vill vara",
        topic="var eleven vill vara",
    ),
    Prompt(
        "persons.want",
        Column.PERSONS,
        "Välj bilder på dem du vill träffa.",
        PromptKind.PICK,
        heading="Vill träffa",
        topic="vem eleven vill träffa",
    ),
)
"""The fourth questions before issue #16 (a wish repeating the second and
third): no longer asked, but a session answered then still reads and exports
its answers as the wishes they were, never as help."""

ANSWER_PROMPTS: tuple[Prompt, ...] = tuple(
    p
    for column in Column
    for p in (*DAY_PROMPTS, *RETIRED_PROMPTS)
    if p.column is column
)
"""Every prompt an answer can belong to, column by column: the asked ones in
order, then the retired ones (for the case file of an older session)."""

PROMPTS_BY_ID: dict[str, Prompt] = {p.id: p for p in ANSWER_PROMPTS}

ALL_ITEMS: dict[str, Item] = {
    i.id: i
    for i in (
        *GRID_ITEMS,
        SOMETHING_ELSE,
        *ROUTINE,
        *PLACES,
        *PERSONS,
        *MEETING_ROLES,
        *HELP_ITEMS,
    )
}
"""Every pickable item by id."""


class Shelf(StrEnum):
    """The shelves of the picture library a child picks an own item's picture
    from (*Något annat?*): the day's parts, then places and persons."""

    MORNING = "morning"
    SCHOOL = "school"
    BREAK = "break"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    PLACES = "places"
    PERSONS = "persons"


SHELF_TITLES: dict[Shelf, str] = {
    **{Shelf(g.value): title for g, title in ACTIVITY_GROUP_TITLES.items()},
    Shelf.PLACES: COLUMN_TITLES[Column.PLACES],
    Shelf.PERSONS: COLUMN_TITLES[Column.PERSONS],
}

SHELF_PICTURES: dict[Shelf, tuple[str, ...]] = {
    **{Shelf(g.value): ids for g, ids in ACTIVITY_GROUPS.items()},
    Shelf.PLACES: tuple(i.id for i in PLACES),
    Shelf.PERSONS: (
        *(i.id for i in PERSONS if i.id != "nobody"),
        *(i.id for i in MEETING_ROLES),
    ),
}
"""Every picture of the library once, by shelf: the whole pictogram set a
child can name things with (no rating faces, no buttons' pictures)."""

SHELF_ICONS: dict[Shelf, str] = {
    Shelf.MORNING: "get_up",
    Shelf.SCHOOL: "lessons",
    Shelf.BREAK: "school_break",
    Shelf.AFTERNOON: "play_outside",
    Shelf.EVENING: "go_to_bed",
    Shelf.PLACES: "home",
    Shelf.PERSONS: "friend",
}
"""The picture on each shelf's tab, so a child who cannot read finds it."""

SHELF_PAGE = 6
"""Pictures shown at once on a shelf: big tiles, few to choose between."""

LIBRARY_PICTURES: frozenset[str] = frozenset(
    p for ids in SHELF_PICTURES.values() for p in ids
)
"""Every picture an own item may carry."""

OWN_ITEM_PICTOGRAMS: tuple[str, ...] = tuple(
    dict.fromkeys(p for ids in SHELF_PICTURES.values() for p in ids)
)
"""Pictures a child can choose for an own item (*Något annat*), shelf by shelf."""


def shelf_pages(shelf: Shelf) -> int:
    """How many pages of ``SHELF_PAGE`` pictures a shelf has."""
    return -(-len(SHELF_PICTURES[shelf]) // SHELF_PAGE)


def shelf_page(shelf: Shelf, page: int) -> tuple[str, ...]:
    """The pictures of one page of a shelf (the last page when ``page`` is past
    the end, the first when it is before the start)."""
    page = max(0, min(page, shelf_pages(shelf) - 1))
    return SHELF_PICTURES[shelf][page * SHELF_PAGE : (page + 1) * SHELF_PAGE]


# --- how it feels ------------------------------------------------------------


class Tone(StrEnum):
    """Whether a feeling makes a context protective or worrying (the booklet's
    *skyddande sammanhang*) for the history view."""

    GOOD = "good"
    HARD = "hard"
    NEUTRAL = "neutral"


@dataclass(frozen=True)
class FeelingInfo:
    """One of the six feelings: the child's word, the case file's, the picture."""

    label: str
    """What the child taps (msgid): "Orolig"."""
    word: str
    """The case file's adjective: "Eleven känner sig ___ på bussen"."""
    pictogram: str
    tone: Tone


FEELINGS: dict[Feeling, FeelingInfo] = {
    Feeling.HAPPY: FeelingInfo(N_("Glad"), "glad", "happy", Tone.GOOD),
    Feeling.CALM: FeelingInfo(N_("Lugn"), "lugn", "calm", Tone.GOOD),
    Feeling.TIRED: FeelingInfo(N_("Trött"), "trött", "tired", Tone.NEUTRAL),
    Feeling.WORRIED: FeelingInfo(N_("Orolig"), "orolig", "worried", Tone.HARD),
    Feeling.SAD: FeelingInfo(N_("Ledsen"), "ledsen", "sad", Tone.HARD),
    Feeling.ANGRY: FeelingInfo(N_("Arg"), "arg", "angry", Tone.HARD),
}
"""The six feeling pictures the set ships (Fluent Emoji faces), in the order
offered: the good ones first, so a child is not led to the hard ones."""

FEELING_QUESTION = N_("Hur känns det?")
FEELING_PROMPTS: tuple[str, ...] = ("activities.day", "places.day", "persons.day")
"""The prompts whose pictures a feeling may be given to: what the child does,
where and with whom on an ordinary day (not the wishes)."""


def label_of(item_id: str, custom_labels: dict[str, str] | None = None) -> str:
    """Return the msgid of a catalog item, or the typed label of an own item."""
    if custom_labels and item_id in custom_labels:
        return custom_labels[item_id]
    return ALL_ITEMS[item_id].label


# --- declining, sharing and the plan: one table per concept ---------------------


@dataclass(frozen=True)
class DeclineInfo:
    """One way to decline a question: *Vet inte* or *Vill inte svara*."""

    label: str
    """What the child taps (msgid); the case file prints the Swedish source."""
    word: str
    """Lower case, for the case file's prose: "Matte: ville inte svara"."""
    pictogram: str


DECLINES: dict[AnswerStatus, DeclineInfo] = {
    AnswerStatus.DONT_KNOW: DeclineInfo(N_("Vet inte"), "vet inte", "dont_know"),
    AnswerStatus.NO_ANSWER: DeclineInfo(
        N_("Vill inte svara"), "ville inte svara", "no_answer"
    ),
}
"""The two ways to decline, in the order they are offered."""


@dataclass(frozen=True)
class RecipientInfo:
    """Who an export may be shared with, as each place names them."""

    label: str
    """The counsellor's consent form and export menu (msgid): "UPH/vårdcentral"."""
    heading: str
    """The case file's header (Swedish): "UPH"."""
    in_list: str
    """Inside a sentence: "får delas med skolan och elevhälsan"."""
    pictogram: str = "other_adults"
    """The picture on the child's recipient card."""
    child_words: str = ""
    """Plain words under the card, for the child (msgid)."""


RECIPIENTS: dict[Recipient, RecipientInfo] = {
    Recipient.SCHOOL: RecipientInfo(
        N_("Skolan"),
        "Skolan",
        "skolan",
        "school_place",
        N_("Dina lärare och rektorn"),
    ),
    Recipient.PARENTS: RecipientInfo(
        N_("Föräldrarna/vårdnadshavarna"),
        "Föräldrarna/vårdnadshavarna",
        "föräldrarna/vårdnadshavarna",
        "parents",
        N_("Dina föräldrar eller de som tar hand om dig"),
    ),
    Recipient.STUDENT_HEALTH: RecipientInfo(
        N_("Elevhälsan"),
        "Elevhälsan",
        "elevhälsan",
        "school_nurse",
        N_("Skolsköterskan, kuratorn och psykologen"),
    ),
    Recipient.SOCIAL_SERVICES: RecipientInfo(
        N_("Socialtjänsten"),
        "Socialtjänsten",
        "socialtjänsten",
        "social_worker",
        N_("Vuxna som hjälper barn och familjer"),
    ),
    Recipient.BUP: RecipientInfo(
        N_("BUP"),
        "BUP (barn- och ungdomspsykiatrin)",
        "BUP",
        "counsellor",
        N_("Vuxna som hjälper barn som mår dåligt"),
    ),
    Recipient.UPH: RecipientInfo(
        N_("UPH/vårdcentral"),
        "UPH",
        "UPH",
        "doctor",
        N_("Läkare och sjuksköterskor"),
    ),
    Recipient.OTHER: RecipientInfo(
        N_("Annan"),
        "Annan mottagare",
        "annan mottagare",
        "other_adults",
        N_("Någon annan som vuxna har berättat om"),
    ),
    Recipient.OWN_FILE: RecipientInfo(
        N_("Egen journal"), "Egen akt (samtalsledarens dokumentation)", "egen akt"
    ),
}
"""In the order the consent form lists them."""


@dataclass(frozen=True)
class GiverInfo:
    """Who gave consent, on the form and in the case file."""

    label: str
    """The consent form (msgid): "En vårdnadshavare"."""
    word: str
    """The case file's prose: "Samtycke från vårdnadshavare"."""


GIVERS: dict[ConsentGiver, GiverInfo] = {
    ConsentGiver.CHILD: GiverInfo(N_("Barnet"), "eleven"),
    ConsentGiver.GUARDIAN: GiverInfo(N_("En vårdnadshavare"), "vårdnadshavare"),
    ConsentGiver.GUARDIANS: GiverInfo(
        N_("Båda vårdnadshavarna"), "båda vårdnadshavarna"
    ),
}


@dataclass(frozen=True)
class OwnerInfo:
    """One of the plan's four columns."""

    title: str
    """The counsellor's heading (msgid): "Skolan ska"."""
    child_title: str
    """The child's heading (msgid): "Det här ska skolan göra"."""
    pictogram: str


PLAN_OWNERS: dict[PlanOwner, OwnerInfo] = {
    PlanOwner.SCHOOL: OwnerInfo(
        N_("Skolan ska"), N_("Det här ska skolan göra"), "school_place"
    ),
    PlanOwner.PARENTS: OwnerInfo(
        N_("Föräldrarna ska"), N_("Det här ska dina föräldrar göra"), "parents"
    ),
    PlanOwner.STUDENT: OwnerInfo(N_("Eleven ska"), N_("Det här ska du göra"), "you"),
    PlanOwner.OTHERS: OwnerInfo(
        N_("Andra ska"), N_("Det här ska andra göra"), "other_adults"
    ),
}


# --- the meeting sheets' words (the screens and the printed sheets) -----------

BEFORE_TITLE = N_("Inför möte")
AFTER_TITLE = N_("Efter mötet")
PLAN_TITLE = N_("Planering för mer skolnärvaro och bättre mående")
AGENDA_TITLE = N_("Dagordning")
GOALS_TITLE = N_("Mål")
GOAL_CAPTION = N_("Långsiktigt mål")
SUB_GOALS_CAPTION = N_("Delmål")
COORDINATOR_CAPTION = N_("Samordnare")
PARENTS_TITLE = N_("Inför möte – till föräldrar")
AGENDA_FRAME = N_("Mötets ramar")
LEADER_CAPTION = N_("Vem leder?")
NOTE_TAKER_CAPTION = N_("Vem antecknar?")
NOTES_SHARED_CAPTION = N_("Hur får alla anteckningarna?")
TIME_FRAME_CAPTION = N_("Tid")
AFTER_THE_MEETING = N_("Efter mötet")
WHY = N_("Varför?")
WHO_COMES = N_("De här personerna kommer vara med på mötet:")
WHEN_WHERE = N_("När och var?")
WE_WILL_TALK = N_("Vi kommer prata om:")
WANTS_KNOWN = N_("Det här vill jag att de vuxna vet")
HOW_TAKE_PART = N_("Så vill jag vara med")
WE_MET = N_("Vi har haft ett möte.")
WHO_CAME = N_("De här personerna var med på mötet:")
WE_TALKED = N_("Vi pratade om")
LISTENED_QUESTION = N_("Kände du att de lyssnade på dig?")
NEXT_MEETING = N_("Nästa uppföljningsmöte")
DATE_CAPTION = N_("Datum")
WHO_CAPTION = N_("Vilka?")
WHERE_CAPTION = N_("Var?")
POINT_START = N_("start {date}")
POINT_FOLLOW_UP = N_("uppföljning {date}")
