"""The working-day calendar and calendar-month arithmetic."""

from __future__ import annotations

import calendar
import json
from datetime import date
from pathlib import Path

import pytest

from service.workflow import (
    CalendarDate,
    WorkingCalendar,
    YearArrangement,
    add_months,
    add_years,
    load_arrangements,
)
from service.workflow.calendar import whole_months_between

UNPUBLISHED_YEAR = 2027
NATIONAL_DAY_2027 = {
    "year": UNPUBLISHED_YEAR,
    "holidays": [f"2027-10-0{day}" for day in range(1, 8)],
    "workdays": ["2027-09-26", "2027-10-09"],
}


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 8, 31), 3, date(2024, 11, 30)),
        (date(2024, 11, 15), 3, date(2025, 2, 15)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
    ],
)
def test_adding_months_clamps_to_the_end_of_a_shorter_month(
    day: date, months: int, expected: date
) -> None:
    assert add_months(day, months) == expected


def test_adding_a_year_to_a_leap_day_gives_february_28() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


def test_adding_months_agrees_with_the_standard_calendar_across_leap_years() -> None:
    starts = [
        date(year, month, day)
        for year in range(2023, 2026)
        for month in range(1, 13)
        for day in (1, 28, 29, 30, 31)
        if day <= calendar.monthrange(year, month)[1]
    ]
    for start in starts:
        for months in range(-25, 26):
            year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
            last = calendar.monthrange(year, month + 1)[1]
            assert add_months(start, months) == date(year, month + 1, min(start.day, last))


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2023, 4, 18), date(2024, 4, 17), 11),
        (date(2023, 4, 18), date(2024, 4, 18), 12),
        (date(2024, 1, 31), date(2024, 2, 29), 1),
        (date(2024, 5, 1), date(2024, 4, 1), 0),
    ],
)
def test_whole_months_between_counts_only_completed_months(
    start: date, end: date, months: int
) -> None:
    assert whole_months_between(start, end) == months


def test_five_working_days_from_2025_09_29_end_on_the_make_up_saturday_2025_10_11() -> None:
    assert WorkingCalendar().nth_working_day(date(2025, 9, 29), 5) == CalendarDate(
        date(2025, 10, 11), False
    )


def test_a_notice_starting_on_a_holiday_counts_from_the_next_working_day() -> None:
    assert WorkingCalendar().nth_working_day(date(2025, 10, 1), 5).day == date(2025, 10, 14)


def test_a_one_working_day_notice_starting_on_a_working_day_ends_that_day() -> None:
    assert WorkingCalendar().nth_working_day(date(2025, 9, 29), 1).day == date(2025, 9, 29)


def test_a_notice_of_no_working_days_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        WorkingCalendar().nth_working_day(date(2025, 9, 29), 0)


def test_a_year_the_package_does_not_know_falls_back_to_monday_to_friday_provisionally() -> None:
    calendar = WorkingCalendar()

    assert not calendar.is_official(UNPUBLISHED_YEAR)
    assert calendar.is_working_day(date(2027, 10, 1))
    assert calendar.nth_working_day(date(2027, 9, 29), 5) == CalendarDate(date(2027, 10, 5), True)


def test_a_notice_running_into_an_unknown_year_is_provisional() -> None:
    assert WorkingCalendar().nth_working_day(date(2026, 12, 28), 5).provisional is True


def test_a_provisional_year_becomes_official_once_its_arrangement_is_loaded(tmp_path: Path) -> None:
    path = tmp_path / "arrangements.json"
    path.write_text(json.dumps({"years": [NATIONAL_DAY_2027]}), encoding="utf-8")

    calendar = WorkingCalendar.with_arrangements(load_arrangements(path))

    assert calendar.is_official(UNPUBLISHED_YEAR)
    assert not calendar.is_working_day(date(2027, 10, 1))
    assert calendar.is_working_day(date(2027, 10, 9))
    assert calendar.nth_working_day(date(2027, 9, 29), 5) == CalendarDate(date(2027, 10, 11), False)


def test_a_loaded_arrangement_overrides_the_package_for_its_year(tmp_path: Path) -> None:
    path = tmp_path / "2025.json"
    path.write_text(
        json.dumps({"year": 2025, "holidays": ["2025-09-29"], "workdays": []}), encoding="utf-8"
    )

    calendar = WorkingCalendar.with_arrangements(load_arrangements(path))

    assert not calendar.is_working_day(date(2025, 9, 29))
    assert not calendar.is_working_day(date(2025, 10, 11))
    assert calendar.nth_working_day(date(2025, 9, 29), 5).day == date(2025, 10, 6)
    assert WorkingCalendar().is_working_day(date(2025, 9, 29))


def test_an_arrangement_with_a_date_of_another_year_is_refused() -> None:
    with pytest.raises(ValueError, match="outside 2027"):
        YearArrangement.from_mapping({"year": 2027, "holidays": ["2028-01-01"]})


def test_an_arrangement_naming_a_day_both_holiday_and_working_day_is_refused() -> None:
    with pytest.raises(ValueError, match="both"):
        YearArrangement.from_mapping(
            {"year": 2027, "holidays": ["2027-10-09"], "workdays": ["2027-10-09"]}
        )


def test_an_arrangement_round_trips_through_its_dict() -> None:
    arrangement = YearArrangement.from_mapping(NATIONAL_DAY_2027)

    assert YearArrangement.from_mapping(arrangement.as_dict()) == arrangement
