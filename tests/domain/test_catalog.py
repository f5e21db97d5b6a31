"""The booklet's content as data: complete, in order, with the booklet's words."""

import json

from app.domain import catalog
from app.paths import PICTOGRAM_DIR

BOOKLET_GRID = [
    "Gå upp på morgonen", "Hitta på historier", "SO", "Idrott", "Hitta på lekar",
    "Rastaktiviteter", "Skriver", "Prata med vuxna på skolan", "Grupparbete",
    "Engelska", "Prata inför klassen", "NO", "Matte", "Musik", "Jobba på datorn",
    "Fri lek på rasten", "Sporter på rasten", "Spela på datorn",
    "Prata med klasskompisar", "Svara på frågor", "Skolmaten", "Läxor", "Slöjd",
    "Läsa", "Rita/måla", "Ta mig till skolan", "Ta kort/filma", "Laga mat",
    "Hjälpa andra", "Busa", "Leka", "Planera saker", "Lyssna på genomgångar",
    "Se på film i skolan",
]  # fmt: skip


def test_grid_has_the_booklets_34_items_in_order_with_its_exact_words():
    """The grid reads exactly like the paper sheet."""
    assert [i.label for i in catalog.GRID_ITEMS] == BOOKLET_GRID
    assert catalog.SOMETHING_ELSE.label == "Något annat?"


def test_every_column_has_four_prompts_in_order():
    """En vanlig dag: three columns, four prompts each, the day first."""
    for column in catalog.Column:
        prompts = [p for p in catalog.DAY_PROMPTS if p.column == column]
        assert len(prompts) == 4
        assert prompts[0].id == f"{column.value}.day"


def test_prompts_refer_only_to_earlier_prompts():
    """A wish offers the child's own earlier answers, so those come first."""
    seen: set[str] = set()
    for prompt in catalog.DAY_PROMPTS:
        for ref in (prompt.offers_first_from, prompt.excludes_from):
            assert ref is None or ref in seen, (prompt.id, ref)
        seen.add(prompt.id)


def test_item_ids_are_unique():
    """No two catalog entries share an id (an id is also a file name)."""
    ids = [
        i.id
        for i in (
            *catalog.GRID_ITEMS,
            catalog.SOMETHING_ELSE,
            *catalog.ROUTINE,
            *catalog.PLACES,
            *catalog.PERSONS,
        )
    ]
    assert len(ids) == len(set(ids))


def test_catalog_labels_match_the_pictogram_index():
    """The Swedish label in index.json is the catalog's msgid for every item."""
    index = json.loads((PICTOGRAM_DIR / "index.json").read_text(encoding="utf-8"))
    by_id = {p["id"]: p for p in index["pictograms"]}
    for item in catalog.ALL_ITEMS.values():
        assert item.pictogram in by_id, item.id
        assert by_id[item.pictogram]["label"]["sv"] == item.label, item.id
        assert by_id[item.pictogram]["label"]["en"].strip(), item.id
