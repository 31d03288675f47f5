"""Dates, half-years and moments as a Chinese document writes them, in Beijing time."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from service.adapters.clock import SHANGHAI
from service.workflow import words

NOT_RECORDED = words.NOT_RECORDED.zh
_PERIOD = re.compile(r"^(\d{4})H([12])$")
_HALVES = {"1": "上半年", "2": "下半年"}


def chinese_date(day: date | None) -> str:
    """2024年10月8日 (no leading zeros, as a seal's date line is written)."""
    if day is None:
        return NOT_RECORDED
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_month(day: date) -> str:
    """1996年3月, for 出生年月."""
    return f"{day.year}年{day.month}月"


def chinese_period(period: str) -> str:
    """A half-year like 2024H1 as 2024年上半年; anything else unchanged."""
    match = _PERIOD.match(period)
    if match is None:
        return period
    return f"{match[1]}年{_HALVES[match[2]]}"


def beijing_time(moment: datetime) -> str:
    """A stored moment (naive UTC, or aware) as 2026年12月5日 00:56 in Beijing time."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    local = aware.astimezone(SHANGHAI)
    return f"{chinese_date(local.date())} {local:%H:%M}"
