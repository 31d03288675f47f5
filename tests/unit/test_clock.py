from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from service.adapters.clock import SHANGHAI, FixedClock, SystemClock


def test_today_is_the_date_in_shanghai_not_in_utc() -> None:
    clock = FixedClock(datetime(2025, 6, 1, 16, 30))
    assert clock.today() == date(2025, 6, 2)
    clock.set(datetime(2025, 6, 1, 15, 59))
    assert clock.today() == date(2025, 6, 1)


def test_a_fixed_clock_keeps_naive_utc_and_moves_only_when_told() -> None:
    clock = FixedClock(datetime(2025, 6, 2, 8, 0, tzinfo=SHANGHAI))
    assert clock.now() == datetime(2025, 6, 2, 0, 0)
    clock.advance(timedelta(days=1))
    assert clock.now() == datetime(2025, 6, 3, 0, 0)
    assert FixedClock.on(date(2025, 1, 1)).now() == datetime(2025, 1, 1, 4, 0)


def test_the_system_clock_gives_naive_utc() -> None:
    now = SystemClock().now()
    assert now.tzinfo is None
    assert abs(datetime.now(UTC).replace(tzinfo=None) - now) < timedelta(seconds=5)
    assert SystemClock().today() in {
        (datetime.now(UTC) + timedelta(hours=8)).date(),
        (datetime.now(UTC) + timedelta(hours=8, seconds=-5)).date(),
    }
