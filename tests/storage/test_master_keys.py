"""Key custody on the team server: the master key from the environment
(development), a key file, a systemd credential or a PKCS#11 token (SoftHSM2,
a real HSM interface), behind one wrap/unwrap interface with key ids; a wrong
key or a changed row is refused in Swedish, never read as garbage."""

from __future__ import annotations

import base64
import os
from dataclasses import replace

import psycopg
import pytest

from app import team_server
from app.domain.models import Child, Level, Session
from app.storage.master_keys import (
    KeyConfigError,
    KeyServiceUnavailable,
    LocalKey,
    MasterKeyMissing,
    Pkcs11Key,
    WrongMasterKey,
    key_ring_from_env,
    master_key_source,
)
from app.storage.postgres import OPERATOR_ROLE, PostgresRepository

RAW = bytes(range(32))
"""An invented master key for the sources that read one."""


@pytest.fixture
def sources(tmp_path, softhsm):
    """Spec and environment of each custody source (the same key for the three
    local ones, a key inside the token for PKCS#11)."""
    key_file = tmp_path / "master.key"
    key_file.write_text(base64.b64encode(RAW).decode() + "\n")
    key_file.chmod(0o600)
    creds = tmp_path / "credentials"
    creds.mkdir()
    (creds / "minrost-master-key").write_bytes(RAW)
    (creds / "minrost-master-key").chmod(0o400)
    env = {
        "MINROST_MASTER_KEY": base64.b64encode(RAW).decode(),
        "CREDENTIALS_DIRECTORY": str(creds),
    }
    return env, {
        "env": "env:MINROST_MASTER_KEY",
        "file": f"file:{key_file}",
        "credential": "credential:minrost-master-key",
        "pkcs11": softhsm.uri("mk-1"),
    }


@pytest.fixture
def server(pg_cluster, pg_database):
    """(operator conninfo, owner conninfo) of a fresh migrated database: the
    administrator's commands and these tests see the whole team."""
    return (
        pg_cluster.conninfo(pg_database, OPERATOR_ROLE),
        pg_cluster.conninfo(pg_database),
    )


def _child_with_session(repo: PostgresRepository) -> tuple[Child, Session]:
    child = Child.new("Testbarn Nyckelsson")
    repo.add_child(child)
    session = Session.new(child.id)
    session = replace(session, grid=session.grid.toggle("maths", Level.FUN))
    repo.save_session(session)
    return child, session


@pytest.mark.parametrize("kind", ["env", "file", "credential", "pkcs11"])
def test_each_custody_source_round_trips_a_child_on_the_team_server(
    kind, sources, server
):
    """A child stored under each source opens again in a new process's store
    with the same source, and its wrapped key records that source's key id."""
    env, specs = sources
    app, owner = server
    key = master_key_source(specs[kind], env)
    assert key.unwrap(key.wrap(b"d" * 32, b"aad"), b"aad") == b"d" * 32
    repo = PostgresRepository(app, team="team-a", master_key=key)
    try:
        child, session = _child_with_session(repo)
    finally:
        repo.close()
    again = PostgresRepository(
        app,
        team="team-a",
        master_key=key_ring_from_env({**env, "MINROST_MASTER_KEY_SOURCE": specs[kind]}),
    )
    try:
        assert again.get_child(child.id).display_name == "Testbarn Nyckelsson"
        assert again.sessions(child.id)[0].grid == session.grid
    finally:
        again.close()
    with psycopg.connect(owner) as conn:
        ids = conn.execute("SELECT key_id FROM child_keys").fetchall()
    assert ids == [(key.key_id,)]
    expected = "pkcs11:minrost-test/mk-1" if kind == "pkcs11" else None
    assert key.key_id == (expected or LocalKey(RAW).key_id)


def test_the_hsm_key_is_used_inside_the_token_and_never_read_out(softhsm):
    """The PKCS#11 master key is sensitive and not extractable: the app holds a
    handle, the token does the AES-GCM wrap with the associated data."""
    from pkcs11 import Attribute

    key = Pkcs11Key(softhsm.uri("mk-1"))
    assert key._key[Attribute.EXTRACTABLE] is False
    assert key._key[Attribute.SENSITIVE] is True
    wrapped = key.wrap(b"k" * 32, b"team-a/child-1")
    assert key.unwrap(wrapped, b"team-a/child-1") == b"k" * 32
    with pytest.raises(WrongMasterKey, match="går inte att låsa upp"):
        key.unwrap(wrapped, b"team-a/child-2")


