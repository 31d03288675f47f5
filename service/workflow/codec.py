"""Converts the workflow's frozen dataclasses to JSON-ready dicts and back (dates as ISO text)."""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def to_data(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset):
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        return {key: to_data(item) for key, item in value.items()}
    return value


def _from(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _from(options[0], value)
    if origin is tuple:
        item_hint = typing.get_args(hint)[0]
        return tuple(_from(item_hint, item) for item in value)
    if hint is date:
        return value if isinstance(value, date) else date.fromisoformat(value)
    if dataclasses.is_dataclass(hint):
        return from_data(typing.cast(type[Any], hint), value)
    return value


def from_data(cls: type[T], data: dict[str, Any]) -> T:
    hints = _hints(typing.cast(type, cls))
    known = {f.name for f in dataclasses.fields(typing.cast(Any, cls))}
    return cls(**{name: _from(hints[name], value) for name, value in data.items() if name in known})
