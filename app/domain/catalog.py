"""The booklet's worksheets as data: items, prompts and which pictures they offer.

Screens render these tables; nothing here is layout. Labels are the booklet's
exact Swedish words, marked with ``N_`` so Babel extracts them as msgids.
Every id is also the id of its pictogram in ``assets/pictograms/index.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.domain.models import Level
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
GRID_INSTRUCTION = N_(
    "Det här är jag bra på, tycker är roligt, är tråkigt eller gillar inte alls."
)

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

LEVEL_LABELS: dict[Level, str] = {
    Level.GOOD_AT: N_("Bra på"),
    Level.FUN: N_("Roligt"),
    Level.BORING_HARD: N_("Är tråkigt/svårt"),
    Level.DISLIKE: N_("Gillar inte alls"),
}
"""The four colours' names as the booklet writes them."""

LEVEL_SUMMARY: dict[Level, str] = {
    Level.GOOD_AT: N_("Det här är du bra på"),
    Level.FUN: N_("Det här tycker du är roligt"),
    Level.BORING_HARD: N_("Det här är tråkigt eller svårt"),
    Level.DISLIKE: N_("Det här gillar du inte alls"),
}

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
)
"""Roles that come to meetings but are not offered as the child's day."""


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


COLUMN_TITLES: dict[Column, str] = {
    Column.ACTIVITIES: N_("Aktiviteter"),
    Column.PLACES: N_("Platser"),
    Column.PERSONS: N_("Personer"),
}

COLUMN_ITEMS: dict[Column, tuple[Item, ...]] = {
    Column.ACTIVITIES: ROUTINE + GRID_ITEMS,
    Column.PLACES: PLACES,
    Column.PERSONS: PERSONS,
}
"""Which pictures each column offers; activities include the grid's school items."""

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
    ),
    Prompt(
        "activities.new",
        Column.ACTIVITIES,
        N_("Finns det något du inte gör idag som du skulle vilja göra?"),
        PromptKind.PICK,
        excludes_from="activities.day",
    ),
    Prompt(
        "activities.want",
        Column.ACTIVITIES,
        N_("Välj bilder på det du vill göra."),
        PromptKind.PICK,
        offers_first_from="activities.more",
    ),
    Prompt(
        "places.day",
        Column.PLACES,
        N_("Välj bilder på var du är på dagarna."),
        PromptKind.PICK,
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
    ),
    Prompt(
        "places.new",
        Column.PLACES,
        N_("Finns det någon plats du inte är på idag som du skulle vilja besöka?"),
        PromptKind.PICK,
        excludes_from="places.day",
    ),
    Prompt(
        "places.want",
        Column.PLACES,
        N_("Välj bilder på de platser du vill vara."),
        PromptKind.PICK,
        offers_first_from="places.more",
    ),
    Prompt(
        "persons.day",
        Column.PERSONS,
        N_("Vem brukar du vara tillsammans med på dagarna?"),
        PromptKind.PICK,
    ),
    Prompt(
        "persons.more",
        Column.PERSONS,
        N_("Finns det någon du vill träffa oftare?"),
        PromptKind.PICK,
        offers_first_from="persons.day",
    ),
    Prompt(
        "persons.less",
        Column.PERSONS,
        N_("Finns det någon du vill träffa mindre ofta?"),
        PromptKind.PICK,
        offers_first_from="persons.day",
    ),
    Prompt(
        "persons.want",
        Column.PERSONS,
        N_("Välj bilder på dem du vill träffa."),
        PromptKind.PICK,
        offers_first_from="persons.more",
    ),
)
"""The twelve prompts, column by column, in the order the child meets them."""

PROMPTS_BY_ID: dict[str, Prompt] = {p.id: p for p in DAY_PROMPTS}

ALL_ITEMS: dict[str, Item] = {
    i.id: i
    for i in (*GRID_ITEMS, SOMETHING_ELSE, *ROUTINE, *PLACES, *PERSONS, *MEETING_ROLES)
}
"""Every pickable item by id."""

OWN_ITEM_PICTOGRAMS: tuple[str, ...] = (
    "playing",
    "drawing",
    "music",
    "pe",
    "reading",
    "computer_games",
    "cooking",
    "helping",
    "photo_film",
    "play_outside",
    "pet",
    "friend",
    "home",
    "outdoors",
    "something_else",
)
"""Pictures a child can choose for an own item (*Något annat*)."""


def label_of(item_id: str, custom_labels: dict[str, str] | None = None) -> str:
    """Return the msgid of a catalog item, or the typed label of an own item."""
    if custom_labels and item_id in custom_labels:
        return custom_labels[item_id]
    return ALL_ITEMS[item_id].label
