"""*Barnets röst*: the child's answers as plain Swedish sentences, for the case file.

Everything here is pure: a :class:`Session` (and optionally the child's earlier
one) in, text and plain values out. The export modules build the PDF, the text
file and the JSON on top of it; nothing here knows about files, fpdf or Flet.

The text is always Swedish, whatever language the child used: it goes into a
Swedish case file. Answers the child marked *bara för mig* (``Session.private``)
are removed by :func:`without_private` before anything is phrased, so no
function here can leak them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from babel.lists import format_list

from app.domain import day as day_rules
from app.domain.catalog import (
    ALL_ITEMS,
    ANSWER_PROMPTS,
    COLUMN_ITEMS,
    DAY_PROMPTS,
    DECLINES,
    FEELINGS,
    GRID_ITEMS,
    LEVELS,
    PROMPTS_BY_ID,
    RETIRED_PROMPTS,
    Column,
    Prompt,
    PromptKind,
)
from app.domain.follow_up import EVALUATION_LABELS, carried
from app.domain.meeting import (
    STATUS_LABELS,
    Listened,
    MeetingSheets,
    Participation,
    Plan,
)
from app.domain.models import (
    LEVEL_ORDER,
    AnswerStatus,
    CustomItem,
    DayAnswers,
    DayEntry,
    GridAnswers,
    Level,
    Origin,
    PromptAnswer,
    Session,
    day_answer_key,
    grid_answer_key,
)
from app.i18n import Translator

LOCALE = "sv"
TIMELINE_PROMPT = "activities.day"
SUBJECT = "Eleven"
"""How the paragraph names the child: never by name, so it can be pasted anywhere."""

# --- how each booklet item reads in a Swedish sentence ----------------------

GRID_PHRASES: dict[str, str] = {
    "wake_up": "att gå upp på morgonen",
    "make_up_stories": "att hitta på historier",
    "social_studies": "SO",
    "pe": "idrott",
    "invent_games": "att hitta på lekar",
    "break_activities": "rastaktiviteter",
    "writing": "att skriva",
    "talk_adults": "att prata med vuxna på skolan",
    "group_work": "grupparbete",
    "english": "engelska",
    "speak_in_class": "att prata inför klassen",
    "science": "NO",
    "maths": "matte",
    "music": "musik",
    "computer_work": "att jobba på datorn",
    "free_play": "fri lek på rasten",
    "sports_break": "sporter på rasten",
    "computer_games": "att spela på datorn",
    "talk_classmates": "att prata med klasskompisar",
    "answer_questions": "att svara på frågor",
    "school_lunch": "skolmaten",
    "homework": "läxor",
    "crafts": "slöjd",
    "reading": "att läsa",
    "drawing": "att rita och måla",
    "getting_to_school": "att ta sig till skolan",
    "photo_film": "att ta kort och filma",
    "cooking": "att laga mat",
    "helping": "att hjälpa andra",
    "mischief": "att busa",
    "playing": "att leka",
    "planning": "att planera saker",
    "listen_teacher": "att lyssna på genomgångar",
    "school_film": "att se på film i skolan",
    "something_else": "något annat",
}
"""Grid items mid-sentence ("Eleven är bra på ___"): nouns, or *att* + verb."""

ACTIVITY_PHRASES: dict[str, tuple[str, str, str]] = {
    # id: (infinitive, present-tense verb, rest of the phrase)
    "get_up": ("gå upp", "går", "upp"),
    "breakfast": ("äta frukost", "äter", "frukost"),
    "brush_teeth": ("borsta tänderna", "borstar", "tänderna"),
    "get_dressed": ("klä på sig", "klär", "på sig"),
    "walk_to_school": ("gå till skolan", "går", "till skolan"),
    "bus_to_school": ("åka buss", "åker", "buss"),
    "bike_to_school": ("cykla", "cyklar", ""),
    "car_to_school": ("åka bil", "åker", "bil"),
    "lessons": ("ha lektion", "har", "lektion"),
    "school_break": ("ha rast", "har", "rast"),
    "lunch": ("äta lunch", "äter", "lunch"),
    "after_school": ("vara på fritids", "är", "på fritids"),
    "homework_time": ("göra läxor", "gör", "läxor"),
    "screen_time": (
        "använda mobil eller surfplatta",
        "använder",
        "mobil eller surfplatta",
    ),
    "sport_club": ("träna", "tränar", ""),
    "play_outside": ("leka ute", "leker", "ute"),
    "dinner": ("äta middag", "äter", "middag"),
    "tv": ("titta på tv", "tittar", "på tv"),
    "computer_games_home": ("spela", "spelar", ""),
    "shower": ("duscha eller bada", "duschar", "eller badar"),
    "go_to_bed": ("gå och lägga sig", "går", "och lägger sig"),
    "sleep": ("sova", "sover", ""),
    "wake_up": ("gå upp", "går", "upp"),
    "make_up_stories": ("hitta på historier", "hittar", "på historier"),
    "social_studies": ("ha SO", "har", "SO"),
    "pe": ("ha idrott", "har", "idrott"),
    "invent_games": ("hitta på lekar", "hittar", "på lekar"),
    "break_activities": ("göra rastaktiviteter", "gör", "rastaktiviteter"),
    "writing": ("skriva", "skriver", ""),
    "talk_adults": ("prata med vuxna på skolan", "pratar", "med vuxna på skolan"),
    "group_work": ("göra grupparbete", "gör", "grupparbete"),
    "english": ("ha engelska", "har", "engelska"),
    "speak_in_class": ("prata inför klassen", "pratar", "inför klassen"),
    "science": ("ha NO", "har", "NO"),
    "maths": ("ha matte", "har", "matte"),
    "music": ("ha musik", "har", "musik"),
    "computer_work": ("jobba på datorn", "jobbar", "på datorn"),
    "free_play": ("leka fritt på rasten", "leker", "fritt på rasten"),
    "sports_break": ("spela sport på rasten", "spelar", "sport på rasten"),
    "computer_games": ("spela på datorn", "spelar", "på datorn"),
    "talk_classmates": ("prata med klasskompisar", "pratar", "med klasskompisar"),
    "answer_questions": ("svara på frågor", "svarar", "på frågor"),
    "school_lunch": ("äta skollunch", "äter", "skollunch"),
    "homework": ("göra läxor", "gör", "läxor"),
    "crafts": ("ha slöjd", "har", "slöjd"),
    "reading": ("läsa", "läser", ""),
    "drawing": ("rita och måla", "ritar", "och målar"),
    "getting_to_school": ("ta sig till skolan", "tar", "sig till skolan"),
    "photo_film": ("ta kort och filma", "tar", "kort och filmar"),
    "cooking": ("laga mat", "lagar", "mat"),
    "helping": ("hjälpa andra", "hjälper", "andra"),
    "mischief": ("busa", "busar", ""),
    "playing": ("leka", "leker", ""),
    "planning": ("planera saker", "planerar", "saker"),
    "listen_teacher": ("lyssna på genomgångar", "lyssnar", "på genomgångar"),
    "school_film": ("se på film i skolan", "ser", "på film i skolan"),
    "something_else": ("göra något annat", "gör", "något annat"),
}
"""Activities as verb phrases: "Eleven vill ___" and "En vanlig dag ___ eleven …"."""

PLACE_PHRASES: dict[str, str] = {
    "home": "hemma",
    "my_room": "i sitt rum",
    "school_place": "i skolan",
    "classroom": "i klassrummet",
    "schoolyard": "på skolgården",
    "grandparents_home": "hos mor- eller farföräldrar",
    "friends_home": "hos en kompis",
    "other_parent_home": "hos sin andra förälder",
    "park": "i parken",
    "shop": "i affären",
    "sports_hall": "i idrottshallen",
    "library": "på biblioteket",
    "youth_centre": "på fritidsgården",
    "outdoors": "ute eller i skogen",
    "car": "i bilen",
    "bus": "på bussen",
}
"""Places as adverbials: "På dagarna är eleven ___"."""

PERSON_PHRASES: dict[str, str] = {
    "mum": "mamma",
    "dad": "pappa",
    "sibling": "syskon",
    "grandparent": "mor- eller farföräldrar",
    "friend": "kompisar",
    "classmates": "klasskompisar",
    "teacher": "lärare",
    "counsellor": "kuratorn",
    "school_nurse": "skolsköterskan",
    "coach": "tränaren",
    "relative": "släktingar",
    "pet": "husdjur",
}
"""Persons as objects: "Eleven vill träffa ___". *Ingen/ensam* is phrased apart."""

HELP_PHRASES: dict[str, str] = {
    "help_adult": "en vuxen som hjälper",
    "help_company": "att någon är med",
    "help_place": "en egen plats",
    "help_quiet": "en lugn plats",
    "help_more_time": "mer tid",
    "help_less_time": "kortare tid",
    "help_break": "pauser",
    "help_know": "att veta vad som ska hända",
}
"""Kinds of help as the subject of "Det som skulle hjälpa eleven … är ___"."""

HELP_GOALS: dict[str, str] = {
    "activities.help": "att göra det eleven vill",
    "places.help": "att vara där eleven vill",
    "persons.help": "att träffa dem eleven vill",
}
"""What each column's help question is for, in the case file's words."""

HELP_TITLE = "Det här skulle hjälpa eleven"
"""The section of *Barnets röst* with the kinds of help, apart from the wishes."""

NOBODY = "nobody"
SHORT_LIST = 5
"""Up to this many items, *roligt* and *bra på* share one sentence."""

NOT_MARKED = "inte markerat"
NOT_ANSWERED = "inget svar"
NOT_THERE = "inte med"


# --- small text helpers -----------------------------------------------------


def join(items: Sequence[str], style: str = "standard") -> str:
    """A Swedish list: "matte, musik och idrott" (``style="or"``: "… eller …")."""
    return format_list(list(items), style=style, locale=LOCALE)


def clock(minutes: int) -> str:
    """A clock time as the screen shows it: Babel's Swedish short time, 07:30.

    One convention everywhere: this text goes into the paragraph and the PDF,
    :meth:`app.i18n.Translator.clock` onto the screen, and both are Babel's.
    """
    return Translator(LOCALE).clock(minutes)


NO_TIME = "utan klockslag"
"""An activity whose time is only the app's suggestion: never given as the child's."""


def entry_time(entry: DayEntry) -> str:
    """The entry's time as the case file gives it: ``kl. 07:30``, or *utan
    klockslag* while it is a suggestion the child has not confirmed."""
    return f"kl. {clock(entry.minutes)}" if entry.has_childs_time else NO_TIME


def entry_clock(entry: DayEntry) -> str:
    """The entry's time for a table or card: ``07:30``, or *utan klockslag*."""
    return clock(entry.minutes) if entry.has_childs_time else NO_TIME


