"""Who may see which answer: the child's choice per answer and per recipient.

The child chooses, for each answer, between *everyone the consent allows*
(the default), *not to* some recipients (``Session.not_to``) and *Bara för
mig* (``Session.private``: kept, never shown to anyone). The family's consent
(``ConsentRecord``, kept on the child) decides which recipients may get
anything at all. :func:`may_see` is the one rule every export, sheet and view
for others asks; :func:`for_recipient` applies it to a whole session.

Pure functions on domain values; no I/O, no Flet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from enum import StrEnum

from app.domain import catalog
from app.domain import day as day_rules
from app.domain.models import (
    ConsentRecord,
    Recipient,
    Session,
    day_answer_key,
    grid_answer_key,
)

__all__ = [
    "CHOOSABLE",
    "ConsentMissing",
    "Exercise",
    "Share",
    "answer_keys",
    "check_consent",
    "for_recipient",
    "hidden_from",
    "may_see",
    "set_exercise_share",
    "set_not_to",
    "set_share",
    "share_of",
    "withheld_count",
]

CHOOSABLE: tuple[Recipient, ...] = tuple(
    r for r in Recipient if r is not Recipient.OWN_FILE
)
"""Recipients a child can leave out; the counsellor's own file is not one of them
(only *Bara för mig* keeps an answer from it)."""


class Share(StrEnum):
    """The child's choice for one answer, as the *Vem får veta?* step offers it."""

    EVERYONE = "everyone"
    """Everyone the consent allows."""
    SOME = "some"
    """Not to some of them (``Session.not_to``)."""
    ONLY_ME = "only_me"
    """*Bara för mig*: kept, never shown to anyone."""


class Exercise(StrEnum):
    """The two exercises, whose answers can be set at once."""

    GRID = "grid"
    DAY = "day"


def answer_keys(session: Session, exercise: Exercise | None = None) -> tuple[str, ...]:
    """Keys of the answers the session holds, in the order the child met them:
    marked grid items (booklet order, own items last), then the day's prompts
    the child answered or declined (the timeline as one answer)."""
    keys: list[str] = []
    if exercise in (None, Exercise.GRID):
        ids = [i.id for i in catalog.GRID_ITEMS]
        ids += [c.id for c in session.grid.custom_items]
        ids += [i for i in session.grid.marks if i not in set(ids)]
        keys += [grid_answer_key(i) for i in ids if session.grid.levels(i)]
    if exercise in (None, Exercise.DAY):
        keys += [
            day_answer_key(p.id)
            for p in catalog.DAY_PROMPTS
            if day_rules.is_done(session.day, p.id) or session.day.answer(p.id).picks
        ]
    return tuple(keys)


def may_see(
    session: Session,
    consent: ConsentRecord,
    recipient: Recipient,
    answer_key: str,
    other_name: str = "",
) -> bool:
    """Whether ``recipient`` may see the answer ``answer_key`` of ``session``.

    The one sharing rule, for every export, printed sheet and view for others:

    1. *Bara för mig* (``session.private``): nobody, the own file included.
    2. The counsellor's own case file (``Recipient.OWN_FILE``): every other
       answer; it is their own documentation and needs no consent.
    3. Any other recipient: only while a consent in force names it (a
       withdrawn consent stops it at once; *Annan* must match the typed name),
       and only if the child did not choose *not to* that recipient
       (``session.not_to``; leaving out *Annan* leaves out every named other).

    It does not check that the answer exists: callers ask about
    :func:`answer_keys`.
    """
    recipient = Recipient(recipient)
    if answer_key in session.private:
        return False
    if recipient is Recipient.OWN_FILE:
        return True
    if not consent.covers(recipient, other_name):
        return False
    return recipient not in session.not_to.get(answer_key, frozenset())


def hidden_from(
    session: Session,
    consent: ConsentRecord,
    recipient: Recipient,
    other_name: str = "",
) -> frozenset[str]:
    """Keys of the answers of ``session`` that ``recipient`` may not see."""
    return frozenset(
        k
        for k in answer_keys(session)
        if not may_see(session, consent, recipient, k, other_name)
    )


