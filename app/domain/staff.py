"""The team's staff on a team server: who is signed in, and in which role.

Only a team server has users (they come from the municipality's sign-in,
OIDC); the laptop's data folder has one counsellor behind one PIN and no
``StaffUser`` at all. Nothing here names a child.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """What a user may do in the team (from the identity provider's groups)."""

    COUNSELLOR = "counsellor"
    """Holds sessions with the children assigned to them."""
    ADMIN = "admin"
    """Assigns counsellors to children and reads the audit (loggkontroll)."""


@dataclass(frozen=True)
class StaffUser:
    """One signed-in member of a team (``users`` table, schema 5).

    ``id`` is the app's own opaque id for the person (audit rows name it, never
    the name); ``issuer`` + ``subject`` are the identity provider's."""

    id: str
    team: str
    role: Role
    name: str = ""
    issuer: str = ""
    subject: str = ""

    @property
    def is_admin(self) -> bool:
        """May assign counsellors and read the audit."""
        return self.role is Role.ADMIN
