"""The counsellor's PIN: an Argon2id hash only, and a growing delay on misses.

The attempt counter lives in the data folder, so reloading the page or
restarting the app does not reset the back-off.

Unlocking never needs to write: a folder that is read-only (or on a full disk)
still opens, to be read and exported. What the unlock would record — the
attempt counter, the audit entry — is then best-effort: a counter that cannot
be saved is kept in memory for the rest of the process (so the back-off still
holds there), and ``PinGuard.not_saved`` says what could not be written, for
the screen or the command to tell the person.

With encryption (``PinGuard(..., encrypt=True)``, or any folder that already has
a key file) the PIN or passphrase is the key to the data: no hash of it is
stored, the key file's wrapped master key is what checks it, and a right try
hands the unlocked ``Vault`` to the repository. A folder from an earlier version
(a PIN hash and plaintext files) is encrypted at its first right try.
"""

from __future__ import annotations

import getpass
import os
import sys
import time
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.domain.models import ValidationError
from app.storage.audit import AuditLog
from app.storage.crypto import (
    COUNTERS_DIR,
    DEFAULT_KDF,
    MAGIC,
    KdfParams,
    NoVault,
    Vault,
    VaultLocked,
    WrongPassphrase,
    WrongRecoveryKey,
    is_encrypted,
)
from app.storage.errors import folder_error, is_unwritable
from app.storage.repository import Repository

__all__ = [
    "PASSPHRASE",
    "PASSPHRASE_ENV",
    "PIN",
    "SECRET_KIND",
    "BackoffActive",
    "CommandKeys",
    "PinGuard",
    "SetupRefused",
    "WrongPassphrase",
    "WrongRecoveryKey",
    "backoff_seconds",
    "keys_for_command",
    "keys_from_env_or_prompt",
    "secret_kind",
    "validate_secret",
]

MIN_PIN_DIGITS = 6
MIN_PASSPHRASE_LENGTH = 8
MAX_SECRET_LENGTH = 128
FREE_ATTEMPTS = 3
MAX_DELAY_SECONDS = 300

PIN_HASH = "pin_hash"
PIN_ATTEMPTS = "pin_attempts"
SECRET_KIND = "secret_kind"
"""Setting: which kind of secret was chosen, ``"pin"`` or ``"passphrase"``.

Only the kind, never the secret: the screens then say "PIN-kod" or
"lösenfras" as the counsellor chose. A folder from before has none, and the
screens say "PIN-kod eller lösenfras" (docs/security.md weighs what the kind
tells someone who has the folder)."""
PIN = "pin"
PASSPHRASE = "passphrase"
PASSPHRASE_ENV = "MINROST_PASSPHRASE"
NO_ATTEMPTS = {"failed": 0, "not_before": 0}

_UNSAVED_ATTEMPTS: dict[str, dict[str, float]] = {}
"""Per data folder: the attempt counter a read-only or full folder refused."""


def backoff_seconds(failed: int) -> int:
    """Seconds to wait after ``failed`` wrong tries in a row: 0,0,0,1,2,4,… ≤ 300."""
    if failed < FREE_ATTEMPTS:
        return 0
    return min(2 ** (failed - FREE_ATTEMPTS), MAX_DELAY_SECONDS)


def validate_secret(secret: str) -> str:
    """Accept a PIN of ≥ 6 digits or a passphrase of ≥ 8 characters."""
    if secret.isdigit():
        if len(secret) < MIN_PIN_DIGITS:
            raise ValidationError("pin_too_short", min=MIN_PIN_DIGITS)
    elif len(secret.strip()) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError("passphrase_too_short", min=MIN_PASSPHRASE_LENGTH)
    if len(secret) > MAX_SECRET_LENGTH:
        raise ValidationError("too_long", max=MAX_SECRET_LENGTH)
    return secret


def secret_kind(secret: str) -> str:
    """:data:`PIN` for a secret of digits only, else :data:`PASSPHRASE`."""
    return PIN if secret.isdigit() else PASSPHRASE


