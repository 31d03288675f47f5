"""Bearer-token authentication, with failed attempts limited per client address."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from sqlalchemy.engine import Engine

from service.app import principals
from service.app.actors import Actor
from service.app.errors import NotAuthenticated, TooManyRequests

WINDOW_SECONDS = 60.0


class AuthFailureLimiter:
    """A sliding one-minute window of failed authentications per client, kept in memory.

    Per process: with several workers or instances the effective limit multiplies, which
    still turns guessing a 256-bit token from hopeless into more hopeless.
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
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        with self._lock:
            failures = self._recent(client)
            if failures is not None and len(failures) >= self.limit:
                retry_after = max(1, round(failures[0] + WINDOW_SECONDS - self._monotonic()))
                raise TooManyRequests(
                    "too many failed authentications; try again later",
                    retry_after_seconds=retry_after,
                )

    def record_failure(self, client: str) -> None:
        with self._lock:
            failures = self._recent(client)
            if failures is None:
                failures = self._failures[client] = deque()
            failures.append(self._monotonic())
            self._failures.move_to_end(client)
            while len(self._failures) > self.max_clients:
                self._failures.popitem(last=False)

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
    """Recently authenticated tokens (by their hash), so most requests skip the lookup.

    A principal deactivated in the database keeps working on a process for at most
    `ttl_seconds`; principals are never edited otherwise, so nothing else can go stale.
    """

    def __init__(
        self,
        ttl_seconds: float = 10.0,
        *,
        max_entries: int = 10_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_entries = max_entries
        self._monotonic = monotonic
        self._entries: OrderedDict[str, tuple[float, Actor]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, digest: str) -> Actor | None:
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None or entry[0] <= self._monotonic():
                return None
            return entry[1]

    def put(self, digest: str, actor: Actor) -> None:
        with self._lock:
            self._entries[digest] = (self._monotonic() + self.ttl_seconds, actor)
            self._entries.move_to_end(digest)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


def authenticate_cached(
    limiter: AuthFailureLimiter, cache: ActorCache, *, client: str, token: str | None
) -> Actor | None:
    """The actor for `token` if it was authenticated lately; cheap enough for the event loop."""
    limiter.check(client)
    if not token:
        raise NotAuthenticated("send Authorization: Bearer <token>")
    return cache.get(principals.hash_token(token))


def authenticate_request(
    engine: Engine,
    limiter: AuthFailureLimiter,
    cache: ActorCache,
    *,
    client: str,
    token: str | None,
) -> Actor:
    """The actor for `token`, from the cache or the database (blocking)."""
    actor = authenticate_cached(limiter, cache, client=client, token=token)
    if actor is not None:
        return actor
    assert token is not None
    actor = principals.authenticate(engine, token)
    if actor is None:
        limiter.record_failure(client)
        raise NotAuthenticated("the token is unknown or revoked")
    cache.put(principals.hash_token(token), actor)
    return actor
