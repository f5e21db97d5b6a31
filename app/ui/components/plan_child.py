"""The plan tied to the child: the answers a point responds to, the child's
and family's versions of a point, and the plan's goals and coordinator."""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.meeting import MAX_POINTS_PER_OWNER, PlanPoint
from app.domain.models import ValidationError
from app.domain.summary import citable_answers, cited_texts
from app.i18n import LANGUAGES, NATIVE_NAMES, Translator
from app.ui import theme
from app.ui.case_store import CaseStore
from app.ui.components.fault import reports_faults
from app.ui.components.named import named, named_dropdown
from app.ui.context import use_translator
from app.ui.latest import use_latest
from app.ui.messages import validation_message


def plan_message(_: Translator, error: ValidationError) -> str:
    """Say why a plan change was refused."""
    if error.msgid == "plan_column_full":
        return _(
            "Högst {max} öppna punkter per kolumn. Markera en som klar först.",
            max=MAX_POINTS_PER_OWNER,
        )
    if error.msgid == "follow_up_before_start":
        return _("Uppföljningen kan inte vara före starten.")
    if error.msgid == "bad_date":
        return _("Skriv datum som 2026-12-01.")
    if error.msgid == "too_many_sub_goals":
        return _("Högst {max} delmål.", max=error.params.get("max", 10))
    return validation_message(_, error)


@ft.component
def PointForChild(store: CaseStore, point: PlanPoint) -> ft.Control:
    """What the point answers in the child's words, and the child's version.

    The counsellor picks the child's answers the point responds to, writes the
    point in *du* form for the child's sheets, and may add their own
    translation for the family (printed *inte kontrollerad av tolk* unless an
    interpreter checked it).
    """
    _ = use_translator()
    child_text = use_latest(point.child_text)
    family_text = use_latest(point.family_text)
    family_language = use_latest(point.family_language or "ar")
    checked = use_latest(point.family_checked)
    translating, set_translating = ft.use_state(bool(point.family_text))
    error, set_error = ft.use_state("")
    session = store.latest
    offered = citable_answers(session) if session is not None else []
    by_key = {a.key: a for a in offered}

    def change(fn) -> None:
        try:
            store.change_plan(fn)
        except ValidationError as exc:
            set_error(plan_message(_, exc))
            return
        set_error("")

    @reports_faults
    def cite(key: str | None) -> None:
        if key and key not in point.answers:
            change(lambda p: p.link_answers(point.id, (*point.answers, key)))

    @reports_faults
    def uncite(key: str) -> None:
        keys = tuple(k for k in point.answers if k != key)
        change(lambda p: p.link_answers(point.id, keys))

    @reports_faults
    def save_versions(_e=None) -> None:
        change(
            lambda p: p.set_child_text(point.id, child_text.value).set_family_text(
                point.id,
                family_text.value,
                family_language.value,
                checked=checked.value,
            )
        )

    cited = [
        ft.Row(
            [
                ft.Image(
                    src=theme.pictogram_src(by_key[k].pictogram),
                    width=28,
                    height=28,
                    exclude_from_semantics=True,
                )
                if k in by_key
                else ft.Container(),
                ft.Text(text, size=13, expand=True),
                named(
                    ft.IconButton(
                        ft.Icons.CLOSE,
                        key=f"point-uncite-{point.id}-{n}",
                        tooltip=_("Ta bort kopplingen till {text}", text=text),
                        icon_size=16,
                        on_click=lambda _e, k=k: uncite(k),
                    )
                ),
            ],
            spacing=4,
        )
        for n, (k, text) in enumerate(
            (k, t)
            for k in point.answers
            for t in cited_texts(session, (k,)) or [_("(svaret finns inte längre)")]
        )
    ]
    choices = [a for a in offered if a.key not in point.answers]
    family_fields = [
        ft.TextField(
            key=f"point-family-text-{point.id}",
            label=_("Översättning för familjen"),
            value=family_text.value,
            dense=True,
            multiline=True,
            on_change=lambda e: family_text.set(e.control.value),
            on_blur=save_versions,
        ),
        ft.Row(
            [
                named_dropdown(
                    ft.Dropdown(
                        key=f"point-family-language-{point.id}",
                        label=_("Språk"),
                        value=family_language.value,
                        dense=True,
                        width=150,
                        text_style=ft.TextStyle(
                            font_family_fallback=theme.FONT_FALLBACK
                        ),
                        options=[
                            ft.DropdownOption(
                                key=code,
                                text=NATIVE_NAMES[code],
                                content=ft.Text(
                                    NATIVE_NAMES[code],
                                    font_family_fallback=theme.FONT_FALLBACK,
                                ),
                            )
                            for code in LANGUAGES
                            if code != "sv"
                        ],
                        on_select=lambda e: family_language.set(
                            e.data or e.control.value
                        ),
                    ),
                    NATIVE_NAMES.get(family_language.value),
                ),
                ft.Checkbox(
                    key=f"point-family-checked-{point.id}",
                    label=_("Kontrollerad av tolk"),
                    value=checked.value,
                    on_change=lambda e: checked.set(bool(e.control.value)),
                ),
            ],
            wrap=True,
        ),
    ]
    return ft.Column(
        [
            ft.Text(_("Svarar på barnets svar:"), size=12, color=theme.MUTED_INK)
            if cited
            else ft.Container(),
            *cited,
            named_dropdown(
                ft.Dropdown(
                    key=f"point-cite-{point.id}",
                    label=_("Koppla till barnets svar"),
                    dense=True,
                    options=[
                        ft.DropdownOption(key=a.key, text=a.text) for a in choices
                    ],
                    on_select=lambda e: cite(e.data or e.control.value),
                ),
                None,
            )
            if choices
            else ft.Container(),
            ft.TextField(
                key=f"point-child-text-{point.id}",
                label=_("Barnets version (du-form)"),
                hint_text=_("Till exempel: Du får äta lunch i grupprummet."),
                value=child_text.value,
                dense=True,
                multiline=True,
                error=error or None,
                on_change=lambda e: child_text.set(e.control.value),
                on_blur=save_versions,
            ),
            ft.Text(
                _("Ingen barnversion: punkten visas inte för barnet."),
                key=f"point-no-child-text-{point.id}",
                size=12,
                color=theme.MUTED_INK,
            )
            if not point.child_text
            else ft.Container(),
            *(
                family_fields
                if translating
                else [
                    ft.TextButton(
                        _("Översättning för familjen"),
                        key=f"point-family-open-{point.id}",
                        icon=ft.Icons.TRANSLATE,
                        on_click=lambda _e: set_translating(True),
                    )
                ]
            ),
            ft.TextButton(
                _("Spara barnets version"),
                key=f"point-versions-save-{point.id}",
                icon=ft.Icons.SAVE,
                on_click=save_versions,
            ),
        ],
        spacing=4,
    )


