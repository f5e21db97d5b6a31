"""The ID token verifier and the code exchange refuse every token they must.

Keys are generated here; the tokens are signed with PyJWT as a provider
would sign them (tests/oidc_provider is the real provider, for the browser
test).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from app.domain.staff import Role
from app.oidc import (
    GroupGrant,
    IdTokenVerifier,
    OidcConfig,
    ProviderMetadata,
    SignInRefused,
    SignInRequest,
    exchange_code,
    identity_from_claims,
    parse_groups,
    pkce_challenge,
)

ISSUER = "https://idp.example.test"
CLIENT = "min-rost-test"
NONCE = "n-0123456789"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())


def claims(**changes: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {
        "iss": ISSUER,
        "aud": CLIENT,
        "sub": "person-1",
        "iat": now,
        "exp": now + 300,
        "auth_time": now,
        "nonce": NONCE,
        "name": "Testa Testsson",
        "groups": ["g-norr"],
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def sign(payload: dict[str, Any], key: Any = KEY, alg: str = "RS256") -> str:
    return jwt.encode(payload, key, algorithm=alg, headers={"kid": "k1"})


def verifier(public: Any = None) -> IdTokenVerifier:
    key = public if public is not None else KEY.public_key()
    return IdTokenVerifier(issuer=ISSUER, client_id=CLIENT, find_key=lambda _token: key)


def refusal(token: str, **kwargs: Any) -> str:
    with pytest.raises(SignInRefused) as caught:
        verifier(kwargs.pop("public", None)).verify(
            token, nonce=kwargs.pop("nonce", NONCE), **kwargs
        )
    return caught.value.reason


def test_a_well_formed_token_is_accepted() -> None:
    """A token signed by the provider's key for this client with our nonce passes."""
    got = verifier().verify(sign(claims()), nonce=NONCE)
    assert (got["sub"], got["nonce"]) == ("person-1", NONCE)


def test_an_ec_signed_token_is_accepted() -> None:
    """ES256 (Entra may sign with RSA, other providers with EC) is a public-key alg."""
    token = sign(claims(), EC_KEY, "ES256")
    assert verifier(EC_KEY.public_key()).verify(token, nonce=NONCE)["sub"] == "person-1"


def test_wrong_issuer_is_refused() -> None:
    """A token from another issuer is refused."""
    assert refusal(sign(claims(iss="https://evil.example.test"))) == "token"


def test_wrong_audience_is_refused() -> None:
    """A token issued to another client (app) is refused."""
    assert refusal(sign(claims(aud="another-app"))) == "token"


def test_several_audiences_need_us_as_authorized_party() -> None:
    """With several audiences, azp must name this client."""
    token = sign(claims(aud=[CLIENT, "another-app"], azp="another-app"))
    assert refusal(token) == "token"


def test_expired_token_is_refused() -> None:
    """A token past its expiry (beyond the clock leeway) is refused."""
    old = int(time.time()) - 3600
    assert refusal(sign(claims(iat=old - 300, exp=old))) == "token"


def test_token_issued_in_the_future_is_refused() -> None:
    """A token whose iat is ahead of our clock beyond the leeway is refused."""
    ahead = int(time.time()) + 3600
    assert refusal(sign(claims(iat=ahead, exp=ahead + 300))) == "token"


def test_missing_expiry_is_refused() -> None:
    """A token without exp is refused."""
    assert refusal(sign(claims(exp=None))) == "token"


def test_wrong_nonce_is_refused() -> None:
    """A token minted for another sign-in attempt (nonce) is refused."""
    assert refusal(sign(claims(nonce="someone-elses"))) == "token"


def test_missing_nonce_is_refused() -> None:
    """A token without a nonce is refused."""
    assert refusal(sign(claims(nonce=None))) == "token"


def test_bad_signature_is_refused() -> None:
    """A token signed by a key other than the provider's is refused."""
    assert refusal(sign(claims(), OTHER_KEY)) == "token"


def test_tampered_payload_is_refused() -> None:
    """Changing the payload after signing breaks the signature."""
    head, _payload, sig = sign(claims()).split(".")
    forged = base64.urlsafe_b64encode(json.dumps(claims(sub="admin")).encode()).rstrip(
        b"="
    )
    assert refusal(f"{head}.{forged.decode()}.{sig}") == "token"


def test_alg_none_is_refused() -> None:
    """An unsigned token (alg none) is refused."""
    token = jwt.encode(claims(), None, algorithm="none")
    assert refusal(token) == "token"