def withheld_count(
    session: Session,
    consent: ConsentRecord,
    recipient: Recipient,
    other_name: str = "",
) -> int:
    """How many answers ``recipient`` does not get (never which)."""
    return len(hidden_from(session, consent, recipient, other_name))


def for_recipient(
    session: Session,
    consent: ConsentRecord,
    recipient: Recipient,
    other_name: str = "",
) -> Session:
    """The session as ``recipient`` may get it: every answer it may not see is
    marked private, so the summary's and the exports' privacy filter
    (``summary.without_private``) takes it out; the choices kept for the
    answers it does see stay (``not_to``), the others go."""
    hidden = hidden_from(session, consent, recipient, other_name)
    private = session.private | hidden
    # A choice for an answer the child took back (a mark tapped away) goes
    # too: it names no answer, and a file naming none is refused on import.
    present = set(answer_keys(session))
    return replace(
        session,
        private=private,
        not_to={
            k: v for k, v in session.not_to.items() if k in present and k not in private
        },
    )


class ConsentMissing(PermissionError):
    """The session may not go to that recipient; ``msg_sv`` says why."""

    def __init__(self, msg_sv: str) -> None:
        super().__init__(msg_sv)
        self.msg_sv = msg_sv


def check_consent(
    consent: ConsentRecord, recipient: Recipient, other_name: str
) -> None:
    """Raise ConsentMissing unless the child's answers may go to ``recipient``."""
    if recipient is Recipient.OTHER and not other_name.strip():
        raise ConsentMissing(
            "Skriv vem mottagaren är. En export till ”annan mottagare” kräver "
            "ett namn som finns med i samtycket."
        )
    if consent.covers(recipient, other_name):
        return
    whom = (
        " ".join(other_name.split())
        if recipient is Recipient.OTHER
        else catalog.RECIPIENTS[recipient].in_list
    )
    withdrawn = consent.withdrawn_for(recipient)
    reason = (
        "samtycket för den mottagaren har återkallats"
        if withdrawn
        else "det finns inget samtycke som gäller den mottagaren"
    )
    raise ConsentMissing(
        f"Svaren kan inte exporteras till {whom}: {reason}. Registrera ett "
        "samtycke på elevens sida först, eller exportera till egen akt."
    )


def share_of(session: Session, answer_key: str) -> Share:
    """The child's choice for one answer."""
    if answer_key in session.private:
        return Share.ONLY_ME
    if session.not_to.get(answer_key):
        return Share.SOME
    return Share.EVERYONE


def set_share(session: Session, answer_keys_: Iterable[str], share: Share) -> Session:
    """Set answers to *everyone* or *Bara för mig* (``Share.SOME`` is set one
    recipient at a time with :func:`set_not_to`)."""
    keys = frozenset(answer_keys_)
    if share is Share.ONLY_ME:
        return replace(session, private=session.private | keys)
    if share is Share.EVERYONE:
        return replace(
            session,
            private=session.private - keys,
            not_to={k: v for k, v in session.not_to.items() if k not in keys},
        )
    raise ValueError("use set_not_to for a choice per recipient")


def set_not_to(
    session: Session,
    answer_keys_: Iterable[str],
    recipient: Recipient,
    *,
    told: bool,
) -> Session:
    """Tell ``recipient`` these answers (``told=True``) or not. An answer kept
    *Bara för mig* becomes shared again when someone is told."""
    recipient = Recipient(recipient)
    if recipient not in CHOOSABLE:
        raise ValueError("the own case file is not a choice")
    keys = frozenset(answer_keys_)
    not_to = dict(session.not_to)
    for key in keys:
        now = set(not_to.get(key, frozenset()))
        (now.discard if told else now.add)(recipient)
        if now:
            not_to[key] = frozenset(now)
        else:
            not_to.pop(key, None)
    private = session.private - keys if told else session.private
    return replace(session, not_to=not_to, private=private)


def set_exercise_share(session: Session, exercise: Exercise, share: Share) -> Session:
    """Set every answer of one exercise at once (everyone / *Bara för mig*)."""
    return set_share(session, answer_keys(session, exercise), share)