def local_date(value: datetime) -> str:
    """A date in Swedish words ("23 november 2026"), in this machine's time zone."""
    return Translator(LOCALE).date(value.astimezone(), "long")


def mid_sentence(label: str) -> str:
    """A label as it reads inside a sentence: lower-case, acronyms (SO, NO) kept."""
    first = label.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return label
    return label[:1].lower() + label[1:]


def quoted(text: str) -> str:
    """The child's own words, in Swedish quotation marks."""
    return f"\u201d{text}\u201d"


def sentence(text: str) -> str:
    """Capitalise the first letter and end with a full stop."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


# --- privacy ----------------------------------------------------------------


def without_private(session: Session) -> Session:
    """The session with every answer the child marked *bara för mig* removed,
    and every answer of last time the child has not confirmed at a follow-up.

    A private grid item loses its marks (and an own item its label too); a
    private prompt loses its answer (the timeline prompt: the whole timeline).
    Own items of the day that no remaining answer uses are dropped, so a typed
    label cannot slip out through them. ``private`` itself comes back empty:
    which answers were private is private too.
    """
    return _without(session, suggestions=True)


def without_only_me(session: Session) -> Session:
    """The session as a counsellor who did not hold it gets it on a team
    server: every answer the child kept *bara för mig* removed (as
    :func:`without_private` removes them), everything else as stored —
    last time's suggestions included. ``private`` comes back empty."""
    return _without(session, suggestions=False)


