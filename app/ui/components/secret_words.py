"""The words for the counsellor's secret, and the recovery key shown once.

The lock screens say "PIN-kod" or "lösenfras" as the counsellor chose
(``app.security.SECRET_KIND``); the recovery key is drawn on one line, one
fixed-width cell per character.
"""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft

from app.i18n import Translator
from app.security import PASSPHRASE, PIN


@dataclass(frozen=True)
class SecretWords:
    """The words for the counsellor's secret, after the kind they chose."""

    name: str
    """The field's label: *PIN-kod*, *Lösenfras* or both."""
    prompt: str
    wrong: str
    forgot: str
    keep_key: str
    """What the recovery key is for (shown with it, once)."""


def secret_words(_: Translator, kind: str | None) -> SecretWords:
    """Words for a PIN, a passphrase, or (a folder from before) either."""
    if kind == PIN:
        return SecretWords(
            _("PIN-kod"),
            _("Skriv PIN-koden för att fortsätta."),
            _("Fel PIN-kod. Försök igen."),
            _("Glömt PIN-koden?"),
            _(
                "Skriv ut eller skriv ner nyckeln och lås in den. Med den kan "
                "barnens svar läsas igen om PIN-koden glöms bort. Den visas bara nu."
            ),
        )
    if kind == PASSPHRASE:
        return SecretWords(
            _("Lösenfras"),
            _("Skriv lösenfrasen för att fortsätta."),
            _("Fel lösenfras. Försök igen."),
            _("Glömt lösenfrasen?"),
            _(
                "Skriv ut eller skriv ner nyckeln och lås in den. Med den kan "
                "barnens svar läsas igen om lösenfrasen glöms bort. Den visas "
                "bara nu."
            ),
        )
    return SecretWords(
        _("PIN-kod eller lösenfras"),
        _("Skriv PIN-koden eller lösenfrasen för att fortsätta."),
        _("Fel PIN-kod eller lösenfras. Försök igen."),
        _("Glömt PIN-koden eller lösenfrasen?"),
        _(
            "Skriv ut eller skriv ner nyckeln och lås in den. Med den kan "
            "barnens svar läsas igen om PIN-koden eller lösenfrasen glöms bort. "
            "Den visas bara nu."
        ),
    )


RECOVERY_CELL = 14
"""Width of one character of the recovery key on screen, in logical pixels."""


def recovery_key_line(key: str) -> ft.Control:
    """The recovery key on one line: fixed-width cells, groups that never break.

    Every character sits in a cell of the same width (monospace without a font
    to download), the groups in one row that does not wrap; a screen reader
    reads the key group by group.
    """
    groups = key.split("-")
    return ft.Semantics(
        label=", ".join(" ".join(group) for group in groups),
        content=ft.Row(
            [
                ft.Row(
                    [
                        ft.Container(
                            width=RECOVERY_CELL,
                            alignment=ft.Alignment.CENTER,
                            content=ft.Text(
                                ch, size=19, weight=ft.FontWeight.BOLD, no_wrap=True
                            ),
                        )
                        for ch in group
                    ],
                    spacing=0,
                    tight=True,
                )
                for group in groups
            ],
            key="recovery-key",
            data=key,
            spacing=9,
            wrap=False,
            tight=True,
            alignment=ft.MainAxisAlignment.CENTER,
        ),
    )
