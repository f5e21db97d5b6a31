"""What the app can read aloud: clip names, spoken forms, voiced languages.

Clips are made ahead of time (``make voices``, ``tools/make_voices.py``) and
served from ``assets/voices/<language>/``. A clip is named by a hash of the
language and the *shown* text, so a changed msgid or translation never plays a
stale clip: it finds no clip and stays silent until the clips are made again.
"""

from __future__ import annotations

import hashlib
import re

from app.paths import ASSETS_DIR

VOICES_DIR = ASSETS_DIR / "voices"
CLIP_SUFFIX = ".mp3"

SYNTHETIC_VOICES: dict[str, str] = {
    "sv": "sv",
    "en": "en-gb",
    "ar": "ar",
    "fa": "fa",
    "uk": "uk",
}
"""Languages with a synthetic (espeak-ng) voice, and the espeak-ng voice used.

Somali and Tigrinya have none: espeak-ng does not speak them."""

SPOKEN_FORMS: dict[str, tuple[tuple[str, str], ...]] = {
    "sv": (
        (r"\bSO\b", "ess o"),
        (r"\bNO\b", "enn o"),
        (r"\bTV\b", "teve"),
        (r"\bBUP\b", "bupp"),
        (r"\bUPH\b", "u p h"),
        (r"\s*/\s*", " eller "),
    ),
    "en": ((r"\bTV\b", "T V"), (r"\s*/\s*", " or ")),
    "ar": ((r"\s*/\s*", " أو "),),
    "fa": ((r"\s*/\s*", " یا "),),
    "uk": ((r"\s*/\s*", " або "),),
}
"""How a text is said where espeak-ng would read it wrongly: abbreviations
("SO" would be read "så", "NO" English "no") and slashes ("Rita/måla" would be
"Rita snedstreck måla"). Applied in order, as regular expressions."""


def spoken_form(language: str, text: str) -> str:
    """The words espeak-ng should say for ``text`` shown in ``language``."""
    for pattern, said in SPOKEN_FORMS.get(language, ()):
        text = re.sub(pattern, said, text)
    return text


def clip_name(language: str, text: str) -> str:
    """The clip's file name: a hash of (language, shown text)."""
    digest = hashlib.sha256(f"{language}\n{text}".encode()).hexdigest()
    return digest[:24] + CLIP_SUFFIX


def clip_url(language: str, text: str) -> str | None:
    """Where the browser fetches the clip for ``text``, or None if there is none."""
    name = clip_name(language, text)
    if not (VOICES_DIR / language / name).is_file():
        return None
    return f"/voices/{language}/{name}"
