"""Crash-safe files for Min röst's data: atomic writes, backups, locks."""
