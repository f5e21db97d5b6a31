"""Where the team server's master key is kept, behind one interface.

Each child's data key is stored wrapped by a master key (``child_keys``). The
repository only asks a ``MasterKeySource`` to ``wrap``/``unwrap`` a data key
with associated data (team + child) and records the source's ``key_id`` beside
the wrapped key, so it never cares where the master key lives:

- ``LocalKey``: AES-256-GCM in this process, the key read from
  ``MINROST_MASTER_KEY`` (development), a key file, or a **systemd
  credential** (``$CREDENTIALS_DIRECTORY/<name>``, so the unit file never
  holds the key; ``LoadCredentialEncrypted=`` keeps it encrypted at rest).
- ``Pkcs11Key``: the master key is a non-extractable AES key inside a
  **PKCS#11 token** (an HSM; SoftHSM2 in the tests) and the token itself does
  the AES-GCM wrap and unwrap (``python-pkcs11``); the key never enters the
  app's memory. Named by an RFC 7512 ``pkcs11:`` URI.

A ``KeyRing`` holds the current key (every new wrap) and older ones (still
unwrapping what they wrapped until ``rotate-master-key`` has rewrapped it).
Which key a source is comes from ``key_id_of``; a configuration is one *key
spec* per key (``master_key_source``). ``docs/team-server.md`` §4 says why
PKCS#11 and how to rotate.
"""

from __future__ import annotations

import base64
import binascii
import errno
import hashlib
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = [
    "MASTER_KEY_ENV",
    "MASTER_KEY_SOURCE_ENV",
    "OLD_MASTER_KEY_SOURCES_ENV",
    "KeyConfigError",
    "KeyRing",
    "KeyServiceUnavailable",
    "LocalKey",
    "MasterKeyMissing",
    "MasterKeySource",
    "Pkcs11Key",
    "WrongMasterKey",
    "key_ring_from_env",
    "master_key_source",
]

MASTER_KEY_ENV = "MINROST_MASTER_KEY"
"""Development only: the master key, 32 bytes in base64."""
MASTER_KEY_SOURCE_ENV = "MINROST_MASTER_KEY_SOURCE"
"""The current master key's spec (default ``env:MINROST_MASTER_KEY``)."""
OLD_MASTER_KEY_SOURCES_ENV = "MINROST_OLD_MASTER_KEY_SOURCES"
"""Older master keys' specs (whitespace between them), during a rotation."""
CREDENTIALS_ENV = "CREDENTIALS_DIRECTORY"
"""Where systemd puts a unit's credentials (``LoadCredential…=``)."""

KEY_BYTES = 32
NONCE_BYTES = 12


class KeyConfigError(ValueError):
    """A master key is configured wrongly; the message says how, in Swedish."""


class WrongMasterKey(ValueError):
    """A child's data key does not unwrap: another or a wrong master key, or a
    changed row. Never garbage: AES-GCM refuses. The message is Swedish."""

    def __init__(self, key_id: str | None, message: str | None = None) -> None:
        self.key_id = key_id
        super().__init__(
            message
            or "En elevs datanyckel går inte att låsa upp med serverns huvudnyckel"
            f" ({key_id or 'utan nyckel-id'}): fel huvudnyckel, eller så har"
            " raden ändrats. Inget har ändrats."
        )


class MasterKeyMissing(WrongMasterKey):
    """A data key was wrapped by a master key that is not configured."""

    def __init__(self, key_id: str) -> None:
        super().__init__(
            key_id,
            f"Huvudnyckeln {key_id} behövs för att låsa upp elevernas nycklar men"
            " är inte angiven: ange den (under en byte av huvudnyckel som gammal"
            f" nyckel i {OLD_MASTER_KEY_SOURCES_ENV}). Inget har ändrats.",
        )


class KeyServiceUnavailable(OSError):
    """The key service (the PKCS#11 token) could not be used just now: like a
    lost database connection, nothing was saved and a retry may work."""

    def __init__(self, reason: str) -> None:
        super().__init__(errno.EIO, f"the key service could not be used ({reason})")


class MasterKeySource(ABC):
    """Wraps and unwraps data keys under one master key, named by ``key_id``."""

    key_id: str

    @abstractmethod
    def wrap(self, data_key: bytes, aad: bytes) -> bytes:
        """The data key encrypted (and bound to ``aad``) under the master key."""

    @abstractmethod
    def unwrap(self, wrapped: bytes, aad: bytes) -> bytes:
        """The data key; ``WrongMasterKey`` unless this key wrapped it for ``aad``."""


