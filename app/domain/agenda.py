"""The meeting's agenda (*dagordning*), generated from the booklet's example.

"Ha alltid en dagordning som alla får del av innan mötet": each meeting gets
the booklet's thirteen items, with *Barnets röst* third, and the frame the
booklet asks to make clear: who leads, who takes notes, how everyone gets the
notes, and the time frame. The counsellor may drop items and add their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from app.domain.models import MAX_NAME_LENGTH, ValidationError, clean_text
from app.i18n import N_

MAX_AGENDA_ITEMS = 30
MAX_AGENDA_TEXT = 200
OWN_ITEM = "own"
"""The key of an item the counsellor typed (its ``text`` is what they typed)."""

BOOKLET_AGENDA: dict[str, str] = {
    "introductions": N_("Presentationsrunda"),
    "framing": N_("Sammanhangsmarkering: syfte, spelregler, vem leder, vem antecknar"),
    "childs_voice": N_("Barnets röst"),
    "status_parents": N_("Nuläge: föräldrar"),
    "status_services": N_("Nuläge: varje verksamhet"),
    "ongoing": N_("Pågående insatser i planen"),
    "new_measures": N_("Nya insatser"),
    "contacts": N_("Kontakter som behöver tas mellan mötena"),
    "other_questions": N_("Övriga frågor"),
    "plan_follow_up": N_("Planera uppföljningsmöte: vilka, när, var, hur"),
    "summary": N_("Sammanfatta vad som beslutats (den som antecknat)"),
    "notes_shared": N_("Hur får alla del av anteckningar?"),
    "closing": N_("Slutord"),
}
"""Key → msgid of the booklet's *Exempel på dagordning*, in its order."""


@dataclass(frozen=True)
class AgendaItem:
    """One item: a booklet key (its words are the catalog's) or an own text."""

    key: str
    text: str = ""
    """Only for ``OWN_ITEM``: what the counsellor typed."""

    @property
    def msgid(self) -> str | None:
        """The booklet item's msgid, or None for an own item."""
        return BOOKLET_AGENDA.get(self.key)

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {"key": self.key, "text": self.text}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> AgendaItem:
        """Rebuild from the stored form."""
        return cls(key=str(doc["key"]), text=str(doc.get("text", "")))


def _tidy(text: str, max_length: int) -> str:
    return clean_text(text, max_length=max_length) if text.strip() else ""


@dataclass(frozen=True)
class Agenda:
    """The items and the frame of one meeting."""

    items: tuple[AgendaItem, ...] = ()
    leader: str = ""
    """Who leads the meeting."""
    note_taker: str = ""
    """Who takes the notes (and sums up the decisions)."""
    notes_shared: str = ""
    """How everyone gets the notes, plans and decisions."""
    time_frame: str = ""
    """The time frame as typed, e.g. "13.00–14.30 (90 min)"."""

    @classmethod
    def from_booklet(cls) -> Agenda:
        """The booklet's example agenda, every item in its order."""
        return cls(items=tuple(AgendaItem(k) for k in BOOKLET_AGENDA))

    def with_frame(
        self, *, leader: str, note_taker: str, notes_shared: str, time_frame: str
    ) -> Agenda:
        """Set who leads, who takes notes, how notes are shared and the time."""
        return replace(
            self,
            leader=_tidy(leader, MAX_NAME_LENGTH),
            note_taker=_tidy(note_taker, MAX_NAME_LENGTH),
            notes_shared=_tidy(notes_shared, MAX_AGENDA_TEXT),
            time_frame=_tidy(time_frame, MAX_NAME_LENGTH),
        )

    def add_item(self, text: str) -> Agenda:
        """Add an own item before *Slutord* (or last when there is none)."""
        if len(self.items) >= MAX_AGENDA_ITEMS:
            raise ValidationError("agenda_full", max=MAX_AGENDA_ITEMS)
        item = AgendaItem(OWN_ITEM, clean_text(text, max_length=MAX_AGENDA_TEXT))
        keys = [i.key for i in self.items]
        at = keys.index("closing") if "closing" in keys else len(keys)
        return replace(self, items=(*self.items[:at], item, *self.items[at:]))

    def remove_item(self, index: int) -> Agenda:
        """Drop the item at ``index`` (*Barnets röst* stays: it is the point)."""
        if not 0 <= index < len(self.items):
            raise IndexError(index)
        if self.items[index].key == "childs_voice":
            raise ValidationError("agenda_keeps_childs_voice")
        return replace(
            self, items=tuple(i for n, i in enumerate(self.items) if n != index)
        )

    def to_doc(self) -> dict[str, Any]:
        """Return the stored form."""
        return {
            "items": [i.to_doc() for i in self.items],
            "leader": self.leader,
            "note_taker": self.note_taker,
            "notes_shared": self.notes_shared,
            "time_frame": self.time_frame,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Agenda:
        """Rebuild from the stored form."""
        return cls(
            items=tuple(AgendaItem.from_doc(i) for i in doc.get("items", [])),
            leader=str(doc.get("leader", "")),
            note_taker=str(doc.get("note_taker", "")),
            notes_shared=str(doc.get("notes_shared", "")),
            time_frame=str(doc.get("time_frame", "")),
        )