def _without(session: Session, *, suggestions: bool) -> Session:
    hidden = session.private
    grid_hidden = {k.removeprefix("grid:") for k in hidden if k.startswith("grid:")}
    day_hidden = {k.removeprefix("day:") for k in hidden if k.startswith("day:")}
    if suggestions:
        # Last time's answers the child has not confirmed are suggestions, not
        # the child's answers of this session: they never leave either.
        grid_hidden |= {
            k for k, v in session.grid.origins.items() if v is Origin.LAST_TIME
        }
        day_hidden |= {
            k for k, a in session.day.answers.items() if a.origin is Origin.LAST_TIME
        }
    grid = GridAnswers(
        marks={k: v for k, v in session.grid.marks.items() if k not in grid_hidden},
        custom_items=tuple(
            c for c in session.grid.custom_items if c.id not in grid_hidden
        ),
        origins={k: v for k, v in session.grid.origins.items() if k not in grid_hidden},
    )
    day = session.day
    timeline = () if TIMELINE_PROMPT in day_hidden else day.timeline
    if suggestions:
        timeline = tuple(e for e in timeline if e.origin is not Origin.LAST_TIME)
    answers = {k: v for k, v in day.answers.items() if k not in day_hidden}
    used = {p for a in answers.values() for p in a.picks}
    used |= {e.own_item for e in timeline if e.own_item}
    used_labels = {(e.label, e.pictogram) for e in timeline if e.label}
    custom = tuple(
        c
        for c in day.custom_items
        if c.id in used or (c.typed and (c.label, c.pictogram) in used_labels)
    )
    day = DayAnswers(
        timeline=timeline, answers=answers, custom_items=custom, feelings=day.feelings
    )
    # A feeling goes with its picture: hidden with it, gone when it is unpicked.
    day = replace(day, feelings=day_rules.feelings_in_use(day))
    starred = tuple(k for k in session.starred if k not in hidden)
    stripped = replace(
        session, grid=grid, day=day, private=frozenset(), starred=starred
    )
    if suggestions:
        return stripped
    # Which answers were private is private too: no choice names one.
    return replace(
        stripped, not_to={k: v for k, v in session.not_to.items() if k not in hidden}
    )


# --- labels -----------------------------------------------------------------


def _custom(items: Iterable[CustomItem]) -> dict[str, CustomItem]:
    return {c.id: c for c in items}


def item_label(item_id: str, own: dict[str, CustomItem] | None = None) -> str:
    """The Swedish label of a booklet item, or the child's own typed label (the
    label of the picture the child chose, when no word was typed)."""
    if own and item_id in own:
        if own[item_id].named_by is Origin.COUNSELLOR:
            return f"{own[item_id].label} {COUNSELLORS_WORD}"
        if own[item_id].typed:
            return own[item_id].label
        return item_label(own[item_id].pictogram)
    item = ALL_ITEMS.get(item_id)
    return item.label if item else item_id.replace("_", " ")


def item_pictogram(item_id: str, own: dict[str, CustomItem] | None = None) -> str:
    """The pictogram id showing an item (an own item's chosen picture)."""
    if own and item_id in own:
        return own[item_id].pictogram
    return item_id


def entry_label(entry: DayEntry) -> str:
    """The label of a timeline entry: the own activity's text or the catalog's."""
    return entry.label or item_label(entry.pictogram)


def grid_rows(grid: GridAnswers) -> list[tuple[str, str, str, bool]]:
    """Every grid row in booklet order, own items last: (id, label, picture, own)."""
    rows = [(i.id, i.label, i.pictogram, False) for i in GRID_ITEMS]
    rows += [
        (c.id, item_label(c.id, {c.id: c}), c.pictogram, True)
        for c in grid.custom_items
    ]
    known = {r[0] for r in rows}
    rows += [
        (k, item_label(k), k, False) for k in grid.marks if k not in known
    ]  # a mark on a catalog item outside the 34 (e.g. *Något annat?*)
    return rows


# --- phrases ----------------------------------------------------------------


COUNSELLORS_WORD = "(samtalsledarens ord)"


def _words(item: CustomItem) -> str:
    """An own item's word, quoted; marked when the counsellor added it, so the
    case file never passes it off as the child's own typing."""
    marked = f" {COUNSELLORS_WORD}" if item.named_by is Origin.COUNSELLOR else ""
    return quoted(item.label) + marked


def _picture_of(item_id: str, own: dict[str, CustomItem]) -> str:
    # An own item chosen by picture alone reads as its picture does.
    return own[item_id].pictogram if item_id in own else item_id


def _shown_by(pictogram: str) -> str:
    """An own item chosen by a picture from another part of the library, said
    as what the picture shows: "det som bilden ”Husdjur” visar"."""
    return f"det som bilden {quoted(item_label(pictogram))} visar"


def _grid_phrase(item_id: str, own: dict[str, CustomItem]) -> str:
    if item_id in own and own[item_id].typed:
        return _words(own[item_id])
    if item_id in own and own[item_id].pictogram not in GRID_PHRASES:
        return _shown_by(own[item_id].pictogram)
    item_id = _picture_of(item_id, own)
    return GRID_PHRASES.get(item_id) or mid_sentence(item_label(item_id))


