"""SafeStorage: round trips, backups, strict reads, failed saves, clean-up."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from tinydb import Query, TinyDB

from app.storage.safe_storage import (
    CorruptFileError,
    JsonCodec,
    NoUsableBackupError,
    SafeStorage,
    StorageWriteError,
    backup_path_for,
    erase_file,
    lock_for,
    quarantine_and_restore_backup,
    remove_stale_temp_files,
)

SECRET = "Kalle tycker inte om rasten"


def temp_files(directory: Path) -> list[str]:
    """Names of leftover temp files in ``directory``."""
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".tmp-"))


def save(path: Path, data: dict[str, Any]) -> None:
    """Write ``data`` with a fresh SafeStorage."""
    SafeStorage(path).write(data)


def doc(value: Any) -> dict[str, Any]:
    """A one-document database holding ``value``."""
    return {"_default": {"1": {"value": value}}}


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A data file path inside a fresh folder."""
    return tmp_path / "data" / "child.json"


# --- round trips and backups ------------------------------------------------
def test_tinydb_round_trip_keeps_inserts_updates_and_tables(db_path: Path) -> None:
    """What TinyDB writes through SafeStorage is what a new TinyDB reads back."""
    with TinyDB(db_path, storage=SafeStorage) as db:
        db.insert({"name": "Åsa", "mood": "glad"})
        db.insert({"name": "Omar", "mood": "trött"})
        db.update({"mood": "lugn"}, Query().name == "Omar")
        db.table("sessions").insert({"step": 3, "answers": ["ja", "nej"]})
    with TinyDB(db_path, storage=SafeStorage) as db:
        assert db.tables() == {"_default", "sessions"}
        assert db.all() == [
            {"name": "Åsa", "mood": "glad"},
            {"name": "Omar", "mood": "lugn"},
        ]
        assert db.table("sessions").all() == [{"step": 3, "answers": ["ja", "nej"]}]


def test_missing_file_reads_as_empty_database_and_is_not_created(
    db_path: Path,
) -> None:
    """Only a file that does not exist is an empty database; reading creates none."""
    assert SafeStorage(db_path).read() is None
    with TinyDB(db_path, storage=SafeStorage) as db:
        assert db.all() == []
    assert not db_path.exists()


def test_file_is_compact_sorted_utf8_json(db_path: Path) -> None:
    """The file is compact UTF-8 JSON with sorted keys and no escaped å/ä/ö."""
    save(db_path, {"t": {"1": {"ö": "år", "a": 1}}})
    assert db_path.read_bytes() == '{"t":{"1":{"a":1,"ö":"år"}}}'.encode()


