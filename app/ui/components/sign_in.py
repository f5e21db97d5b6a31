"""Signing in on a team server: the municipality's identity provider (OIDC).

Flet's ``page.login`` opens the provider in a new window and its
``/oauth_callback`` route hands the code back to this browser session (its
state check kept); :class:`OidcAuthorization` replaces Flet's own
``AuthorizationService``, which keeps no ID token and sends no nonce, with
``app.oidc``: PKCE, nonce, and a verified ID token.
"""

from __future__ import annotations

import asyncio
import functools
import html
from collections.abc import Callable
from typing import Any

import flet as ft
from flet.auth.authorization import Authorization
from flet.auth.oauth_provider import OAuthProvider

from app.domain.staff import StaffUser
from app.faults import STORAGE_FAULTS
from app.i18n import Translator
from app.oidc import Identity, OidcSignIn, SignInRefused, SignInRequest
from app.ui.components.pin import pin_card
from app.ui.context import use_app_state, use_translator
from app.ui.state import SignInStatus


class OidcAuthorization(Authorization):
    """One sign-in attempt for ``page.login``: PKCE + nonce, ID token verified.

    Flet calls :meth:`get_authorization_data` for the URL and checks the
    returned ``state`` itself at the callback, then :meth:`request_token`
    with the code. A refusal is kept in :attr:`refusal` for the screen.
    """

    def __init__(
        self,
        provider: OAuthProvider,
        fetch_user: bool = False,
        fetch_groups: bool = False,
        scope: list[str] | None = None,
        *,
        signin: OidcSignIn,
        force: bool = False,
    ) -> None:
        self.provider = provider
        self.signin = signin
        self.force = force
        self.state = ""
        self.request: SignInRequest | None = None
        self.identity: Identity | None = None
        self.refusal: SignInRefused | None = None
        self.user = None

    def get_authorization_data(self) -> tuple[str, str]:
        """The provider's URL for this attempt and its state."""
        self.request, url = self.signin.start(force=self.force)
        self.state = self.request.state
        return url, self.state

    async def request_token(self, code: str) -> None:
        """Trade the code and verify the ID token (refusals kept, then raised)."""
        try:
            if self.request is None:
                raise SignInRefused("token", "no sign-in was started")
            self.identity = await asyncio.to_thread(
                self.signin.finish, self.request, code
            )
        except SignInRefused as exc:
            self.refusal = exc
            raise

    async def get_token(self) -> Any:
        """No token is kept: the app needs only the verified identity."""
        return None

    async def dehydrate_token(self, saved_token: str) -> None:
        """A saved token never signs anyone in: every sign-in is a fresh one."""
        raise SignInRefused("token", "saved tokens are not accepted")


def refusal_message(_: Translator, reason: str) -> str:
    """Why sign-in did not let the person in, in words for the screen."""
    if reason == "no_group":
        return _(
            "Ditt konto hör inte till någon grupp som har tillgång till Min röst. "
            "Be kommunens IT-ansvariga att lägga till dig."
        )
    if reason == "several_teams":
        return _(
            "Ditt konto hör till grupper i flera team. Be kommunens "
            "IT-ansvariga att rätta grupperna."
        )
    if reason == "other_team":
        return _("Ditt konto hör till ett annat team än den här serverns.")
    if reason == "reauth":
        return _("Logga in på nytt med ditt lösenord för att lämna barnläget.")
    if reason == "provider":
        return _(
            "Inloggningstjänsten svarade inte som väntat. Försök igen om en stund."
        )
    if reason == "unavailable":
        return _("Servern når inte databasen just nu. Försök igen om en stund.")
    if reason == "cancelled":
        return _("Inloggningen avbröts.")
    return _("Inloggningen kunde inte bekräftas. Försök igen.")


def complete_page(_: Translator) -> str:
    """What the provider's window shows once it is back at the callback (it
    closes itself where the browser lets it); its script is allowed by hash."""
    text = html.escape(_("Du är inloggad. Du kan stänga det här fönstret."))
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Min röst</title>'
        f"</head><body><script>window.close();</script><p>{text}</p></body></html>"
    )


@ft.component
def SignIn(
    status: SignInStatus,
    *,
    force: bool = False,
    title: str | None = None,
    intro: str | None = None,
    on_signed_in: Callable[[StaffUser, Any], None] | None = None,
    back: ft.Control | None = None,
) -> ft.Control:
    """The sign-in card: *Logga in*, and why a sign-in was refused.

    ``status`` is the session's (observable) :class:`SignInStatus`: the card
    re-renders when an attempt starts or is refused.

    ``force``: leaving child mode — the person must sign in afresh at the
    provider (``prompt=login``, ``max_age=0``, ``auth_time`` checked).
    """
    _ = use_translator()
    state = use_app_state()
    team = state.team
    assert team is not None

    async def signed_in(e: ft.LoginEvent) -> None:
        auth = e.page.auth if e.page is not None else None
        identity = getattr(auth, "identity", None)
        refusal = getattr(auth, "refusal", None)
        if e.error or identity is None:
            reason = refusal.reason if refusal is not None else "cancelled"
            status.refuse(reason)
            return
        try:
            user = await asyncio.to_thread(team.admit, identity)
            repo = team.store_for(user)
        except SignInRefused as exc:
            status.refuse(exc.reason)
            return
        except STORAGE_FAULTS:
            status.refuse("unavailable")
            return
        status.clear()
        if on_signed_in is not None:
            on_signed_in(user, repo)
        else:
            state.sign_in(user, repo)

    async def start(_e: ft.Event[ft.Button]) -> None:
        page = ft.context.page
        status.wait()
        try:
            meta = await asyncio.to_thread(team.signin.metadata)
        except SignInRefused:
            status.refuse("provider")
            return
        page.on_login = signed_in
        provider = OAuthProvider(
            client_id=team.signin.config.client_id,
            client_secret="",
            authorization_endpoint=meta.authorization_endpoint,
            token_endpoint=meta.token_endpoint,
            redirect_url=team.signin.redirect_url,
        )
        await page.login(
            provider,
            fetch_user=False,
            complete_page_html=complete_page(_),
            authorization=functools.partial(  # type: ignore[arg-type]
                OidcAuthorization, signin=team.signin, force=force
            ),
        )

    fields: list[ft.Control] = [
        ft.Button(_("Logga in"), key="sign-in", height=52, on_click=start),
    ]
    if status.waiting:
        fields.append(
            ft.Text(
                _("Inloggningen öppnas i ett nytt fönster."),
                key="sign-in-waiting",
            )
        )
    if status.reason:
        fields.append(
            ft.Text(
                refusal_message(_, status.reason),
                key="sign-in-error",
                color=ft.Colors.RED_800,
            )
        )
    if back is not None:
        fields.append(back)
    return pin_card(
        title or _("Logga in"),
        intro or _("Logga in med kommunens konto för att öppna arbetsytan."),
        fields,
    )