def _activity(item_id: str, own_label: str = "") -> tuple[str, str, str]:
    if own_label:
        return ("göra " + quoted(own_label), "gör", quoted(own_label))
    if item_id in ACTIVITY_PHRASES:
        return ACTIVITY_PHRASES[item_id]
    words = mid_sentence(item_label(item_id))
    return ("göra " + words, "gör", words)


def _own_activity(item_id: str, own: dict[str, CustomItem]) -> tuple[str, str, str]:
    if item_id in own and own[item_id].typed:
        words = _words(own[item_id])
        return ("göra " + words, "gör", words)
    if item_id in own and own[item_id].pictogram not in ACTIVITY_PHRASES:
        words = _shown_by(own[item_id].pictogram)
        return ("göra " + words, "gör", words)
    return _activity(_picture_of(item_id, own))


def _place(item_id: str, own: dict[str, CustomItem]) -> str:
    if item_id in own and own[item_id].typed:
        return "på " + _words(own[item_id])
    if item_id in own and own[item_id].pictogram not in PLACE_PHRASES:
        return (
            "på platsen som bilden "
            + quoted(item_label(own[item_id].pictogram))
            + " visar"
        )
    item_id = _picture_of(item_id, own)
    return PLACE_PHRASES.get(item_id) or mid_sentence(item_label(item_id))


def _person(item_id: str, own: dict[str, CustomItem]) -> str:
    if item_id in own and own[item_id].typed:
        return _words(own[item_id])
    if item_id in own and own[item_id].pictogram not in PERSON_PHRASES:
        return "den som bilden " + quoted(item_label(own[item_id].pictogram)) + " visar"
    item_id = _picture_of(item_id, own)
    return PERSON_PHRASES.get(item_id) or mid_sentence(item_label(item_id))


def _nouns_first(phrases: list[str]) -> list[str]:
    # "Eleven tycker att matte och att läsa är roligt", never "att att läsa".
    return [p for p in phrases if not p.startswith("att ")] + [
        p for p in phrases if p.startswith("att ")
    ]


def _tycker(phrases: list[str], adjective: str) -> str:
    phrases = _nouns_first(phrases)
    if all(p.startswith("att ") for p in phrases):
        return f"tycker att det är {adjective} {join(phrases)}"
    return f"tycker att {join(phrases)} är {adjective}"


def grid_sentences(grid: GridAnswers) -> list[str]:
    """What the grid says, one sentence per kind of answer."""
    own = _custom(grid.custom_items)
    order = [r[0] for r in grid_rows(grid)]
    by_level: dict[Level, list[str]] = {lv: [] for lv in LEVEL_ORDER}
    for item_id in order:
        for level in grid.levels(item_id):
            by_level[level].append(_grid_phrase(item_id, own))
    out: list[str] = []
    fun, good = by_level[Level.FUN], by_level[Level.GOOD_AT]
    if fun and good and len(fun) + len(good) <= SHORT_LIST:
        out.append(f"{SUBJECT} {_tycker(fun, 'roligt')} och är bra på {join(good)}.")
    else:
        if fun:
            out.append(f"{SUBJECT} {_tycker(fun, 'roligt')}.")
        if good:
            out.append(f"{SUBJECT} är bra på {join(good)}.")
    if by_level[Level.BORING_HARD]:
        text = _tycker(by_level[Level.BORING_HARD], "tråkigt eller svårt")
        out.append(f"{SUBJECT} {text}.")
    if by_level[Level.DISLIKE]:
        out.append(f"{SUBJECT} gillar inte alls {join(by_level[Level.DISLIKE])}.")
    return out


def timeline_sentence(day: DayAnswers) -> str | None:
    """ "En vanlig dag går eleven upp kl. 07:00, äter frukost kl. 07:15 och …"."""
    clauses: list[str] = []
    own = _custom(day.custom_items)
    for n, entry in enumerate(day.timeline):
        _inf, verb, rest = (
            _own_activity(entry.own_item, own)
            if entry.own_item in own
            else _activity(entry.pictogram, entry.label)
        )
        at = entry_time(entry)
        if n == 0:
            clauses.append(" ".join(w for w in (verb, "eleven", rest, at) if w))
        else:
            clauses.append(" ".join(w for w in (verb, rest, at) if w))
    if not clauses:
        return None
    return f"En vanlig dag {join(clauses)}."


def _with_nobody(
    picks: Sequence[str], own: dict[str, CustomItem], verb: str
) -> tuple[str, bool]:
    people = [_person(p, own) for p in picks if p != NOBODY]
    parts = [f"{verb} {join(people)}"] if people else []
    if NOBODY in picks:
        parts.append("vara ensam")
    return " och ".join(parts), bool(parts)


def _help_sentence(prompt_id: str, picks: Sequence[str]) -> str:
    kinds = _nouns_first(
        [HELP_PHRASES.get(p) or mid_sentence(item_label(p)) for p in picks]
    )
    return f"Det som skulle hjälpa eleven {HELP_GOALS[prompt_id]} är {join(kinds)}."


