"""Rollback detection that does not depend on files anyone can delete unnoticed.

Every file the (authenticated) key file lists must have a counter record;
deleting one, with its ``.bak``, to slip an older copy of a file past the
check is refused, for a child's file and for the index alike.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.models import (
    Child,
    Consent,
    ConsentGiver,
    Recipient,
    Session,
)
from app.storage import crypto
from app.storage.crypto import KdfParams, KeyFileTampered, Vault, read_counter
from app.storage.repository import Repository
from app.storage.safe_storage import CorruptFileError, backup_path_for

PASSPHRASE = "korrekt häst batteri"
FAST = KdfParams(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    """A fresh encrypted data folder (cheap Argon2, no recovery key)."""
    vault, _ = Vault.create(tmp_path, PASSPHRASE, recovery=False, kdf=FAST)
    return Repository(tmp_path, vault=vault)


def reopen(tmp_path: Path) -> Repository:
    """The folder as a restarted app sees it: keys read again from disk."""
    return Repository(tmp_path, vault=Vault.unlock(tmp_path, PASSPHRASE))


def delete_record(repo: Repository, path: Path) -> None:
    """Remove a data file's counter record and its backup (plain files, no key)."""
    assert repo.vault is not None
    record = repo.vault.counter_path(repo.vault.file_id_for(path))
    record.unlink()
    backup_path_for(record).unlink(missing_ok=True)


def child_with_consent(repo: Repository) -> tuple[Child, Session]:
    """An invented child whose session may be shared with the school."""
    child = Child.new("Elev Påhittad", "NT-TEST-1")
    repo.add_child(child)
    consent = Consent(
        id="c1",
        given_by=(ConsentGiver.CHILD, ConsentGiver.GUARDIANS),
        recipients=(Recipient.SCHOOL,),
        given_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    )
    session = replace(Session.new(child.id), consents=(consent,))
    repo.save_session(session)
    return child, session


def test_a_withdrawn_consent_does_not_come_back_when_its_counter_record_is_deleted(
    tmp_path, repo
):
    """An older child file put back after deleting its counter record is refused."""
    child, session = child_with_consent(repo)
    path = repo.child_path(child.id)
    with_consent = path.read_bytes()
    withdrawn = replace(
        session,
        consents=(replace(session.consents[0], withdrawn_at=datetime.now(UTC)),),
    )
    repo.save_session(withdrawn)
    assert not repo.load_consent(child.id).covers(Recipient.SCHOOL)

    path.write_bytes(with_consent)
    delete_record(repo, path)

    with pytest.raises(KeyFileTampered, match="missing"):
        reopen(tmp_path).sessions(child.id)
    with pytest.raises(KeyFileTampered, match="missing"):
        repo.sessions(child.id)  # the running app, with its counters cached


def test_a_child_does_not_vanish_when_the_index_record_is_deleted(tmp_path, repo):
    """An older index put back after deleting its counter record is refused."""
    first = Child.new("Elev Ett", "NT-TEST-1")
    repo.add_child(first)
    older_index = repo.index_path.read_bytes()
    second = Child.new("Elev Två", "NT-TEST-2")
    repo.add_child(second)

    repo.index_path.write_bytes(older_index)
    delete_record(repo, repo.index_path)

    with pytest.raises(KeyFileTampered, match="missing"):
        reopen(tmp_path).list_children()
    with pytest.raises(KeyFileTampered, match="missing"):
        repo.list_children()


def test_a_deleted_counter_record_is_refused_even_with_the_newest_file(tmp_path, repo):
    """The record's absence is itself the error: it is never read as counter 0."""
    child, _ = child_with_consent(repo)
    delete_record(repo, repo.child_path(child.id))  # the child's file is untouched
    with pytest.raises(KeyFileTampered, match="missing"):
        reopen(tmp_path).sessions(child.id)


def test_the_whole_counters_folder_deleted_is_refused(tmp_path, repo):
    """Removing ``counters/`` altogether does not reset every file's counter."""
    child, _ = child_with_consent(repo)
    shutil.rmtree(tmp_path / crypto.COUNTERS_DIR)
    fresh = reopen(tmp_path)
    with pytest.raises(KeyFileTampered, match="missing"):
        fresh.list_children()
    with pytest.raises(KeyFileTampered, match="missing"):
        fresh.sessions(child.id)


def test_a_new_file_has_its_counter_record_before_its_key(repo, monkeypatch):
    """Adding a child writes its record (0) before the key file lists it."""
    vault = repo.vault
    assert vault is not None
    order: list[str] = []
    write_record, update = vault._write_record, vault._update

    def recording(file_id: str, counter: int) -> None:
        order.append(f"record {counter}")
        write_record(file_id, counter)

    def updating(*args, **kwargs) -> None:
        order.append("keys")
        update(*args, **kwargs)

    monkeypatch.setattr(vault, "_write_record", recording)
    monkeypatch.setattr(vault, "_update", updating)
    repo.add_child(Child.new("Elev Ny", "NT-TEST-3"))
    # Two new keys (the child's file, the index), each after its record 0.
    keys = [i for i, step in enumerate(order) if step == "keys"]
    assert len(keys) == 2
    assert all(order[i - 1] == "record 0" for i in keys)


def earlier_version(repo: Repository, *, keep_records: bool) -> None:
    """Make the folder look as an earlier version left it.

    Before #11 every counter was in the key file; from #11 in a record, which
    was written only after a file's first save. Neither required records.
    """
    assert repo.vault is not None
    vault = repo.vault
    newest = {
        file_id: read_counter((vault.data_dir / f"{file_id}.json").read_bytes())
        for file_id in vault.file_ids()
    }

    def as_before(doc):
        doc.pop(crypto.COUNTER_RECORDS)
        if not keep_records:
            for file_id, counter in newest.items():
                doc["files"][file_id]["counter"] = counter

    vault._update(as_before, twice=True)
    if not keep_records:
        shutil.rmtree(vault.data_dir / crypto.COUNTERS_DIR)


@pytest.mark.parametrize("keep_records", [False, True], ids=["pre-11", "from-11"])
def test_an_earlier_folder_gets_its_records_at_the_first_unlock(
    tmp_path, repo, keep_records
):
    """Migration: records made from the key file, then required; data as before."""
    child, session = child_with_consent(repo)
    path = repo.child_path(child.id)
    older = path.read_bytes()
    repo.save_session(replace(session, notes="senare"))
    earlier_version(repo, keep_records=keep_records)
    if keep_records:
        # From #11: a file saved once and never recorded (the process stopped).
        delete_record(repo, repo.index_path)

    fresh = reopen(tmp_path)
    assert fresh.vault is not None
    assert fresh.vault._load()[crypto.COUNTER_RECORDS] == "required"
    assert [c.id for c in fresh.list_children()] == [child.id]
    assert fresh.sessions(child.id)[0].notes == "senare"
    # From now on a rollback is refused, and so is a deleted record.
    path.write_bytes(older)
    with pytest.raises(CorruptFileError, match="older version"):
        reopen(tmp_path).sessions(child.id)
    delete_record(fresh, path)
    with pytest.raises(KeyFileTampered, match="missing"):
        reopen(tmp_path).sessions(child.id)
