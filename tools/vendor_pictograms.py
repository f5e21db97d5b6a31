#!/usr/bin/env python3
"""Vendor the app's pictograms into ``assets/pictograms/``.

Reproducible: fetches *pinned* npm packages with ``npm pack``, checks each
tarball against a hard-coded sha512 integrity, builds one SVG per pictogram id
(single glyphs or composites of 2–5 glyphs on a square canvas), renders PNGs
at 512 and 128 px with resvg, and writes ``index.json``, ``LICENSES/`` and
``ATTRIBUTION.md``.  Running it twice gives byte-identical output.

Usage (tool-only venv, see tools/requirements-vendor.txt; needs ``npm``):

    python3 -m venv /tmp/vendorvenv
    /tmp/vendorvenv/bin/pip install -r tools/requirements-vendor.txt
    /tmp/vendorvenv/bin/python tools/vendor_pictograms.py

Options: ``--out DIR`` (default assets/pictograms), ``--ids a,b`` (render only
these ids into a scratch dir, for tuning composites), ``--check`` (build into a
temp dir and compare with the committed output; exit 1 on any difference).

Sources (see ATTRIBUTION.md that this script writes):
* Fluent Emoji Flat, © Microsoft Corporation, MIT — primary set, via the
  Iconify JSON package ``@iconify-json/fluent-emoji-flat``.
* Twemoji graphics, © Twitter, Inc and other contributors, CC BY 4.0 — only
  where Fluent Flat has no glyph (flags, people holding hands), via
  ``@discordapp/twemoji``.
"""

# The PICTOGRAMS mapping table below is data, kept one entry per line (fmt: off).
# ruff: noqa: E501

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# --------------------------------------------------------------------------
# Pinned packages. To update: `npm view <name>@<version> dist.integrity`,
# paste the value here, re-run, LOOK at the contact sheet, commit.
# --------------------------------------------------------------------------
FLUENT = "fluent-emoji-flat"
TWEMOJI = "twemoji"

PACKAGES = {
    FLUENT: {
        "npm": "@iconify-json/fluent-emoji-flat",
        "version": "1.2.6",
        "integrity": "sha512-RY47RgPb47fYUiyrA64sIOL0+UU02s29sXpNBbIQRBUlPlfNFTKUmZDERGuxDs/7yNGWqQYvuaSYM1M4fRXlUw==",
        "title": "Fluent Emoji Flat",
        "licence": "MIT",
        "copyright": "Copyright (c) Microsoft Corporation.",
        "copyright_short": "© Microsoft Corporation",
        "upstream": "https://github.com/microsoft/fluentui-emoji",
        "licence_file": "LICENSES/MIT-fluent-emoji.txt",
    },
    TWEMOJI: {
        "npm": "@discordapp/twemoji",
        "version": "16.0.1",
        "integrity": "sha512-figLiBWzjS5cyrAjLaGjM8AAaowO3qvK8rg5bA2dElB4qsaPMvBVlFDMO2d3x+nC1igt7kgWH4dvNmvvUHUF8w==",
        "title": "Twemoji",
        "licence": "CC-BY-4.0",
        "copyright": (
            "Copyright (c) 2014–2021 Twitter, Inc and other contributors; "
            "Copyright (c) 2022–present Jason Sofonia & Justine De Caires"
        ),
        "copyright_short": "© Twitter, Inc and other contributors",
        "upstream": "https://github.com/discord/twemoji",
        "licence_file": "LICENSES/CC-BY-4.0.txt",
    },
}

SIZES = (128, 512)
CANVAS = 100  # composite canvas is CANVAS x CANVAS user units
CATEGORIES = (
    "activity",
    "school",
    "place",
    "person",
    "routine",
    "feeling",
    "rating",
    "ui",
)

# --------------------------------------------------------------------------
# Mapping table.
#
# A glyph reference is "name" (Fluent Emoji Flat, Iconify name) or
# "twemoji:<codepoints>" (file name in twemoji dist/svg without .svg).
# `glyphs` is either one reference (used full-size, as is) or a list of
# placements (ref, x, y, size[, "flip"]) on a 100 x 100 canvas, drawn in
# order (later ones on top).  "flip" mirrors the glyph horizontally.
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Pic:
    id: str
    category: str
    sv: str
    en: str
    glyphs: object
    fit: str = "good"


G, A = "good", "approximate"