class BackoffActive(Exception):
    """Too many wrong tries: wait ``seconds`` before the next one is even checked."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"wait {seconds:.0f} s")
        self.seconds = seconds


class PinGuard:
    """Sets and checks the counsellor's PIN for one data folder.

    ``encrypt=True`` makes the first ``set_pin`` create the folder's key file
    (and a folder from an earlier version get encrypted at its next unlock).
    Argon2id costs for the key come from ``kdf``, else from ``hasher`` (so
    tests that pass a cheap hasher get a cheap key), else ``DEFAULT_KDF``.
    """

    def __init__(
        self,
        repo: Repository,
        *,
        hasher: PasswordHasher | None = None,
        clock: Callable[[], float] = time.time,
        encrypt: bool = False,
        kdf: KdfParams | None = None,
    ) -> None:
        self.repo = repo
        self.audit = AuditLog(repo.data_dir)
        # argon2-cffi's defaults are Argon2id (RFC 9106 low-memory profile).
        self.hasher = hasher or PasswordHasher()
        self.clock = clock
        self.encrypt = encrypt
        self.kdf = kdf or (KdfParams.from_hasher(hasher) if hasher else DEFAULT_KDF)
        self._new_recovery_key: str | None = None
        self.not_saved: OSError | None = None
        """Why the last unlock could not record its try (read-only folder,
        full disk), or None when everything was written."""

    @property
    def encrypted(self) -> bool:
        """Whether the folder's data is encrypted under this PIN."""
        return Vault.exists(self.repo.data_dir)

    @property
    def vault(self) -> Vault | None:
        """The unlocked keys, once a right PIN has been given in this process."""
        return self.repo.vault

    def is_set(self) -> bool:
        """Whether a PIN has been chosen (first run asks for one)."""
        return self.encrypted or bool(self.repo.get_setting(PIN_HASH))

    def kind(self) -> str | None:
        """:data:`PIN` or :data:`PASSPHRASE` as chosen; None for a folder from
        before the kind was recorded."""
        kind = self.repo.get_setting(SECRET_KIND)
        return kind if kind in (PIN, PASSPHRASE) else None

    def set_pin(self, secret: str, *, recovery: bool = True) -> str | None:
        """Choose (or change) the PIN; return a new recovery key, if one was made.

        Unencrypted: only its Argon2id hash is stored. Encrypted: the first call
        creates the key file and returns the organisation recovery key (show it
        once; ``recovery=False`` makes none); later calls re-wrap the master key
        for the new secret, which needs the folder unlocked (``VaultLocked``).
        """
        changing = self.is_set()
        validate_secret(secret)
        made = None
        if self.encrypted:
            if self.repo.vault is None:
                raise VaultLocked()
            self.repo.vault.change_passphrase(secret, kdf=self.kdf)
        elif self.encrypt:
            if _holds_encrypted_data(self.repo.data_dir):
                # The key file was deleted: new keys would hide the damage and
                # could never open the files that are there.
                raise NoVault("the folder holds encrypted files but no key file")
            made = self._create_vault(secret, recovery=recovery)
        else:
            self.repo.set_setting(PIN_HASH, self.hasher.hash(secret))
        self.repo.set_setting(PIN_ATTEMPTS, {"failed": 0, "not_before": 0})
        self.repo.set_setting(SECRET_KIND, secret_kind(secret))
        self.audit.record("pin_changed" if changing else "pin_set")
        return made

    def take_new_recovery_key(self) -> str | None:
        """The recovery key made by the last set-up or migration, once; else None."""
        made, self._new_recovery_key = self._new_recovery_key, None
        return made

    def wait_seconds(self) -> float:
        """How long until the next try is allowed (0 when it is)."""
        return max(0.0, self._attempts()["not_before"] - self.clock())

    def verify(self, secret: str) -> bool:
        """Check a try; raises BackoffActive while the delay runs.

        On an encrypted folder a right try also unlocks the repository.
        """
        try:
            self.unlock(secret)
        except WrongPassphrase:
            return False
        return True

    def unlock(self, secret: str) -> Vault | None:
        """Check a try and return the unlocked vault (None if not encrypted).

        Raises ``WrongPassphrase`` on a wrong try (counted, with back-off) and
        ``BackoffActive`` while the delay runs. The first right try on a folder
        from an earlier version encrypts it (``encrypt=True``).
        """
        self.not_saved = None
        attempts = self._attempts()
        now = self.clock()
        if now < attempts["not_before"]:
            raise BackoffActive(attempts["not_before"] - now)
        vault: Vault | None = None
        if self.encrypted:
            try:
                vault = Vault.unlock(self.repo.data_dir, secret)
            except WrongPassphrase:
                ok = False
            else:
                ok = True
        else:
            ok = self._check_hash(secret)
            if ok and self.encrypt:
                vault = self._migrate(secret)
        if not ok:
            failed = attempts["failed"] + 1
            self._save_attempts(
                {"failed": failed, "not_before": now + backoff_seconds(failed)}
            )
            self._record("unlock_failed", count=failed)
            raise WrongPassphrase()
        if attempts != NO_ATTEMPTS:  # a right try writes nothing when none failed
            self._save_attempts(dict(NO_ATTEMPTS))
        if vault is not None:
            vault = self._attach(vault)
        self._record("unlocked")
        return vault

    def recover(self, recovery_key: str, new_secret: str) -> Vault:
        """Open the folder with the recovery key and choose a new PIN for it.

        Raises ``WrongRecoveryKey`` or ``ValidationError`` (nothing changes).
        """
        validate_secret(new_secret)
        vault = Vault.unlock_with_recovery(self.repo.data_dir, recovery_key)
        vault.change_passphrase(new_secret, kdf=self.kdf)
        vault = self._attach(vault)
        self.repo.set_setting(PIN_ATTEMPTS, {"failed": 0, "not_before": 0})
        self.repo.set_setting(SECRET_KIND, secret_kind(new_secret))
        self.audit.record("recovery_key_used")
        self.audit.record("pin_changed")
        return vault

    # --- helpers ------------------------------------------------------------
    def _attempts(self) -> dict[str, float]:
        """The attempt counter: on disk, or the one the disk refused, if higher."""
        saved = self.repo.get_setting(PIN_ATTEMPTS, NO_ATTEMPTS)
        unsaved = _UNSAVED_ATTEMPTS.get(self._folder_key)
        if unsaved is not None and unsaved["failed"] > saved["failed"]:
            return unsaved
        return saved

    def _save_attempts(self, attempts: dict[str, float]) -> None:
        """Save the counter; on a read-only or full folder keep it in memory."""
        try:
            self.repo.set_setting(PIN_ATTEMPTS, attempts)
        except OSError as exc:
            if not is_unwritable(exc):
                raise
            self.not_saved = folder_error(exc, self.repo.data_dir)
            _UNSAVED_ATTEMPTS[self._folder_key] = attempts
        else:
            _UNSAVED_ATTEMPTS.pop(self._folder_key, None)

    def _record(self, action: str, **details: object) -> None:
        """Write an audit entry of the unlock; best-effort on an unwritable folder."""
        try:
            self.audit.record(action, **details)
        except OSError as exc:
            if not is_unwritable(exc):
                raise
            self.not_saved = folder_error(exc, self.repo.data_dir)

    @property
    def _folder_key(self) -> str:
        return os.path.realpath(self.repo.data_dir)

    def _check_hash(self, secret: str) -> bool:
        try:
            return self.hasher.verify(self.repo.get_setting(PIN_HASH, ""), secret)
        except (VerificationError, InvalidHashError):
            return False

    def _create_vault(self, secret: str, *, recovery: bool) -> str | None:
        pending = any(p.exists() for p in self.repo.data_files())
        vault, made = Vault.create(
            self.repo.data_dir,
            secret,
            recovery=recovery,
            kdf=self.kdf,
            migration_pending=pending,
        )
        self._attach(vault)  # encrypts the earlier version's files, if any
        self.repo.set_setting(PIN_HASH, None)
        self._new_recovery_key = made
        return made

    def _migrate(self, secret: str) -> Vault:
        """A right PIN on a folder from an earlier version: encrypt it now."""
        self._create_vault(secret, recovery=True)
        assert self.repo.vault is not None
        return self.repo.vault

    def _attach(self, vault: Vault) -> Vault:
        # One Vault per repository: keep the one already in use, if any.
        if self.repo.vault is None:
            self.repo.use_vault(vault)
        assert self.repo.vault is not None
        if self.repo.vault.migration_pending:
            self._finish_migration(self.repo.vault)
        return self.repo.vault

    def _finish_migration(self, vault: Vault) -> None:
        report = self.repo.encrypt_existing_data()
        if report.encrypted:
            self.audit.record("data_encrypted", count=len(report.encrypted))


