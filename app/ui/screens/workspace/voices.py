"""*Inspelade röster*: record a word or a question once, for one child.

The counsellor (or a parent, in the family's language) picks a text the child
may see, records it, and from then on the child's speaker plays that voice
instead of the synthetic one, or at all where there is none (Somali,
Tigrinya). Recordings belong to the child (``docs/security.md``, recorded
voices): encrypted in the data folder, erased with the child.

A browser only lends the microphone to a secure context (HTTPS, or the app
opened as 127.0.0.1/localhost on this computer); elsewhere the panel
(``components/voice_recording.py``) says so and offers to pick an audio file.
"""

from __future__ import annotations

import flet as ft

from app.i18n import LANGUAGES, NATIVE_NAMES
from app.speech import (
    SYNTHETIC_VOICES,
    clip_url,
    texts_for,
)
from app.ui import theme
from app.ui.case_store import CaseStore
from app.ui.components.gate import use_counsellor_activity
from app.ui.components.named import named_dropdown
from app.ui.components.voice_recording import RecordingPanel, can_record
from app.ui.components.workspace_page import workspace_page
from app.ui.context import use_case_store, use_repo, use_services, use_translator
from app.ui.latest import use_latest
from app.ui.routes import ROUTE_CHILD_DETAIL

MATCHES_SHOWN = 8
"""How many texts the search lists at once (type more to narrow it)."""


@ft.component
def VoicesScreen() -> ft.Control:
    """Route adapter: the child's recorded voices (behind the workspace guard)."""
    child_id = ft.use_route_params().get("child_id", "")
    return VoiceRecorder(use_case_store(child_id))


@ft.component
def VoiceRecorder(store: CaseStore) -> ft.Control:
    """Pick a language and a text; record, listen, replace or remove its voice."""
    _ = use_translator()
    use_counsellor_activity()
    services = use_services()
    repo = use_repo()
    child = store.child
    latest = store.latest
    language, set_language = ft.use_state(latest.language if latest else "sv")
    query = use_latest("")
    text, set_text = ft.use_state("")
    _version, set_version = ft.use_state(0)  # bumped when a recording changes
    secure = can_record(ft.context.page, services.https)

    recorded = repo.recorded_voices(child.id)
    texts = texts_for(language)
    has_recording = (language, text) in recorded
    has_clip = bool(text) and clip_url(language, text) is not None

    def pick_language(e: ft.Event[ft.Dropdown]) -> None:
        set_language(str(e.control.value))
        set_text("")

    voiced = _.join([NATIVE_NAMES[code] for code in SYNTHETIC_VOICES])
    unvoiced = _.join(
        [NATIVE_NAMES[code] for code in LANGUAGES if code not in SYNTHETIC_VOICES]
    )
    language_picker = ft.Dropdown(
        key="voice-language",
        label=_("Språk"),
        value=language,
        width=240,
        # Each name in its own script: the bundled fonts must be named, or the
        # engine looks online for them (tofu), as on the meeting sheets.
        text_style=ft.TextStyle(font_family_fallback=theme.FONT_FALLBACK),
        options=[
            ft.DropdownOption(
                key=c,
                text=NATIVE_NAMES[c],
                content=ft.Text(
                    NATIVE_NAMES[c], font_family_fallback=theme.FONT_FALLBACK
                ),
            )
            for c in LANGUAGES
        ],
        on_select=pick_language,
    )
    needle = query.value.strip().casefold()
    matches = [t for t in texts if needle in t.casefold()][:MATCHES_SHOWN]
    choices = ft.Row(
        [
            ft.OutlinedButton(
                t,
                key=f"voice-pick-{n}",
                on_click=lambda _e, t=t: set_text(t),
            )
            for n, t in enumerate(matches)
        ],
        wrap=True,
        spacing=8,
        run_spacing=8,
    )
    chosen = RecordingPanel(
        child.id,
        language,
        text,
        secure=secure,
        has_clip=has_clip,
        has_recording=has_recording,
        on_change=lambda: set_version(lambda v: v + 1),
    )
    mine = sorted(recorded)
    listing = [
        ft.Text(
            _("Inspelat för barnet: {count}", count=len(mine)),
            weight=ft.FontWeight.BOLD,
        ),
        *[
            ft.TextButton(
                f"{NATIVE_NAMES.get(lang, lang)}: {said}",
                key=f"voice-recorded-{n}",
                on_click=lambda _e, lang=lang, said=said: (
                    set_language(lang),
                    set_text(said),
                ),
            )
            for n, (lang, said) in enumerate(mine)
        ],
    ]
    return workspace_page(
        _,
        back_key="voices-back",
        back_route=ROUTE_CHILD_DETAIL.format(child_id=child.id),
        title=_("Inspelade röster"),
        aside=child.display_name,
        body=[
            ft.Text(
                _(
                    "Spela in ett ord eller en fråga en gång, med din röst eller "
                    "en förälders på familjens språk. Barnet hör sedan "
                    "inspelningen i stället för datorrösten. Inspelningarna "
                    "sparas krypterade hos det här barnet och raderas med barnet."
                )
            ),
            ft.Text(
                _(
                    "Datorröst finns på {voiced}. {unvoiced} har ingen datorröst: "
                    "där hör barnet bara det som spelats in.",
                    voiced=voiced,
                    unvoiced=unvoiced,
                ),
                key="voice-languages",
                color=theme.MUTED_INK,
            ),
            ft.Row(
                [
                    named_dropdown(language_picker, NATIVE_NAMES[language]),
                    ft.TextField(
                        key="voice-search",
                        label=_("Sök ord eller fråga"),
                        value=query.value,
                        width=360,
                        on_change=lambda e: query.set(str(e.control.value)),
                    ),
                ],
                wrap=True,
                spacing=12,
            ),
            choices,
            chosen,
            *listing,
        ],
    )
