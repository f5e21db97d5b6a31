"""Bad-import corpus: see generate.py."""
