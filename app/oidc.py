"""Signing in on a team server through the municipality's identity provider.

OpenID Connect, authorization code flow with PKCE (S256) and a nonce, and an
ID token that is verified before anyone is let in: its signature with the
provider's published keys (JWKS, asymmetric algorithms only: never ``none``,
never HMAC), its issuer, its audience (this app's client id), its expiry, its
issue time and the nonce this browser session sent. The user's team and role
come from the provider's groups through a mapping the municipality writes
(``docs/team-server.md``, "Sign-in").

Flet 1.0.5's own ``AuthorizationService`` discards the ID token and sends no
nonce, so :class:`OidcAuthorization` replaces it (``page.login(...,
authorization=...)``); Flet's ``/oauth_callback`` route and its state check
are kept (``app/ui/components/sign_in.py``). PyJWT comes with the
``server`` extra and is imported only when a token is checked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from app.domain.staff import Role

ISSUER_ENV = "MINROST_OIDC_ISSUER"
CLIENT_ID_ENV = "MINROST_OIDC_CLIENT_ID"
CLIENT_SECRET_ENV = "MINROST_OIDC_CLIENT_SECRET"
GROUPS_CLAIM_ENV = "MINROST_OIDC_GROUPS_CLAIM"
GROUPS_FILE_ENV = "MINROST_OIDC_GROUPS_FILE"
REDIRECT_URL_ENV = "MINROST_OIDC_REDIRECT_URL"
DEFAULT_GROUPS_CLAIM = "groups"
CALLBACK_PATH = "/oauth_callback"
"""Flet's own callback route (``flet_web.fastapi.app``)."""

SIGNING_ALGORITHMS = frozenset(
    {
        "RS256",
        "RS384",
        "RS512",
        "PS256",
        "PS384",
        "PS512",
        "ES256",
        "ES384",
        "ES512",
        "EdDSA",
    }
)
"""The only algorithms an ID token may be signed with: public-key ones. An
``alg`` of ``none`` or ``HS256`` (a token "signed" with the public key as an
HMAC secret) is refused before any key is looked up."""

LEEWAY_SECONDS = 60
"""Clock skew allowed on ``exp`` and ``iat``."""
REAUTH_SKEW_SECONDS = 10
"""A forced sign-in's ``auth_time`` may be this much before the request."""
HTTP_TIMEOUT = 10.0


class SignInRefused(Exception):
    """Sign-in did not let the person in; ``reason`` says why (for the screen).

    Reasons: ``token`` (the ID token failed a check), ``provider`` (the
    provider answered with an error or could not be reached), ``no_group``
    (in none of the mapped groups), ``several_teams`` (in groups of more than
    one team), ``reauth`` (a forced sign-in was not a fresh one)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class GroupGrant:
    """What membership of one provider group gives: a team and a role."""

    team: str
    role: Role


def parse_groups(text: str) -> dict[str, GroupGrant]:
    """The group mapping from its TOML text (``[groups."<id>"] team, role``).

    Raises ValueError naming the first bad entry.
    """
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"the group mapping is not TOML: {exc}") from None
    table = doc.get("groups")
    if not isinstance(table, dict) or not table:
        raise ValueError('the group mapping has no [groups."…"] entries')
    grants: dict[str, GroupGrant] = {}
    for group, entry in table.items():
        if not isinstance(entry, dict):
            raise ValueError(f"group {group!r}: expected team and role")
        team, role = entry.get("team"), entry.get("role", Role.COUNSELLOR.value)
        if not isinstance(team, str) or not team:
            raise ValueError(f"group {group!r}: team missing")
        try:
            grants[group] = GroupGrant(team, Role(role))
        except ValueError:
            raise ValueError(
                f"group {group!r}: role must be counsellor or admin"
            ) from None
    return grants


@dataclass(frozen=True)
class OidcConfig:
    """How this team server signs people in (all from the environment)."""

    issuer: str
    client_id: str
    groups: Mapping[str, GroupGrant]
    client_secret: str | None = None
    groups_claim: str = DEFAULT_GROUPS_CLAIM
    redirect_url: str | None = None
    """Where the provider sends the browser back (``…/oauth_callback``);
    None: the address the server was started on."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> OidcConfig | None:
        """The configuration, or None when no issuer is set (PIN mode).

        Raises ValueError saying what is missing or wrong.
        """
        issuer = environ.get(ISSUER_ENV, "").strip()
        if not issuer:
            return None
        client_id = environ.get(CLIENT_ID_ENV, "").strip()
        if not client_id:
            raise ValueError(f"{CLIENT_ID_ENV} is not set")
        groups_file = environ.get(GROUPS_FILE_ENV, "").strip()
        if not groups_file:
            raise ValueError(f"{GROUPS_FILE_ENV} is not set")
        try:
            text = Path(groups_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"{GROUPS_FILE_ENV}: {exc.strerror}") from None
        return cls(
            issuer=issuer,
            client_id=client_id,
            groups=parse_groups(text),
            client_secret=environ.get(CLIENT_SECRET_ENV) or None,
            groups_claim=environ.get(GROUPS_CLAIM_ENV) or DEFAULT_GROUPS_CLAIM,
            redirect_url=environ.get(REDIRECT_URL_ENV) or None,
        )


