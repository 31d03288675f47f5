"""Converts the workflow's frozen dataclasses to JSON-ready dicts and back (dates as ISO text).

Each class is looked at once (its fields and their types) and gets a reader and a writer that
convert only the fields that need it (dates, tuples, nested classes) and pass the others as
they are: a record is read and written on every act.
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
Leaf = Callable[[Any], "Convert | None"]
Converted = tuple[tuple[str, Convert], ...]


def _present(hint: Any) -> Any:
    """`X` for `X | None`, any other hint as it is."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return next(arg for arg in typing.get_args(hint) if arg is not type(None))
    return hint


def _converter(hint: Any, leaf: Leaf, sequence: type) -> Convert | None:
    """How to convert a value of type `hint`, None when it stays as it is: `X | None` and
    `tuple[X, ...]` are taken apart (tuples become `sequence`), other types are `leaf`'s call."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = _converter(_present(hint), leaf, sequence)
        if inner is None:
            return None
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        item = _converter(typing.get_args(hint)[0], leaf, sequence)
        if item is None:
            return sequence
        return lambda value: sequence([item(v) for v in value])
    return leaf(hint)


def _converted(cls: type, leaf: Leaf, sequence: type) -> Converted:
    """The fields of `cls` that need converting, each with its converter (None stays None)."""
    hints = typing.get_type_hints(cls)
    fields = (
        (f.name, _converter(_present(hints[f.name]), leaf, sequence))
        for f in dataclasses.fields(cls)
    )
    return tuple((name, convert) for name, convert in fields if convert is not None)


def _convert(values: dict[str, Any], converted: Converted) -> dict[str, Any]:
    for name, convert in converted:
        value = values.get(name)
        if value is not None:
            values[name] = convert(value)
    return values


def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _read_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _read_leaf(hint: Any) -> Convert | None:
    if hint is date:
        return _read_date
    if dataclasses.is_dataclass(hint):
        return _reader(typing.cast(type, hint))
    return None


@cache
def _reader(cls: type) -> Convert:
    names = frozenset(_names(cls))
    converted = _converted(cls, _read_leaf, tuple)

    def read(data: dict[str, Any]) -> Any:
        if data.keys() <= names:
            known = dict(data)
        else:  # fields a newer record added are left out
            known = {name: value for name, value in data.items() if name in names}
        return cls(**_convert(known, converted))

    return read


def from_data(cls: type[T], data: dict[str, Any]) -> T:
    value: T = _reader(typing.cast(type, cls))(data)
    return value


def _write_date(value: date) -> str:
    return value.isoformat()


def _write_leaf(hint: Any) -> Convert | None:
    if hint is date:
        return _write_date
    if dataclasses.is_dataclass(hint):
        return _writer(typing.cast(type, hint))
    if hint in (str, int, bool, float):
        return None
    return to_data


@cache
def _writer(cls: type) -> Convert:
    names = _names(cls)
    converted = _converted(cls, _write_leaf, list)

    def write(value: Any) -> dict[str, Any]:
        return _convert({name: getattr(value, name) for name in names}, converted)

    return write


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
        return _writer(kind)(value)
    if isinstance(value, date):
        return value.isoformat()
    return value
