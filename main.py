"""Entry point for `flet run` and `flet build`; the app itself lives in app/."""

from app.main import run

run()
