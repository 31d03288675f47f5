from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import UTC, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import ECKey, OKPKey, RSAKey
from pydantic import SecretStr
from sqlalchemy.engine import Engine

from service.adapters.clock import FixedClock
from service.adapters.jwks import fetch_json
from service.api.auth import Authenticator
from service.app.oidc import OidcVerifier
from service.main import create_app
from service.settings import Settings
from tests.support.factories import ADMIN_TOKEN, auth

ISSUER = "https://sso.county.example"
AUDIENCE = "recruitflow"
ME = "/api/v1/principals/me"


class Provider:
    """A JWKS served on loopback by a thread of the test; counts the fetches."""

    def __init__(self) -> None:
        self.keys: list[dict[str, Any]] = []
        self.fetches = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                provider.fetches += 1
                body = json.dumps(provider.document(self.path)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def document(self, path: str) -> dict[str, Any]:
        if path == "/.well-known/openid-configuration":
            return {"issuer": self.url, "jwks_uri": f"{self.url}/jwks.json"}
        return {"keys": self.keys}


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    served = Provider()
    thread = threading.Thread(target=served.server.serve_forever, daemon=True)
    thread.start()
    yield served
    served.server.shutdown()
    served.server.server_close()


@pytest.fixture(scope="module")
def rsa_key() -> RSAKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return RSAKey.import_key(private, parameters={"kid": "rsa-1"})


@pytest.fixture(scope="module")
def ec_key() -> ECKey:
    return ECKey.import_key(ec.generate_private_key(ec.SECP256R1()), parameters={"kid": "ec-1"})


@pytest.fixture(scope="module")
def ed_key() -> OKPKey:
    return OKPKey.import_key(ed25519.Ed25519PrivateKey.generate(), parameters={"kid": "ed-1"})


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticks() -> Ticks:
    return Ticks()


@pytest.fixture
def sso_client(
    database_url: str,
    engine: Engine,
    clock: FixedClock,
    provider: Provider,
    rsa_key: RSAKey,
    ec_key: ECKey,
    ed_key: OKPKey,
    ticks: Ticks,
) -> Iterator[TestClient]:
    provider.keys = [key.as_dict(private=False) for key in (rsa_key, ec_key, ed_key)]
    settings = Settings(
        database_url=database_url,
        admin_token=SecretStr(ADMIN_TOKEN),
        oidc_issuer=ISSUER,
        oidc_audience=AUDIENCE,
        oidc_jwks_url=f"{provider.url}/jwks.json",
    )
    app = create_app(settings, clock=clock, engine=engine)
    _verifier_with(app, clock, ticks, f"{provider.url}/jwks.json")
    with TestClient(app) as client:
        created = client.post(
            "/api/v1/principals",
            json={"name": "张审计", "role": "admin", "subject": "zhang.san"},
            headers=auth(ADMIN_TOKEN),
        )
        assert created.status_code == 201, created.text
        yield client


def _verifier_with(app: FastAPI, clock: FixedClock, ticks: Ticks, jwks_url: str) -> None:
    """The app's verifier, on a monotonic clock the test moves."""
    verifier = OidcVerifier(
        issuer=ISSUER,
        audience=AUDIENCE,
        jwks_url=jwks_url,
        fetch_json=fetch_json,
        clock=clock,
        monotonic=ticks,
    )
    authenticator: Authenticator = app.state.authenticator
    app.state.authenticator = dataclasses.replace(authenticator, oidc=verifier)


def _claims(clock: FixedClock, **changes: Any) -> dict[str, Any]:
    now = int(clock.now().replace(tzinfo=UTC).timestamp())
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "zhang.san", "exp": now + 300, "nbf": now}
    claims.update(changes)
    return claims


def _signed(
    key: RSAKey | ECKey | OKPKey, alg: str, claims: dict[str, Any], kid: str | None = None
) -> str:
    header = {"alg": alg, "kid": kid or key.kid}
    if alg != "EdDSA":
        return jwt.encode(header, claims, key, algorithms=[alg])
    # joserfc warns on signing with EdDSA (RFC 9864's deprecated name): sign it by hand.
    signing_input = ".".join(_b64(json.dumps(part).encode()) for part in (header, claims))
    private = key.get_op_key("sign")
    assert isinstance(private, ed25519.Ed25519PrivateKey)
    return f"{signing_input}.{_b64(private.sign(signing_input.encode()))}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(claims: dict[str, Any]) -> str:
    header = _b64(json.dumps({"alg": "none", "kid": "rsa-1"}).encode())
    return f"{header}.{_b64(json.dumps(claims).encode())}."


