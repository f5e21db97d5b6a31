"""`python -m app`: start Min röst, or run one of its administrator commands."""

from app.main import run

run()