# fmt: off
PICTOGRAMS: list[Pic] = [
    # --- Booklet grid ("Vad gör du i skolan?"), in booklet order -------------
    Pic("wake_up", "school", "Gå upp på morgonen", "Getting up in the morning", "alarm-clock"),
    Pic("make_up_stories", "school", "Hitta på historier", "Making up stories",
        [("child", 0, 30, 70), ("thought-balloon", 40, -2, 62)], A),
    Pic("social_studies", "school", "SO", "Social studies",
        [("globe-showing-europe-africa", 0, 0, 66), ("classical-building", 46, 46, 54)], A),
    Pic("pe", "school", "Idrott", "PE", "person-cartwheeling"),
    Pic("invent_games", "school", "Hitta på lekar", "Making up games", "game-die", A),
    Pic("break_activities", "school", "Rastaktiviteter", "Break-time activities",
        [("child", 0, 30, 70), ("flying-disc", 52, 0, 46), ("yo-yo", 60, 52, 40)], A),
    Pic("writing", "school", "Skriver", "Writing", "writing-hand"),
    Pic("talk_adults", "school", "Prata med vuxna på skolan", "Talking to adults at school",
        [("teacher", -2, 22, 78), ("speech-balloon", 50, 0, 50)], A),
    Pic("group_work", "school", "Grupparbete", "Group work",
        [("girl", -4, 0, 46), ("boy", 58, 0, 46), ("memo", 26, 30, 48), ("child", 27, 58, 46)]),
    Pic("english", "school", "Engelska", "English", "twemoji:1f1ec-1f1e7"),
    Pic("speak_in_class", "school", "Prata inför klassen", "Speaking in front of the class",
        [("child", 26, 0, 52), ("speech-balloon", 70, 0, 30), ("girl", -2, 60, 40), ("boy", 30, 62, 40), ("child", 62, 60, 40)]),
    Pic("science", "school", "NO", "Science",
        [("seedling", 0, 34, 62), ("magnifying-glass-tilted-left", 34, 0, 66)]),
    Pic("maths", "school", "Matte", "Maths", "input-numbers"),
    Pic("music", "school", "Musik", "Music", "musical-note"),
    Pic("computer_work", "school", "Jobba på datorn", "Working on the computer", "laptop"),
    Pic("free_play", "school", "Fri lek på rasten", "Free play at break", "kite", A),
    Pic("sports_break", "school", "Sporter på rasten", "Sports at break", "soccer-ball"),
    Pic("computer_games", "school", "Spela på datorn", "Playing on the computer", "video-game"),
    Pic("talk_classmates", "school", "Prata med klasskompisar", "Talking with classmates",
        [("child", -2, 34, 62), ("child", 40, 34, 62, "flip"), ("speech-balloon", 27, 0, 46)]),
    Pic("answer_questions", "school", "Svara på frågor", "Answering questions", "person-raising-hand"),
    Pic("school_lunch", "school", "Skolmaten", "School lunch",
        [("spaghetti", 0, 0, 72), ("school", 52, 52, 48)]),
    Pic("homework", "school", "Läxor", "Homework",
        [("memo", 0, 0, 74), ("house", 48, 48, 52)]),
    Pic("crafts", "school", "Slöjd", "Crafts (sloyd)",
        [("carpentry-saw", 0, 0, 66), ("thread", 42, 42, 58)]),
    Pic("reading", "school", "Läsa", "Reading", "open-book"),
    Pic("drawing", "school", "Rita/måla", "Drawing/painting", "artist-palette"),
    Pic("getting_to_school", "school", "Ta mig till skolan", "Getting to school",
        [("person-walking-facing-right", -8, 4, 86), ("school", 46, 42, 56)]),
    Pic("photo_film", "school", "Ta kort/filma", "Taking photos/filming", "camera-with-flash"),
    Pic("cooking", "school", "Laga mat", "Cooking", "cook"),
    Pic("helping", "school", "Hjälpa andra", "Helping others", "handshake", A),
    Pic("mischief", "school", "Busa", "Messing about", "zany-face"),
    Pic("playing", "school", "Leka", "Playing", "teddy-bear", A),
    Pic("planning", "school", "Planera saker", "Planning things", "spiral-calendar"),
    Pic("listen_teacher", "school", "Lyssna på genomgångar", "Listening to the teacher explain",
        [("teacher", 0, 0, 74), ("ear", 52, 46, 52)], A),
    Pic("school_film", "school", "Se på film i skolan", "Watching films at school", "film-projector"),
    Pic("something_else", "ui", "Något annat?", "Something else?", "plus"),

    # --- Daily routine -------------------------------------------------------
    Pic("get_up", "routine", "Gå upp", "Get up", "alarm-clock"),
    Pic("breakfast", "routine", "Frukost", "Breakfast", "bowl-with-spoon"),
    Pic("brush_teeth", "routine", "Borsta tänderna", "Brush my teeth", "toothbrush"),
    Pic("get_dressed", "routine", "Klä på mig", "Get dressed", "t-shirt"),
    Pic("walk_to_school", "routine", "Gå till skolan", "Walk to school", "person-walking"),
    Pic("bus_to_school", "routine", "Åka buss", "Take the bus", "bus"),
    Pic("bike_to_school", "routine", "Cykla", "Cycle", "bicycle"),
    Pic("car_to_school", "routine", "Åka bil", "Go by car", "automobile"),
    Pic("lessons", "routine", "Lektion", "Lesson",
        [("books", 0, 44, 56), ("woman-teacher", 30, 0, 70, "flip")]),
    Pic("school_break", "routine", "Rast", "Break",
        [("playground-slide", 0, 22, 78), ("bell", 60, 0, 40)]),
    Pic("lunch", "routine", "Lunch", "Lunch", "sandwich"),
    Pic("after_school", "routine", "Fritids", "After-school club",
        [("house", 0, 26, 74), ("kite", 46, 0, 54)], A),
    Pic("homework_time", "routine", "Läxor", "Homework",
        [("memo", 0, 0, 74), ("house", 48, 48, 52)]),
    Pic("screen_time", "routine", "Mobil/surfplatta", "Phone/tablet", "mobile-phone"),
    Pic("sport_club", "routine", "Träning", "Training",
        [("soccer-ball", 0, 0, 72), ("stopwatch", 48, 48, 52)], A),
    Pic("play_outside", "routine", "Leka ute", "Play outside",
        [("evergreen-tree", 0, 26, 74), ("kite", 46, 0, 54)]),
    Pic("dinner", "routine", "Middag", "Dinner", "fork-and-knife-with-plate"),
    Pic("tv", "routine", "Titta på TV", "Watch TV", "television"),
    Pic("computer_games_home", "routine", "Spela", "Play games", "video-game"),
    Pic("shower", "routine", "Duscha/bada", "Shower/bath", "shower"),
    Pic("go_to_bed", "routine", "Gå och lägga mig", "Go to bed", "person-in-bed"),
    Pic("sleep", "routine", "Sova", "Sleep", "sleeping-face"),

    # --- Places --------------------------------------------------------------
    Pic("home", "place", "Hemma", "Home", "house"),
    Pic("my_room", "place", "Mitt rum", "My room", "bed"),
    Pic("school_place", "place", "Skolan", "School", "school"),
    Pic("classroom", "place", "Klassrummet", "The classroom",
        [("school", 0, 0, 66), ("chair", 40, 34, 66)], A),
    Pic("schoolyard", "place", "Skolgården", "The schoolyard",
        [("school", 0, 0, 82), ("deciduous-tree", 62, 44, 38), ("playground-slide", 0, 60, 40)]),
    Pic("grandparents_home", "place", "Hos mormor/morfar/farmor/farfar", "At my grandparents'",
        [("house-with-garden", 0, 0, 72), ("older-person", 48, 46, 54)], A),
    Pic("friends_home", "place", "Hos en kompis", "At a friend's",
        [("house", 0, 0, 72), ("twemoji:1f9d1-200d-1f91d-200d-1f9d1", 46, 44, 56)]),
    Pic("other_parent_home", "place", "Hos min andra förälder", "At my other parent's",
        [("house", -2, 0, 52), ("left-right-arrow", 30, 34, 40), ("house", 50, 48, 52)], A),
    Pic("park", "place", "Parken", "The park",
        [("deciduous-tree", 0, 0, 70), ("fountain", 44, 42, 58)]),
    Pic("shop", "place", "Affären", "The shop", "shopping-cart"),
    Pic("sports_hall", "place", "Idrottshallen", "The sports hall",
        [("person-bouncing-ball", 0, 0, 76), ("basketball", 58, 56, 42)], A),
    Pic("library", "place", "Biblioteket", "The library", "books"),
    Pic("youth_centre", "place", "Fritidsgården", "The youth centre", "ping-pong", A),
    Pic("outdoors", "place", "Ute/i skogen", "Outdoors/in the forest",
        [("evergreen-tree", -8, 6, 62), ("evergreen-tree", 46, 6, 62), ("evergreen-tree", 16, 34, 68)]),
    Pic("car", "place", "I bilen", "In the car", "automobile"),
    Pic("bus", "place", "På bussen", "On the bus", "bus"),

    # --- People --------------------------------------------------------------
    Pic("mum", "person", "Mamma", "Mum", "woman"),
    Pic("dad", "person", "Pappa", "Dad", "man"),
    Pic("sibling", "person", "Syskon", "Brother or sister",
        [("girl", -2, 14, 64), ("boy", 38, 22, 64)]),
    Pic("grandparent", "person", "Mormor/morfar/farmor/farfar", "Grandparent",
        [("old-woman", -4, 14, 64), ("old-man", 40, 14, 64)]),
    Pic("friend", "person", "Kompis", "Friend", "twemoji:1f9d1-200d-1f91d-200d-1f9d1"),
    Pic("classmates", "person", "Klasskompisar", "Classmates",
        [("girl", -6, 20, 52), ("boy", 54, 20, 52), ("child", 22, 6, 56), ("backpack", 30, 60, 40)]),
    Pic("teacher", "person", "Lärare", "Teacher", "teacher"),
    Pic("counsellor", "person", "Kurator", "School counsellor",
        [("woman-office-worker", -6, 16, 86), ("speech-balloon", 52, 0, 48)], A),
    Pic("school_nurse", "person", "Skolsköterska", "School nurse", "health-worker"),
    Pic("coach", "person", "Tränare", "Coach",
        [("person", -2, 4, 72), ("stopwatch", 60, 2, 40), ("soccer-ball", 52, 54, 46)], A),
    Pic("relative", "person", "Släkting", "Relative",
        [("woman", -4, 0, 58), ("man", 46, 0, 58), ("child", 23, 40, 58)], A),
    Pic("pet", "person", "Husdjur", "Pet", "dog-face"),
    Pic("nobody", "person", "Ingen/ensam", "Nobody/alone", "person-standing", A),
    Pic("social_worker", "person", "Socialsekreterare", "Social worker",
        [("man-office-worker", 24, 0, 80), ("house", -2, 44, 56)], A),
    Pic("doctor", "person", "Läkare/BUP", "Doctor/CAMHS", "stethoscope", A),

    # --- Rating scale --------------------------------------------------------
    Pic("good_at", "rating", "Bra på", "Good at", "flexed-biceps"),
    Pic("fun", "rating", "Roligt", "Fun",
        [("grinning-face-with-smiling-eyes", 0, 20, 80), ("party-popper", 52, 0, 48)]),
    Pic("boring_hard", "rating", "Är tråkigt/svårt", "Boring/hard", "weary-face"),
    Pic("dislike", "rating", "Gillar inte alls", "Don't like at all",
        [("thumbs-down", 0, 0, 70), ("confounded-face", 46, 46, 54)]),

    # --- Feelings ------------------------------------------------------------
    Pic("happy", "feeling", "Glad", "Happy", "grinning-face"),
    Pic("sad", "feeling", "Ledsen", "Sad", "crying-face"),
    Pic("worried", "feeling", "Orolig", "Worried", "worried-face"),
    Pic("angry", "feeling", "Arg", "Angry", "angry-face"),
    Pic("tired", "feeling", "Trött", "Tired", "yawning-face"),
    Pic("calm", "feeling", "Lugn", "Calm", "relieved-face"),

    # --- UI ------------------------------------------------------------------
    Pic("dont_know", "ui", "Vet inte", "Don't know", "person-shrugging"),
    Pic("no_answer", "ui", "Vill inte svara", "Don't want to answer", "zipper-mouth-face"),
    Pic("private", "ui", "Bara för mig", "Just for me", "locked"),
    Pic("done", "ui", "Klar", "Done", "check-mark-button"),
    Pic("more_often", "ui", "Oftare", "More often",
        [("up-arrow", 0, 16, 68), ("plus", 62, 30, 40)], A),
    Pic("less_often", "ui", "Mindre ofta", "Less often",
        [("down-arrow", 0, 16, 68), ("minus", 62, 30, 40)], A),
    Pic("wish", "ui", "Vill", "Want", "shooting-star", A),
    Pic("meeting", "ui", "Möte", "Meeting",
        [("woman-teacher", -4, 30, 62), ("man-office-worker", 42, 30, 62, "flip"), ("speech-balloon", 26, 0, 46)]),
    Pic("participants", "ui", "Vuxna på mötet", "Adults at the meeting",
        [("woman", -6, 8, 50), ("man-teacher", 52, 8, 50), ("health-worker", 24, 46, 54)]),
    Pic("parents", "person", "Föräldrar", "Parents",
        [("woman", -2, -2, 62), ("man", 40, 38, 62)]),
    Pic("you", "person", "Du", "You", "child"),
    Pic("other_adults", "person", "Andra vuxna", "Other adults",
        [("woman-health-worker", -4, 0, 56), ("man-office-worker", 48, 0, 56), ("woman-teacher", 22, 44, 56)]),
    Pic("plan", "ui", "Plan", "Plan", "clipboard"),
    Pic("listened_yes", "ui", "Ja", "Yes", "thumbs-up"),
    Pic("listened_some", "ui", "Lite", "A little", "pinching-hand"),
    Pic("listened_no", "ui", "Nej", "No", "thumbs-down"),
    Pic("clock", "ui", "Klockan", "Time", "three-oclock"),

    # --- Kinds of help (the fourth question of each column, issue #16) --------
    Pic("help_adult", "ui", "En vuxen som hjälper mig", "A grown-up who helps me",
        [("woman", 0, 0, 66), ("open-hands", 38, 46, 58)], A),
    Pic("help_company", "ui", "Någon som är med mig", "Someone with me",
        [("girl", -2, 20, 60), ("boy", 42, 20, 60)], A),
    Pic("help_place", "ui", "En egen plats", "A place of my own",
        [("chair", 4, 22, 74), ("round-pushpin", 54, 0, 46)], A),
    Pic("help_quiet", "ui", "En lugn plats", "A quiet place",
        [("couch-and-lamp", -2, 24, 76), ("muted-speaker", 56, 0, 44)], A),
    Pic("help_more_time", "ui", "Mer tid", "More time",
        [("hourglass-not-done", 0, 14, 70), ("plus", 62, 30, 40)]),
    Pic("help_less_time", "ui", "Kortare tid", "Less time",
        [("stopwatch", 0, 14, 70), ("minus", 62, 30, 40)], A),
    Pic("help_break", "ui", "Pauser", "Breaks", "pause-button", A),
    Pic("help_know", "ui", "Veta vad som ska hända", "Knowing what will happen",
        "spiral-calendar", A),
]
# fmt: on

