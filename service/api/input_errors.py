"""Input errors as people read them: each names its field by the catalogue's label and says what
is wrong in the chosen language (`性别：须为 male（男）或 female（女）`), keeping pydantic's
`loc` and `type` for programs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from service.workflow import words
from service.workflow.words import EN, Language, Words
from service.workflow.words.inputs import REQUEST_BODY, input_error

_WHERE = ("body", "query", "path", "header")
_TRANSITION = re.compile(r"/transitions/([a-z_]+)/?$")


def labels_for(path: str) -> tuple[str | None, bool]:
    """The act whose evidence a request to `path` carries, and whether it registers candidates."""
    found = _TRANSITION.search(path)
    if found is not None:
        return found.group(1), False
    return None, path.rstrip("/").endswith("/candidates")


def _label(name: str, trigger: str | None, candidate: bool) -> Words | None:
    tables: Iterable[Mapping[str, Words]] = (
        (words.CANDIDATE_FIELDS, words.REQUEST_FIELDS)
        if candidate
        else (words.REQUEST_FIELDS, words.FIELDS, words.CANDIDATE_FIELDS)
    )
    if trigger is not None:
        found = words.field_words(trigger, name)
        if found is not None:
            return found
    return next((table[name] for table in tables if name in table), None)


def field_name(
    loc: Sequence[str | int], language: Language, *, trigger: str | None, candidate: bool
) -> str:
    """`培养联系人·第2项·姓名` for ("body", "mentors", 1, "name")."""
    parts = list(loc[1:] if loc and loc[0] in _WHERE else loc)
    if not parts:
        return REQUEST_BODY(language)
    shown = []
    for depth, part in enumerate(parts):
        if isinstance(part, int):
            shown.append(f"item {part + 1}" if language == EN else f"第{part + 1}项")
            continue
        table = words.PERSON_FIELDS if depth and part in words.PERSON_FIELDS else None
        label = table[part] if table else _label(part, trigger, candidate)
        shown.append(label(language) if label is not None else part)
    return (" · " if language == EN else "·").join(shown)


def field_error(
    loc: Sequence[str | int], kind: str, what: str, language: Language, *, path: str
) -> dict[str, Any]:
    """One error as `field` (dotted), `loc`, `type` and a `message` naming the field's label."""
    trigger, candidate = labels_for(path)
    name = field_name(loc, language, trigger=trigger, candidate=candidate)
    separator = ": " if language == EN else "："
    return {
        "field": ".".join(str(part) for part in loc),
        "loc": list(loc),
        "type": kind,
        "message": f"{name}{separator}{what}",
    }


def field_errors(
    errors: Iterable[Mapping[str, Any]], language: Language, *, path: str
) -> list[dict[str, Any]]:
    """pydantic's errors, each as `field_error` says. Only these fields: pydantic's `input`
    would echo personal data back."""
    return [
        field_error(
            [part if isinstance(part, int) else str(part) for part in error["loc"]],
            str(error["type"]),
            input_error(error, language),
            language,
            path=path,
        )
        for error in errors
    ]