def _pick_sentence(prompt_id: str, picks: Sequence[str], day: DayAnswers) -> str:
    if prompt_id in HELP_GOALS:
        return _help_sentence(prompt_id, picks)
    own = _custom(day.custom_items)
    column = prompt_id.split(".", 1)[0]
    if column == "activities":
        acts = join([_own_activity(p, own)[0] for p in picks])
        return {
            "activities.more": f"{SUBJECT} skulle vilja {acts} längre stunder "
            "eller oftare.",
            "activities.new": "Något eleven inte gör i dag men skulle vilja göra "
            f"är att {acts}.",
            "activities.want": f"{SUBJECT} vill {acts}.",
        }.get(prompt_id, f"{SUBJECT} väljer att {acts}.")
    if column == "places":
        places = [_place(p, own) for p in picks]
        return {
            "places.day": f"På dagarna är eleven {join(places)}.",
            "places.more": f"{SUBJECT} skulle vilja vara {join(places)} längre "
            "stunder eller oftare.",
            "places.new": f"{SUBJECT} är inte {join(places, 'or')} i dag men "
            "skulle vilja vara det.",
            "places.want": f"{SUBJECT} vill vara {join(places)}.",
        }.get(prompt_id, f"{SUBJECT} väljer {join(places)}.")
    if prompt_id == "persons.day":
        people = [_person(p, own) for p in picks if p != NOBODY]
        if not people:
            return "På dagarna brukar eleven vara ensam."
        alone = ", och ibland ensam" if NOBODY in picks else ""
        return f"På dagarna brukar eleven vara tillsammans med {join(people)}{alone}."
    text, _ = _with_nobody(picks, own, "träffa")
    return {
        "persons.more": f"{SUBJECT} skulle vilja {text} oftare.",
        "persons.less": f"{SUBJECT} skulle vilja {text} mindre ofta.",
        "persons.want": f"{SUBJECT} vill {text}.",
    }.get(prompt_id, f"{SUBJECT} väljer att {text}.")


def _prompts_of(column: str, kind: PromptKind = PromptKind.PICK) -> list[Prompt]:
    # The retired wishes too: an older session's answers are still the child's.
    return [p for p in ANSWER_PROMPTS if p.column.value == column and p.kind is kind]


def _answered(day: DayAnswers, prompts: Iterable[Prompt]) -> list[str]:
    return [
        _pick_sentence(p.id, day.answer(p.id).picks, day)
        for p in prompts
        if day.answer(p.id).picks
        and day.answer(p.id).status in (None, AnswerStatus.ANSWERED)
    ]


def help_sentences(day: DayAnswers) -> list[str]:
    """What the child says would help (the fourth question of each column),
    apart from the wishes, declines included."""
    prompts = [
        p
        for c in ("activities", "places", "persons")
        for p in _prompts_of(c, PromptKind.HELP)
    ]
    return _answered(day, prompts) + decline_sentences(day, prompts)


FEELINGS_TITLE = "Hur det känns"


def _feeling_context(item_id: str, day: DayAnswers) -> str:
    """Where or when a feeling is felt, as an adverbial: "på bussen", "med
    mamma", "när det är dags att åka buss"."""
    own = _custom(day.custom_items)
    column = (
        day_rules.custom_column(own[item_id])
        if item_id in own
        else next(
            (
                c
                for c, items in COLUMN_ITEMS.items()
                if any(i.id == item_id for i in items)
            ),
            Column.ACTIVITIES,
        )
    )
    if column is Column.PLACES:
        return _place(item_id, own)
    if column is Column.PERSONS:
        if item_id == NOBODY:
            return "när eleven är ensam"
        return "med " + _person(item_id, own)
    return "när det är dags att " + _own_activity(item_id, own)[0]


def feeling_sentences(day: DayAnswers) -> list[str]:
    """*Hur känns det?* said plainly: "Eleven känner sig orolig på bussen och
    lugn hos mor- eller farföräldrar." One sentence while each feeling goes with
    one context, else one per feeling, in the order of the day."""
    by_feeling: dict[str, list[str]] = {}
    for item_id, felt in day_rules.feelings_in_use(day).items():
        word = FEELINGS[felt.feeling].word
        by_feeling.setdefault(word, []).append(_feeling_context(item_id, day))
    if not by_feeling:
        return []
    if all(len(contexts) == 1 for contexts in by_feeling.values()):
        clauses = [f"{word} {contexts[0]}" for word, contexts in by_feeling.items()]
        return [f"{SUBJECT} känner sig {join(clauses)}."]
    return [
        f"{SUBJECT} känner sig {word} {join(contexts)}."
        for word, contexts in by_feeling.items()
    ]


def day_sentences(day: DayAnswers, column: str | None = None) -> list[str]:
    """What *En vanlig dag* says: the timeline, then each prompt's picks.

    With ``column`` (``activities``, ``places``, ``persons``) only that
    column's picks; the timeline comes with ``activities`` and with None.
    """
    out: list[str] = []
    line = timeline_sentence(day)
    if line and column in (None, "activities"):
        out.append(line)
    for prompt in ANSWER_PROMPTS:
        if prompt.kind is PromptKind.TIMELINE:
            continue
        if column is not None and prompt.column.value != column:
            continue
        answer = day.answer(prompt.id)
        if answer.picks and answer.status in (None, AnswerStatus.ANSWERED):
            out.append(_pick_sentence(prompt.id, answer.picks, day))
    return out


def decline_sentences(
    day: DayAnswers, prompts: Sequence[Prompt] = DAY_PROMPTS
) -> list[str]:
    """*Vet inte* and *Vill inte svara*, said respectfully, grouped."""
    declined: dict[AnswerStatus, list[str]] = {
        AnswerStatus.DONT_KNOW: [],
        AnswerStatus.NO_ANSWER: [],
    }
    for prompt in prompts:
        status = day.answer(prompt.id).status
        if status in declined and not (
            prompt.kind is PromptKind.TIMELINE and day.timeline
        ):
            declined[status].append(prompt.topic)
    out: list[str] = []
    dont_know = declined[AnswerStatus.DONT_KNOW]
    if dont_know:
        noun = "frågan" if len(dont_know) == 1 else "frågorna"
        out.append(f"På {noun} om {join(dont_know)} svarade eleven ”vet inte”.")
    no_answer = declined[AnswerStatus.NO_ANSWER]
    if no_answer:
        noun = "frågan" if len(no_answer) == 1 else "frågorna"
        out.append(f"{SUBJECT} ville inte svara på {noun} om {join(no_answer)}.")
    return out


@dataclass(frozen=True)
class Section:
    """A part of *Barnets röst* with a short title, for a scannable layout."""

    title: str
    sentences: tuple[str, ...]