def test_hmac_signed_with_the_public_key_is_refused() -> None:
    """HS256 'signed' with the provider's public key as secret is refused."""
    pem = KEY.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=")
    body = base64.urlsafe_b64encode(json.dumps(claims()).encode()).rstrip(b"=")
    mac = hmac.new(pem, header + b"." + body, hashlib.sha256).digest()
    token = b".".join([header, body, base64.urlsafe_b64encode(mac).rstrip(b"=")])
    assert refusal(token.decode(), public=pem) == "token"


def test_forced_sign_in_needs_a_fresh_auth_time() -> None:
    """Leaving child mode: a remembered sign-in (old auth_time) is refused."""
    started = time.time()
    token = sign(claims(auth_time=int(started) - 3600))
    assert refusal(token, fresh_since=started) == "reauth"
    fresh = sign(claims(auth_time=int(started) + 1))
    assert verifier().verify(fresh, nonce=NONCE, fresh_since=started)


def test_forced_sign_in_without_auth_time_is_refused() -> None:
    """A forced sign-in whose token does not say when the person signed in fails."""
    assert refusal(sign(claims(auth_time=None)), fresh_since=time.time()) == "reauth"


# --- the code exchange --------------------------------------------------------
META = ProviderMetadata(
    issuer=ISSUER,
    authorization_endpoint=f"{ISSUER}/auth",
    token_endpoint=f"{ISSUER}/token",
    jwks_uri=f"{ISSUER}/jwks",
    algorithms=frozenset({"RS256"}),
)
CONFIG = OidcConfig(
    issuer=ISSUER,
    client_id=CLIENT,
    groups={"g-norr": GroupGrant("norr", Role.COUNSELLOR)},
)


class FakeTokenEndpoint:
    """Answers the token request with ``id_token``; records what was sent."""

    def __init__(self, id_token: str) -> None:
        self.id_token = id_token
        self.sent: list[dict[str, str]] = []

    def __call__(self, url: str, *, data: dict[str, str], **_kw: Any) -> httpx.Response:
        self.sent.append(data)
        request = httpx.Request("POST", url)
        return httpx.Response(200, json={"id_token": self.id_token}, request=request)


def exchange(request: SignInRequest, endpoint: FakeTokenEndpoint) -> dict[str, Any]:
    return exchange_code(
        request,
        "the-code",
        config=CONFIG,
        metadata=META,
        redirect_url="http://127.0.0.1:8550/oauth_callback",
        verifier=verifier(),
        post=endpoint,
    )


def test_exchange_sends_the_pkce_verifier_and_checks_the_nonce() -> None:
    """The code is traded with the S256 verifier whose challenge went out."""
    request = SignInRequest(nonce=NONCE)
    url = request.authorization_url(META, CLIENT, "http://x/oauth_callback")
    verifier_sent = request.code_verifier
    assert verifier_sent
    assert f"code_challenge={pkce_challenge(verifier_sent)}" in url
    assert "code_challenge_method=S256" in url
    assert f"nonce={NONCE}" in url
    endpoint = FakeTokenEndpoint(sign(claims()))
    assert exchange(request, endpoint)["sub"] == "person-1"
    assert endpoint.sent[0]["code_verifier"] == verifier_sent


def test_exchange_without_a_pkce_verifier_is_refused() -> None:
    """No verifier (or one already used) → no token request at all."""
    request = SignInRequest(nonce=NONCE, code_verifier=None)
    endpoint = FakeTokenEndpoint(sign(claims()))
    with pytest.raises(SignInRefused):
        exchange(request, endpoint)
    assert endpoint.sent == []


def test_a_sign_in_request_is_used_once() -> None:
    """The same attempt cannot trade a second code (replay)."""
    request = SignInRequest(nonce=NONCE)
    endpoint = FakeTokenEndpoint(sign(claims()))
    exchange(request, endpoint)
    with pytest.raises(SignInRefused):
        exchange(request, endpoint)
    assert len(endpoint.sent) == 1


def test_exchange_refuses_a_token_for_another_attempt() -> None:
    """An ID token carrying another attempt's nonce is refused after the exchange."""
    request = SignInRequest(nonce="this-attempt")
    with pytest.raises(SignInRefused):
        exchange(request, FakeTokenEndpoint(sign(claims())))


def test_forced_request_asks_for_a_fresh_sign_in() -> None:
    """Leaving child mode sends prompt=login and max_age=0."""
    url = SignInRequest(force=True).authorization_url(META, CLIENT, "http://x/cb")
    assert "prompt=login" in url
    assert "max_age=0" in url
    assert "prompt=" not in SignInRequest().authorization_url(META, CLIENT, "x")


