from __future__ import annotations

import pytest

from service.api.auth import AuthFailureLimiter
from service.app.errors import TooManyRequests


class Ticks:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_is_refused_once_it_reaches_the_limit_within_a_minute() -> None:
    ticks = Ticks()
    limiter = AuthFailureLimiter(3, monotonic=ticks)
    for _ in range(3):
        limiter.check("10.0.0.1")
        limiter.record_failure("10.0.0.1")
        ticks.now += 10
    with pytest.raises(TooManyRequests) as refused:
        limiter.check("10.0.0.1")
    assert refused.value.extra["retry_after_seconds"] == 30
    limiter.check("10.0.0.2")


def test_failures_older_than_a_minute_no_longer_count() -> None:
    ticks = Ticks()
    limiter = AuthFailureLimiter(2, monotonic=ticks)
    limiter.record_failure("client")
    limiter.record_failure("client")
    with pytest.raises(TooManyRequests):
        limiter.check("client")

    ticks.now += 60.5

    limiter.check("client")


def test_the_limiter_forgets_the_oldest_clients_beyond_its_capacity() -> None:
    limiter = AuthFailureLimiter(1, max_clients=2, monotonic=Ticks())
    for client in ("a", "b", "c"):
        limiter.record_failure(client)
    limiter.check("a")
    with pytest.raises(TooManyRequests):
        limiter.check("c")


def test_attempts_refused_over_the_limit_are_counted_for_the_next_logged_failure() -> None:
    ticks = Ticks()
    limiter = AuthFailureLimiter(1, monotonic=ticks)
    assert limiter.record_failure("client") == 0
    for _ in range(4):
        with pytest.raises(TooManyRequests):
            limiter.check("client")

    ticks.now += 61

    limiter.check("client")
    assert limiter.record_failure("client") == 4
    assert limiter.record_failure("client") == 0
