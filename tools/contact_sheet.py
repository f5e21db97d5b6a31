#!/usr/bin/env python3
"""Render a contact sheet of all pictograms: docs/screenshots/pictograms.png.

Every pictogram at its UI size (128 px) with its Swedish label underneath,
grouped by category with a heading per category. Pictograms whose `fit` is
"approximate" get a small "~" in the corner of their tile (Noto Sans has
no "≈").

    /tmp/vendorvenv/bin/python tools/contact_sheet.py [--out PATH] [--category school]

Needs only Pillow and the committed files under assets/ (pictograms and the
bundled Noto Sans fonts), so the output is the same on every machine.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
PICTO = ROOT / "assets" / "pictograms"
FONTS = ROOT / "assets" / "fonts"
DEFAULT_OUT = ROOT / "docs" / "screenshots" / "pictograms.png"

CATEGORY_TITLES = {  # Swedish heading, English in parentheses
    "school": "Skolan (school)",
    "activity": "Aktiviteter (activity)",
    "routine": "Dagen (routine)",
    "place": "Platser (place)",
    "person": "Personer (person)",
    "feeling": "Känslor (feeling)",
    "rating": "Skattning (rating)",
    "ui": "Gränssnitt (ui)",
}
ORDER = ["school", "activity", "routine", "place", "person", "feeling", "rating", "ui"]

ICON = 128
COLS = 8
CELL_W = 168
PAD = 8
LABEL_SIZE = 16
LABEL_LINES = 3
HEADING_SIZE = 26
MARGIN = 24
BG = (255, 255, 255)
TILE = (241, 243, 246)
TEXT = (33, 33, 33)
MUTED = (110, 110, 110)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy wrap on spaces; long words may also break after '/'."""
    tokens = re.findall(r"[^ /]+/?|/| ", text)
    lines, cur = [], ""
    for tok in tokens:
        cand = cur + tok
        if cur and font.getlength(cand.rstrip()) > width:
            lines.append(cur.rstrip())
            cur = tok.lstrip()
        else:
            cur = cand
    if cur.strip():
        lines.append(cur.rstrip())
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--pictograms", type=Path, default=PICTO)
    ap.add_argument(
        "--category", action="append", help="only these categories (repeatable)"
    )
    args = ap.parse_args(argv)

    index = json.loads((args.pictograms / "index.json").read_text(encoding="utf-8"))
    size = ICON if ICON in index["sizes"] else max(index["sizes"])
    regular = ImageFont.truetype(str(FONTS / "NotoSans-Regular.ttf"), LABEL_SIZE)
    bold = ImageFont.truetype(str(FONTS / "NotoSans-Bold.ttf"), HEADING_SIZE)
    small = ImageFont.truetype(str(FONTS / "NotoSans-Bold.ttf"), 18)

    groups: dict[str, list[dict]] = {}
    for p in index["pictograms"]:
        groups.setdefault(p["category"], []).append(p)
    cats = [c for c in ORDER if c in groups] + sorted(set(groups) - set(ORDER))
    if args.category:
        cats = [c for c in cats if c in args.category]

    line_h = int(LABEL_SIZE * 1.3)
    cell_h = PAD + ICON + PAD + LABEL_LINES * line_h + PAD
    head_h = int(HEADING_SIZE * 1.9)
    width = 2 * MARGIN + COLS * CELL_W + (COLS - 1) * PAD
    height = MARGIN
    for c in cats:
        rows = -(-len(groups[c]) // COLS)
        height += head_h + rows * (cell_h + PAD) + MARGIN // 2
    height += MARGIN

    sheet = Image.new("RGB", (width, height), BG)
    draw = ImageDraw.Draw(sheet)
    y = MARGIN
    for c in cats:
        items = groups[c]
        title = f"{CATEGORY_TITLES.get(c, c)} — {len(items)}"
        draw.text((MARGIN, y + 4), title, font=bold, fill=TEXT)
        y += head_h
        for i, p in enumerate(items):
            col, row = i % COLS, i // COLS
            x0 = MARGIN + col * (CELL_W + PAD)
            y0 = y + row * (cell_h + PAD)
            draw.rounded_rectangle(
                (x0, y0, x0 + CELL_W, y0 + cell_h), radius=10, fill=TILE
            )
            icon = Image.open(
                args.pictograms / "png" / str(size) / f"{p['id']}.png"
            ).convert("RGBA")
            if icon.size != (ICON, ICON):
                icon = icon.resize((ICON, ICON), Image.LANCZOS)
            sheet.paste(icon, (x0 + (CELL_W - ICON) // 2, y0 + PAD), icon)
            if p.get("fit") == "approximate":
                draw.text((x0 + 8, y0 + 2), "~", font=small, fill=MUTED)
            lines = wrap(p["label"]["sv"], regular, CELL_W - 2 * PAD)
            if len(lines) > LABEL_LINES:
                lines = [*lines[: LABEL_LINES - 1], " ".join(lines[LABEL_LINES - 1 :])]
            ty = y0 + PAD + ICON + PAD
            for line in lines:
                tw = regular.getlength(line)
                draw.text((x0 + (CELL_W - tw) / 2, ty), line, font=regular, fill=TEXT)
                ty += line_h
        rows = -(-len(items) // COLS)
        y += rows * (cell_h + PAD) + MARGIN // 2

    args.out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out, format="PNG", optimize=True)
    print(f"wrote {args.out} ({width}x{height}, {len(cats)} categories)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