def voice_sections(
    session: Session, meeting: MeetingSheets | None = None
) -> list[Section]:
    """*Barnets röst* by topic: the grid, the day, activities, places, persons,
    and (given the session's meeting sheets) what the child said about the meeting.

    Private answers are removed first. Declines go with their topic.
    """
    shown = without_private(session)
    day = shown.day
    timeline_prompt = [PROMPTS_BY_ID[TIMELINE_PROMPT]]
    raw = [
        (STARRED_TITLE, starred_sentences(session)),
        ("Det här är jag bra på", grid_sentences(shown.grid)),
        (
            "En vanlig dag",
            [s for s in [timeline_sentence(day)] if s]
            + decline_sentences(day, timeline_prompt),
        ),
    ]
    for column, title in (
        ("activities", "Önskemål om aktiviteter"),
        ("places", "Platser"),
        ("persons", "Personer"),
    ):
        prompts = _prompts_of(column)
        raw.append((title, _answered(day, prompts) + decline_sentences(day, prompts)))
    raw.append((HELP_TITLE, help_sentences(day)))
    raw.append((FEELINGS_TITLE, feeling_sentences(day)))
    if meeting is not None:
        raw.append((MEETING_TITLE, meeting_sentences(meeting)))
    return [Section(title, tuple(lines)) for title, lines in raw if lines]


# --- the meeting ---------------------------------------------------------------

MEETING_TITLE = "Mötet"
PARTICIPATION_SENTENCES: dict[Participation, str] = {
    Participation.ATTEND: f"{SUBJECT} vill vara med på mötet.",
    Participation.ANSWERS_READ: f"{SUBJECT} vill att någon läser upp elevens svar "
    "på mötet.",
    Participation.SHOW_VIEW: f"{SUBJECT} är inte med på mötet och vill att de "
    "vuxna ser elevens svar i mötesvyn.",
    Participation.OTHER: f"{SUBJECT} vill vara med på mötet på ett annat sätt",
}
LISTENED_SENTENCES: dict[Listened, str] = {
    Listened.YES: "Efter mötet kände eleven att de vuxna lyssnade.",
    Listened.SOME: "Efter mötet kände eleven att de vuxna lyssnade lite.",
    Listened.NO: "Efter mötet kände eleven inte att de vuxna lyssnade.",
}


def meeting_sentences(meeting: MeetingSheets) -> list[str]:
    """What the child said on *Inför möte* and *Efter mötet*, in plain Swedish.

    What the child wants the adults to know (in the child's own words, quoted),
    how the child wants to take part, and afterwards whether the child felt
    listened to. Nothing the adults filled in (who, when, where) is repeated.
    """
    out: list[str] = []
    wants = " ".join(meeting.child_wants_known.split())
    if wants:
        # A quote that ends with its own full stop needs no second one: ”…”.
        end = "" if wants[-1] in ".!?" else "."
        out.append(
            f"Det här vill eleven att de vuxna på mötet vet: {quoted(wants)}{end}"
        )
    if meeting.participation is not None:
        line = PARTICIPATION_SENTENCES[meeting.participation]
        other = " ".join(meeting.participation_other.split())
        if meeting.participation is Participation.OTHER and other:
            line += f": {quoted(other)}"
        out.append(sentence(line))
    if meeting.listened is not None:
        out.append(LISTENED_SENTENCES[meeting.listened])
    return out


# --- follow-up ---------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One answer that differs from the child's earlier session."""

    part: str
    """``grid`` or ``day``."""
    subject: str
    """What changed, as the booklet names it ("Matte", "Vill träffa oftare")."""
    before: str
    after: str

    @property
    def text(self) -> str:
        """ "Matte: var tråkigt/svårt, nu roligt"."""
        return f"{self.subject}: var {self.before}, nu {self.after}"


def _grid_by_key(
    grid: GridAnswers, hidden: frozenset[str]
) -> dict[str, tuple[str, tuple[Level, ...]]]:
    # Own items get new ids in a new session: match them by their words.
    out: dict[str, tuple[str, tuple[Level, ...]]] = {}
    for item_id, label, _pictogram, own in grid_rows(grid):
        if grid_answer_key(item_id) in hidden:
            continue
        key = "own:" + label.casefold() if own else item_id
        out[key] = (label, grid.levels(item_id))
    return out


def _levels_text(levels: Sequence[Level]) -> str:
    ordered = [LEVELS[lv].word for lv in LEVEL_ORDER if lv in levels]
    return join(ordered) if ordered else NOT_MARKED


def _answer_text(answer: PromptAnswer, own: dict[str, CustomItem]) -> str:
    if answer.status in DECLINES:
        return DECLINES[answer.status].word
    if answer.picks:
        return join([mid_sentence(item_label(p, own)) for p in answer.picks])
    return NOT_ANSWERED


def _timeline_times(day: DayAnswers) -> dict[tuple[str, str], list[str]]:
    times: dict[tuple[str, str], list[str]] = {}
    for entry in day.timeline:
        times.setdefault((entry.pictogram, entry.label), []).append(entry_clock(entry))
    return times


def changes(previous: Session, current: Session) -> list[Change]:
    """What differs between two sessions of a child, grid first, then the day.

    Answers private in either session are left out on both sides, so an earlier
    private answer cannot show through as "was … , now …".
    """
    # Last time's answers not yet confirmed are no answer of this session:
    # neither "was …, now nothing" nor a change.
    hidden = previous.private | current.private | frozenset(carried(current).open)
    before, after = without_private(previous), without_private(current)
    was, now = _grid_by_key(before.grid, hidden), _grid_by_key(after.grid, hidden)
    out: list[Change] = []
    for key in [*now, *(k for k in was if k not in now)]:
        label, old = was.get(key, ("", ()))
        label, new = now.get(key, (label, ()))
        if set(old) != set(new):
            out.append(Change("grid", label, _levels_text(old), _levels_text(new)))
    out += _day_changes(before.day, after.day, hidden)
    return out


