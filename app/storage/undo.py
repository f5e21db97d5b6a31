"""Put a data folder back byte for byte when an operation fails half-way.

``FolderUndo`` is for operations that write several files (an import writes
the child's file, the index, the key file, write-counter records and the audit
log): either all of it stays, or the folder is as it was, every file, ``.bak``
and counter included.

How: on entry every regular file under the folder gets a second name, a hard
link ``.tmp-<random>-<name>`` beside it. The storage never changes a file in
place (``SafeStorage`` writes a new file and renames it; the old one becomes
``.bak``), so the linked inode keeps the old bytes whatever happens. On failure
each file whose inode changed is put back by renaming its link over it (no new
bytes are written, so this works on a full disk too), a file that only grew in
place (the audit log is appended to) is cut back to its old length, and files
and folders that were not there before are removed. On success the links are
dropped. A crash in between leaves only ``.tmp-`` names, which
``remove_stale_temp_files`` deletes at the next start. Where hard links are not
possible the old bytes are kept in memory instead.

The caller holds the data folder's lock, and no other thread may write to the
folder meanwhile (its change would be undone too): the import runs in the CLI,
alone.
"""

from __future__ import annotations

import errno
import os
import secrets
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from app.storage.safe_storage import TEMP_PREFIX

__all__ = ["FolderUndo", "UndoFailed"]

_SKIP = frozenset({".minrost.lock"})
"""The data folder's lock file belongs to whoever holds the lock."""


class UndoFailed(OSError):
    """A failed operation's changes could not all be undone."""


@dataclass
class _Kept:
    path: Path
    inode: int
    size: int
    mtime_ns: int
    link: Path | None
    """The second name of the old inode, or None when ``raw`` holds the bytes."""
    raw: bytes | None = None


class FolderUndo:
    """``with FolderUndo(data_dir):`` all of the block stays, or none of it."""

    def __init__(self, data_dir: str | os.PathLike[str]) -> None:
        self.data_dir = Path(data_dir)
        self._kept: dict[Path, _Kept] = {}
        self._folders: set[Path] = set()
        self._links: set[Path] = set()

    def __enter__(self) -> FolderUndo:
        try:
            self._keep()
        except BaseException:
            self._drop_links()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is not None:
                self.restore()
        finally:
            self._drop_links()

    # --- taking the snapshot ------------------------------------------------
    def _walk(self) -> tuple[list[Path], list[Path]]:
        """(folders, regular files) under the data folder; links not followed."""
        folders: list[Path] = []
        files: list[Path] = []
        pending = [self.data_dir]
        while pending:
            folder = pending.pop()
            folders.append(folder)
            try:
                entries = list(os.scandir(folder))
            except FileNotFoundError:
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
                elif (
                    entry.is_file(follow_symlinks=False)
                    and entry.name not in _SKIP
                    and Path(entry.path) not in self._links
                ):
                    files.append(Path(entry.path))
        return folders, files

    def _keep(self) -> None:
        folders, files = self._walk()
        self._folders = set(folders)
        for path in files:
            st = os.lstat(path)
            link: Path | None = path.with_name(
                f"{TEMP_PREFIX}{secrets.token_hex(8)}-{path.name}"
            )
            raw = None
            try:
                os.link(path, link)
                self._links.add(link)
            except OSError as exc:
                if exc.errno == errno.ENOENT:
                    continue
                link = None  # no hard links here: keep the bytes instead
                raw = path.read_bytes()
            self._kept[path] = _Kept(
                path, st.st_ino, st.st_size, st.st_mtime_ns, link, raw
            )

    # --- undoing ------------------------------------------------------------
    def restore(self) -> None:
        """Put every file back as it was on entry; remove what is new."""
        try:
            self._restore()
        except OSError as exc:
            raise UndoFailed(
                exc.errno, f"the data folder could not be put back: {exc}"
            ) from exc

    def _restore(self) -> None:
        folders, files = self._walk()
        touched: set[Path] = set()
        for path in files:
            if path not in self._kept:
                os.unlink(path)
                touched.add(path.parent)
        for kept in self._kept.values():
            try:
                st = os.lstat(kept.path)
            except FileNotFoundError:
                st = None
            if st is not None and st.st_ino == kept.inode:
                if (st.st_size, st.st_mtime_ns) != (kept.size, kept.mtime_ns):
                    # Changed in place: only appends are made that way.
                    if st.st_size < kept.size:
                        raise OSError(errno.EIO, f"{kept.path.name} was cut short")
                    os.truncate(kept.path, kept.size)
                    os.utime(kept.path, ns=(st.st_atime_ns, kept.mtime_ns))
                continue
            if kept.link is not None:
                os.replace(kept.link, kept.path)
                self._links.discard(kept.link)
            else:
                _write_back(kept.path, kept.raw or b"")
            touched.add(kept.path.parent)
        for folder in sorted(set(folders) - self._folders, reverse=True):
            with suppress(OSError):
                folder.rmdir()
                touched.add(folder.parent)
        for folder in touched:
            _fsync_folder(folder)

    def _drop_links(self) -> None:
        for link in self._links:
            with suppress(OSError):
                os.unlink(link)
        self._links.clear()


def _write_back(path: Path, raw: bytes) -> None:
    tmp = path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(8)}-{path.name}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(raw)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt" or not folder.exists():
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        with suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