@pytest.mark.parametrize("kind", ["local", "pkcs11"])
def test_a_wrong_master_key_is_refused_in_swedish_never_garbage(kind, server, softhsm):
    """Another master key opens no child: a key id not configured is named in
    Swedish; a key posing under the right id fails the AES-GCM check."""
    app, owner = server
    if kind == "local":
        right, wrong = LocalKey(os.urandom(32)), LocalKey(os.urandom(32))
    else:
        right, wrong = Pkcs11Key(softhsm.uri("mk-1")), Pkcs11Key(softhsm.uri("mk-2"))
    repo = PostgresRepository(app, team="team-a", master_key=right)
    try:
        child, _ = _child_with_session(repo)
    finally:
        repo.close()
    stranger = PostgresRepository(app, team="team-a", master_key=wrong)
    try:
        with pytest.raises(MasterKeyMissing, match=f"Huvudnyckeln {right.key_id}"):
            stranger.get_child(child.id)
        with pytest.raises(MasterKeyMissing, match="är inte angiven"):
            stranger.check_keys()
        # The row claims the wrong key wrapped it: the wrong key is tried and
        # refuses (no data key, no garbage).
        with psycopg.connect(owner) as conn:
            conn.execute("UPDATE child_keys SET key_id = %s", (wrong.key_id,))
        with pytest.raises(WrongMasterKey, match="fel huvudnyckel"):
            stranger.get_child(child.id)
        with pytest.raises(WrongMasterKey):
            stranger.list_children()
    finally:
        stranger.close()


def test_a_start_with_the_wrong_master_key_stops_with_one_swedish_sentence(
    server, monkeypatch, tmp_path
):
    """`serve --database` checks the team's keys at start: a master key that
    wraps none of them stops the start, saying which key id is needed."""
    app, _owner = server
    raw = os.urandom(32)
    right = LocalKey(raw)
    repo = PostgresRepository(app, team="norr", master_key=right)
    try:
        _child_with_session(repo)
    finally:
        repo.close()
    monkeypatch.setattr(team_server, "data_dir", lambda: tmp_path)
    wrong = {"MINROST_MASTER_KEY": LocalKey.generate()}
    with pytest.raises(SystemExit, match=f"Huvudnyckeln {right.key_id} behövs"):
        team_server.open_server_store(app, team="norr", environ=wrong)
    key_file = tmp_path / "right.key"
    key_file.write_bytes(raw)
    key_file.chmod(0o600)
    good = {"MINROST_MASTER_KEY_SOURCE": f"file:{key_file}"}
    store = team_server.open_server_store(app, team="norr", environ=good)
    try:
        assert len(store.list_children()) == 1
    finally:
        store.close()


def test_a_changed_wrapped_key_or_key_id_is_refused(server):
    """A flipped byte, a wrapped key moved onto another child or team (the
    associated data binds team + child) or an unknown key id: refused."""
    app, owner = server
    key = LocalKey(os.urandom(32))
    opened: list[PostgresRepository] = []

    def store(team: str) -> PostgresRepository:
        """A new handle (a new process: no data key cached)."""
        opened.append(PostgresRepository(app, team=team, master_key=key))
        return opened[-1]

    def sql(query: str, *params: object) -> None:
        with psycopg.connect(owner) as conn:
            conn.execute(query, params)

    try:
        first, _ = _child_with_session(store("team-a"))
        second, _ = _child_with_session(store("team-a"))
        other, _ = _child_with_session(store("team-b"))
        moved = (
            "UPDATE child_keys SET wrapped = (SELECT wrapped FROM child_keys"
            " WHERE child_id = %s) WHERE child_id = %s"
        )
        sql(moved, first.id, second.id)  # onto another child of the team
        with pytest.raises(WrongMasterKey):
            store("team-a").get_child(second.id)
        sql(moved, first.id, other.id)  # onto another team's child
        with pytest.raises(WrongMasterKey):
            store("team-b").get_child(other.id)
        sql(
            "UPDATE child_keys SET wrapped = set_byte(wrapped, 20,"
            " get_byte(wrapped, 20) # 1) WHERE child_id = %s",
            first.id,
        )
        with pytest.raises(WrongMasterKey):
            store("team-a").get_child(first.id)
        sql("UPDATE child_keys SET key_id = 'local:0000000000000000'")
        with pytest.raises(MasterKeyMissing, match="local:0000000000000000"):
            store("team-b").sessions(other.id)
    finally:
        for repo in opened:
            repo.close()


