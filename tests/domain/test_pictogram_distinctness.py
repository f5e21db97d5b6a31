"""Every screen's pictures must look different from each other (issue #18).

Children with autism read pictures literally, so two different concepts on one
screen must not share a look. The measure is a small perceptual difference
computed with Pillow on the committed 128 px PNGs, in greyscale (so colour
alone never makes two pictures "different"):

* each picture is flattened on white, turned grey and shrunk to 32 x 32;
* one is slid over the other by up to 5 cells (about 15 %) each way, because a
  reused glyph moved a little is still the same picture to a child;
* at the best overlap, the mean absolute grey difference over the cells where
  either picture has ink is the distance (0 = the same picture, 1 = opposite).

Calibration (pictures before the fix): the duplicates in the activity picker
scored 0.000 (*Rast*/*Rastaktiviteter*, *Läxor* twice, *Gå upp*/*Gå upp på
morgonen*, *Spela*/*Spela på datorn*), *Lektion*/*Lyssna på genomgångar*
(teacher + a small object) 0.093; the closest clearly different pair seen was
*Mamma*/*Pappa* at 0.096. Hence 0.095 for a screen. The four level faces must
differ in shape, not only in colour: before the fix *Roligt*/*Är tråkigt/svårt*
scored 0.073, *Är tråkigt/svårt*/*Gillar inte alls* 0.107 and *Roligt*/*Gillar
inte alls* 0.111, so the levels need 0.15.
"""

from __future__ import annotations

from functools import cache
from itertools import combinations

import pytest
from PIL import Image, ImageChops, ImageStat

from app.domain import catalog
from app.domain.catalog import Column
from app.paths import PICTOGRAM_DIR

SIDE = 32
SHIFT = 5
INK = 250
SCREEN_THRESHOLD = 0.095
LEVEL_THRESHOLD = 0.15


@cache
def _grey(pictogram: str) -> tuple[Image.Image, Image.Image]:
    """The picture in grey on white, 32 px, padded; and where it has ink."""
    with Image.open(PICTOGRAM_DIR / "png" / "128" / f"{pictogram}.png") as im:
        rgba = im.convert("RGBA")
    flat = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    flat.alpha_composite(rgba)
    small = flat.convert("L").resize((SIDE, SIDE), Image.Resampling.BOX)
    padded = Image.new("L", (SIDE + 2 * SHIFT, SIDE + 2 * SHIFT), 255)
    padded.paste(small, (SHIFT, SHIFT))
    ink = padded.point(lambda v: 255 if v < INK else 0)
    return padded, ink


def distance(a: str, b: str) -> float:
    """Greyscale difference of two pictures at their best overlap (0 … 1)."""
    grey_a, ink_a = _grey(a)
    grey_b, ink_b = _grey(b)
    best = 1.0
    for dx in range(-SHIFT, SHIFT + 1):
        for dy in range(-SHIFT, SHIFT + 1):
            moved = ImageChops.offset(grey_b, dx, dy)
            mask = ImageChops.lighter(ink_a, ImageChops.offset(ink_b, dx, dy))
            stat = ImageStat.Stat(ImageChops.difference(grey_a, moved), mask)
            if stat.count[0]:
                best = min(best, stat.mean[0] / 255)
    return best


def _declines() -> list[str]:
    return [d.pictogram for d in catalog.DECLINES.values()]


def _screens() -> dict[str, list[str]]:
    screens = {
        "grid": [i.id for i in catalog.GRID_ITEMS]
        + [catalog.SOMETHING_ELSE.id, *_declines()],
        "plan owners": [o.pictogram for o in catalog.PLAN_OWNERS.values()],
        "meeting roles": [
            *catalog.MEETING_PARTICIPANT_ROLES,
            catalog.MEETING_PEOPLE_PICTOGRAM,
            "meeting",
        ],
    }
    for column in Column:
        screens[f"day: {column.value}"] = [
            *(i.pictogram for i in catalog.COLUMN_ITEMS[column]),
            catalog.SOMETHING_ELSE.id,
            *_declines(),
        ]
    screens["day: what would help"] = [
        *(i.pictogram for i in catalog.HELP_ITEMS),
        *_declines(),
    ]
    return screens


def _too_close(pictures: list[str], threshold: float) -> list[tuple[str, str, float]]:
    return [
        (a, b, round(d, 3))
        for a, b in combinations(dict.fromkeys(pictures), 2)
        if (d := distance(a, b)) < threshold
    ]


def test_distance_is_zero_for_one_picture_and_large_for_unlike_ones():
    """The measure itself: the same picture is 0, a bed and a school are far apart."""
    assert distance("bus", "bus") == 0.0
    assert distance("my_room", "school_place") > SCREEN_THRESHOLD


@pytest.mark.parametrize("screen", sorted(_screens()))
def test_every_picture_on_a_screen_looks_different(screen):
    """No two different concepts on one screen are perceptual look-alikes."""
    pictures = _screens()[screen]
    assert len(pictures) == len(set(pictures)), "a picture is offered twice"
    assert _too_close(pictures, SCREEN_THRESHOLD) == []


def test_the_four_level_faces_differ_in_shape_in_greyscale():
    """Bra på, Roligt, Är tråkigt/svårt and Gillar inte alls differ without colour."""
    levels = [info.pictogram for info in catalog.LEVELS.values()]
    assert _too_close(levels, LEVEL_THRESHOLD) == []