def _day_changes(
    before: DayAnswers, after: DayAnswers, hidden: frozenset[str]
) -> list[Change]:
    out: list[Change] = []
    if day_answer_key(TIMELINE_PROMPT) not in hidden:
        if before.timeline and after.timeline:
            was, now = _timeline_times(before), _timeline_times(after)
            for key in [*now, *(k for k in was if k not in now)]:
                old, new = was.get(key), now.get(key)
                if old == new:
                    continue
                label = key[1] or item_label(key[0])
                out.append(
                    Change(
                        "day",
                        label,
                        join(old) if old else NOT_THERE,
                        join(new) if new else NOT_THERE,
                    )
                )
        else:
            was_text = _timeline_text(before)
            now_text = _timeline_text(after)
            if was_text != now_text:
                out.append(
                    Change(
                        "day",
                        PROMPTS_BY_ID[TIMELINE_PROMPT].heading,
                        was_text,
                        now_text,
                    )
                )
    own_before, own_after = _custom(before.custom_items), _custom(after.custom_items)
    for prompt in ANSWER_PROMPTS:
        if prompt.kind is PromptKind.TIMELINE or day_answer_key(prompt.id) in hidden:
            continue
        if prompt in RETIRED_PROMPTS and prompt.id not in after.answers:
            continue  # no longer asked: not a change in what the child said
        was = _answer_text(before.answer(prompt.id), own_before)
        now = _answer_text(after.answer(prompt.id), own_after)
        if was != now:
            out.append(Change("day", prompt.heading, was, now))
    was_felt, now_felt = _felt_words(before), _felt_words(after)
    for key, (label, now) in now_felt.items():
        # Only a feeling given both times is a change (not one asked first now).
        if key in was_felt and was_felt[key][1] != now:
            subject = f"{FEELINGS_TITLE}, {mid_sentence(label)}"
            out.append(Change("day", subject, was_felt[key][1], now))
    return out


def _felt_words(day: DayAnswers) -> dict[str, tuple[str, str]]:
    # Own items get new ids in a new session: match them by their words.
    own = _custom(day.custom_items)
    out: dict[str, tuple[str, str]] = {}
    for item_id, felt in day_rules.feelings_in_use(day).items():
        label = item_label(item_id, own)
        key = "own:" + label.casefold() if item_id in own else item_id
        out[key] = (label, FEELINGS[felt.feeling].word)
    return out


def _timeline_text(day: DayAnswers) -> str:
    if day.timeline:
        n = len(day.timeline)
        return f"{n} aktivitet" + ("" if n == 1 else "er")
    status = day.answer(TIMELINE_PROMPT).status
    return DECLINES[status].word if status in DECLINES else NOT_ANSWERED


# --- the paragraph ------------------------------------------------------------


def follow_up_sentence(session: Session, previous: Session) -> str:
    """ "Sedan samtalet 5 oktober 2026 har det här ändrats: Matte: var …"."""
    found = changes(previous, session)
    when = local_date(previous.started)
    split = carried(session)
    kept = ""
    if split.confirmed or split.open:
        kept = f" {SUBJECT} bekräftade {len(split.confirmed)} svar från förra gången."
        if split.open:
            kept += (
                f" {len(split.open)} svar från förra gången är inte bekräftade "
                "och redovisas inte."
            )
    if not found:
        return f"Svaren är desamma som vid samtalet {when}.{kept}"
    listed = " ".join(sentence(c.text) for c in found)
    return f"Sedan samtalet {when} har det här ändrats: {listed}{kept}"


EMPTY = f"{SUBJECT} har inte lämnat några svar som visas här."

STARRED_TITLE = "Viktigast för eleven"
STARRED_WORDS = 120
"""The starred answers open the paragraph in at most this many words."""


def starred_sentence(session: Session, key: str) -> str | None:
    """What one starred answer says, in one sentence (None: nothing shown)."""
    kind, _sep, ident = key.partition(":")
    if kind == "grid":
        levels = session.grid.levels(ident)
        if not levels:
            return None
        own = _custom(session.grid.custom_items)
        words = join([LEVELS[lv].label.lower() for lv in levels])
        return f"{item_label(ident, own)}: {words}."
    if kind == "day" and ident in PROMPTS_BY_ID:
        day = session.day
        if ident == TIMELINE_PROMPT:
            return timeline_sentence(day)
        answer = day.answer(ident)
        if answer.picks and answer.status in (None, AnswerStatus.ANSWERED):
            return _pick_sentence(ident, answer.picks, day)
        if answer.status in DECLINES:
            prompt = PROMPTS_BY_ID[ident]
            return f"Om {prompt.topic}: {DECLINES[answer.status].word}."
    return None


def starred_sentences(session: Session) -> list[str]:
    """The answers the child starred *Viktigast för mig*, in the order starred,
    private ones left out, in at most ``STARRED_WORDS`` words."""
    shown = without_private(session)
    out: list[str] = []
    words = 0
    for key in shown.starred:
        line = starred_sentence(shown, key)
        if line is None:
            continue
        n = len(line.split())
        if words + n > STARRED_WORDS:
            continue  # it is still there, in full, with the details below
        out.append(line)
        words += n
    return out


def counsellor_sentence(session: Session) -> str | None:
    """Which shown answers the counsellor entered on the child's behalf, so the
    case file never passes them off as the child's own taps."""
    shown = without_private(session)
    own = _custom(shown.grid.custom_items)
    topics = [
        mid_sentence(item_label(item, own))
        for item in shown.grid.marks
        if shown.grid.origin(item) is Origin.COUNSELLOR
    ]
    if any(Origin.COUNSELLOR in (e.origin, e.time_origin) for e in shown.day.timeline):
        topics.append(PROMPTS_BY_ID[TIMELINE_PROMPT].topic)
    topics += [
        PROMPTS_BY_ID[pid].topic
        for pid, answer in shown.day.answers.items()
        if answer.origin is Origin.COUNSELLOR and pid != TIMELINE_PROMPT
    ]
    if any(f.origin is Origin.COUNSELLOR for f in shown.day.feelings.values()):
        topics.append("hur det känns")
    if not topics:
        return None
    return f"Samtalsledaren fyllde i åt eleven: {join(topics)}."


