"""A printable page with the recovery key, made once at set-up and never stored.

The key is drawn in cells of one width (monospace without another font) and
its groups on one line, large enough to type back without mistakes. The page
is built in memory and handed to the browser as a download; the app keeps no
copy, and the counsellor is told to delete the file once it is printed.
"""

from __future__ import annotations

from datetime import datetime

from fpdf.enums import Align, XPos, YPos

from app.export.pdf_kit import ACCENT, CONTENT_W, MARGIN, MUTED, Pdf

RECOVERY_FILE_NAME = "min-rost-aterstallningsnyckel.pdf"
"""No name, no date, no folder in it: only what the page is."""
CELL_MM = 4.6
GROUP_GAP_MM = 3.0

_SECRET_NAMES = {
    "pin": "PIN-koden",
    "passphrase": "lösenfrasen",
}


def recovery_key_pdf(key: str, kind: str | None, made: float | datetime) -> bytes:
    """The recovery key on an A4 page, with what it is for and how to keep it."""
    when = made if isinstance(made, datetime) else datetime.fromtimestamp(made)
    secret = _SECRET_NAMES.get(kind or "", "PIN-koden eller lösenfrasen")
    pdf = Pdf("Min röst · återställningsnyckel")
    pdf.load_fonts([key, secret])
    pdf.set_margins(MARGIN, 20, MARGIN)
    pdf.set_title("Min röst – återställningsnyckel")
    pdf.set_lang("sv-SE")
    pdf.set_creator("Min röst")
    pdf.set_producer("Min röst (fpdf2)")
    pdf.add_page()
    pdf.set_text_color(*ACCENT)
    pdf.font(18, bold=True)
    pdf.cell(CONTENT_W, 10, "Min röst – återställningsnyckel", new_x=XPos.LMARGIN)
    pdf.ln(12)
    pdf.set_text_color(*MUTED)
    pdf.font(10)
    pdf.cell(
        CONTENT_W,
        5,
        f"Skapad {when:%Y-%m-%d} kl. {when:%H:%M}",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(10)
    groups = key.split("-")
    width = len(key.replace("-", "")) * CELL_MM + (len(groups) - 1) * GROUP_GAP_MM
    x = MARGIN + (CONTENT_W - width) / 2
    y = pdf.get_y()
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.4)
    pdf.rect(x - 4, y - 3, width + 8, 16)
    pdf.set_text_color(0, 0, 0)
    pdf.font(15, bold=True)
    for group in groups:
        for ch in group:
            pdf.set_xy(x, y)
            pdf.cell(CELL_MM, 10, ch, align=Align.C)
            x += CELL_MM
        x += GROUP_GAP_MM
    pdf.set_xy(MARGIN, y + 20)
    pdf.set_text_color(0, 0, 0)
    pdf.font(11)
    for paragraph in (
        f"Med nyckeln kan barnens svar läsas igen om {secret} glöms bort. "
        "Den visades bara en gång och finns inte sparad i Min röst.",
        "Lås in papperet, skilt från datorn, där organisationen förvarar "
        "nycklar. Den som har både nyckeln och datamappen kan läsa allt.",
        "Radera PDF-filen när sidan är utskriven.",
    ):
        pdf.flow(paragraph, 6)
        pdf.ln(3)
    return bytes(pdf.output())