@ft.component
def GoalsForm(store: CaseStore) -> ft.Control:
    """The long-term goal, the sub-goals (one a line) and the coordinator."""
    _ = use_translator()
    plan = store.plan
    goal = use_latest(plan.goal)
    subs = use_latest("\n".join(plan.sub_goals))
    coordinator = use_latest(plan.coordinator)
    error, set_error = ft.use_state("")

    @reports_faults
    def save(_e=None) -> None:
        try:
            store.change_plan(
                lambda p: p.set_goals(goal.value, subs.value, coordinator.value)
            )
        except ValidationError as exc:
            set_error(plan_message(_, exc))
            return
        set_error("")

    return ft.Container(
        key="plan-goals",
        bgcolor=theme.TILE_BG,
        border_radius=14,
        padding=14,
        content=ft.Column(
            [
                ft.Text(_(catalog.GOALS_TITLE), size=18, weight=ft.FontWeight.BOLD),
                ft.Row(
                    [
                        ft.TextField(
                            key="plan-goal",
                            label=_(catalog.GOAL_CAPTION),
                            value=goal.value,
                            multiline=True,
                            expand=2,
                            error=error or None,
                            on_change=lambda e: goal.set(e.control.value),
                        ),
                        ft.TextField(
                            key="plan-sub-goals",
                            label=_("Delmål (ett per rad)"),
                            value=subs.value,
                            multiline=True,
                            min_lines=2,
                            expand=2,
                            on_change=lambda e: subs.set(e.control.value),
                        ),
                        ft.TextField(
                            key="plan-coordinator",
                            label=_(catalog.COORDINATOR_CAPTION),
                            value=coordinator.value,
                            expand=1,
                            on_change=lambda e: coordinator.set(e.control.value),
                        ),
                    ],
                    vertical_alignment=ft.CrossAxisAlignment.START,
                ),
                ft.TextButton(
                    _("Spara målen"),
                    key="plan-goals-save",
                    icon=ft.Icons.SAVE,
                    on_click=save,
                ),
            ]
        ),
    )
