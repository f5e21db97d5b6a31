"""Messages shared by several screens, in the user's language."""

from __future__ import annotations

from app.domain.models import ValidationError
from app.i18n import Translator


def validation_message(_: Translator, error: ValidationError) -> str:
    """Say in the user's language why typed text was not accepted."""
    if error.msgid == "too_long":
        return _("Texten är för lång: högst {max} tecken.", max=error.params["max"])
    return _("Skriv ett namn eller initialer.")