def test_backup_holds_the_previous_version(db_path: Path) -> None:
    """Each save moves the version before it to ``.bak``."""
    save(db_path, doc(1))
    assert not backup_path_for(db_path).exists()
    save(db_path, doc(2))
    save(db_path, doc(3))
    assert json.loads(backup_path_for(db_path).read_bytes()) == doc(2)
    assert json.loads(db_path.read_bytes()) == doc(3)
    assert temp_files(db_path.parent) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_saved_file_and_backup_are_private_to_the_user(db_path: Path) -> None:
    """Data files are created with mode 0o600 (children's data)."""
    save(db_path, doc(1))
    save(db_path, doc(2))
    for path in (db_path, backup_path_for(db_path)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_backup_is_copied_when_hard_links_are_not_supported(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without hard links (FAT, some shares) the backup is made by copying."""
    save(db_path, doc(1))

    def no_links(src: Any, dst: Any) -> None:
        raise OSError(errno.EPERM, "no hard links here")

    monkeypatch.setattr(os, "link", no_links)
    save(db_path, doc(2))
    assert json.loads(backup_path_for(db_path).read_bytes()) == doc(1)
    assert json.loads(db_path.read_bytes()) == doc(2)
    assert temp_files(db_path.parent) == []


def test_codec_gets_the_logical_path_for_file_and_backup(db_path: Path) -> None:
    """A codec always sees the data file's own path, even when reading .bak."""
    seen: list[Path] = []

    class Recording(JsonCodec):
        def encode(self, data: dict[str, Any], *, path: Path) -> bytes:
            seen.append(path)
            return super().encode(data, path=path)

        def decode(self, raw: bytes, *, path: Path) -> dict[str, Any]:
            seen.append(path)
            return super().decode(raw, path=path)

    storage = SafeStorage(db_path, codec=Recording())
    storage.write(doc(1))
    storage.write(doc(2))
    db_path.write_bytes(b"{")
    with pytest.raises(CorruptFileError) as caught:
        storage.read()
    assert caught.value.backup_path == backup_path_for(db_path)
    assert set(seen) == {db_path}


def test_tinydb_passes_a_custom_codec_to_the_storage(db_path: Path) -> None:
    """``TinyDB(path, storage=SafeStorage, codec=...)`` uses that codec."""

    class Reversed(JsonCodec):
        def encode(self, data: dict[str, Any], *, path: Path) -> bytes:
            return super().encode(data, path=path)[::-1]

        def decode(self, raw: bytes, *, path: Path) -> dict[str, Any]:
            return super().decode(raw[::-1], path=path)

    with TinyDB(db_path, storage=SafeStorage, codec=Reversed()) as db:
        db.insert({"a": 1})
    assert db_path.read_bytes().startswith(b"}")
    with TinyDB(db_path, storage=SafeStorage, codec=Reversed()) as db:
        assert db.all() == [{"a": 1}]
    with pytest.raises(CorruptFileError):
        SafeStorage(db_path).read()


def test_lock_is_shared_by_every_spelling_of_the_same_file(tmp_path: Path) -> None:
    """Storages on one file share one lock, however the path is written."""
    real = tmp_path / "real"
    real.mkdir()
    alias = tmp_path / "alias"
    alias.symlink_to(real)
    a = SafeStorage(real / "x.json")
    b = SafeStorage(alias / ".." / "real" / "x.json")
    c = SafeStorage(alias / "x.json")
    assert a.lock is b.lock is c.lock is lock_for(str(real / "x.json"))
    assert SafeStorage(real / "y.json").lock is not a.lock


# --- strict reads -------------------------------------------------------------
GOOD = json.dumps(
    {"_default": {"1": {"name": "Åsa", "note": SECRET}}}, separators=(",", ":")
).encode()

BAD_CONTENTS = {
    "empty": b"",
    "whitespace": b"  \n",
    "garbage": bytes(range(256)),
    "not-utf8": b'{"a":"\xff"}',
    "utf8-bom": b"\xef\xbb\xbf" + GOOD,
    "nan": b'{"_default":{"1":{"x":NaN}}}',
    "infinity": b'{"_default":{"1":{"x":-Infinity}}}',
    "duplicate-keys": b'{"_default":{"1":{"a":1}},"_default":{}}',
    "duplicate-nested-keys": b'{"_default":{"1":{"a":1,"a":2}}}',
    "list-at-top": b'[{"_default":{}}]',
    "string-at-top": b'"hej"',
    "table-not-object": b'{"_default":[1,2]}',
    "document-not-object": b'{"_default":{"1":5}}',
    "deep-nesting": b"[" * 100_000,
    "nul-bytes": b"\x00" * 64,
}


@pytest.mark.parametrize("content", BAD_CONTENTS.values(), ids=BAD_CONTENTS.keys())
def test_unreadable_file_raises_corrupt_file_error_and_is_left_untouched(
    db_path: Path, content: bytes
) -> None:
    """A file that does not decode is an error, never an empty database."""
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(content)
    with pytest.raises(CorruptFileError) as caught:
        SafeStorage(db_path).read()
    assert caught.value.path == db_path
    assert caught.value.backup_path is None
    # A TinyDB change reads first, so it must fail before writing anything.
    with pytest.raises(CorruptFileError), TinyDB(db_path, storage=SafeStorage) as db:
        db.insert({"a": 1})
    assert db_path.read_bytes() == content
    assert sorted(p.name for p in db_path.parent.iterdir()) == [db_path.name]


def test_empty_file_is_corruption_not_an_empty_database(db_path: Path) -> None:
    """A zero-byte file (a crash mid-save elsewhere) is reported, not read as {}."""
    db_path.parent.mkdir(parents=True)
    db_path.touch()
    with pytest.raises(CorruptFileError, match="empty"):
        SafeStorage(db_path).read()
    assert db_path.read_bytes() == b""


@pytest.mark.parametrize("cut", [1, 2, 10, 0.25, 0.5, 0.75, -2, -1])
def test_truncated_file_is_corruption_at_any_cut(db_path: Path, cut: float) -> None:
    """A file cut off anywhere is detected; the cut file stays as it was."""
    save(db_path, {"_default": {"1": {"name": "Åsa", "note": SECRET}}})
    full = db_path.read_bytes()
    at = int(len(full) * cut) if isinstance(cut, float) else cut % len(full)
    db_path.write_bytes(full[:at])
    with pytest.raises(CorruptFileError) as caught:
        SafeStorage(db_path).read()
    assert caught.value.backup_path is None
    assert db_path.read_bytes() == full[:at]


def test_corrupt_file_error_names_the_file_but_never_its_contents(
    db_path: Path,
) -> None:
    """Error text may reach logs: it names the file and the problem only."""
    db_path.parent.mkdir(parents=True)
    for content in (GOOD[:-3], GOOD + GOOD, b'{"a":"' + SECRET.encode() + b'\xff"}'):
        db_path.write_bytes(content)
        with pytest.raises(CorruptFileError) as caught:
            SafeStorage(db_path).read()
        text = f"{caught.value} {caught.value.reason} {caught.value!r}"
        assert "child.json" in str(caught.value)
        assert SECRET not in text
        assert "Kalle" not in text


def test_corrupt_file_error_points_to_a_readable_backup(db_path: Path) -> None:
    """``backup_path`` is set when the previous version can be read, else None."""
    save(db_path, doc(1))
    save(db_path, doc(2))
    db_path.write_bytes(b"{")
    with pytest.raises(CorruptFileError) as caught:
        SafeStorage(db_path).read()
    assert caught.value.backup_path == backup_path_for(db_path)
    assert "backup" in str(caught.value)

    backup_path_for(db_path).write_bytes(b"[]")
    with pytest.raises(CorruptFileError) as caught:
        SafeStorage(db_path).read()
    assert caught.value.backup_path is None


# --- quarantine and restore -------------------------------------------------
def test_quarantine_keeps_the_bad_file_byte_identical_and_restores_backup(
    db_path: Path,
) -> None:
    """The bad file is set aside untouched and the backup becomes current."""
    save(db_path, doc(1))
    save(db_path, doc(2))
    bad = b'{"_default":{"1":{"value":2' + SECRET.encode()
    db_path.write_bytes(bad)

    quarantined = quarantine_and_restore_backup(db_path)

    assert quarantined.parent == db_path.parent
    assert quarantined.name.startswith("child.json.corrupt-")
    assert quarantined.name.endswith("Z")
    assert quarantined.read_bytes() == bad
    assert SafeStorage(db_path).read() == doc(1)
    assert json.loads(backup_path_for(db_path).read_bytes()) == doc(1)
    assert temp_files(db_path.parent) == []


def test_restored_file_is_separate_from_its_backup_and_saves_normally(
    db_path: Path,
) -> None:
    """After a restore the next save rotates the backup and leaves no temp files."""
    save(db_path, doc(1))
    save(db_path, doc(2))
    db_path.write_bytes(b"{")
    quarantine_and_restore_backup(db_path)
    assert not db_path.samefile(backup_path_for(db_path))
    with TinyDB(db_path, storage=SafeStorage) as db:
        db.update({"value": 3})
    assert SafeStorage(db_path).read() == doc(3)
    assert json.loads(backup_path_for(db_path).read_bytes()) == doc(1)
    assert temp_files(db_path.parent) == []


def test_two_quarantines_in_a_row_get_different_names(db_path: Path) -> None:
    """A second quarantine never overwrites the first."""
    save(db_path, doc(1))
    save(db_path, doc(2))
    db_path.write_bytes(b"first")
    one = quarantine_and_restore_backup(db_path)
    db_path.write_bytes(b"second")
    two = quarantine_and_restore_backup(db_path)
    assert one != two
    assert (one.read_bytes(), two.read_bytes()) == (b"first", b"second")


@pytest.mark.parametrize("backup", [None, b"", b"{", b"[]"])
def test_quarantine_without_a_usable_backup_raises_and_changes_nothing(
    db_path: Path, backup: bytes | None
) -> None:
    """No backup, or an unreadable one: refuse and touch nothing."""
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"{bad")
    if backup is not None:
        backup_path_for(db_path).write_bytes(backup)
    before = sorted(p.name for p in db_path.parent.iterdir())
    with pytest.raises(NoUsableBackupError):
        quarantine_and_restore_backup(db_path)
    assert db_path.read_bytes() == b"{bad"
    assert sorted(p.name for p in db_path.parent.iterdir()) == before


def test_blind_save_over_a_corrupt_file_sets_it_aside_and_keeps_the_backup(
    db_path: Path,
) -> None:
    """A save over an unreadable file quarantines it; .bak keeps the good one."""
    save(db_path, doc(1))
    save(db_path, doc(2))
    db_path.write_bytes(b"{broken")
    with TinyDB(db_path, storage=SafeStorage) as db:
        db.drop_tables()  # writes without reading first
    assert SafeStorage(db_path).read() == {}
    assert json.loads(backup_path_for(db_path).read_bytes()) == doc(1)
    (aside,) = db_path.parent.glob("child.json.corrupt-*")
    assert aside.read_bytes() == b"{broken"


class CountingCodec(JsonCodec):
    """The JSON codec, counting how often it decodes."""

    def __init__(self) -> None:
        self.decodes = 0

    def decode(self, raw: bytes, *, path: Path) -> dict[str, Any]:
        self.decodes += 1
        return super().decode(raw, path=path)


def test_a_save_decodes_the_file_it_replaces_only_once(db_path: Path) -> None:
    """TinyDB reads the file before an update; the backup step trusts that read."""
    save(db_path, doc(1))
    codec = CountingCodec()
    with TinyDB(db_path, storage=SafeStorage, codec=codec) as db:
        db.table("_default").update({"value": 2})
        assert codec.decodes == 1
        db.table("_default").update({"value": 3})  # reads what it wrote
        assert codec.decodes == 2
    assert json.loads(backup_path_for(db_path).read_bytes()) == doc(2)
    assert SafeStorage(db_path).read() == doc(3)


def test_a_file_changed_between_read_and_save_is_still_checked(db_path: Path) -> None:
    """Bytes other than those just read are decoded again, and set aside if bad."""
    save(db_path, doc(1))
    save(db_path, doc(2))
    storage = SafeStorage(db_path)
    assert storage.read() == doc(2)
    db_path.write_bytes(b"{broken")  # behind the storage's back
    storage.write(doc(3))
    assert SafeStorage(db_path).read() == doc(3)
    assert json.loads(backup_path_for(db_path).read_bytes()) == doc(1)
    (aside,) = db_path.parent.glob("child.json.corrupt-*")
    assert aside.read_bytes() == b"{broken"


# --- failed saves -----------------------------------------------------------
def disk_full(*args: Any, **kwargs: Any) -> Any:
    """Stand-in for a system call on a full disk."""
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def io_error(*args: Any, **kwargs: Any) -> Any:
    """Stand-in for a system call hitting a bad sector."""
    raise OSError(errno.EIO, os.strerror(errno.EIO))


@pytest.mark.parametrize(
    ("call", "failure", "code"),
    [
        ("write", disk_full, errno.ENOSPC),
        ("fsync", disk_full, errno.ENOSPC),
        ("write", io_error, errno.EIO),
        ("fsync", io_error, errno.EIO),
        ("replace", io_error, errno.EIO),
    ],
)
def test_failed_save_raises_and_leaves_the_old_version_intact(
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    call: str,
    failure: Any,
    code: int,
) -> None:
    """A full disk or I/O error: StorageWriteError, old file and .bak unchanged."""
    save(db_path, doc(1))
    save(db_path, doc(2))
    before = db_path.read_bytes()
    backup_before = backup_path_for(db_path).read_bytes()
    with TinyDB(db_path, storage=SafeStorage) as db:
        monkeypatch.setattr(os, call, failure)
        with pytest.raises(StorageWriteError) as caught:
            db.update({"value": 3})
        monkeypatch.undo()
    assert caught.value.errno == code
    assert caught.value.replaced is False
    assert isinstance(caught.value, OSError)
    assert "unchanged" in str(caught.value)
    assert db_path.read_bytes() == before
    assert backup_path_for(db_path).read_bytes() == backup_before
    assert temp_files(db_path.parent) == []


def test_first_save_on_a_full_disk_leaves_no_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failed first save leaves no file and no temp file behind."""
    monkeypatch.setattr(os, "write", disk_full)
    with pytest.raises(StorageWriteError):
        save(db_path, doc(1))
    monkeypatch.undo()
    assert sorted(db_path.parent.iterdir()) == []
    assert SafeStorage(db_path).read() is None


def test_failed_folder_sync_says_the_new_version_is_in_place(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If only the final folder fsync fails, the error says the file was replaced."""
    save(db_path, doc(1))
    real_fsync = os.fsync

    def fsync_files_only(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_files_only)
    with pytest.raises(StorageWriteError) as caught:
        save(db_path, doc(2))
    monkeypatch.undo()
    assert caught.value.replaced is True
    assert SafeStorage(db_path).read() == doc(2)
    assert temp_files(db_path.parent) == []


def test_short_writes_are_continued_until_every_byte_is_written(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``os.write`` may write less than asked; the rest still gets written."""
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real_write(fd, data[:7]))
    big = doc("å" * 5000)
    save(db_path, big)
    monkeypatch.undo()
    assert SafeStorage(db_path).read() == big


@pytest.mark.parametrize(
    "value",
    [{1, 2}, float("nan"), float("inf"), object()],
    ids=["set", "nan", "inf", "object"],
)
def test_data_that_cannot_be_encoded_changes_nothing(db_path: Path, value: Any) -> None:
    """An encode error is a ValueError raised before any file is touched."""
    save(db_path, doc(1))
    save(db_path, doc(2))
    names = sorted(p.name for p in db_path.parent.iterdir())
    with pytest.raises(ValueError, match="cannot be stored"):
        save(db_path, doc(value))
    assert SafeStorage(db_path).read() == doc(2)
    assert json.loads(backup_path_for(db_path).read_bytes()) == doc(1)
    assert sorted(p.name for p in db_path.parent.iterdir()) == names


# --- clean-up ---------------------------------------------------------------
def test_stale_temp_files_are_removed_and_nothing_else(db_path: Path) -> None:
    """Start-up clean-up removes crash leftovers ``.tmp-*`` and only those."""
    save(db_path, doc(1))
    save(db_path, doc(2))
    folder = db_path.parent
    leftovers = [
        folder / ".tmp-0123456789abcdef-child.json",
        folder / ".tmp-fedcba9876543210-other.json",
        folder / ".tmp-odd-name",
    ]
    for path in leftovers:
        path.write_bytes(b'{"half":')
    (folder / "tmp-not-ours.json").write_bytes(b"{}")
    (folder / ".tmp-a-folder").mkdir()

    assert remove_stale_temp_files(folder) == 3

    assert sorted(p.name for p in folder.iterdir()) == [
        ".tmp-a-folder",
        "child.json",
        "child.json.bak",
        "tmp-not-ours.json",
    ]
    assert SafeStorage(db_path).read() == doc(2)


def test_stale_temp_clean_up_of_a_missing_folder_does_nothing(tmp_path: Path) -> None:
    """A data folder that does not exist yet has no leftovers."""
    assert remove_stale_temp_files(tmp_path / "nope") == 0


def test_erase_file_removes_file_backup_temp_and_quarantined_copies(
    db_path: Path,
) -> None:
    """Erasing a child removes every copy of its file and nobody else's."""
    other = db_path.with_name("other.json")
    lookalike = db_path.with_name("child.json2")
    save(db_path, doc(1))
    save(db_path, doc(2))
    db_path.write_bytes(b"{")
    quarantine_and_restore_backup(db_path)
    (db_path.parent / ".tmp-0123456789abcdef-child.json").write_bytes(b"x")
    save(other, doc(9))
    save(other, doc(10))
    save(lookalike, doc(8))
    (db_path.parent / ".tmp-0123456789abcdef-other.json").write_bytes(b"x")

    removed = erase_file(db_path)

    assert len(removed) == 4
    assert sorted(p.name for p in db_path.parent.iterdir()) == [
        ".tmp-0123456789abcdef-other.json",
        "child.json2",
        "other.json",
        "other.json.bak",
    ]
    assert SafeStorage(db_path).read() is None
    assert erase_file(db_path) == []
