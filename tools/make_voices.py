"""Make the read-aloud clips: every child-facing string, in every voiced language.

    python -m tools.make_voices            # needs espeak-ng and lame (make voices)

The strings are the msgids of the catalog tables and of the child's screens and
components, translated with the compiled catalogs; strings with a placeholder
(a date, a name) are left out. Each clip is espeak-ng's reading of the string's
spoken form (``app.speech.SPOKEN_FORMS``), encoded as 24 kbit/s 16 kHz mono MP3 (it
plays in Chromium, Firefox and Safari), named by a hash of (language, text).
Clips already made are kept; clips no string needs any more are removed.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import subprocess
import sys
import tempfile
from pathlib import Path

from app.speech import (
    CLIP_SUFFIX,
    SYNTHETIC_VOICES,
    VOICES_DIR,
    clip_name,
    spoken_form,
    texts_for,
)

LAME_ARGS = ("lame", "--quiet", "-m", "m", "-b", "24", "--resample", "16")
"""24 kbit/s, 16 kHz mono MP3: plenty for espeak-ng's voice."""

WORDS_PER_MINUTE = 150
"""espeak-ng's speed (its default, 175, is fast for a young child)."""


def make_clip(language: str, text: str, target: Path) -> None:
    """Speak ``text`` with espeak-ng and encode it to ``target`` (MP3)."""
    with tempfile.TemporaryDirectory() as tmp:
        wav = Path(tmp) / "clip.wav"
        subprocess.run(
            [
                "espeak-ng",
                "-v",
                SYNTHETIC_VOICES[language],
                "-s",
                str(WORDS_PER_MINUTE),
                "-w",
                str(wav),
                spoken_form(language, text),
            ],
            check=True,
        )
        part = target.with_suffix(".part")
        subprocess.run(
            [*LAME_ARGS, str(wav), str(part)],
            check=True,
        )
        part.replace(target)


def make_language(language: str, jobs: int) -> tuple[int, int, int]:
    """Make the missing clips of ``language``; return (made, removed, bytes)."""
    folder = VOICES_DIR / language
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {clip_name(language, t): t for t in texts_for(language)}
    todo = [(name, t) for name, t in wanted.items() if not (folder / name).exists()]
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for future in [
            pool.submit(make_clip, language, text, folder / name) for name, text in todo
        ]:
            future.result()
    removed = 0
    for clip in folder.glob(f"*{CLIP_SUFFIX}"):
        if clip.name not in wanted:
            clip.unlink()
            removed += 1
    size = sum(f.stat().st_size for f in folder.glob(f"*{CLIP_SUFFIX}"))
    return len(todo), removed, size


def main(argv: list[str] | None = None) -> int:
    """Make the clips of every voiced language (or of those named)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="*", default=list(SYNTHETIC_VOICES))
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    for language in args.languages:
        made, removed, size = make_language(language, args.jobs)
        count = len(list((VOICES_DIR / language).glob(f"*{CLIP_SUFFIX}")))
        print(
            f"{language}: {count} clips, {size / 1024:.0f} KiB "
            f"({made} made, {removed} removed)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
