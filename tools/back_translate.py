"""Back-translate the grid's level words and item labels from a second source.

The catalogs in locales/ were machine-translated. This tool checks them
against sources that had no part in that, all offline and from Debian:

* **uk** — Apertium's rule-based Ukrainian→Russian (``apertium-rus-ukr``),
  then the FreeDict/WikDict Swedish–Russian dictionary read backwards
  (``dict-freedict-swe-rus``): which Swedish words translate to that Russian.
* **ar** — the FreeDict Arabic–English dictionary (``dict-freedict-ara-eng``),
  then the Swedish–English one read backwards (``dict-freedict-swe-eng``).
* **en** — the Swedish–English dictionary read backwards.
* **fa, so, ti** — no dictionary or translation pair for them exists in
  Debian or PyPI without downloading models at run time: left unverified.

A row *agrees* when a Swedish word found shares its stem with the Swedish
source; *differs* when words were found but none does (read it: a meaning
may have shifted); *not found* when the sources have nothing. Run::

    apt-get install apertium apertium-rus-ukr dict-freedict-ara-eng \\
        dict-freedict-swe-eng dict-freedict-swe-rus
    .venv/bin/python -m tools.back_translate > /tmp/back.md

and paste the table into docs/translations.md (the reviewers' notes there are
written by hand).
"""

from __future__ import annotations

import functools
import gzip
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

from babel.messages.pofile import read_po

from app.domain.catalog import GRID_ITEMS, LEVELS

ROOT = Path(__file__).resolve().parent.parent
DICTD = Path("/usr/share/dictd")
LANGS = ("en", "ar", "fa", "so", "ti", "uk")
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_HARAKAT = re.compile("[\u064b-\u0652\u0670\u0640]")


def _number(text: str) -> int:
    value = 0
    for ch in text:
        value = value * 64 + _B64.index(ch)
    return value


@functools.cache
def dictionary(name: str) -> dict[str, list[str]]:
    """A dictd dictionary: headword → its gloss lines (numbering removed)."""
    with gzip.open(DICTD / f"{name}.dict.dz") as packed:
        data = packed.read()
    out: dict[str, list[str]] = {}
    for line in (DICTD / f"{name}.index").read_text(encoding="utf-8").splitlines():
        head, offset, length = line.split("\t")
        if head.startswith("00database"):
            continue
        start = _number(offset)
        entry = data[start : start + _number(length)].decode("utf-8")
        glosses = [re.sub(r"^\d+\.\s*", "", g) for g in entry.splitlines()[1:]]
        out.setdefault(norm(head), []).extend(g for g in glosses if g.strip())
    return out


def norm(text: str) -> str:
    """Lower case, no Arabic vowel marks or tatweel, no accents on Cyrillic й."""
    return _HARAKAT.sub("", unicodedata.normalize("NFC", text)).casefold().strip()


@functools.cache
def backwards(name: str, script: str) -> dict[str, set[str]]:
    """A dictionary read backwards: each gloss word (in ``script``) → headwords."""
    out: dict[str, set[str]] = defaultdict(set)
    for head, glosses in dictionary(name).items():
        for gloss in glosses:
            if script == "cyrillic" and not re.search("[а-яё]", gloss, re.I):
                continue  # a note in Swedish, not a translation
            for part in re.split(r"[,;]", gloss):
                part = norm(re.sub(r"\(.*?\)", "", part))
                if part:
                    out[part].add(head)
    return out


def apertium_uk_ru(text: str) -> str:
    """Apertium's Russian for a Ukrainian text, word by word where the whole
    fails (Debian's apertium-tagger 3.8 aborts on some phrases)."""
    whole = _apertium(text)
    if whole or " " not in text:
        return whole
    return " ".join(_apertium(w) or f"*{w}" for w in text.split())


def _apertium(text: str) -> str:
    done = subprocess.run(
        ["apertium", "-u", "ukr-rus"],
        input=text.replace("/", " / ") + ".\n",
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip().rstrip(".")


def words(text: str) -> list[str]:
    """The words of ``text``, normalised."""
    return [norm(w) for w in re.findall(r"[\w'’-]+", text) if len(w) > 1]


def swedish_for(glosses: list[str], name: str, script: str) -> list[str]:
    """Swedish headwords for whole glosses first, else for their words."""
    index = backwards(name, script)
    found: list[str] = []
    for gloss in glosses:
        found += sorted(index.get(norm(gloss), ()))
    if not found:
        for gloss in glosses:
            for word in words(gloss):
                found += sorted(index.get(word, ()))
    return list(dict.fromkeys(found))[:6]


def back_translate(lang: str, text: str) -> tuple[str, list[str]]:
    """(the route taken, the Swedish words found) for one translation."""
    if lang == "uk":
        russian = apertium_uk_ru(text)
        return f"ru «{russian}»", swedish_for([russian], "freedict-swe-rus", "cyrillic")
    if lang == "ar":
        arabic = dictionary("freedict-ara-eng")
        english = arabic.get(norm(text)) or [
            g for w in words(text) for g in arabic.get(w, arabic.get(w[2:], []))[:2]
        ]
        english = english[:3]
        if not english:
            return "en —", []
        route = "en «" + "; ".join(english) + "»"
        return route, swedish_for(english, "freedict-swe-eng", "latin")
    if lang == "en":
        return "", swedish_for([text], "freedict-swe-eng", "latin")
    return "", []


def verdict(source: str, found: list[str], checked: bool) -> str:
    """agrees / differs / not found / unverified."""
    if not checked:
        return "unverified"
    if not found:
        return "not found"
    stems = {w[:4] for w in words(source)}
    same = any(w[:4] in stems for f in found for w in words(f))
    return "agrees" if same else "differs"


def catalogs() -> dict[str, dict[str, str]]:
    """msgid → msgstr for each language."""
    out = {}
    for lang in LANGS:
        path = ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang)
        out[lang] = {m.id: m.string for m in catalog if m.id and m.string}
    return out


def main() -> int:
    """Print the back-translation table as Markdown."""
    texts = catalogs()
    sources = [info.label for info in LEVELS.values()] + [i.label for i in GRID_ITEMS]
    print("| Swedish | lang | translation | via | back to Swedish | check |")
    print("|---|---|---|---|---|---|")
    for source in sources:
        for lang in LANGS:
            text = texts[lang].get(source, "")
            route, found = back_translate(lang, text) if text else ("", [])
            check = verdict(source, found, lang in ("en", "ar", "uk"))
            back = ", ".join(found) or "—"
            print(f"| {source} | {lang} | {text} | {route} | {back} | {check} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