def _key_from_text(raw: bytes, where: str) -> bytes:
    """32 raw bytes, or their base64 (a trailing newline allowed)."""
    if len(raw) == KEY_BYTES:
        return raw
    try:
        key = base64.b64decode(raw.strip(), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise KeyConfigError(
            f"Huvudnyckeln i {where} är inte 32 byte (rått eller i base64)."
        )
    return key


class LocalKey(MasterKeySource):
    """A master key held in this process: AES-256-GCM, nonce first.

    ``key_id`` is ``local:`` and a fingerprint of the key (SHA-256 of a
    labelled copy, 16 hex digits): the same key always has the same id, and
    the id says nothing about the key.
    """

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("the master key must be 32 bytes")
        self._aead = AESGCM(key)
        digest = hashlib.sha256(b"min-rost master key id\x00" + key).hexdigest()
        self.key_id = f"local:{digest[:16]}"

    @classmethod
    def from_env(
        cls, environ: Mapping[str, str] | None = None, name: str = MASTER_KEY_ENV
    ) -> LocalKey:
        """The development master key from ``MINROST_MASTER_KEY`` (base64)."""
        raw = (environ if environ is not None else os.environ).get(name)
        if not raw:
            raise KeyConfigError(f"{name} är inte satt.")
        try:
            return cls(base64.b64decode(raw, validate=True))
        except (binascii.Error, ValueError):
            raise KeyConfigError(f"{name} är inte 32 byte i base64.") from None

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> LocalKey:
        """A key file: 32 raw bytes or base64, readable by its owner only."""
        file = Path(path)
        try:
            if file.stat().st_mode & 0o077:
                raise KeyConfigError(
                    f"Nyckelfilen {file} får bara kunna läsas av sin ägare (chmod 600)."
                )
            raw = file.read_bytes()
        except FileNotFoundError:
            raise KeyConfigError(f"Nyckelfilen {file} finns inte.") from None
        except PermissionError:
            raise KeyConfigError(f"Nyckelfilen {file} går inte att läsa.") from None
        return cls(_key_from_text(raw, str(file)))

    @classmethod
    def from_credential(
        cls, name: str, environ: Mapping[str, str] | None = None
    ) -> LocalKey:
        """A systemd credential: ``$CREDENTIALS_DIRECTORY/<name>``.

        systemd makes that file (from ``LoadCredential=`` or, encrypted at
        rest with the machine's TPM or host key, ``LoadCredentialEncrypted=``)
        readable by the service alone, on a memory file system; the unit file
        names the credential, never the key.
        """
        folder = (environ if environ is not None else os.environ).get(CREDENTIALS_ENV)
        if not folder:
            raise KeyConfigError(
                f"{CREDENTIALS_ENV} är inte satt: credential:{name} kräver att"
                " appen startas av systemd med LoadCredential= eller"
                " LoadCredentialEncrypted=."
            )
        if not name or "/" in name or name in (".", ".."):
            raise KeyConfigError(f"Ogiltigt namn på credential: {name!r}.")
        return cls.from_file(Path(folder) / name)

    @staticmethod
    def generate() -> str:
        """A new random master key in the form ``MINROST_MASTER_KEY`` takes."""
        return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")

    def wrap(self, data_key: bytes, aad: bytes) -> bytes:
        """The data key encrypted under the master key (nonce first)."""
        nonce = os.urandom(NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, data_key, aad)

    def unwrap(self, wrapped: bytes, aad: bytes) -> bytes:
        """The data key; ``WrongMasterKey`` if wrapped for another child or key."""
        try:
            return self._aead.decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:], aad)
        except (InvalidTag, ValueError):
            raise WrongMasterKey(self.key_id) from None


# --- PKCS#11 (an HSM) ------------------------------------------------------------
def parse_pkcs11_uri(uri: str) -> dict[str, str]:
    """The attributes of an RFC 7512 ``pkcs11:`` URI (path and query), decoded."""
    if not uri.startswith("pkcs11:"):
        raise KeyConfigError(f"Inte en pkcs11:-adress: {uri}")
    path, _, query = uri[len("pkcs11:") :].partition("?")
    found: dict[str, str] = {}
    for part, sep in ((path, ";"), (query, "&")):
        for item in filter(None, part.split(sep)):
            name, eq, value = item.partition("=")
            if not eq:
                raise KeyConfigError(f"Ogiltig del i pkcs11:-adressen: {item}")
            found[unquote(name)] = unquote(value)
    return found


_TOKEN_LOCK = threading.Lock()
_SESSIONS: dict[tuple[str, str], tuple[Any, threading.Lock]] = {}
"""One logged-in session per (module, token) and process: PKCS#11 keeps the
login per application, so two keys of one token share it."""


