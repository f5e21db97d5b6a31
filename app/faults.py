"""A sentence for every fault of the data folder, for the command line and the UI.

Storage raises typed errors (``app.storage.errors``, ``CorruptFileError``,
``VaultError``…); the edges — the commands (``app.cli``), the server's start
(``app.main``) and the screens — pass them here and show the sentence instead
of a traceback. The sentences are Swedish msgids, so the UI shows them in the
counsellor's language and the commands in Swedish (``Translator("sv")``).

They name at most a file of the data folder (child files are named by random
ids) or the folder itself, never a file's content: nothing of a child's data.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from app.i18n import Translator
from app.storage.crypto import (
    KEY_FILE_NAME,
    KeyFileTampered,
    NoVault,
    Vault,
    VaultError,
    is_encrypted,
)
from app.storage.errors import (
    DataFolderNotADirectory,
    DataFolderReadOnly,
    DiskFull,
    NotPermitted,
    PrivateAnswersError,
    folder_error,
)
from app.storage.master_keys import KeyServiceUnavailable, WrongMasterKey
from app.storage.repository import CorruptFileError, NotFoundError, NoUsableBackupError

__all__ = [
    "STORAGE_FAULTS",
    "export_not_logged",
    "fault_message",
    "unwritable_note",
]

STORAGE_FAULTS: tuple[type[BaseException], ...] = (
    CorruptFileError,
    NoUsableBackupError,
    VaultError,
    WrongMasterKey,
    OSError,
)
"""What a screen or a command catches to say a fault instead of failing."""


def fault_message(
    _: Translator,
    exc: BaseException,
    folder: str | os.PathLike[str] | None = None,
    *,
    in_app: bool = True,
) -> str:
    """Say what is wrong with the data folder and what to do, in one or two sentences.

    ``folder`` is the data folder (to name its files relative to it);
    ``in_app`` picks the advice: in the app the damaged file is offered again
    with its backup, on the command line the app is where that happens.
    """
    base = Path(os.path.abspath(folder)) if folder is not None else None
    if isinstance(exc, CorruptFileError):
        return _corrupt(_, exc, base, in_app=in_app)
    if isinstance(exc, NoUsableBackupError):
        return " ".join(
            [
                _(
                    "Det finns ingen läsbar säkerhetskopia av {file}.",
                    file=_in_folder(exc.path, base),
                ),
                _("Inget har ändrats."),
            ]
        )
    if isinstance(exc, NoVault):
        return _key_file_missing(_)
    if isinstance(exc, KeyFileTampered):
        return _key_file_damaged(_)
    if isinstance(exc, VaultError):
        return _(
            "Datamappens nycklar går inte att använda. Kontakta den som sköter appen."
        )
    if isinstance(exc, WrongMasterKey):
        return _(
            "En elevs nyckel går inte att låsa upp med teamserverns huvudnyckel. "
            "Inget har ändrats. Kontakta den som sköter servern."
        )
    if isinstance(exc, KeyServiceUnavailable):
        return _(
            "Teamserverns nyckeltjänst (HSM) kunde inte nås, så inget sparades. "
            "Försök igen om en stund; kontakta den som sköter servern om det "
            "inte går."
        )
    if isinstance(exc, PrivateAnswersError):
        return _(
            "Barnet valde Bara för mig för några svar i den här sessionen: bara "
            "den som höll sessionen kan ändra den. Inget har sparats."
        )
    if isinstance(exc, NotPermitted):
        return _("Det får bara teamets administratör göra. Inget har ändrats.")
    if isinstance(exc, NotFoundError):
        return _("Elevens fil finns inte i datamappen, fast eleven står i listan.")
    if isinstance(exc, OSError):
        return _os_error(_, exc, base)
    return _(
        "Något oväntat hindrade det ({kind}). Inget om eleverna har skrivits ut. "
        "Kontakta den som sköter appen.",
        kind=type(exc).__name__,
    )


def unwritable_note(_: Translator, exc: BaseException) -> str:
    """Say that the folder is open for reading only, and why."""
    if isinstance(exc, DiskFull):
        return _(
            "Disken är full: du kan läsa och exportera, men inget nytt sparas "
            "förrän det finns plats."
        )
    return _(
        "Datamappen går bara att läsa (den är skrivskyddad): du kan läsa och "
        "exportera, men inget nytt sparas."
    )


def export_not_logged(_: Translator) -> str:
    """Say that an export happened but could not be written into the audit log."""
    return _(
        "Exporten kunde inte skrivas in i loggen, eftersom datamappen inte går att "
        "skriva till. Anteckna den på annat sätt."
    )


# --- helpers ------------------------------------------------------------------
def _corrupt(
    _: Translator, exc: CorruptFileError, base: Path | None, *, in_app: bool
) -> str:
    if exc.path.name in (KEY_FILE_NAME, KEY_FILE_NAME + ".bak"):
        return _key_file_damaged(_)
    if base is not None and _encrypted_without_keys(exc.path, base):
        return _key_file_missing(_)
    name = _in_folder(exc.path, base)
    if exc.path.exists():
        what = _(
            "Filen {file} i datamappen går inte att läsa: den är skadad eller har "
            "ändrats utanför Min röst.",
            file=name,
        )
    else:
        what = _(
            "Filen {file} saknas i datamappen, fast den har sparats förut (den kan "
            "ha raderats utanför Min röst).",
            file=name,
        )
    if exc.backup_path is None:
        backup = _(
            "Det finns ingen läsbar säkerhetskopia: lägg tillbaka datamappen från "
            "en säkerhetskopia eller kontakta den som sköter appen."
        )
    elif in_app:
        backup = _(
            "Det finns en läsbar säkerhetskopia: gå till början och öppna det "
            "igen, så erbjuds den."
        )
    else:
        backup = _("Det finns en läsbar säkerhetskopia: öppna appen, så erbjuds den.")
    return " ".join([what, _("Inget har ändrats."), backup])


def _key_file_damaged(_: Translator) -> str:
    return _(
        "Nyckelfilen keys.json eller datamappens kontrollposter är skadade eller "
        "har ändrats utanför Min röst, så inget kan läsas. Inget har ändrats. "
        "Lägg tillbaka en hel säkerhetskopia av datamappen eller kontakta den som "
        "sköter appen."
    )


def _key_file_missing(_: Translator) -> str:
    return _(
        "Datamappen är krypterad, men nyckelfilen keys.json saknas, så inget kan "
        "läsas. Inget har ändrats. Lägg tillbaka nyckelfilen från en "
        "säkerhetskopia av datamappen."
    )


def _os_error(_: Translator, exc: OSError, base: Path | None) -> str:
    typed = folder_error(exc, base)
    if isinstance(typed, DataFolderNotADirectory):
        return _(
            "Datamappen {folder} är en fil, inte en mapp. Ange en mapp med "
            "MINROST_DATA_DIR (den skapas om den saknas).",
            folder=str(base) if base is not None else "",
        )
    if isinstance(typed, DataFolderReadOnly):
        return _(
            "Datamappen går bara att läsa (den är skrivskyddad), så inget kunde "
            "sparas. Ge Min röst skrivrätt till mappen och försök igen."
        )
    if isinstance(typed, DiskFull):
        return _(
            "Disken där datamappen ligger är full, så inget kunde sparas. Frigör "
            "utrymme och försök igen."
        )
    where = _in_folder(Path(os.fsdecode(exc.filename)), base) if exc.filename else ""
    return _(
        "Datamappen gick inte att läsa eller skriva ({file}: {code}). Kontakta den "
        "som sköter appen.",
        file=where,
        code=errno.errorcode.get(exc.errno or 0, "EIO"),
    )


def _encrypted_without_keys(path: Path, base: Path) -> bool:
    """An encrypted data file in a folder whose key file (and backup) is gone."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError:
        return False
    return is_encrypted(head) and not Vault.exists(base)


def _in_folder(path: Path, base: Path | None) -> str:
    """``path`` relative to the data folder (``children/….json``), else its name."""
    if base is not None:
        try:
            return Path(os.path.abspath(path)).relative_to(base).as_posix()
        except ValueError:
            pass
    return Path(path).name
