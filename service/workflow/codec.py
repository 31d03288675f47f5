"""Converts the workflow's frozen dataclasses to JSON-ready dicts and back (dates as ISO text).

Each class is looked at once (its fields and their types) and gets a list of converters, so a
record decodes with direct calls: it is read and written on every act.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
Convert = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _decoder(hint: Any) -> Convert:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        inner = _decoder(options[0])
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        item = _decoder(typing.get_args(hint)[0])
        if item is _identity:
            return tuple
        return lambda value: tuple(item(v) for v in value)
    if hint is date:
        return lambda value: value if isinstance(value, date) else date.fromisoformat(value)
    if dataclasses.is_dataclass(hint):
        return lambda value: from_data(typing.cast(type[Any], hint), value)
    return _identity


@cache
def _decoders(cls: type) -> dict[str, Convert]:
    hints = typing.get_type_hints(cls)
    return {f.name: _decoder(hints[f.name]) for f in dataclasses.fields(cls)}


def from_data(cls: type[T], data: dict[str, Any]) -> T:
    decoders = _decoders(typing.cast(type, cls))
    return cls(
        **{
            name: None if value is None else decoders[name](value)
            for name, value in data.items()
            if name in decoders
        }
    )


@cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def to_data(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None or kind is float:
        return value
    if kind is date:
        return value.isoformat()
    if kind is tuple or kind is list or kind is frozenset:
        return [to_data(item) for item in value]
    if kind is dict:
        return {key: to_data(item) for key, item in value.items()}
    if dataclasses.is_dataclass(kind):
        return {name: to_data(getattr(value, name)) for name in _names(kind)}
    if isinstance(value, date):
        return value.isoformat()
    return value