def _token_session(
    module: str, token: str, pin: str | None, *, stale: Any = None
) -> tuple[Any, Any]:
    """The process's logged-in session on ``token`` (``stale``: one found
    lost, replaced unless another thread has already replaced it)."""
    import pkcs11
    from pkcs11 import exceptions as p11e

    with _TOKEN_LOCK:
        found = _SESSIONS.get((module, token))
        if found is not None and (stale is None or found[0] is not stale):
            return found
        try:
            opened = pkcs11.lib(module).get_token(token_label=token)
            try:
                session = opened.open(user_pin=pin)
            except p11e.UserAlreadyLoggedIn:
                session = opened.open()  # the application is still logged in
        except p11e.NoSuchToken:
            raise KeyConfigError(f"PKCS#11-token {token!r} finns inte.") from None
        except (p11e.PinIncorrect, p11e.PinInvalid, p11e.PinLenRange) as exc:
            raise KeyConfigError(f"Fel PIN-kod till PKCS#11-token {token!r}.") from exc
        except RuntimeError as exc:  # the module would not load or initialise
            raise KeyConfigError(
                f"PKCS#11-modulen {module} går inte att använda ({type(exc).__name__})."
            ) from exc
        found = (session, threading.Lock())
        _SESSIONS[(module, token)] = found
        return found


class Pkcs11Key(MasterKeySource):
    """A non-extractable AES-256 key inside a PKCS#11 token; the token wraps.

    ``uri`` (RFC 7512): ``pkcs11:token=<label>;object=<key label>`` with
    ``?module-path=<the vendor's .so>`` and the user PIN as
    ``pin-source=file:<path>`` (a relative path is read in
    ``$CREDENTIALS_DIRECTORY``, a systemd credential) or ``pin-value=``.
    Wrapping is ``CKM_AES_GCM`` inside the token with the team and child as
    associated data; the app sees only the wrapped and unwrapped data keys.
    ``key_id`` is ``pkcs11:<token>/<object>``.
    """

    def __init__(self, uri: str, environ: Mapping[str, str] | None = None) -> None:
        env = environ if environ is not None else os.environ
        attrs = parse_pkcs11_uri(uri)
        try:
            self.token, self.label = attrs["token"], attrs["object"]
            module = attrs["module-path"]
        except KeyError as missing:
            raise KeyConfigError(
                f"pkcs11:-adressen saknar {missing.args[0]} (token, object och"
                " module-path krävs)."
            ) from None
        pin = attrs.get("pin-value")
        if "pin-source" in attrs:
            source = attrs["pin-source"].removeprefix("file:")
            pin_file = Path(source)
            if not pin_file.is_absolute():
                pin_file = Path(env.get(CREDENTIALS_ENV, "")) / source
            try:
                pin = pin_file.read_text("utf-8").strip()
            except OSError:
                raise KeyConfigError(
                    f"PIN-filen {pin_file} går inte att läsa."
                ) from None
        self.key_id = f"pkcs11:{self.token}/{self.label}"
        self._module, self._pin = module, pin
        self._session: Any = None
        self._connect()

    def _connect(self) -> None:
        """Find the key through the process's session on the token (a new
        session when the one held was lost: the HSM restarted, a network HSM
        reconnected)."""
        from pkcs11 import KeyType, ObjectClass
        from pkcs11 import exceptions as p11e

        self._session, self._lock = _token_session(
            self._module, self.token, self._pin, stale=self._session
        )
        try:
            with self._lock:
                self._key = self._session.get_key(
                    ObjectClass.SECRET_KEY, KeyType.AES, label=self.label
                )
        except p11e.NoSuchKey:
            raise KeyConfigError(
                f"Nyckeln {self.label!r} finns inte i PKCS#11-token {self.token!r}."
            ) from None

    def _in_token(self, op: Any) -> bytes:
        """``op(key)`` in the token; a lost session is opened again once, a
        token still away raises ``KeyServiceUnavailable``."""
        from pkcs11 import exceptions as p11e

        lost = (
            p11e.DeviceRemoved,
            p11e.DeviceError,
            p11e.DeviceMemory,
            p11e.SessionClosed,
            p11e.SessionHandleInvalid,
            p11e.TokenNotPresent,
            p11e.UserNotLoggedIn,
        )
        for attempt in range(2):
            try:
                with self._lock:
                    return op(self._key)
            except lost as exc:
                if attempt:
                    raise KeyServiceUnavailable(type(exc).__name__) from exc
                try:
                    self._connect()
                except (KeyConfigError, p11e.PKCS11Error) as again:
                    raise KeyServiceUnavailable(type(exc).__name__) from again
        raise AssertionError("unreachable")

    def _gcm(self, nonce: bytes, aad: bytes) -> dict[str, Any]:
        from pkcs11 import Mechanism
        from pkcs11.mechanisms import GCMParams

        return {
            "mechanism": Mechanism.AES_GCM,
            "mechanism_param": GCMParams(nonce, aad),
        }

    def wrap(self, data_key: bytes, aad: bytes) -> bytes:
        """AES-GCM inside the token: nonce first, then ciphertext and tag."""
        from pkcs11 import exceptions as p11e

        nonce = os.urandom(NONCE_BYTES)
        try:
            body = self._in_token(
                lambda key: key.encrypt(data_key, **self._gcm(nonce, aad))
            )
        except p11e.PKCS11Error as exc:
            raise KeyServiceUnavailable(type(exc).__name__) from exc
        return nonce + body

    def unwrap(self, wrapped: bytes, aad: bytes) -> bytes:
        """The data key, or ``WrongMasterKey`` when the token's check fails."""
        from pkcs11 import exceptions as p11e

        if len(wrapped) <= NONCE_BYTES + 16:
            raise WrongMasterKey(self.key_id)
        nonce, body = wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:]
        try:
            return self._in_token(
                lambda key: key.decrypt(body, **self._gcm(nonce, aad))
            )
        except p11e.PKCS11Error:
            # A failed tag check: SoftHSM says CKR_GENERAL_ERROR, others
            # CKR_ENCRYPTED_DATA_INVALID. Either way nothing is returned.
            raise WrongMasterKey(self.key_id) from None