def keys_from_env_or_prompt(
    data_dir: os.PathLike[str] | str,
    *,
    env: MutableMapping[str, str] | None = None,
    prompt: Callable[[str], str] = getpass.getpass,
    repo: Repository | None = None,
) -> Vault | None:
    """Unlock a data folder for a command: ``$MINROST_PASSPHRASE`` or a prompt.

    Returns None when the folder has no PIN yet or is not encrypted (then the
    data is plain and needs no key). The variable is removed from ``env`` once
    read, so programs started later do not inherit it. A wrong passphrase counts
    towards the same back-off as in the app (``WrongPassphrase``,
    ``BackoffActive``). A folder from an earlier version is encrypted here.
    """
    env = os.environ if env is None else env
    repo = repo or Repository(data_dir)
    guard = PinGuard(repo, encrypt=True)
    if not guard.is_set():
        return None
    secret = env.pop(PASSPHRASE_ENV, "") or prompt("Lösenfras för Min röst: ")
    return guard.unlock(secret)


class SetupRefused(Exception):
    """Encryption could not be set up for a command; ``msg_sv`` says why."""

    def __init__(self, msg_sv: str) -> None:
        super().__init__(msg_sv)
        self.msg_sv = msg_sv


@dataclass(frozen=True)
class CommandKeys:
    """What ``keys_for_command`` did: the unlocked keys, and a new recovery key."""

    vault: Vault
    recovery_key: str | None = None
    """Made just now (a new key file): show it once, then forget it."""