# --- discovery and groups -----------------------------------------------------
def test_discovery_must_name_the_configured_issuer() -> None:
    """Metadata claiming another issuer is refused (mix-up)."""
    doc = {
        "issuer": "https://evil.example.test",
        "authorization_endpoint": "a",
        "token_endpoint": "t",
        "jwks_uri": "j",
    }
    with pytest.raises(SignInRefused):
        ProviderMetadata.from_document(ISSUER, doc)


def test_discovery_keeps_only_public_key_algorithms() -> None:
    """HS256 or none offered by a provider is never accepted for ID tokens."""
    doc = {
        "issuer": ISSUER,
        "authorization_endpoint": "a",
        "token_endpoint": "t",
        "jwks_uri": "j",
        "id_token_signing_alg_values_supported": ["none", "HS256", "RS256"],
    }
    assert ProviderMetadata.from_document(ISSUER, doc).algorithms == {"RS256"}


def test_groups_give_team_and_role() -> None:
    """A mapped group gives its team; an admin group makes the person admin."""
    config = OidcConfig(
        issuer=ISSUER,
        client_id=CLIENT,
        groups=parse_groups(
            '[groups."g-norr"]\nteam = "norr"\nrole = "counsellor"\n'
            '[groups."g-norr-lead"]\nteam = "norr"\nrole = "admin"\n'
        ),
    )
    person = identity_from_claims(claims(groups=["x", "g-norr"]), config)
    assert (person.team, person.role) == ("norr", Role.COUNSELLOR)
    lead = identity_from_claims(claims(groups=["g-norr", "g-norr-lead"]), config)
    assert lead.role is Role.ADMIN


def test_no_mapped_group_is_refused() -> None:
    """A person in none of the mapped groups is not let in."""
    with pytest.raises(SignInRefused) as caught:
        identity_from_claims(claims(groups=["g-other"]), CONFIG)
    assert caught.value.reason == "no_group"


def test_groups_of_two_teams_are_refused() -> None:
    """A person mapped to two teams is refused rather than guessed."""
    config = OidcConfig(
        issuer=ISSUER,
        client_id=CLIENT,
        groups={
            "g-norr": GroupGrant("norr", Role.COUNSELLOR),
            "g-syd": GroupGrant("syd", Role.COUNSELLOR),
        },
    )
    with pytest.raises(SignInRefused) as caught:
        identity_from_claims(claims(groups=["g-norr", "g-syd"]), config)
    assert caught.value.reason == "several_teams"


def test_bad_group_mapping_is_refused() -> None:
    """A mapping with an unknown role says which group is wrong."""
    with pytest.raises(ValueError, match="g-x"):
        parse_groups('[groups."g-x"]\nteam = "norr"\nrole = "boss"\n')


def test_configuration_comes_from_the_environment(tmp_path) -> None:
    """Issuer, client, secret, groups claim and the groups file; none → PIN mode."""
    groups = tmp_path / "groups.toml"
    groups.write_text('[groups."0b1c-entra-object-id"]\nteam = "norr"\n')
    env = {
        "MINROST_OIDC_ISSUER": ISSUER,
        "MINROST_OIDC_CLIENT_ID": CLIENT,
        "MINROST_OIDC_CLIENT_SECRET": "s",
        "MINROST_OIDC_GROUPS_CLAIM": "roles",
        "MINROST_OIDC_GROUPS_FILE": str(groups),
    }
    config = OidcConfig.from_env(env)
    assert config is not None
    assert (config.client_secret, config.groups_claim) == ("s", "roles")
    assert config.groups == {
        "0b1c-entra-object-id": GroupGrant("norr", Role.COUNSELLOR)
    }
    assert OidcConfig.from_env({}) is None
    with pytest.raises(ValueError, match="MINROST_OIDC_CLIENT_ID"):
        OidcConfig.from_env({"MINROST_OIDC_ISSUER": ISSUER})


def test_a_server_with_a_bad_sign_in_configuration_does_not_start(tmp_path) -> None:
    """A missing groups file stops the start with one Swedish sentence."""
    from app.team_server import open_sign_in

    env = {
        "MINROST_OIDC_ISSUER": ISSUER,
        "MINROST_OIDC_CLIENT_ID": CLIENT,
        "MINROST_OIDC_GROUPS_FILE": str(tmp_path / "missing.toml"),
    }
    with pytest.raises(SystemExit, match="Inloggningen"):
        open_sign_in(env, default_redirect="http://127.0.0.1:8550/oauth_callback")
    assert open_sign_in({}, default_redirect="x") is None
