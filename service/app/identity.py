"""Citizen ID numbers (公民身份号码, GB 11643-1999): check digit, and masking for display."""

from __future__ import annotations

import re
from datetime import date

_FORMAT = re.compile(r"^\d{17}[\dX]$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_digit(first_seventeen: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first_seventeen, _WEIGHTS, strict=True)) % 11]


def valid_id_number(value: str) -> bool:
    if not _FORMAT.match(value):
        return False
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return False
    return check_digit(value[:17]) == value[17]


def mask_id_number(value: str | None) -> str | None:
    return None if value is None else f"{value[:6]}{'*' * 8}{value[-4:]}"


def mask_phone(value: str | None) -> str | None:
    if value is None:
        return None
    return (
        value[:3] + "*" * max(len(value) - 7, 0) + value[-4:]
        if len(value) > 7
        else "*" * len(value)
    )
