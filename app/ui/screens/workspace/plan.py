"""The plan: *Skolan ska / Föräldrarna ska / Eleven ska / Andra ska*.

Points carry an owner, start and follow-up dates; at a follow-up each point is
marked *klar / fortsätter / ändrad* with a note, and its history is kept.
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.meeting import (
    PlanOwner,
)
from app.ui import theme
from app.ui.case_store import CaseStore
from app.ui.components.gate import use_counsellor_activity
from app.ui.components.plan_child import GoalsForm
from app.ui.components.plan_forms import AddPoint, NextMeetingForm, PointCard
from app.ui.components.workspace_page import workspace_page
from app.ui.context import use_case_store, use_translator
from app.ui.routes import ROUTE_CHILD_DETAIL


@ft.component
def PlanScreen() -> ft.Control:
    """Route adapter: the child's plan (the workspace layout route guards it)."""
    child_id = ft.use_route_params().get("child_id", "")
    return PlanEditor(use_case_store(child_id))


@ft.component
def PlanEditor(store: CaseStore) -> ft.Control:
    """Four columns of points, and the next follow-up meeting."""
    _ = use_translator()
    use_counsellor_activity()
    plan, child = store.plan, store.child

    columns = []
    for owner in PlanOwner:
        columns.append(
            ft.Container(
                key=f"column-{owner.value}",
                col={"xs": 12, "md": 6, "lg": 3},
                bgcolor=theme.TILE_BG,
                border_radius=14,
                padding=12,
                content=ft.Column(
                    [
                        ft.Row(
                            [
                                ft.Image(
                                    src=theme.pictogram_src(
                                        catalog.PLAN_OWNERS[owner].pictogram
                                    ),
                                    width=36,
                                    height=36,
                                    exclude_from_semantics=True,  # its title follows
                                ),
                                ft.Text(
                                    _(catalog.PLAN_OWNERS[owner].title),
                                    size=18,
                                    weight=ft.FontWeight.BOLD,
                                ),
                            ]
                        ),
                        *[PointCard(store, p) for p in plan.column(owner)],
                        AddPoint(store, owner),
                    ],
                    spacing=8,
                ),
            )
        )
    return workspace_page(
        _,
        back_key="plan-back",
        back_route=ROUTE_CHILD_DETAIL.format(child_id=child.id),
        title=_(catalog.PLAN_TITLE),
        aside=child.display_name,
        body=[
            GoalsForm(store),
            ft.ResponsiveRow(columns, spacing=12, run_spacing=12),
            NextMeetingForm(store),
        ],
        spacing=12,
    )
