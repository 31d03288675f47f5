"""Working days on the official Chinese calendar, and calendar-month arithmetic.

Official holidays and make-up working days (调休) come from `chinesecalendar`; an
administrator can load a year the package does not know yet (the State Council publishes
next year's arrangement each November). A year known to neither falls back to
Monday–Friday, and every date computed from it is marked provisional.
"""

from __future__ import annotations

import calendar as gregorian
import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import chinese_calendar

_PACKAGE_YEARS = frozenset(day.year for day in chinese_calendar.constants.holidays)


@functools.lru_cache(maxsize=8192)  # the package's years are a few thousand days
def _package_workday(day: date) -> bool:
    return bool(chinese_calendar.is_workday(day))


class InvalidArrangement(ValueError):
    """A year's arrangement that cannot be: `zh` says why in Chinese."""

    def __init__(self, message: str, *, zh: str) -> None:
        super().__init__(message)
        self.zh = zh


@dataclass(frozen=True, slots=True)
class YearArrangement:
    """One year's official arrangement: days off that would be working days, and the reverse."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> YearArrangement:
        year = int(data["year"])
        holidays = frozenset(date.fromisoformat(str(day)) for day in data.get("holidays", ()))
        workdays = frozenset(date.fromisoformat(str(day)) for day in data.get("workdays", ()))
        strays = sorted(day for day in holidays | workdays if day.year != year)
        if strays:
            raise InvalidArrangement(
                f"dates outside {year}: {', '.join(map(str, strays))}",
                zh=f"以下日期不在 {year} 年内：{'、'.join(map(str, strays))}",
            )
        if holidays & workdays:
            raise InvalidArrangement(
                "a date cannot be both a holiday and a working day",
                zh="同一天不能既是放假日又是调休上班日",
            )
        return cls(year=year, holidays=holidays, workdays=workdays)

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "holidays": sorted(day.isoformat() for day in self.holidays),
            "workdays": sorted(day.isoformat() for day in self.workdays),
        }


def load_arrangements(path: Path) -> tuple[YearArrangement, ...]:
    """Read `{"years": [{"year", "holidays", "workdays"}, ...]}` (or one such year) from JSON."""
    data = json.loads(path.read_text(encoding="utf-8"))
    years: Iterable[Mapping[str, Any]] = data.get("years", [data])
    return tuple(YearArrangement.from_mapping(year) for year in years)


@dataclass(frozen=True, slots=True)
class CalendarDate:
    """A computed date; `provisional` when some year it spans had no official arrangement."""

    day: date
    provisional: bool


@dataclass(frozen=True)
class WorkingCalendar:
    """Which days are working days. Loaded arrangements take precedence over the package."""

    arrangements: Mapping[int, YearArrangement] = field(default_factory=dict)

    @classmethod
    def with_arrangements(cls, arrangements: Iterable[YearArrangement]) -> WorkingCalendar:
        return cls({arrangement.year: arrangement for arrangement in arrangements})

    def is_official(self, year: int) -> bool:
        return year in self.arrangements or year in _PACKAGE_YEARS

    def is_working_day(self, day: date) -> bool:
        arrangement = self.arrangements.get(day.year)
        if arrangement is not None:
            if day in arrangement.holidays:
                return False
            if day in arrangement.workdays:
                return True
            return day.weekday() < 5
        if day.year in _PACKAGE_YEARS:
            return _package_workday(day)
        return day.weekday() < 5

    def nth_working_day(self, start: date, count: int) -> CalendarDate:
        """The last of the first `count` working days from `start` (counted when it works)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        day = start
        provisional = not self.is_official(day.year)
        seen = 1 if self.is_working_day(day) else 0
        while seen < count:
            day += timedelta(days=1)
            provisional = provisional or not self.is_official(day.year)
            if self.is_working_day(day):
                seen += 1
        return CalendarDate(day=day, provisional=provisional)


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(day: date, months: int) -> date:
    """`day` moved by calendar months, clamped to the end of a shorter month (1-31 + 1 → 2-28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)  # month from 0
    # Not calendar.monthrange, which works out a weekday too: the guards add months on every act.
    last = 29 if month == 1 and gregorian.isleap(year) else _DAYS_IN_MONTH[month]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def whole_months_between(start: date, end: date) -> int:
    """How many whole calendar months lie from `start` to `end` (0 when end is before)."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return months