@dataclass(frozen=True)
class ProviderMetadata:
    """What discovery (``/.well-known/openid-configuration``) told us."""

    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    algorithms: frozenset[str]

    @classmethod
    def discover(
        cls, issuer: str, *, timeout: float = HTTP_TIMEOUT
    ) -> ProviderMetadata:
        """Read the provider's metadata; its ``issuer`` must be ``issuer``.

        Raises SignInRefused("provider") when it cannot be read or does not
        fit (another issuer, no S256 PKCE, no public-key signing).
        """
        url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = httpx.get(url, timeout=timeout, follow_redirects=False)
            response.raise_for_status()
            doc = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise SignInRefused("provider", f"discovery failed: {exc}") from None
        return cls.from_document(issuer, doc)

    @classmethod
    def from_document(cls, issuer: str, doc: Mapping[str, Any]) -> ProviderMetadata:
        """Check a discovery document against the configured issuer."""
        if doc.get("issuer") != issuer:
            raise SignInRefused("provider", "discovery names another issuer")
        methods = doc.get("code_challenge_methods_supported")
        if methods is not None and "S256" not in methods:
            raise SignInRefused("provider", "the provider has no S256 PKCE")
        offered = doc.get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = frozenset(offered) & SIGNING_ALGORITHMS
        if not algorithms:
            raise SignInRefused("provider", "no public-key signing algorithm")
        try:
            return cls(
                issuer=issuer,
                authorization_endpoint=str(doc["authorization_endpoint"]),
                token_endpoint=str(doc["token_endpoint"]),
                jwks_uri=str(doc["jwks_uri"]),
                algorithms=algorithms,
            )
        except KeyError as exc:
            raise SignInRefused("provider", f"discovery lacks {exc}") from None


KeyFinder = Callable[[str], Any]
"""Given the raw ID token, the public key that must have signed it."""


def jwks_key_finder(jwks_uri: str) -> KeyFinder:
    """Find the signing key by the token's ``kid`` in the provider's JWKS
    (PyJWT's ``PyJWKClient``: cached, refetched when a new ``kid`` appears)."""
    import jwt  # the server extra: the laptop's data folder has no sign-in

    client = jwt.PyJWKClient(jwks_uri, cache_keys=True, timeout=int(HTTP_TIMEOUT))

    def find(token: str) -> Any:
        try:
            return client.get_signing_key_from_jwt(token).key
        except jwt.PyJWKClientError as exc:
            raise SignInRefused("token", f"no signing key: {exc}") from None

    return find


@dataclass
class IdTokenVerifier:
    """Checks an ID token: signature, issuer, audience, expiry, iat, nonce."""

    issuer: str
    client_id: str
    find_key: KeyFinder
    algorithms: frozenset[str] = SIGNING_ALGORITHMS
    clock: Callable[[], float] = time.time

    def verify(
        self, id_token: str, *, nonce: str, fresh_since: float | None = None
    ) -> dict[str, Any]:
        """The token's claims, or SignInRefused("token"/"reauth").

        ``fresh_since``: the person must have signed in (``auth_time``) at or
        after this moment — a forced sign-in, not a remembered one.
        """
        import jwt  # the server extra: the laptop's data folder has no sign-in

        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as exc:
            raise SignInRefused("token", f"unreadable: {exc}") from None
        alg = header.get("alg")
        allowed = self.algorithms & SIGNING_ALGORITHMS
        if alg not in allowed:
            raise SignInRefused("token", f"algorithm {alg!r} is not allowed")
        key = self.find_key(id_token)
        try:
            claims: dict[str, Any] = jwt.decode(
                id_token,
                key,
                algorithms=sorted(allowed),
                audience=self.client_id,
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "sub", "exp", "iat", "nonce"]},
            )
        except jwt.PyJWTError as exc:
            raise SignInRefused("token", type(exc).__name__) from None
        now = self.clock()
        if claims["iat"] > now + LEEWAY_SECONDS:
            raise SignInRefused("token", "issued in the future")
        if claims["exp"] < now - LEEWAY_SECONDS:
            raise SignInRefused("token", "expired")
        if not nonce or not hmac.compare_digest(str(claims["nonce"]), nonce):
            raise SignInRefused("token", "wrong nonce")
        audiences = claims["aud"] if isinstance(claims["aud"], list) else []
        if len(audiences) > 1 and claims.get("azp") != self.client_id:
            raise SignInRefused("token", "another party's token")
        if fresh_since is not None:
            auth_time = claims.get("auth_time")
            if not isinstance(auth_time, int | float) or (
                auth_time < fresh_since - REAUTH_SKEW_SECONDS
            ):
                raise SignInRefused("reauth", "not a fresh sign-in")
        return claims


@dataclass(frozen=True)
class Identity:
    """A verified person and what the group mapping gives them."""

    issuer: str
    subject: str
    name: str
    team: str
    role: Role


