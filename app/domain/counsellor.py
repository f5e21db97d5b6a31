"""Who leads the conversation: the counsellor's name and role, for *Samtalsledare*.

This is the adult's data, never a child's: it is remembered per device (the
browser's settings entry, ``AppState.counsellor``) and printed in the header of
every case-file export (PDF, text), where the case file asks who led the talk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.models import MAX_NAME_LENGTH, clean_text

MAX_ROLE_LENGTH = 40
"""Longest role ("Kurator", "Specialpedagog, elevhälsan")."""
MAX_SIGNATURE_LENGTH = MAX_NAME_LENGTH + 2 + MAX_ROLE_LENGTH
"""Longest *Samtalsledare* line: a name, a comma and a role."""


def _clean(raw: str, max_length: int) -> str:
    return clean_text(raw, max_length=max_length) if raw.strip() else ""


@dataclass(frozen=True)
class Counsellor:
    """The counsellor's name and role as typed; either may be empty."""

    name: str = ""
    role: str = ""

    @classmethod
    def make(cls, name: str, role: str) -> Counsellor:
        """Tidy what the counsellor typed. Raises ValidationError (too long)."""
        return cls(_clean(name, MAX_NAME_LENGTH), _clean(role, MAX_ROLE_LENGTH))

    @property
    def signature(self) -> str:
        """The *Samtalsledare* line: "Kim Berg, kurator", or whichever is given."""
        return ", ".join(part for part in (self.name, self.role) if part)

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {"name": self.name, "role": self.role}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any] | None) -> Counsellor:
        """Rebuild from the stored form; anything unreadable gives no one."""
        if not isinstance(doc, Mapping):
            return cls()
        try:
            return cls.make(str(doc.get("name", "")), str(doc.get("role", "")))
        except ValueError:
            return cls()
