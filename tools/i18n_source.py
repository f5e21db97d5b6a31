"""Fill the Swedish catalog from its msgids: Swedish is the source language.

`make i18n` runs this after `pybabel update`, so every new Swedish msgid has a
Swedish msgstr and the completeness test holds for sv as for every language.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

SV_PO = Path(__file__).resolve().parent.parent / "locales/sv/LC_MESSAGES/messages.po"


def main() -> int:
    """Copy each empty msgstr from its msgid; report how many were filled."""
    with SV_PO.open("rb") as f:
        catalog = read_po(f, locale="sv")
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not all(message.string):
                message.string = message.id
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
        if message.fuzzy:
            message.flags.discard("fuzzy")
    with SV_PO.open("wb") as f:
        write_po(f, catalog, width=88, sort_output=True, omit_header=False)
    print(f"sv: {filled} msgids copied to msgstr")
    return 0


if __name__ == "__main__":
    sys.exit(main())