def child_voice_parts(
    session: Session,
    previous: Session | None = None,
    meeting: MeetingSheets | None = None,
) -> list[str]:
    """*Barnets röst* as paragraphs: the starred answers, the grid, the day and
    its wishes, what would help (a paragraph of its own, never mixed with the
    wishes), the meeting (given the session's meeting sheets), and what changed
    since the earlier session."""
    sections = voice_sections(session, meeting)
    parts: list[str] = []
    starred = starred_sentences(session)
    if starred:
        parts.append(f"{STARRED_TITLE}: " + " ".join(starred))
    by_title = {s.title: s for s in sections}
    grid = by_title.get("Det här är jag bra på")
    day = [
        s
        for s in sections
        if s is not grid and s.title not in (MEETING_TITLE, STARRED_TITLE, HELP_TITLE)
    ]
    if grid:
        parts.append(" ".join(grid.sentences))
    if day:
        parts.append(" ".join(line for s in day for line in s.sentences))
    if HELP_TITLE in by_title:
        parts.append(" ".join(by_title[HELP_TITLE].sentences))
    if MEETING_TITLE in by_title:
        parts.append(" ".join(by_title[MEETING_TITLE].sentences))
    if not parts:
        parts.append(EMPTY)
    on_behalf = counsellor_sentence(session)
    if on_behalf:
        parts.append(on_behalf)
    if previous is not None:
        parts.append(follow_up_sentence(session, previous))
    return parts


def child_voice(
    session: Session,
    previous: Session | None = None,
    meeting: MeetingSheets | None = None,
) -> str:
    """*Barnets röst* as one text: paragraphs separated by a blank line."""
    return "\n\n".join(child_voice_parts(session, previous, meeting))


def prompt_title(prompt_id: str) -> str:
    """A prompt's answer in a few words, for tables ("Vill träffa oftare")."""
    prompt = PROMPTS_BY_ID[prompt_id]
    return prompt.heading or prompt.text


def level_label(level: Level) -> str:
    """The booklet's name of a level ("Är tråkigt/svårt")."""
    return LEVELS[level].label


# --- the child's answers a plan point may cite --------------------------------


@dataclass(frozen=True)
class CitedAnswer:
    """One answer of the child a plan point can respond to."""

    key: str
    """``grid:<item>`` or ``day:<prompt>`` (as in ``Session.private``)."""
    pictogram: str
    text: str
    """In Swedish (the case file's words): "Rastaktiviteter: Gillar inte alls"."""


def citable_answers(session: Session) -> list[CitedAnswer]:
    """The answers of a session a plan point may cite: starred ones first, then
    the grid in booklet order, then the day's prompts; never a *bara för mig*
    answer (a plan is shared)."""
    shown = without_private(session)
    own = _custom(shown.grid.custom_items)
    out: list[CitedAnswer] = []
    for item_id, _label, pictogram, _own in grid_rows(shown.grid):
        levels = shown.grid.levels(item_id)
        if levels:
            words = ", ".join(LEVELS[lv].label for lv in levels)
            out.append(
                CitedAnswer(
                    grid_answer_key(item_id),
                    pictogram,
                    f"{item_label(item_id, own)}: {words}",
                )
            )
    day_own = _custom(shown.day.custom_items)
    for prompt in DAY_PROMPTS:
        answer = shown.day.answer(prompt.id)
        if prompt.kind is PromptKind.TIMELINE or not answer.picks:
            continue
        picks = ", ".join(mid_sentence(item_label(p, day_own)) for p in answer.picks)
        out.append(
            CitedAnswer(
                day_answer_key(prompt.id),
                item_pictogram(answer.picks[0], day_own),
                f"{prompt.heading}: {picks}",
            )
        )
    starred = {k: n for n, k in enumerate(shown.starred)}
    return sorted(out, key=lambda a: starred.get(a.key, len(starred)))


def cited_texts(session: Session | None, keys: Sequence[str]) -> list[str]:
    """The words of the cited answers that the session still holds (an answer
    since made private or changed away is left out)."""
    if session is None:
        return []
    by_key = {a.key: a.text for a in citable_answers(session)}
    return [by_key[k] for k in keys if k in by_key]


def plan_lines(
    plan: Plan, session: Session, previous: Session | None = None
) -> list[str]:
    """The plan for the case file's text, in Swedish: goals, coordinator, and
    each point with the child's answers it responds to (as given last time when
    this is a follow-up: the plan was made from them) and its child version."""
    from app.domain.catalog import PLAN_OWNERS

    lines: list[str] = []
    if plan.goal:
        lines.append(f"Långsiktigt mål: {plan.goal}")
    lines += [f"Delmål: {g}" for g in plan.sub_goals]
    if plan.coordinator:
        lines.append(f"Samordnare: {plan.coordinator}")
    for point in plan.points:
        title = PLAN_OWNERS[point.owner].title
        who = f"{point.who}: " if point.who else ""
        lines.append(f"{title}: {who}{point.text} ({STATUS_LABELS[point.status]})")
        for text in cited_texts(previous or session, point.answers):
            lines.append(f"  Svarar på barnets svar: {text}")
        if point.child_text:
            lines.append(f"  Barnets version: {point.child_text}")
        rating = session.evaluations.get(point.id)
        if rating is not None:
            lines.append(f"  {SUBJECT}s utvärdering: {EVALUATION_LABELS[rating]}")
    return lines
