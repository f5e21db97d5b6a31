"""What the app can read aloud: clip names, spoken forms, voiced languages.

Clips are made ahead of time (``make voices``, ``tools/make_voices.py``) and
served from ``assets/voices/<language>/``. A clip is named by a hash of the
language and the *shown* text, so a changed msgid or translation never plays a
stale clip: it finds no clip and stays silent until the clips are made again.
"""

from __future__ import annotations

import array
import functools
import hashlib
import io
import re
import sys
import wave

from babel.messages.extract import extract_from_file

from app.i18n import Translator
from app.paths import ASSETS_DIR, ROOT

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


SOURCES = (
    "app/domain/catalog.py",
    "app/ui/screens/child",
    "app/ui/components/child_frame.py",
    "app/ui/components/day_progress.py",
    "app/ui/components/own_item.py",
    "app/ui/components/clock.py",
    "app/ui/components/sharing_parts.py",
)
"""Where the child-facing strings are written (the counsellor's are not read)."""


@functools.cache
def child_msgids() -> tuple[str, ...]:
    """Every msgid a child may see, without those that hold a placeholder.

    What ``make voices`` voices, and what the counsellor may record.
    """
    found: set[str] = set()
    for source in SOURCES:
        path = ROOT / source
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            for _line, message, _comments, _context in extract_from_file(
                "python", str(file), keywords={"_": None, "N_": None}
            ):
                if isinstance(message, str) and message and "{" not in message:
                    found.add(message)
    return tuple(sorted(found))


def texts_for(language: str) -> list[str]:
    """The shown texts a child may hear in ``language`` (translated msgids)."""
    _ = Translator(language)
    return sorted({_(msgid) for msgid in child_msgids()})


RECORDING_CHANNELS = 2
RECORDING_RATE = 44100
"""The PCM a recording streams in. Flet 1.0.5's web client streams 16-bit PCM
at 44.1 kHz in two channels whatever configuration is asked for (seen in
Chromium: a mono 16 kHz request gave interleaved stereo at 44.1 kHz), so the
app asks for exactly that and can never mislabel what arrives."""


KEPT_RATE = RECORDING_RATE // 2
"""A recording is kept at 22.05 kHz: plenty for a voice, half the bytes."""
QUIET = 600
"""Samples quieter than this (of 32767) at either end are not the voice."""
MARGIN_SECONDS = 0.15
"""Quiet kept before and after the voice, so no word is clipped."""


def pcm_to_wav(
    pcm: bytes, *, channels: int = RECORDING_CHANNELS, rate: int = RECORDING_RATE
) -> bytes:
    """A mono 22.05 kHz WAV of interleaved 16-bit little-endian PCM at ``rate``.

    The channels are averaged, then each two samples (a crude low-pass before
    halving the rate), and the quiet before and after the voice is cut (the
    child should not wait through the moment between *Spela in* and the first
    word), leaving :data:`MARGIN_SECONDS` on each side. Empty if all is quiet.
    """
    pcm = pcm[: len(pcm) - len(pcm) % (2 * channels)]
    samples = array.array("h")
    samples.frombytes(pcm)
    if sys.byteorder == "big":
        samples.byteswap()
    if channels > 1:
        lanes = [samples[c::channels] for c in range(channels)]
        samples = array.array(
            "h", (sum(f) // channels for f in zip(*lanes, strict=True))
        )
    pairs = zip(samples[0::2], samples[1::2], strict=False)
    samples = array.array("h", ((a + b) // 2 for a, b in pairs))
    kept_rate = rate // 2
    loud = [i for i, v in enumerate(samples) if abs(v) > QUIET]
    if loud:
        margin = int(MARGIN_SECONDS * kept_rate)
        samples = samples[max(0, loud[0] - margin) : loud[-1] + margin + 1]
    else:
        samples = array.array("h")
    if sys.byteorder == "big":
        samples.byteswap()
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(kept_rate)
        w.writeframes(samples.tobytes())
    return out.getvalue() if loud else b""


AUDIO_TYPES = {
    "wav": "audio/wav",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
    "oga": "audio/ogg",
    "opus": "audio/ogg",
    "webm": "audio/webm",
    "m4a": "audio/mp4",
}
"""Audio files a counsellor may pick instead of recording, by file extension."""


def audio_type(file_name: str) -> str | None:
    """The MIME type of a picked audio file, or None if it is not one we take."""
    return AUDIO_TYPES.get(file_name.rsplit(".", 1)[-1].lower())
