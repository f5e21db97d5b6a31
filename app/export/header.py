"""What every export says about itself: whom it shows, for whom, with what consent.

Shared by the PDF and the text export so both say the same thing in the same
words. The child is shown by case reference (or initials) unless the
counsellor explicitly chooses to include the display name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel import Locale, UnknownLocaleError

from app.domain.catalog import GIVERS, RECIPIENTS
from app.domain.counsellor import MAX_SIGNATURE_LENGTH
from app.domain.models import (
    Child,
    Consent,
    ConsentRecord,
    Recipient,
    Session,
    clean_text,
)
from app.domain.summary import join, local_date

NO_CONSENT = "Inget samtycke till att dela svaren – endast för egen dokumentation."
PRIVATE_NOTE = (
    "Svar som eleven valt att behålla för sig själv (”Bara för mig”) finns inte med."
)


def initials(name: str) -> str:
    """Initials of a display name: "Sara Lind" → "S.L.", "Elev A1" → "E.A."."""
    letters = [w[0].upper() for w in name.split() if w and w[0].isalnum()]
    return "".join(f"{c}." for c in letters[:4]) or "–"


def shown_child(child: Child, include_name: bool) -> tuple[str, str]:
    """(what the header calls it, the text) naming the child in an export."""
    if include_name:
        if child.case_ref:
            return "Elev", f"{child.display_name} ({child.case_ref})"
        return "Elev", child.display_name
    if child.case_ref:
        return "Ärende", child.case_ref
    return "Elev (initialer)", initials(child.display_name)


def language_name(code: str) -> str:
    """A language code as Swedish words ("en" → "engelska"); "" for Swedish."""
    if not code or code == "sv":
        return ""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name("sv") or code
    except (ValueError, TypeError, UnknownLocaleError):
        return code


def recipient_text(recipient: Recipient, other_name: str = "") -> str:
    """The recipient as the header names it (the typed name for *annan*)."""
    if recipient is Recipient.OTHER and other_name.strip():
        return " ".join(other_name.split())
    return RECIPIENTS[recipient].heading


def _consent_line(consent: Consent) -> str:
    givers = join([GIVERS[g].word for g in consent.given_by]) or "okänd"
    whom = [
        consent.other_recipient
        if r is Recipient.OTHER and consent.other_recipient
        else RECIPIENTS[r].in_list
        for r in consent.recipients
    ]
    when = local_date(consent.given_at)
    return f"Samtycke från {givers} ({when}): svaren får delas med {join(whom)}."


def consent_lines(record: ConsentRecord) -> list[str]:
    """Who may receive the answers, one line per consent still in force."""
    lines = [_consent_line(c) for c in record.active]
    return lines or [NO_CONSENT]


def withheld_line(count: int, recipient: Recipient) -> str:
    """How many answers this export leaves out because of the child's choices or
    the consent: the number only, never which."""
    if count == 0:
        return "Alla elevens svar finns med."
    who = (
        "eleven har valt att behålla dem för sig själv"
        if recipient is Recipient.OWN_FILE
        else "eleven har valt att inte dela dem med den här mottagaren, "
        "eller så täcker samtycket dem inte"
    )
    return f"{count} av elevens svar finns inte med ({who}). Vilka sägs inte."


@dataclass(frozen=True)
class Header:
    """The facts an export opens with."""

    child_caption: str
    child_text: str
    session_date: str
    counsellor: str
    recipient: str
    consent: tuple[str, ...]
    previous_date: str | None
    created: str
    language: str = ""
    """The language the child used in the app, when not Swedish ("engelska")."""
    withheld: str = ""
    """How many answers are left out for this recipient (never which)."""


def build_header(
    child: Child,
    session: Session,
    previous: Session | None,
    *,
    recipient: Recipient,
    other_name: str,
    include_name: bool,
    counsellor: str,
    now: datetime,
    consent: ConsentRecord | None = None,
    withheld: int | None = None,
) -> Header:
    """Gather the header of one export. Raises ValidationError for a bad name."""
    caption, text = shown_child(child, include_name)
    who = clean_text(counsellor, max_length=MAX_SIGNATURE_LENGTH) if counsellor else ""
    return Header(
        child_caption=caption,
        child_text=text,
        session_date=local_date(session.started),
        counsellor=who,
        recipient=recipient_text(recipient, other_name),
        consent=tuple(
            consent_lines(
                consent if consent is not None else ConsentRecord.migrated([session])
            )
        ),
        previous_date=local_date(previous.started) if previous else None,
        created=local_date(now),
        language=language_name(getattr(session, "language", "sv")),
        withheld=withheld_line(withheld, recipient) if withheld is not None else "",
    )


def header_lines(header: Header) -> list[tuple[str, str]]:
    """(caption, text) rows, in the order every export prints them."""
    rows = [
        (header.child_caption, header.child_text),
        ("Samtal", header.session_date),
        ("Samtalsledare", header.counsellor or "–"),
        ("Mottagare", header.recipient),
        ("Samtycke", " ".join(header.consent)),
    ]
    if header.withheld:
        rows.append(("Svar som inte delas", header.withheld))
    if header.language:
        rows.append(
            ("Elevens språk", f"{header.language} (svaren visas här på svenska)")
        )
    if header.previous_date:
        rows.append(("Jämförs med", f"samtalet {header.previous_date}"))
    return rows
