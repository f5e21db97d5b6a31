"""Where the app's own files are, and where it keeps children's data."""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

import platformdirs

ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = ROOT / "assets"
LOCALES_DIR = ROOT / "locales"
PICTOGRAM_DIR = ASSETS_DIR / "pictograms"
FONTS_DIR = ASSETS_DIR / "fonts"

DATA_DIR_ENV = "MINROST_DATA_DIR"
CACHE_DIR_ENV = "MINROST_CACHE_DIR"


def data_dir() -> Path:
    """Return the data folder: ``$MINROST_DATA_DIR`` or the platform's user data dir."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return Path(platformdirs.user_data_dir("min-rost", appauthor=False))


def cache_dir() -> Path:
    """Return the cache folder (compressed client files; nothing of a child's)."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser().resolve()
    return Path(platformdirs.user_cache_dir("min-rost", appauthor=False))


def asset_version(path: Path) -> str:
    """A short hash of a file's bytes, "" for a file that is not there.

    A URL that carries it (``?v=…``) names one content, so the browser may
    keep that file for good (``app.client_files``): a changed picture gets a
    new URL. Read once per file content (its size and time in the key).
    """
    try:
        stat = path.stat()
    except OSError:
        return ""
    return _content_hash(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1024)
def _content_hash(path: Path, _mtime_ns: int, _size: int) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return ""
