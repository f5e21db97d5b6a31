"""A bar chart of one figure per session (flet-charts' ``BarChart``).

The prebuilt web client holds the chart's Dart side; ``flet-charts`` adds the
Python classes. Each bar has its figure and date written under it (never
colour alone); the chart's canvas is not read by a screen reader, so the page
that shows it also writes the figures as text.
"""

from __future__ import annotations

import flet as ft
import flet_charts as fch

from app.ui import theme

CHART_HEIGHT = 190


def session_bars(
    key: str,
    title: str,
    values: list[float],
    dates: list[str],
    figures: list[str],
    colour: str,
) -> ft.Control:
    """One bar per session, its date and figure written under it (never colour
    alone)."""
    top = max(values, default=0)
    hidden = fch.ChartAxis(show_labels=False, label_size=0, title_size=0)
    chart = fch.BarChart(
        key=key,
        height=CHART_HEIGHT,
        interactive=False,
        min_y=0,
        max_y=top * 1.1 if top > 0 else 1,
        groups=[
            fch.BarChartGroup(
                x=i,
                rods=[
                    fch.BarChartRod(
                        to_y=v,
                        width=22,
                        color=colour,
                        border_radius=ft.BorderRadius.only(top_left=4, top_right=4),
                    )
                ],
            )
            for i, v in enumerate(values)
        ],
        bottom_axis=fch.ChartAxis(
            label_size=40,
            labels=[
                fch.ChartAxisLabel(
                    value=i,
                    label=ft.Column(
                        [
                            ft.Text(figure, size=13, weight=ft.FontWeight.BOLD),
                            ft.Text(date, size=11, color=theme.MUTED_INK),
                        ],
                        spacing=0,
                        tight=True,
                        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                    ),
                )
                for i, (date, figure) in enumerate(zip(dates, figures, strict=True))
            ],
        ),
        left_axis=hidden,
        top_axis=hidden,
        right_axis=hidden,
        horizontal_grid_lines=fch.ChartGridLines(color=theme.MUTED_INK, width=0.3),
        border=ft.Border.only(bottom=ft.BorderSide(1, theme.MUTED_INK)),
    )
    return ft.Container(
        col={"xs": 12, "md": 6, "lg": 12},
        bgcolor=theme.TILE_BG,
        border_radius=12,
        padding=12,
        content=ft.Column(
            [ft.Text(title, size=15, weight=ft.FontWeight.BOLD), chart],
            spacing=6,
        ),
    )
