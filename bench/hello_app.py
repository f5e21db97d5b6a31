"""A bare Flet app, the yardstick for Min röst's cold start.

Served the way ``app/main.py`` serves Min röst (web server only, loopback,
``no_cdn=True``, default renderer), on ``$MINROST_PORT``: one text and one
labelled button, nothing else.
"""

from __future__ import annotations

import os

import flet as ft


def main(page: ft.Page) -> None:
    """The whole app."""
    page.title = "Hej"
    page.add(ft.Text("Hej"), ft.Button("Hej världen", on_click=lambda _e: None))


def serve() -> None:
    """Serve ``main`` on 127.0.0.1 only."""
    port = int(os.environ.get("MINROST_PORT", "8551"))
    for var in ("FLET_SERVER_IP", "FLET_SERVER_PORT"):
        os.environ.pop(var, None)
    os.environ["FLET_FORCE_WEB_SERVER"] = "true"
    ft.run(
        main,
        host="127.0.0.1",
        port=port,
        view=ft.AppView.WEB_BROWSER,
        no_cdn=True,
    )


if __name__ == "__main__":
    serve()