def identity_from_claims(claims: Mapping[str, Any], config: OidcConfig) -> Identity:
    """The team and role from the groups claim; SignInRefused if none or ambiguous.

    In groups of one team only; admin when any of its groups says admin.
    Entra ID's "groups overage" (``_claim_names`` instead of the list, more
    than 200 groups) is refused: configure the app registration to send only
    the groups assigned to the application.
    """
    groups = claims.get(config.groups_claim)
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, list):
        raise SignInRefused("no_group", "no groups claim")
    grants = [config.groups[g] for g in groups if g in config.groups]
    teams = {grant.team for grant in grants}
    if not teams:
        raise SignInRefused("no_group", "in no mapped group")
    if len(teams) > 1:
        raise SignInRefused("several_teams", "groups of more than one team")
    role = Role.ADMIN if any(g.role is Role.ADMIN for g in grants) else Role.COUNSELLOR
    name = claims.get("name") or claims.get("preferred_username") or ""
    return Identity(
        issuer=str(claims["iss"]),
        subject=str(claims["sub"]),
        name=str(name)[:200],
        team=teams.pop(),
        role=role,
    )


def pkce_challenge(verifier: str) -> str:
    """The S256 code challenge of a PKCE verifier (RFC 7636)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass
class SignInRequest:
    """One attempt: what this browser session sent and must get back."""

    state: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    nonce: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    code_verifier: str | None = field(default_factory=lambda: secrets.token_urlsafe(64))
    started: float = field(default_factory=time.time)
    force: bool = False
    """Leaving child mode: the person must sign in afresh (``prompt=login``)."""

    def authorization_url(
        self, metadata: ProviderMetadata, client_id: str, redirect_url: str
    ) -> str:
        """Where the browser goes to sign in."""
        assert self.code_verifier is not None
        params = {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_url,
            "scope": "openid profile",
            "state": self.state,
            "nonce": self.nonce,
            "code_challenge": pkce_challenge(self.code_verifier),
            "code_challenge_method": "S256",
        }
        if self.force:
            params |= {"prompt": "login", "max_age": "0"}
        return f"{metadata.authorization_endpoint}?{urlencode(params)}"


def exchange_code(
    request: SignInRequest,
    code: str,
    *,
    config: OidcConfig,
    metadata: ProviderMetadata,
    redirect_url: str,
    verifier: IdTokenVerifier,
    post: Callable[..., httpx.Response] = httpx.post,
) -> dict[str, Any]:
    """Trade the code for tokens and return the verified ID token's claims.

    The request's PKCE verifier and nonce are used once: a second call with
    the same request is refused, as is one without a verifier.
    """
    code_verifier, request.code_verifier = request.code_verifier, None
    if not code_verifier:
        raise SignInRefused("token", "no PKCE verifier for this sign-in")
    if not code:
        raise SignInRefused("provider", "no authorization code")
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_url,
        "client_id": config.client_id,
        "code_verifier": code_verifier,
    }
    if config.client_secret:
        form["client_secret"] = config.client_secret
    try:
        response = post(
            metadata.token_endpoint,
            data=form,
            headers={"accept": "application/json"},
            timeout=HTTP_TIMEOUT,
        )
        response.raise_for_status()
        body = response.json()
    except (httpx.HTTPError, json.JSONDecodeError, ValueError) as exc:
        raise SignInRefused("provider", f"token request failed: {exc}") from None
    id_token = body.get("id_token") if isinstance(body, dict) else None
    if not isinstance(id_token, str):
        raise SignInRefused("token", "no ID token in the answer")
    return verifier.verify(
        id_token,
        nonce=request.nonce,
        fresh_since=request.started if request.force else None,
    )


@dataclass
class OidcSignIn:
    """This server's sign-in: the configuration and the provider, once found."""

    config: OidcConfig
    redirect_url: str
    _metadata: ProviderMetadata | None = None
    _verifier: IdTokenVerifier | None = None

    def metadata(self) -> ProviderMetadata:
        """The provider's metadata (discovered at the first sign-in, then kept)."""
        if self._metadata is None:
            self._metadata = ProviderMetadata.discover(self.config.issuer)
        return self._metadata

    def verifier(self) -> IdTokenVerifier:
        """The ID token verifier with the provider's JWKS."""
        if self._verifier is None:
            meta = self.metadata()
            self._verifier = IdTokenVerifier(
                issuer=self.config.issuer,
                client_id=self.config.client_id,
                find_key=jwks_key_finder(meta.jwks_uri),
                algorithms=meta.algorithms,
            )
        return self._verifier

    def start(self, *, force: bool = False) -> tuple[SignInRequest, str]:
        """A new attempt and the URL to send the browser to."""
        request = SignInRequest(force=force)
        url = request.authorization_url(
            self.metadata(), self.config.client_id, self.redirect_url
        )
        return request, url

    def finish(self, request: SignInRequest, code: str) -> Identity:
        """The verified person behind ``code``, with team and role."""
        claims = exchange_code(
            request,
            code,
            config=self.config,
            metadata=self.metadata(),
            redirect_url=self.redirect_url,
            verifier=self.verifier(),
        )
        return identity_from_claims(claims, self.config)
