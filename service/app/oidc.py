"""Single sign-on: checking an identity provider's JWT (signature by a key of its JWKS, iss,
aud, exp, nbf) with joserfc, and keeping its keys, fetched through an injected function.

Only the subject is taken from the token: role and organisation are the principal's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError, UnsupportedAlgorithmError
from joserfc.jwk import GuestProtocol, Key, KeySet
from joserfc.jws import JWSRegistry

from service.adapters.clock import Clock
from service.app.errors import NotAuthenticated, TokenExpired

ALGORITHMS = ("RS256", "ES256", "EdDSA")
REFETCH_SECONDS = 60.0
# Fetches a JSON object by URL; raises OSError (ConnectionError) when it cannot.
FetchJson = Callable[[str], Mapping[str, Any]]


class _Registry(JWSRegistry):
    """The three algorithms and no other (never `none`, never HS*). EdDSA, the name RFC 9864
    deprecates, is accepted on purpose: providers still sign with it, and the warning joserfc
    raises for it on every token would say nothing new."""

    def get_alg(self, name: str) -> Any:
        if name not in ALGORITHMS or name not in self.algorithms:
            raise UnsupportedAlgorithmError(f"Algorithm of '{name}' is not allowed")
        return self.algorithms[name]


class KeysUnavailable(Exception):
    """The provider's keys could not be fetched (raised by the injected fetch function)."""


class OidcVerifier:
    """Verifies tokens of one issuer for one audience; thread-safe.

    Keys are fetched on first use and again when a token names an unknown `kid`, at most once
    every REFETCH_SECONDS (a flood of made-up kids must not become a flood of fetches).
    """

    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_url: str | None,
        fetch_json: FetchJson,
        clock: Clock,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self._jwks_url = jwks_url
        self._fetch_json = fetch_json
        self._clock = clock
        self._monotonic = monotonic
        self._keys: KeySet | None = None
        self._fetched_at: float | None = None
        self._lock = threading.Lock()
        self._registry = _Registry(algorithms=ALGORITHMS)

    @staticmethod
    def claims_to_be_jwt(token: str) -> bool:
        """Our own tokens are URL-safe base64 without dots; a JWT has two."""
        return token.count(".") == 2

    def verify(self, token: str) -> tuple[str, datetime]:
        """The token's subject and expiry (naive UTC), or NotAuthenticated saying why."""
        try:
            decoded = jwt.decode(token, self._key_for, registry=self._registry)
            now = int(self._clock.now().replace(tzinfo=UTC).timestamp())
            jwt.JWTClaimsRegistry(
                now=now,
                iss={"essential": True, "value": self.issuer},
                aud={"essential": True, "value": self.audience},
                exp={"essential": True},
                sub={"essential": True},
            ).validate(decoded.claims)
        except ExpiredTokenError as exc:
            raise TokenExpired("the identity token expired", principal_id=None) from exc
        except KeysUnavailable as exc:
            raise NotAuthenticated("the identity provider's keys cannot be fetched now") from exc
        except (JoseError, ValueError, TypeError) as exc:
            raise NotAuthenticated(f"the identity token is not valid ({_reason(exc)})") from exc
        subject = decoded.claims["sub"]
        if not isinstance(subject, str) or not subject:
            raise NotAuthenticated("the identity token names no subject")
        expires_at = datetime.fromtimestamp(int(decoded.claims["exp"]), UTC)
        return subject, expires_at.replace(tzinfo=None)

    def _key_for(self, token: GuestProtocol) -> Key:
        kid = token.headers().get("kid")
        with self._lock:
            if self._keys is None or (kid is not None and not _has(self._keys, kid)):
                self._refetch()
            keys = self._keys
        if keys is None:
            raise KeysUnavailable("the provider's keys were not fetched; trying again shortly")
        if kid is None:
            if len(keys.keys) != 1:
                raise UnsupportedAlgorithmError("the token names no key (kid)")
            return keys.keys[0]
        if not _has(keys, kid):
            raise UnsupportedAlgorithmError(f"the key {kid!r} is not in the provider's JWKS")
        return keys.get_by_kid(kid)

    def _refetch(self) -> None:
        now = self._monotonic()
        if self._fetched_at is not None and now - self._fetched_at < REFETCH_SECONDS:
            return
        self._fetched_at = now
        url = self._jwks_url or self._discover()
        document = self._fetch(url)
        try:
            self._keys = KeySet.import_key_set(document)  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError, KeyError) as exc:
            raise KeysUnavailable(f"the JWKS at {url} cannot be read") from exc

    def _fetch(self, url: str) -> Mapping[str, Any]:
        try:
            return self._fetch_json(url)
        except OSError as exc:
            raise KeysUnavailable(str(exc)) from exc

    def _discover(self) -> str:
        configuration = self._fetch(self.issuer.rstrip("/") + "/.well-known/openid-configuration")
        url = configuration.get("jwks_uri")
        if not isinstance(url, str):
            raise KeysUnavailable("the issuer's configuration names no jwks_uri")
        self._jwks_url = url
        return url


def _has(keys: KeySet, kid: str) -> bool:
    return any(key.kid == kid for key in keys.keys)


def _reason(exc: Exception) -> str:
    return getattr(exc, "error", None) or type(exc).__name__