# The 35 booklet-grid ids, used for the size budget report.
GRID_IDS = [p.id for p in PICTOGRAMS[:35]]

# --------------------------------------------------------------------------
# Implementation
# --------------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "assets" / "pictograms"
SVG_NS = "http://www.w3.org/2000/svg"


class VendorError(RuntimeError):
    pass


@dataclass
class Glyph:
    set: str  # FLUENT or TWEMOJI
    name: str
    view_box: tuple[float, float, float, float]
    body: str

    @property
    def ref(self) -> str:
        return f"{self.set}:{self.name}"


@dataclass
class Sources:
    fluent_icons: dict
    fluent_default_w: float
    fluent_default_h: float
    twemoji_svgs: dict[str, str] = field(default_factory=dict)
    twemoji_package_licence: str = ""


def npm_pack(key: str, dest: Path) -> Path:
    """`npm pack` a pinned package into dest and verify its sha512 integrity."""
    pkg = PACKAGES[key]
    spec = f"{pkg['npm']}@{pkg['version']}"
    proc = subprocess.run(
        ["npm", "pack", spec, "--pack-destination", str(dest), "--json", "--silent"],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise VendorError(f"npm pack {spec} failed:\n{proc.stderr}")
    info = json.loads(proc.stdout)
    tarball = dest / info[0]["filename"]
    algo, expected = pkg["integrity"].split("-", 1)
    digest = base64.b64encode(hashlib.new(algo, tarball.read_bytes()).digest()).decode()
    if digest != expected:
        raise VendorError(
            f"integrity mismatch for {spec}: "
            f"expected {pkg['integrity']}, got {algo}-{digest}"
        )
    print(f"  {spec}: {algo}-{digest[:16]}… ok", file=sys.stderr)
    return tarball


def _member(tf: tarfile.TarFile, path: str) -> bytes:
    try:
        f = tf.extractfile(path)
    except KeyError:
        f = None
    if f is None:
        raise VendorError(f"{path} not found in {tf.name}")
    return f.read()


def all_refs() -> list[str]:
    refs: list[str] = []
    for p in PICTOGRAMS:
        for ref, *_ in placements(p):
            if ref not in refs:
                refs.append(ref)
    return refs


def parse_ref(ref: str) -> tuple[str, str]:
    if ref.startswith(TWEMOJI + ":"):
        return TWEMOJI, ref.split(":", 1)[1]
    if ref.startswith(FLUENT + ":"):
        return FLUENT, ref.split(":", 1)[1]
    return FLUENT, ref


def load_sources(workdir: Path) -> Sources:
    print("Fetching pinned packages:", file=sys.stderr)
    fluent_tgz = npm_pack(FLUENT, workdir)
    twemoji_tgz = npm_pack(TWEMOJI, workdir)

    with tarfile.open(fluent_tgz) as tf:
        icons = json.loads(_member(tf, "package/icons.json"))
        pkg_json = json.loads(_member(tf, "package/package.json"))
        info = json.loads(_member(tf, "package/info.json"))
    if pkg_json["version"] != PACKAGES[FLUENT]["version"]:
        raise VendorError("fluent package version mismatch")
    # The licence/copyright we write must still be what the package declares.
    if (
        info["license"]["spdx"] != "MIT"
        or info["author"]["name"] != "Microsoft Corporation"
    ):
        raise VendorError(
            f"fluent package licence/author changed: {info['license']} {info['author']}"
        )
    src = Sources(icons, float(icons.get("width", 16)), float(icons.get("height", 16)))

    wanted = sorted({parse_ref(r)[1] for r in all_refs() if parse_ref(r)[0] == TWEMOJI})
    with tarfile.open(twemoji_tgz) as tf:
        names = set(tf.getnames())
        for name in wanted:  # missing ones are reported together, in build()
            if f"package/dist/svg/{name}.svg" in names:
                data = _member(tf, f"package/dist/svg/{name}.svg")
                src.twemoji_svgs[name] = data.decode("utf-8")
        src.twemoji_package_licence = _member(tf, "package/LICENSE").decode("utf-8")
        tw_pkg = json.loads(_member(tf, "package/package.json"))
    if (
        tw_pkg["version"] != PACKAGES[TWEMOJI]["version"]
        or "CC-BY-4.0" not in tw_pkg["license"]
    ):
        raise VendorError(
            "twemoji package version/licence changed: "
            f"{tw_pkg['version']} {tw_pkg['license']}"
        )
    for holder in ("Twitter", "Jason Sofonia & Justine De Caires"):
        if holder not in src.twemoji_package_licence:
            raise VendorError(
                f"twemoji LICENSE no longer names {holder!r}; update PACKAGES copyright"
            )
    return src


def get_glyph(src: Sources, ref: str) -> Glyph:
    gset, name = parse_ref(ref)
    if gset == FLUENT:
        icon = src.fluent_icons["icons"].get(name)
        if icon is None:
            alias = src.fluent_icons.get("aliases", {}).get(name)
            hint = (
                f" (it is an alias of {alias['parent']!r}; use that)" if alias else ""
            )
            raise VendorError(
                f"glyph {name!r} missing from {PACKAGES[FLUENT]['npm']}{hint}"
            )
        w = float(icon.get("width", src.fluent_default_w))
        h = float(icon.get("height", src.fluent_default_h))
        left = float(icon.get("left", 0))
        top = float(icon.get("top", 0))
        body = icon["body"]
        if icon.get("hFlip") or icon.get("vFlip") or icon.get("rotate"):
            raise VendorError(f"transformed Iconify icon {name!r} not supported")
        return Glyph(FLUENT, name, (left, top, w, h), body)
    text = src.twemoji_svgs.get(name)
    if text is None:
        raise VendorError(f"glyph {name!r} missing from {PACKAGES[TWEMOJI]['npm']}")
    m = re.fullmatch(r"\s*<svg\b([^>]*)>(.*)</svg>\s*", text, re.S)
    if not m:
        raise VendorError(f"cannot parse twemoji svg {name}")
    vb = re.search(r'viewBox="([^"]+)"', m.group(1))
    if not vb:
        raise VendorError(f"twemoji svg {name} has no viewBox")
    x, y, w, h = (float(v) for v in vb.group(1).replace(",", " ").split())
    return Glyph(TWEMOJI, name, (x, y, w, h), m.group(2))


def placements(p: Pic) -> list[tuple]:
    if isinstance(p.glyphs, str):
        return [(p.glyphs, 0, 0, CANVAS)]
    return [tuple(pl) for pl in p.glyphs]


def fmt(v: float) -> str:
    s = f"{v:.3f}".rstrip("0").rstrip(".")
    return s if s not in ("-0", "") else "0"


def namespace_ids(body: str, prefix: str) -> str:
    """Prefix element ids (and their references) so glyphs can share a document."""
    ids = set(re.findall(r'\bid="([^"]+)"', body))
    for i in sorted(ids, key=len, reverse=True):
        body = re.sub(rf'\bid="{re.escape(i)}"', f'id="{prefix}{i}"', body)
        body = re.sub(rf"url\(\s*#{re.escape(i)}\s*\)", f"url(#{prefix}{i})", body)
        body = re.sub(
            rf'(xlink:)?href="#{re.escape(i)}"', rf'\1href="#{prefix}{i}"', body
        )
    return body


def build_svg(p: Pic, src: Sources) -> tuple[str, list[Glyph]]:
    pls = placements(p)
    glyphs = [get_glyph(src, pl[0]) for pl in pls]
    by_set: dict[str, list[str]] = {}
    for pl, g in zip(pls, glyphs, strict=True):
        by_set.setdefault(g.set, []).append(
            g.name + (" (mirrored)" if "flip" in pl[4:] else "")
        )
    notes = [
        f"{PACKAGES[k]['title']}, {PACKAGES[k]['copyright_short']}, "
        f"{PACKAGES[k]['licence']}: {', '.join(v)}"
        for k, v in by_set.items()
    ]
    header = f'<svg xmlns="{SVG_NS}" viewBox="0 0 {CANVAS} {CANVAS}">'
    comment = "<!-- " + p.id + " — " + "; ".join(notes) + "."
    if len(glyphs) > 1:
        comment += " Composite by Min röst: glyphs scaled and positioned on one canvas."
    comment += " See ATTRIBUTION.md. -->"
    parts = [header, comment]
    for idx, (pl, g) in enumerate(zip(pls, glyphs, strict=True)):
        _ref, x, y, size, *opts = pl
        unknown = set(opts) - {"flip"}
        if unknown:
            raise VendorError(f"{p.id}: unknown placement option(s) {unknown}")
        vx, vy, vw, vh = g.view_box
        body = namespace_ids(g.body, f"{p.id}-{idx}-")
        if "flip" in opts:
            body = f'<g transform="matrix(-1 0 0 1 {fmt(2 * vx + vw)} 0)">{body}</g>'
        parts.append(
            f'<svg x="{fmt(x)}" y="{fmt(y)}" width="{fmt(size)}" height="{fmt(size)}" '
            f'viewBox="{fmt(vx)} {fmt(vy)} {fmt(vw)} {fmt(vh)}">{body}</svg>'
        )
    parts.append("</svg>\n")
    return "\n".join(parts), glyphs


def render_png(svg: str, size: int) -> bytes:
    import resvg_py
    from PIL import Image

    raw = resvg_py.svg_to_bytes(svg_string=svg, width=size, height=size)
    if isinstance(raw, str):  # very old resvg-py returned base64 text
        raw = base64.b64decode(raw)
    im = Image.open(io.BytesIO(bytes(raw)))
    im.load()
    if im.size != (size, size):
        raise VendorError(f"resvg rendered {im.size}, expected {size}x{size}")
    im = im.convert("RGBA")
    out = io.BytesIO()
    # No pnginfo / no timestamps: output depends only on the pixels.
    im.save(out, format="PNG", optimize=True)
    return out.getvalue()


def licence_of(glyphs: list[Glyph]) -> str:
    sets = {g.set for g in glyphs}
    if sets == {FLUENT}:
        return "MIT"
    if sets == {TWEMOJI}:
        return "CC-BY-4.0"
    return "MIT AND CC-BY-4.0"


def validate() -> None:
    ids = [p.id for p in PICTOGRAMS]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        raise VendorError(f"duplicate ids: {sorted(dupes)}")
    for p in PICTOGRAMS:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", p.id):
            raise VendorError(f"bad id {p.id!r}")
        if p.category not in CATEGORIES:
            raise VendorError(f"{p.id}: bad category {p.category!r}")
        if p.fit not in (G, A):
            raise VendorError(f"{p.id}: bad fit {p.fit!r}")
        pls = placements(p)
        if not 1 <= len(pls) <= 5:
            raise VendorError(f"{p.id}: 1–5 glyphs allowed, got {len(pls)}")


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def build(out: Path, only: set[str] | None = None) -> None:
    validate()
    with tempfile.TemporaryDirectory(prefix="vendor-pictograms-") as tmp:
        src = load_sources(Path(tmp))

    # Fail loudly on any missing glyph before writing anything.
    missing = []
    for ref in all_refs():
        try:
            get_glyph(src, ref)
        except VendorError as e:
            missing.append(str(e))
    if missing:
        raise VendorError("missing glyphs:\n  " + "\n  ".join(missing))

    pics = [p for p in PICTOGRAMS if only is None or p.id in only]
    for sub in ("svg", "png", "LICENSES"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
    entries = []
    for p in pics:
        svg, glyphs = build_svg(p, src)
        write_text(out / "svg" / f"{p.id}.svg", svg)
        for size in SIZES:
            dest = out / "png" / str(size) / f"{p.id}.png"
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(render_png(svg, size))
        entries.append(
            {
                "id": p.id,
                "category": p.category,
                "label": {"sv": p.sv, "en": p.en},
                "source": "composite" if len(glyphs) > 1 else glyphs[0].set,
                "glyphs": [g.ref for g in glyphs],
                "licence": licence_of(glyphs),
                "fit": p.fit,
            }
        )
    index = {"version": 1, "sizes": sorted(SIZES), "pictograms": entries}
    write_text(
        out / "index.json", json.dumps(index, ensure_ascii=False, indent=2) + "\n"
    )
    write_text(out / PACKAGES[FLUENT]["licence_file"], FLUENT_MIT_LICENCE)
    write_text(out / PACKAGES[TWEMOJI]["licence_file"], CC_BY_4_0_LEGALCODE)
    write_text(out / "ATTRIBUTION.md", attribution(entries))
    print(f"wrote {len(entries)} pictograms to {out}", file=sys.stderr)


def attribution(entries: list[dict]) -> str:
    f, t = PACKAGES[FLUENT], PACKAGES[TWEMOJI]

    def ids(pred) -> str:
        sel = [e["id"] for e in entries if pred(e)]
        return ", ".join(f"`{i}`" for i in sel) if sel else "—"

    fluent_only = ids(lambda e: e["licence"] == "MIT" and e["source"] != "composite")
    fluent_comp = ids(lambda e: e["licence"] == "MIT" and e["source"] == "composite")
    tw_only = ids(lambda e: e["licence"] == "CC-BY-4.0")
    mixed = ids(lambda e: e["licence"] == "MIT AND CC-BY-4.0")
    tw_names = sorted(
        {
            g.split(":", 1)[1]
            for e in entries
            for g in e["glyphs"]
            if g.startswith(TWEMOJI + ":")
        }
    )
    tw_glyph_list = ", ".join(f"`{n}`" for n in tw_names) or "—"
    return f"""# Attribution / Upphov

Generated by `tools/vendor_pictograms.py` — do not edit by hand.
Genererad av `tools/vendor_pictograms.py` — redigera inte för hand.

## Svenska

Bildstöden (piktogrammen) i `assets/pictograms/` kommer från två fria
emojiuppsättningar. Varje bilds källa och licens står också i `index.json`
(fälten `source`, `glyphs` och `licence`).

### 1. {f["title"]} — MIT

- Upphovsrättsnotis: {f["copyright"]}
- Licens: MIT, se [`{f["licence_file"]}`]({f["licence_file"]}).
- Källa: {f["upstream"]}
  (hämtad som npm-paketet `{f["npm"]}@{f["version"]}`, Iconify-format).
- Bilder som bara använder denna uppsättning, oförändrade (endast omslagna i en
  ny `<svg>` och renderade till PNG): {fluent_only}
- Sammansatta bilder (två eller tre Fluent-symboler skalade, placerade och
  ibland spegelvända på samma yta): {fluent_comp}

### 2. {t["title"]} — CC BY 4.0

- Upphovsrättsnotis: {t["copyright"]}
- Licens: Creative Commons Erkännande 4.0 Internationell (CC BY 4.0),
  <https://creativecommons.org/licenses/by/4.0/>, fulltext i
  [`{t["licence_file"]}`]({t["licence_file"]}). Materialet tillhandahålls i
  befintligt skick utan garantier (se avsnitt 5 i licensen).
- Källa: {t["upstream"]} (hämtad som npm-paketet `{t["npm"]}@{t["version"]}`).
- Använda Twemoji-bilder: {tw_glyph_list}
- Används bara där Fluent Emoji Flat saknar en bild. Bilder som bara använder
  Twemoji: {tw_only}
- **Ändringar:** Twemoji-grafikens former är oförändrade. De har lagts in i en
  ny kvadratisk `<svg>`-ram, i sammansatta bilder skalats ned och placerats
  tillsammans med Fluent-symboler, och renderats till PNG i 128 och 512
  pixlar. Sammansatta bilder med Twemoji-grafik (licens MIT AND CC-BY-4.0):
  {mixed}

Sammansättningen (val, skalning, placering) är gjord av projektet Min röst.

## English

The pictograms in `assets/pictograms/` come from two open emoji sets. Every
image's source and licence is also recorded in `index.json` (fields `source`,
`glyphs` and `licence`).

### 1. {f["title"]} — MIT

- Copyright notice: {f["copyright"]}
- Licence: MIT, see [`{f["licence_file"]}`]({f["licence_file"]}).
- Source: {f["upstream"]}
  (fetched as npm package `{f["npm"]}@{f["version"]}`, Iconify format).
- Images using only this set, unmodified (only re-wrapped in a new `<svg>`
  element and rendered to PNG): {fluent_only}
- Composite images (two or three Fluent glyphs scaled, positioned and in some
  cases mirrored on one canvas): {fluent_comp}

### 2. {t["title"]} — CC BY 4.0

- Copyright notice: {t["copyright"]}
- Licence: Creative Commons Attribution 4.0 International (CC BY 4.0),
  <https://creativecommons.org/licenses/by/4.0/>, full text in
  [`{t["licence_file"]}`]({t["licence_file"]}). The material is provided
  as-is, without warranties (see section 5 of the licence).
- Source: {t["upstream"]} (fetched as npm package `{t["npm"]}@{t["version"]}`).
- Twemoji graphics used: {tw_glyph_list}
- Used only where Fluent Emoji Flat has no glyph. Images using only Twemoji:
  {tw_only}
- **Changes:** the Twemoji shapes are unmodified. They were wrapped in a new
  square `<svg>` frame, in composites scaled down and placed together with
  Fluent glyphs, and rendered to PNG at 128 and 512 px. Composites containing
  Twemoji graphics (licence MIT AND CC-BY-4.0): {mixed}

The selection and arrangement (scaling, placement) was done by the Min röst
project.
"""


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--ids", help="comma-separated ids: render only these (into --out)")
    ap.add_argument(
        "--check",
        action="store_true",
        help="rebuild into a temp dir and compare with --out; exit 1 on difference",
    )
    args = ap.parse_args(argv)
    only = set(args.ids.split(",")) if args.ids else None
    if only:
        unknown = only - {p.id for p in PICTOGRAMS}
        if unknown:
            ap.error(f"unknown ids: {sorted(unknown)}")
        if args.out.resolve() == DEFAULT_OUT.resolve():
            ap.error("--ids writes a partial set; give a scratch --out directory")
    try:
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                build(Path(tmp))
                new, old = tree_bytes(Path(tmp)), tree_bytes(args.out)
                diff = sorted(
                    k for k in new.keys() | old.keys() if new.get(k) != old.get(k)
                )
                if diff:
                    print("differs:\n  " + "\n  ".join(diff), file=sys.stderr)
                    return 1
                print(f"{args.out}: up to date ({len(new)} files)", file=sys.stderr)
                return 0
        build(args.out, only)
    except VendorError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


# --------------------------------------------------------------------------
# Licence texts written to LICENSES/.
#
# Neither npm package ships these texts: the Iconify package only names the
# licence (info.json: MIT, author Microsoft Corporation, upstream LICENSE), and
# @discordapp/twemoji ships only the MIT LICENSE for its code although its
# README states the graphics are CC BY 4.0.  So: the MIT text with Microsoft's
# copyright line as in microsoft/fluentui-emoji's LICENSE, and the official
# plain-text CC BY 4.0 legal code (creativecommons.org/licenses/by/4.0/legalcode.txt,
# identical to twemoji's LICENSE-GRAPHICS).
# --------------------------------------------------------------------------

FLUENT_MIT_LICENCE = """\
Fluent Emoji (https://github.com/microsoft/fluentui-emoji)

MIT License

Copyright (c) Microsoft Corporation.

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE
"""

CC_BY_4_0_LEGALCODE = """\
Attribution 4.0 International

=======================================================================

Creative Commons Corporation ("Creative Commons") is not a law firm and
does not provide legal services or legal advice. Distribution of
Creative Commons public licenses does not create a lawyer-client or
other relationship. Creative Commons makes its licenses and related
information available on an "as-is" basis. Creative Commons gives no
warranties regarding its licenses, any material licensed under their
terms and conditions, or any related information. Creative Commons
disclaims all liability for damages resulting from their use to the
fullest extent possible.

Using Creative Commons Public Licenses

Creative Commons public licenses provide a standard set of terms and
conditions that creators and other rights holders may use to share
original works of authorship and other material subject to copyright
and certain other rights specified in the public license below. The
following considerations are for informational purposes only, are not
exhaustive, and do not form part of our licenses.

     Considerations for licensors: Our public licenses are
     intended for use by those authorized to give the public
     permission to use material in ways otherwise restricted by
     copyright and certain other rights. Our licenses are
     irrevocable. Licensors should read and understand the terms
     and conditions of the license they choose before applying it.
     Licensors should also secure all rights necessary before
     applying our licenses so that the public can reuse the
     material as expected. Licensors should clearly mark any
     material not subject to the license. This includes other CC-
     licensed material, or material used under an exception or
     limitation to copyright. More considerations for licensors:
\twiki.creativecommons.org/Considerations_for_licensors

     Considerations for the public: By using one of our public
     licenses, a licensor grants the public permission to use the
     licensed material under specified terms and conditions. If
     the licensor's permission is not necessary for any reason--for
     example, because of any applicable exception or limitation to
     copyright--then that use is not regulated by the license. Our
     licenses grant only permissions under copyright and certain
     other rights that a licensor has authority to grant. Use of
     the licensed material may still be restricted for other
     reasons, including because others have copyright or other
     rights in the material. A licensor may make special requests,
     such as asking that all changes be marked or described.
     Although not required by our licenses, you are encouraged to
     respect those requests where reasonable. More_considerations
     for the public:\x20
\twiki.creativecommons.org/Considerations_for_licensees

=======================================================================

Creative Commons Attribution 4.0 International Public License

By exercising the Licensed Rights (defined below), You accept and agree
to be bound by the terms and conditions of this Creative Commons
Attribution 4.0 International Public License ("Public License"). To the
extent this Public License may be interpreted as a contract, You are
granted the Licensed Rights in consideration of Your acceptance of
these terms and conditions, and the Licensor grants You such rights in
consideration of benefits the Licensor receives from making the
Licensed Material available under these terms and conditions.


Section 1 -- Definitions.

  a. Adapted Material means material subject to Copyright and Similar
     Rights that is derived from or based upon the Licensed Material
     and in which the Licensed Material is translated, altered,
     arranged, transformed, or otherwise modified in a manner requiring
     permission under the Copyright and Similar Rights held by the
     Licensor. For purposes of this Public License, where the Licensed
     Material is a musical work, performance, or sound recording,
     Adapted Material is always produced where the Licensed Material is
     synched in timed relation with a moving image.

  b. Adapter's License means the license You apply to Your Copyright
     and Similar Rights in Your contributions to Adapted Material in
     accordance with the terms and conditions of this Public License.

  c. Copyright and Similar Rights means copyright and/or similar rights
     closely related to copyright including, without limitation,
     performance, broadcast, sound recording, and Sui Generis Database
     Rights, without regard to how the rights are labeled or
     categorized. For purposes of this Public License, the rights
     specified in Section 2(b)(1)-(2) are not Copyright and Similar
     Rights.

  d. Effective Technological Measures means those measures that, in the
     absence of proper authority, may not be circumvented under laws
     fulfilling obligations under Article 11 of the WIPO Copyright
     Treaty adopted on December 20, 1996, and/or similar international
     agreements.

  e. Exceptions and Limitations means fair use, fair dealing, and/or
     any other exception or limitation to Copyright and Similar Rights
     that applies to Your use of the Licensed Material.

  f. Licensed Material means the artistic or literary work, database,
     or other material to which the Licensor applied this Public
     License.

  g. Licensed Rights means the rights granted to You subject to the
     terms and conditions of this Public License, which are limited to
     all Copyright and Similar Rights that apply to Your use of the
     Licensed Material and that the Licensor has authority to license.

  h. Licensor means the individual(s) or entity(ies) granting rights
     under this Public License.

  i. Share means to provide material to the public by any means or
     process that requires permission under the Licensed Rights, such
     as reproduction, public display, public performance, distribution,
     dissemination, communication, or importation, and to make material
     available to the public including in ways that members of the
     public may access the material from a place and at a time
     individually chosen by them.

  j. Sui Generis Database Rights means rights other than copyright
     resulting from Directive 96/9/EC of the European Parliament and of
     the Council of 11 March 1996 on the legal protection of databases,
     as amended and/or succeeded, as well as other essentially
     equivalent rights anywhere in the world.

  k. You means the individual or entity exercising the Licensed Rights
     under this Public License. Your has a corresponding meaning.


Section 2 -- Scope.

  a. License grant.

       1. Subject to the terms and conditions of this Public License,
          the Licensor hereby grants You a worldwide, royalty-free,
          non-sublicensable, non-exclusive, irrevocable license to
          exercise the Licensed Rights in the Licensed Material to:

            a. reproduce and Share the Licensed Material, in whole or
               in part; and

            b. produce, reproduce, and Share Adapted Material.

       2. Exceptions and Limitations. For the avoidance of doubt, where
          Exceptions and Limitations apply to Your use, this Public
          License does not apply, and You do not need to comply with
          its terms and conditions.

       3. Term. The term of this Public License is specified in Section
          6(a).

       4. Media and formats; technical modifications allowed. The
          Licensor authorizes You to exercise the Licensed Rights in
          all media and formats whether now known or hereafter created,
          and to make technical modifications necessary to do so. The
          Licensor waives and/or agrees not to assert any right or
          authority to forbid You from making technical modifications
          necessary to exercise the Licensed Rights, including
          technical modifications necessary to circumvent Effective
          Technological Measures. For purposes of this Public License,
          simply making modifications authorized by this Section 2(a)
          (4) never produces Adapted Material.

       5. Downstream recipients.

            a. Offer from the Licensor -- Licensed Material. Every
               recipient of the Licensed Material automatically
               receives an offer from the Licensor to exercise the
               Licensed Rights under the terms and conditions of this
               Public License.

            b. No downstream restrictions. You may not offer or impose
               any additional or different terms or conditions on, or
               apply any Effective Technological Measures to, the
               Licensed Material if doing so restricts exercise of the
               Licensed Rights by any recipient of the Licensed
               Material.

       6. No endorsement. Nothing in this Public License constitutes or
          may be construed as permission to assert or imply that You
          are, or that Your use of the Licensed Material is, connected
          with, or sponsored, endorsed, or granted official status by,
          the Licensor or others designated to receive attribution as
          provided in Section 3(a)(1)(A)(i).

  b. Other rights.

       1. Moral rights, such as the right of integrity, are not
          licensed under this Public License, nor are publicity,
          privacy, and/or other similar personality rights; however, to
          the extent possible, the Licensor waives and/or agrees not to
          assert any such rights held by the Licensor to the limited
          extent necessary to allow You to exercise the Licensed
          Rights, but not otherwise.

       2. Patent and trademark rights are not licensed under this
          Public License.

       3. To the extent possible, the Licensor waives any right to
          collect royalties from You for the exercise of the Licensed
          Rights, whether directly or through a collecting society
          under any voluntary or waivable statutory or compulsory
          licensing scheme. In all other cases the Licensor expressly
          reserves any right to collect such royalties.


Section 3 -- License Conditions.

Your exercise of the Licensed Rights is expressly made subject to the
following conditions.

  a. Attribution.

       1. If You Share the Licensed Material (including in modified
          form), You must:

            a. retain the following if it is supplied by the Licensor
               with the Licensed Material:

                 i. identification of the creator(s) of the Licensed
                    Material and any others designated to receive
                    attribution, in any reasonable manner requested by
                    the Licensor (including by pseudonym if
                    designated);

                ii. a copyright notice;

               iii. a notice that refers to this Public License;

                iv. a notice that refers to the disclaimer of
                    warranties;

                 v. a URI or hyperlink to the Licensed Material to the
                    extent reasonably practicable;

            b. indicate if You modified the Licensed Material and
               retain an indication of any previous modifications; and

            c. indicate the Licensed Material is licensed under this
               Public License, and include the text of, or the URI or
               hyperlink to, this Public License.

       2. You may satisfy the conditions in Section 3(a)(1) in any
          reasonable manner based on the medium, means, and context in
          which You Share the Licensed Material. For example, it may be
          reasonable to satisfy the conditions by providing a URI or
          hyperlink to a resource that includes the required
          information.

       3. If requested by the Licensor, You must remove any of the
          information required by Section 3(a)(1)(A) to the extent
          reasonably practicable.

       4. If You Share Adapted Material You produce, the Adapter's
          License You apply must not prevent recipients of the Adapted
          Material from complying with this Public License.


Section 4 -- Sui Generis Database Rights.

Where the Licensed Rights include Sui Generis Database Rights that
apply to Your use of the Licensed Material:

  a. for the avoidance of doubt, Section 2(a)(1) grants You the right
     to extract, reuse, reproduce, and Share all or a substantial
     portion of the contents of the database;

  b. if You include all or a substantial portion of the database
     contents in a database in which You have Sui Generis Database
     Rights, then the database in which You have Sui Generis Database
     Rights (but not its individual contents) is Adapted Material; and

  c. You must comply with the conditions in Section 3(a) if You Share
     all or a substantial portion of the contents of the database.

For the avoidance of doubt, this Section 4 supplements and does not
replace Your obligations under this Public License where the Licensed
Rights include other Copyright and Similar Rights.


Section 5 -- Disclaimer of Warranties and Limitation of Liability.

  a. UNLESS OTHERWISE SEPARATELY UNDERTAKEN BY THE LICENSOR, TO THE
     EXTENT POSSIBLE, THE LICENSOR OFFERS THE LICENSED MATERIAL AS-IS
     AND AS-AVAILABLE, AND MAKES NO REPRESENTATIONS OR WARRANTIES OF
     ANY KIND CONCERNING THE LICENSED MATERIAL, WHETHER EXPRESS,
     IMPLIED, STATUTORY, OR OTHER. THIS INCLUDES, WITHOUT LIMITATION,
     WARRANTIES OF TITLE, MERCHANTABILITY, FITNESS FOR A PARTICULAR
     PURPOSE, NON-INFRINGEMENT, ABSENCE OF LATENT OR OTHER DEFECTS,
     ACCURACY, OR THE PRESENCE OR ABSENCE OF ERRORS, WHETHER OR NOT
     KNOWN OR DISCOVERABLE. WHERE DISCLAIMERS OF WARRANTIES ARE NOT
     ALLOWED IN FULL OR IN PART, THIS DISCLAIMER MAY NOT APPLY TO YOU.

  b. TO THE EXTENT POSSIBLE, IN NO EVENT WILL THE LICENSOR BE LIABLE
     TO YOU ON ANY LEGAL THEORY (INCLUDING, WITHOUT LIMITATION,
     NEGLIGENCE) OR OTHERWISE FOR ANY DIRECT, SPECIAL, INDIRECT,
     INCIDENTAL, CONSEQUENTIAL, PUNITIVE, EXEMPLARY, OR OTHER LOSSES,
     COSTS, EXPENSES, OR DAMAGES ARISING OUT OF THIS PUBLIC LICENSE OR
     USE OF THE LICENSED MATERIAL, EVEN IF THE LICENSOR HAS BEEN
     ADVISED OF THE POSSIBILITY OF SUCH LOSSES, COSTS, EXPENSES, OR
     DAMAGES. WHERE A LIMITATION OF LIABILITY IS NOT ALLOWED IN FULL OR
     IN PART, THIS LIMITATION MAY NOT APPLY TO YOU.

  c. The disclaimer of warranties and limitation of liability provided
     above shall be interpreted in a manner that, to the extent
     possible, most closely approximates an absolute disclaimer and
     waiver of all liability.


Section 6 -- Term and Termination.

  a. This Public License applies for the term of the Copyright and
     Similar Rights licensed here. However, if You fail to comply with
     this Public License, then Your rights under this Public License
     terminate automatically.

  b. Where Your right to use the Licensed Material has terminated under
     Section 6(a), it reinstates:

       1. automatically as of the date the violation is cured, provided
          it is cured within 30 days of Your discovery of the
          violation; or

       2. upon express reinstatement by the Licensor.

     For the avoidance of doubt, this Section 6(b) does not affect any
     right the Licensor may have to seek remedies for Your violations
     of this Public License.

  c. For the avoidance of doubt, the Licensor may also offer the
     Licensed Material under separate terms or conditions or stop
     distributing the Licensed Material at any time; however, doing so
     will not terminate this Public License.

  d. Sections 1, 5, 6, 7, and 8 survive termination of this Public
     License.


Section 7 -- Other Terms and Conditions.

  a. The Licensor shall not be bound by any additional or different
     terms or conditions communicated by You unless expressly agreed.

  b. Any arrangements, understandings, or agreements regarding the
     Licensed Material not stated herein are separate from and
     independent of the terms and conditions of this Public License.


Section 8 -- Interpretation.

  a. For the avoidance of doubt, this Public License does not, and
     shall not be interpreted to, reduce, limit, restrict, or impose
     conditions on any use of the Licensed Material that could lawfully
     be made without permission under this Public License.

  b. To the extent possible, if any provision of this Public License is
     deemed unenforceable, it shall be automatically reformed to the
     minimum extent necessary to make it enforceable. If the provision
     cannot be reformed, it shall be severed from this Public License
     without affecting the enforceability of the remaining terms and
     conditions.
    \x20

  c. No term or condition of this Public License will be waived and no
     failure to comply consented to unless expressly agreed to by the
     Licensor.

  d. Nothing in this Public License constitutes or may be interpreted
     as a limitation upon, or waiver of, any privileges and immunities
     that apply to the Licensor or You, including from the legal
     processes of any jurisdiction or authority.


=======================================================================

Creative Commons is not a party to its public licenses.
Notwithstanding, Creative Commons may elect to apply one of its public
licenses to material it publishes and in those instances will be
considered the "Licensor." Except for the limited purpose of indicating
that material is shared under a Creative Commons public license or as
otherwise permitted by the Creative Commons policies published at
creativecommons.org/policies, Creative Commons does not authorize the
use of the trademark "Creative Commons" or any other trademark or logo
of Creative Commons without its prior written consent including,
without limitation, in connection with any unauthorized modifications
to any of its public licenses or any other arrangements,
understandings, or agreements concerning use of licensed material. For
the avoidance of doubt, this paragraph does not form part of the public
licenses.

Creative Commons may be contacted at creativecommons.org.
"""

if __name__ == "__main__":
    sys.exit(main())