def keys_for_command(
    data_dir: os.PathLike[str] | str,
    *,
    env: MutableMapping[str, str] | None = None,
    prompt: Callable[[str], str] = getpass.getpass,
    interactive: bool | None = None,
    repo: Repository | None = None,
    kdf: KdfParams | None = None,
) -> CommandKeys:
    """Unlock a data folder for a command, or encrypt it first: never plaintext.

    A folder with a PIN or key file is unlocked as by ``keys_from_env_or_prompt``
    (one from an earlier version is encrypted on the way). A folder without one
    gets a key file before anything is written, from ``$MINROST_PASSPHRASE``
    or, on a terminal (``interactive``; default: stdin is a TTY), a passphrase
    asked for twice; its plaintext files from an earlier version, if any, are
    encrypted too. Raises ``SetupRefused`` (nothing written) with no variable
    and no terminal, for two different answers, or for a too short secret.
    """
    env = os.environ if env is None else env
    repo = repo or Repository(data_dir)
    guard = PinGuard(repo, encrypt=True, kdf=kdf)
    if guard.is_set():
        secret = env.pop(PASSPHRASE_ENV, "") or prompt("Lösenfras för Min röst: ")
        vault = guard.unlock(secret)
        assert vault is not None  # encrypt=True: a right PIN always gives keys
        return CommandKeys(vault, guard.take_new_recovery_key())
    if _holds_encrypted_data(Path(data_dir)):
        # The key file (and its backup) was deleted: new keys would hide the
        # damage and could never open the files that are there.
        raise NoVault("the folder holds encrypted files but no key file")
    secret = env.pop(PASSPHRASE_ENV, "")
    if not secret:
        if interactive is None:
            interactive = sys.stdin.isatty()
        if not interactive:
            raise SetupRefused(
                "Datamappen är inte krypterad ännu, och ingen lösenfras gavs. Sätt "
                f"{PASSPHRASE_ENV} eller kör kommandot i en terminal, så frågar "
                "det efter en. Inga uppgifter har sparats."
            )
        secret = prompt(
            "Datamappen krypteras nu. Välj en lösenfras (minst "
            f"{MIN_PASSPHRASE_LENGTH} tecken) eller en PIN-kod (minst "
            f"{MIN_PIN_DIGITS} siffror): "
        )
        if prompt("Skriv samma lösenfras en gång till: ") != secret:
            raise SetupRefused(
                "De två lösenfraserna var inte lika. Inga uppgifter har sparats."
            )
    try:
        validate_secret(secret)
    except ValidationError as exc:
        raise SetupRefused(_secret_refusal(exc)) from None
    made = guard.set_pin(secret)
    assert repo.vault is not None
    return CommandKeys(repo.vault, made)


def _holds_encrypted_data(folder: Path) -> bool:
    """Whether any data file, backup or counter record says keys once existed."""
    if (folder / COUNTERS_DIR).exists():
        return True
    candidates = [folder / "index.json", folder / "index.json.bak"]
    children = folder / "children"
    if children.is_dir():
        candidates.extend(children.iterdir())
    for path in candidates:
        try:
            with open(path, "rb") as f:
                if is_encrypted(f.read(len(MAGIC))):
                    return True
        except OSError:
            continue
    return False


def _secret_refusal(error: ValidationError) -> str:
    if error.msgid == "pin_too_short":
        why = f"En PIN-kod måste ha minst {MIN_PIN_DIGITS} siffror."
    elif error.msgid == "passphrase_too_short":
        why = f"En lösenfras måste ha minst {MIN_PASSPHRASE_LENGTH} tecken."
    else:
        why = f"Lösenfrasen får ha högst {MAX_SECRET_LENGTH} tecken."
    return f"{why} Inga uppgifter har sparats."
