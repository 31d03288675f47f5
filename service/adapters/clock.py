"""Where the service learns the date and time: the system clock, or a fixed one in tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Protocol

# China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact and
# spares slim images the tz database.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


class Clock(Protocol):
    def today(self) -> date:
        """The calendar date in Asia/Shanghai, against which effective dates are judged."""
        ...

    def now(self) -> datetime:
        """Naive UTC, as stored in the database."""
        ...


class SystemClock:
    def today(self) -> date:
        return datetime.now(SHANGHAI).date()

    def now(self) -> datetime:
        return datetime.now(UTC).replace(tzinfo=None)


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime) -> None:
        self._now = _naive_utc(now)

    @classmethod
    def on(cls, day: date) -> FixedClock:
        """Noon of `day` in Shanghai."""
        return cls(datetime.combine(day, time(12), tzinfo=SHANGHAI))

    def today(self) -> date:
        return self._now.replace(tzinfo=UTC).astimezone(SHANGHAI).date()

    def now(self) -> datetime:
        return self._now

    def set(self, now: datetime) -> None:
        self._now = _naive_utc(now)

    def set_date(self, day: date | str) -> None:
        """Noon of `day` in Shanghai (an ISO string or a date)."""
        day = date.fromisoformat(day) if isinstance(day, str) else day
        self._now = _naive_utc(datetime.combine(day, time(12), tzinfo=SHANGHAI))

    def advance(self, delta: timedelta) -> None:
        self._now += delta


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)