def _hs256_with_public_key(key: RSAKey, claims: dict[str, Any]) -> str:
    secret = key.get_op_key("verify").public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = ".".join(
        _b64(json.dumps(part).encode()) for part in ({"alg": "HS256", "kid": "rsa-1"}, claims)
    )
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


def test_rs256_es256_and_eddsa_tokens_act_as_their_principal(
    sso_client: TestClient, clock: FixedClock, rsa_key: RSAKey, ec_key: ECKey, ed_key: OKPKey
) -> None:
    for token in (
        _signed(rsa_key, "RS256", _claims(clock)),
        _signed(ec_key, "ES256", _claims(clock)),
        _signed(ed_key, "EdDSA", _claims(clock)),
    ):
        response = sso_client.get(ME, headers=auth(token))
        assert response.status_code == 200, response.text
        assert (response.json()["name"], response.json()["role"]) == ("张审计", "admin")


def test_every_bad_token_is_401(
    sso_client: TestClient, clock: FixedClock, rsa_key: RSAKey, ed_key: OKPKey
) -> None:
    now = int(clock.now().replace(tzinfo=UTC).timestamp())
    bad = {
        "wrong aud": _signed(rsa_key, "RS256", _claims(clock, aud="another-system")),
        "wrong iss": _signed(rsa_key, "RS256", _claims(clock, iss="https://evil.example")),
        "expired": _signed(rsa_key, "RS256", _claims(clock, exp=now - 1)),
        "not yet valid": _signed(ed_key, "EdDSA", _claims(clock, nbf=now + 60)),
        "alg none": _unsigned(_claims(clock)),
        "HS256 with the public key": _hs256_with_public_key(rsa_key, _claims(clock)),
        "unknown kid": _signed(rsa_key, "RS256", _claims(clock), kid="rsa-unknown"),
        "unknown sub": _signed(rsa_key, "RS256", _claims(clock, sub="li.si")),
        "no exp": _signed(
            rsa_key, "RS256", {k: v for k, v in _claims(clock).items() if k != "exp"}
        ),
    }
    answers = {name: sso_client.get(ME, headers=auth(token)) for name, token in bad.items()}

    assert {name: answer.status_code for name, answer in answers.items()} == dict.fromkeys(bad, 401)
    types = {name: answer.json()["type"] for name, answer in answers.items()}
    assert types.pop("expired") == "/problems/token-expired"
    assert set(types.values()) == {"/problems/unauthenticated"}


def test_a_token_past_its_exp_is_refused_once_the_clock_moves(
    sso_client: TestClient, clock: FixedClock, rsa_key: RSAKey
) -> None:
    token = auth(_signed(rsa_key, "RS256", _claims(clock)))
    assert sso_client.get(ME, headers=token).status_code == 200

    clock.advance(timedelta(minutes=5))

    assert sso_client.get(ME, headers=token).json()["type"] == "/problems/token-expired"


def test_a_rotated_jwks_key_is_picked_up_and_unknown_kids_refetch_once_a_minute(
    sso_client: TestClient, clock: FixedClock, provider: Provider, ticks: Ticks
) -> None:
    assert sso_client.get(ME, headers=auth(_signed_new(clock, "rsa-0"))).status_code == 401
    fetched = provider.fetches
    new_key = RSAKey.import_key(
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        parameters={"kid": "rsa-2"},
    )
    provider.keys = [new_key.as_dict(private=False)]
    token = auth(_signed(new_key, "RS256", _claims(clock)))

    assert sso_client.get(ME, headers=token).status_code == 401
    assert provider.fetches == fetched
    ticks.now += 60
    assert sso_client.get(ME, headers=token).status_code == 200
    assert provider.fetches == fetched + 1


def _signed_new(clock: FixedClock, kid: str) -> str:
    key = OKPKey.import_key(ed25519.Ed25519PrivateKey.generate(), parameters={"kid": kid})
    return _signed(key, "EdDSA", _claims(clock))


def test_the_keys_are_found_through_the_issuers_configuration(
    provider: Provider, clock: FixedClock, ed_key: OKPKey, ticks: Ticks
) -> None:
    provider.keys = [ed_key.as_dict(private=False)]
    verifier = OidcVerifier(
        issuer=provider.url,
        audience=AUDIENCE,
        jwks_url=None,
        fetch_json=fetch_json,
        clock=clock,
        monotonic=ticks,
    )

    subject, _ = verifier.verify(_signed(ed_key, "EdDSA", _claims(clock, iss=provider.url)))

    assert subject == "zhang.san"
