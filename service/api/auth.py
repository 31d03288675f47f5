"""Bearer-token authentication (our own tokens, or an identity provider's JWT), with failed
attempts limited per client address and written to the security log.

`Authenticator.authenticate` is the one way from a token to an Actor or a typed refusal; the
API's dependency and the console's sign-in both use it.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

import structlog
from sqlalchemy.engine import Engine

from service.adapters.clock import Clock
from service.adapters.database import DatabaseUnavailable, InlineReader
from service.app import principals
from service.app.actors import Actor
from service.app.errors import (
    NotAuthenticated,
    TokenExpired,
    TokenRefused,
    TokenRevoked,
    TooManyRequests,
)
from service.app.oidc import OidcVerifier
from service.app.principals import Authenticated
from service.app.security import AUTH_FAILED, log_security_event

WINDOW_SECONDS = 60.0
logger = structlog.get_logger("recruitflow.auth")


class AuthFailureLimiter:
    """A sliding one-minute window of failed authentications per client, kept in memory.

    Per process: with several workers or instances the effective limit multiplies, which
    still turns guessing a 256-bit token from hopeless into more hopeless. Attempts refused
    while over the limit are only counted (`record_failure` hands the count over), so a flood
    of bad tokens writes at most `limit` security events per client and minute.
    """

    def __init__(
        self,
        limit: int,
        *,
        max_clients: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit = limit
        self.max_clients = max_clients
        self._monotonic = monotonic
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._refused: OrderedDict[str, int] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        with self._lock:
            failures = self._recent(client)
            if failures is not None and len(failures) >= self.limit:
                self._refused[client] = self._refused.get(client, 0) + 1
                self._refused.move_to_end(client)
                while len(self._refused) > self.max_clients:
                    self._refused.popitem(last=False)
                retry_after = max(1, round(failures[0] + WINDOW_SECONDS - self._monotonic()))
                raise TooManyRequests(
                    "too many failed authentications; try again later",
                    retry_after_seconds=retry_after,
                )

    def record_failure(self, client: str) -> int:
        """Counts a failure; how many attempts were refused unread since the last one."""
        with self._lock:
            failures = self._recent(client)
            if failures is None:
                failures = self._failures[client] = deque()
            failures.append(self._monotonic())
            self._failures.move_to_end(client)
            while len(self._failures) > self.max_clients:
                self._failures.popitem(last=False)
            return self._refused.pop(client, 0)

    def _recent(self, client: str) -> deque[float] | None:
        failures = self._failures.get(client)
        if failures is None:
            return None
        horizon = self._monotonic() - WINDOW_SECONDS
        while failures and failures[0] <= horizon:
            failures.popleft()
        if not failures:
            del self._failures[client]
            return None
        return failures


class ActorCache:
    """Recently authenticated tokens (by their hash), each with the auth epoch it was checked
    under: an entry serves a request only while that epoch is still current, so a revocation
    or rotation anywhere is seen by the next request everywhere."""

    def __init__(
        self,
        ttl_seconds: float = 300.0,
        *,
        max_entries: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self._monotonic = monotonic
        self._entries: OrderedDict[str, tuple[float, Authenticated]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, digest: str) -> Authenticated | None:
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None or entry[0] <= self._monotonic():
                return None
            return entry[1]

    def put(self, digest: str, authenticated: Authenticated) -> None:
        with self._lock:
            self._entries[digest] = (self._monotonic() + self.ttl_seconds, authenticated)
            self._entries.move_to_end(digest)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


@dataclass(frozen=True, slots=True)
class Attempt:
    """Where a token was presented: the client's address, and the request."""

    client: str
    method: str | None = None
    path: str | None = None


def refusal_kind(refusal: NotAuthenticated) -> str:
    if isinstance(refusal, TokenRevoked):
        return "token-revoked"
    if isinstance(refusal, TokenExpired):
        return "token-expired"
    return "unauthenticated"


@dataclass(frozen=True, slots=True)
class Authenticator:
    """Everything a token is checked with, built once by create_app. With `inline` (SQLite on
    a file) a cached token's epoch is read on the event loop: `authenticate_cached` first."""

    engine: Engine
    clock: Clock
    limiter: AuthFailureLimiter
    cache: ActorCache
    oidc: OidcVerifier | None = None
    inline: InlineReader | None = None

    def authenticate_cached(self, client: str, token: str | None) -> Actor | None:
        """The actor for a cached `token` still good under the current auth epoch, read without
        a thread; None when `authenticate` must decide (no inline reader, a miss, a stale or
        expired entry, a busy database, no token: a refusal is written, on a thread)."""
        if self.inline is None or not token:
            return None
        self.limiter.check(client)
        cached = self.cache.get(principals.hash_token(token))
        if cached is None or self._expired(cached):
            return None
        epoch = principals.current_epoch_inline(self.inline)
        return cached.actor if epoch == cached.epoch else None

    def authenticate(self, attempt: Attempt, token: str | None) -> Actor:
        """The actor for `token` (blocking: one row read when cached, the lookup otherwise)."""
        self.limiter.check(attempt.client)
        if not token:
            raise NotAuthenticated("send Authorization: Bearer <token>")
        digest = principals.hash_token(token)
        cached = self.cache.get(digest)
        try:
            if cached is not None and self._still_good(cached):
                return cached.actor
            authenticated = self._look_up(token)
        except NotAuthenticated as refusal:
            self._refused(attempt, refusal)
            raise
        self.cache.put(digest, authenticated)
        return authenticated.actor

    def close(self) -> None:
        if self.inline is not None:
            self.inline.close()

    def _expired(self, cached: Authenticated) -> bool:
        return cached.expires_at is not None and cached.expires_at <= self.clock.now()

    def _still_good(self, cached: Authenticated) -> bool:
        if self._expired(cached):
            return False
        return cached.epoch == principals.current_epoch(self.engine)

    def _look_up(self, token: str) -> Authenticated:
        if self.oidc is not None and self.oidc.claims_to_be_jwt(token):
            subject, expires_at = self.oidc.verify(token)
            found = principals.identify_subject(self.engine, self.clock, subject)
            if found.expires_at is not None and found.expires_at < expires_at:
                return found
            return Authenticated(found.actor, expires_at, found.epoch)
        return principals.identify(self.engine, self.clock, token)

    def _refused(self, attempt: Attempt, refusal: NotAuthenticated) -> None:
        """Counted by the limiter and written to the security log (never the token)."""
        refused_unread = self.limiter.record_failure(attempt.client)
        detail: dict[str, object] = {"reason": refusal_kind(refusal), "client": attempt.client}
        if refused_unread:
            detail["refused_while_limited"] = refused_unread
        known = refusal if isinstance(refusal, TokenRefused) else None
        try:
            log_security_event(
                self.engine,
                self.clock,
                AUTH_FAILED,
                principal_id=known.principal_id if known is not None else None,
                organization_id=known.organization_id if known is not None else None,
                method=attempt.method,
                path=attempt.path,
                detail=detail,
            )
        except DatabaseUnavailable:
            logger.warning("security_event_not_written", kind=AUTH_FAILED, **detail)