# --- specs and the key ring -------------------------------------------------------
def master_key_source(
    spec: str, environ: Mapping[str, str] | None = None
) -> MasterKeySource:
    """The key a spec names.

    ``env:NAME`` (base64 in an environment variable; development),
    ``file:/path`` (32 bytes or base64, mode 600), ``credential:NAME``
    (a systemd credential) or an RFC 7512 ``pkcs11:`` URI (a key in an HSM).
    """
    env = environ if environ is not None else os.environ
    kind, sep, rest = spec.partition(":")
    if not sep or not rest:
        # Not echoed: a key pasted here by mistake must not reach the log.
        raise KeyConfigError(
            "Okänd nyckelkälla: ange env:NAMN, file:/sökväg, credential:NAMN"
            " eller en pkcs11:-adress (inte själva nyckeln)."
        )
    if kind == "env":
        return LocalKey.from_env(env, rest)
    if kind == "file":
        return LocalKey.from_file(rest)
    if kind == "credential":
        return LocalKey.from_credential(rest, env)
    if kind == "pkcs11":
        return Pkcs11Key(spec, env)
    raise KeyConfigError(
        f"Okänd nyckelkälla {kind!r}: ange env:, file:, credential: eller pkcs11:."
    )


class KeyRing:
    """The current master key (every new wrap) and older ones (unwrap only)."""

    def __init__(
        self, current: MasterKeySource, older: Iterable[MasterKeySource] = ()
    ) -> None:
        self.current = current
        self._by_id: dict[str, MasterKeySource] = {}
        for source in (current, *older):
            self._by_id.setdefault(source.key_id, source)

    @property
    def key_id(self) -> str:
        """The id every new wrap records."""
        return self.current.key_id

    @property
    def key_ids(self) -> list[str]:
        """Every configured key's id, the current one first."""
        return list(self._by_id)

    def wrap(self, data_key: bytes, aad: bytes) -> tuple[str, bytes]:
        """(key id, wrapped key) under the current master key."""
        return self.current.key_id, self.current.wrap(data_key, aad)

    def unwrap(self, key_id: str | None, wrapped: bytes, aad: bytes) -> bytes:
        """The data key wrapped by ``key_id``'s master key.

        No key id (a key wrapped before schema 8): each configured key is
        tried, current first; AES-GCM lets only the right one through.
        """
        if key_id is None:
            for source in self._by_id.values():
                try:
                    return source.unwrap(wrapped, aad)
                except WrongMasterKey:
                    continue
            raise WrongMasterKey(None)
        source = self._by_id.get(key_id)
        if source is None:
            raise MasterKeyMissing(key_id)
        return source.unwrap(wrapped, aad)


def as_key_ring(keys: MasterKeySource | KeyRing) -> KeyRing:
    """A key ring of one key, or the ring given."""
    return keys if isinstance(keys, KeyRing) else KeyRing(keys)


def key_ring_from_env(
    environ: Mapping[str, str] | None = None, extra_old: Iterable[str] = ()
) -> KeyRing:
    """The server's keys as configured: ``MINROST_MASTER_KEY_SOURCE`` (else
    ``env:MINROST_MASTER_KEY``) and ``MINROST_OLD_MASTER_KEY_SOURCES``."""
    env = environ if environ is not None else os.environ
    current = master_key_source(
        env.get(MASTER_KEY_SOURCE_ENV) or f"env:{MASTER_KEY_ENV}", env
    )
    specs = [*env.get(OLD_MASTER_KEY_SOURCES_ENV, "").split(), *extra_old]
    return KeyRing(current, [master_key_source(spec, env) for spec in specs])
