"""Every picture the app shows exists, opens, is labelled and is licensed."""

import json

import pytest
from PIL import Image

from app.domain import catalog
from app.paths import PICTOGRAM_DIR

INDEX = json.loads((PICTOGRAM_DIR / "index.json").read_text(encoding="utf-8"))
BY_ID = {p["id"]: p for p in INDEX["pictograms"]}
USED = sorted(
    {i.pictogram for i in catalog.ALL_ITEMS.values()}
    | set(catalog.OWN_ITEM_PICTOGRAMS)
    | {style.pictogram for style in catalog.LEVELS.values()}
    | {"dont_know", "no_answer", "private", "clock", "talk_adults"}
)


@pytest.mark.parametrize("pictogram", USED)
def test_each_used_pictogram_opens_at_both_sizes_with_both_labels(pictogram):
    """128 px and 512 px PNGs open with Pillow, square, with sv and en labels."""
    entry = BY_ID[pictogram]
    assert entry["label"]["sv"].strip()
    assert entry["label"]["en"].strip()
    for size in INDEX["sizes"]:
        with Image.open(PICTOGRAM_DIR / "png" / str(size) / f"{pictogram}.png") as im:
            im.load()
            assert im.size == (size, size)
            assert im.mode == "RGBA"
    assert (PICTOGRAM_DIR / "svg" / f"{pictogram}.svg").is_file()


def test_every_pictogram_names_a_licence_whose_full_text_is_shipped():
    """MIT and CC BY 4.0 texts are present; each entry's licence is one of them."""
    texts = {
        "MIT": PICTOGRAM_DIR / "LICENSES" / "MIT-fluent-emoji.txt",
        "CC-BY-4.0": PICTOGRAM_DIR / "LICENSES" / "CC-BY-4.0.txt",
    }
    assert "Permission is hereby granted" in texts["MIT"].read_text()
    assert "Attribution 4.0 International" in texts["CC-BY-4.0"].read_text()
    for entry in INDEX["pictograms"]:
        for part in entry["licence"].split(" AND "):
            assert part in texts, entry["id"]


def test_cc_by_pictograms_are_credited_in_the_attribution():
    """CC BY requires attribution: every CC BY id is named in ATTRIBUTION.md."""
    attribution = (PICTOGRAM_DIR / "ATTRIBUTION.md").read_text(encoding="utf-8")
    cc_by = [p["id"] for p in INDEX["pictograms"] if "CC-BY" in p["licence"]]
    assert cc_by, "expected the Twemoji glyphs (flag, holding hands)"
    for pid in cc_by:
        assert f"`{pid}`" in attribution, pid


def test_grid_pictograms_stay_light_enough_for_a_tablet():
    """The grid loads its 35 pictures at 128 px: well under 1.5 MB together."""
    ids = [i.pictogram for i in catalog.GRID_ITEMS] + [catalog.SOMETHING_ELSE.id]
    total = sum(
        (PICTOGRAM_DIR / "png" / "128" / f"{i}.png").stat().st_size for i in ids
    )
    assert total < 1_500_000
