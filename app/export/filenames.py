"""Export file names, made by the app and never from what anyone typed.

``<ref>_min-rost_<date>_<short>.<ext>``, for example
``nt-2026-0417_min-rost_2026-11-23_3f9a.pdf``: the case reference folded to
``[a-z0-9-]`` (or ``elev-`` and a short id when there is none, or when it looks
like it holds the child's name), the session's date and four characters of the
session id. No name, no path characters, no spaces. The child sheets add
what they are and their language: ``…_3f9a_efter-motet-ar.pdf``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from app.domain.models import Child, Session

KINDS: dict[str, str] = {"pdf": "pdf", "json": "json", "text": "txt"}
"""Export format → file name extension."""

SHEET_TAGS: dict[str, str] = {
    "before": "infor-mote",
    "after": "efter-motet",
    "plan": "plan",
    "agenda": "dagordning",
    "parents": "infor-mote-foraldrar",
}
"""Sheet kind → the part of the file name that says what the sheet is."""
_LANGUAGE = re.compile(r"[a-z]{2,3}")

MAX_REF_LENGTH = 32
APP_TAG = "min-rost"


def slug(text: str) -> str:
    """Fold text to ``[a-z0-9-]``: å→a, ö→o, every other run of signs → one dash."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    ascii_only = ascii_only.replace("ß", "ss").replace("æ", "ae").replace("ø", "o")
    dashed = re.sub(r"[^a-z0-9]+", "-", ascii_only.encode("ascii", "ignore").decode())
    return dashed.strip("-")[:MAX_REF_LENGTH].strip("-")


GENERIC_WORDS = frozenset({"elev", "barn", "importerad", "kopia"})
"""Words of a display name that are no one's name ("Elev A1")."""


def _holds_name(ref_slug: str, display_name: str) -> bool:
    name = slug(display_name)
    if not name or name == ref_slug:
        return False  # the reference itself serves as the display name
    words = {w for w in name.split("-") if len(w) >= 2 and w.isalpha()} - GENERIC_WORDS
    return bool(words & set(ref_slug.split("-"))) or (bool(words) and name in ref_slug)


def file_stem_ref(child: Child) -> str:
    """The reference part of a file name: the folded case ref, else a short id."""
    ref = slug(child.case_ref)
    if ref and not _holds_name(ref, child.display_name):
        return ref
    return "elev-" + re.sub(r"[^a-z0-9]", "", child.id.lower())[:6]


def export_filename(child: Child, session: Session, fmt: str) -> str:
    """The file name of an export of ``session`` in format ``fmt``."""
    ext = KINDS[fmt]
    day = _local(session.started).strftime("%Y-%m-%d")
    short = re.sub(r"[^a-z0-9]", "", session.id.lower())[:4] or "0000"
    return f"{file_stem_ref(child)}_{APP_TAG}_{day}_{short}.{ext}"


def sheet_filename(child: Child, session: Session, kind: str, language: str) -> str:
    """The file name of a child sheet or plan PDF: ``…_efter-motet-ar.pdf``."""
    if not _LANGUAGE.fullmatch(language):
        raise ValueError(f"not a language code: {language!r}")
    stem = export_filename(child, session, "pdf").removesuffix(".pdf")
    return f"{stem}_{SHEET_TAGS[kind]}-{language}.pdf"


def _local(value: datetime) -> datetime:
    return value.astimezone()
