"""A throwaway PKCS#11 token (SoftHSM2) for the tests: a real HSM interface.

Debian's ``softhsm2`` (``tools/ensure_system_deps.sh`` installs it) keeps its
tokens in the folder its configuration names; ``SoftHsm`` makes a temp
folder and a configuration, sets ``SOFTHSM2_CONF`` (read once per process,
when the PKCS#11 module is first loaded, so this must come first), initialises
one token with ``softhsm2-util`` and generates AES-256 master keys in it the
way an HSM administrator would: sensitive and not extractable, so the key can
be used by the token and never read out of it.

Nothing here skips: without SoftHSM2, ``SoftHsmError`` says what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

MODULE_PATHS = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
)


class SoftHsmError(RuntimeError):
    """The throwaway token could not be set up."""


def module_path() -> str:
    """Where Debian's SoftHSM2 PKCS#11 module is."""
    for path in MODULE_PATHS:
        if Path(path).exists():
            return path
    raise SoftHsmError(
        "SoftHSM2 is not installed: run `make system-deps` or "
        "`sudo apt-get install softhsm2`"
    )


class SoftHsm:
    """One SoftHSM2 token in a temp folder, with its user PIN in a file."""

    def __init__(self, token: str = "minrost-test", pin: str = "4711-test") -> None:
        self.token = token
        self.pin = pin
        self.module = module_path()
        self.root = Path(tempfile.mkdtemp(prefix="minrost-hsm-"))
        self.pin_file = self.root / "pin"

    def start(self, key_labels: tuple[str, ...] = ("mk-1", "mk-2")) -> SoftHsm:
        """Make the token and its keys; set ``SOFTHSM2_CONF`` for this process."""
        import pkcs11
        from pkcs11 import Attribute, KeyType

        (self.root / "tokens").mkdir()
        conf = self.root / "softhsm2.conf"
        conf.write_text(
            f"directories.tokendir = {self.root / 'tokens'}\n"
            "objectstore.backend = file\nlog.level = ERROR\n"
        )
        os.environ["SOFTHSM2_CONF"] = str(conf)
        self.pin_file.write_text(self.pin + "\n")
        self.pin_file.chmod(0o600)
        util = shutil.which("softhsm2-util")
        if util is None:
            raise SoftHsmError("softhsm2-util is missing (Debian package softhsm2)")
        done = subprocess.run(
            [
                util,
                "--init-token",
                "--free",
                "--label",
                self.token,
                "--pin",
                self.pin,
                "--so-pin",
                self.pin + "-so",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SoftHsmError(f"softhsm2-util failed: {done.stderr or done.stdout}")
        token = pkcs11.lib(self.module).get_token(token_label=self.token)
        with token.open(rw=True, user_pin=self.pin) as session:
            for label in key_labels:
                session.generate_key(
                    KeyType.AES,
                    256,
                    label=label,
                    store=True,
                    template={
                        Attribute.SENSITIVE: True,
                        Attribute.EXTRACTABLE: False,
                    },
                )
        return self

    def uri(self, label: str, *, pin_file: Path | str | None = None) -> str:
        """The RFC 7512 URI of a key in this token (the PIN read from a file)."""
        pin = str(pin_file if pin_file is not None else self.pin_file)
        return (
            f"pkcs11:token={quote(self.token)};object={quote(label)}"
            f"?module-path={quote(self.module)}&pin-source={quote('file:' + pin)}"
        )

    def stop(self) -> None:
        """Remove the token's folder."""
        shutil.rmtree(self.root, ignore_errors=True)