def test_a_badly_kept_or_missing_key_is_refused_with_a_swedish_sentence(
    tmp_path, softhsm
):
    """A key file others may read or too short, a credential without systemd,
    a key not in the token, an unknown source, the key itself pasted as its
    source: each a sentence, and the sentence never repeats a key."""
    loose = tmp_path / "loose.key"
    loose.write_bytes(RAW)
    loose.chmod(0o644)
    short = tmp_path / "short.key"
    short.write_text("QUJD")
    short.chmod(0o600)
    cases = {
        f"file:{loose}": "chmod 600",
        f"file:{short}": "inte 32 byte",
        f"file:{tmp_path / 'none'}": "finns inte",
        "credential:minrost-master-key": "CREDENTIALS_DIRECTORY är inte satt",
        softhsm.uri("mk-9"): "finns inte i PKCS#11-token",
        "vault:transit/minrost": "Okänd nyckelkälla",
        "env:MINROST_MASTER_KEY": "MINROST_MASTER_KEY är inte satt",
    }
    for spec, said in cases.items():
        with pytest.raises(KeyConfigError, match=said):
            master_key_source(spec, {})
    pasted = LocalKey.generate()  # the key itself given as its source
    with pytest.raises(KeyConfigError) as refused:
        master_key_source(pasted, {})
    assert pasted not in str(refused.value)


def test_a_lost_hsm_session_is_opened_again_and_a_token_away_saves_nothing(
    softhsm, server
):
    """The HSM's session lost (it restarted): the next unwrap opens a new one
    and goes on. A token that stays away is a storage fault (an OSError, like
    a lost database): the child is not added, nothing is stored."""
    app, owner = server
    key = Pkcs11Key(softhsm.uri("mk-1"))
    wrapped = key.wrap(b"k" * 32, b"aad")
    key._session.close()
    assert key.unwrap(wrapped, b"aad") == b"k" * 32
    other = Pkcs11Key(softhsm.uri("mk-2"))
    assert other.unwrap(other.wrap(b"o" * 32, b"aad"), b"aad") == b"o" * 32

    away = Pkcs11Key(softhsm.uri("mk-1"))
    away._pin = "0000"  # the token comes back refusing us: it stays away
    away._session.close()
    repo = PostgresRepository(app, team="team-a", master_key=away)
    try:
        with pytest.raises(KeyServiceUnavailable) as raised:
            repo.add_child(Child.new("Testbarn Borta"))
        assert isinstance(raised.value, OSError)
    finally:
        repo.close()
    with psycopg.connect(owner) as conn:
        assert conn.execute("SELECT count(*) FROM children").fetchone() == (0,)
    # Put right again for the tests after this one (the session is shared).
    away._pin = softhsm.pin
    assert away.unwrap(away.wrap(b"a" * 32, b"aad"), b"aad") == b"a" * 32


def test_the_screens_say_a_key_fault_in_a_sentence_of_their_own():
    """A key that does not open and a key service that is away each have a
    sentence in the counsellor's language, not the data folder's."""
    from app.faults import STORAGE_FAULTS, fault_message
    from app.i18n import Translator

    wrong = WrongMasterKey("local:0000000000000000")
    away = KeyServiceUnavailable("DeviceRemoved")
    assert isinstance(wrong, STORAGE_FAULTS)
    assert isinstance(away, STORAGE_FAULTS)
    sv, en = Translator("sv"), Translator("en")
    assert "huvudnyckel" in fault_message(sv, wrong)
    assert "nyckeltjänst (HSM) kunde inte nås" in fault_message(sv, away)
    assert "Datamappen" not in fault_message(sv, away)
    assert "master key" in fault_message(en, wrong)
    assert "key service" in fault_message(en, away)


def test_the_hsm_pin_can_be_a_systemd_credential(softhsm, tmp_path):
    """``pin-source=file:<name>`` without a folder is read in
    ``$CREDENTIALS_DIRECTORY``, so neither the unit file nor the URI holds the
    PIN; a PIN credential that is not there is said in a sentence."""
    creds = tmp_path / "credentials"
    creds.mkdir()
    (creds / "minrost-hsm-pin").write_text(softhsm.pin + "\n")
    uri = softhsm.uri("mk-1", pin_file="minrost-hsm-pin")
    key = master_key_source(uri, {"CREDENTIALS_DIRECTORY": str(creds)})
    assert isinstance(key, Pkcs11Key)
    assert key._pin == softhsm.pin
    assert key.unwrap(key.wrap(b"p" * 32, b"aad"), b"aad") == b"p" * 32
    with pytest.raises(KeyConfigError, match="PIN-filen"):
        master_key_source(uri, {"CREDENTIALS_DIRECTORY": str(tmp_path)})
