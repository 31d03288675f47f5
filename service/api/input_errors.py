"""Input errors as people read them: each names its field by the catalogue's label and says what
is wrong in the chosen language (`性别：须为 male（男）或 female（女）`), keeping pydantic's
`loc` and `type` for programs."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from service.workflow import words
from service.workflow.words import EN, Language, Words

_WHERE = ("body", "query", "path", "header")
_QUOTED = re.compile(r"'([^']*)'")
_TRANSITION = re.compile(r"/transitions/([a-z_]+)/?$")
_W = Words

REQUEST_BODY = _W("请求内容", "the request body")
_DATE = _W("须为日期，如 2025-09-29", "must be a date such as 2025-09-29")
_WHOLE = _W("须为整数", "must be a whole number")

# What each error type says, after the field's label; `{…}` names a value of pydantic's ctx.
MESSAGES: Mapping[str, Words] = {
    "missing": _W("必须填写", "is required"),
    "extra_forbidden": _W("不是可以填写的项目", "is not a field of this request"),
    "string_too_short": _W("不能为空", "must not be empty"),
    "string_too_long": _W("不能超过 {max_length} 个字", "must be at most {max_length} characters"),
    "string_pattern_mismatch": _W("格式不正确", "is not in the expected format"),
    "string_type": _W("须为文字", "must be text"),
    "int_type": _WHOLE,
    "int_parsing": _WHOLE,
    "int_from_float": _WHOLE,
    "greater_than_equal": _W("须不小于 {ge}", "must be at least {ge}"),
    "less_than_equal": _W("须不大于 {le}", "must be at most {le}"),
    "greater_than": _W("须大于 {gt}", "must be greater than {gt}"),
    "less_than": _W("须小于 {lt}", "must be less than {lt}"),
    "bool_type": _W("须为 true（是）或 false（否）", "must be true or false"),
    "bool_parsing": _W("须为 true（是）或 false（否）", "must be true or false"),
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "list_type": _W("须为列表", "must be a list"),
    "too_short": _W("至少填写 {min_length} 项", "must have at least {min_length} items"),
    "too_long": _W("最多填写 {max_length} 项", "must have at most {max_length} items"),
    "model_type": _W("须为对象", "must be an object"),
    "model_attributes_type": _W("须为对象", "must be an object"),
    "dict_type": _W("须为对象", "must be an object"),
    "json_invalid": _W("不是有效的 JSON", "is not valid JSON"),
    "control_characters": _W("不能含有控制字符", "must not contain control characters"),
    "day_format": _DATE,
    "day_range": _W("须在 {earliest} 至 {latest} 之间", "must lie between {earliest} and {latest}"),
    "id_number": _W(
        "不是有效的公民身份号码（格式或校验位有误）",
        "is not a valid citizen ID number (format or check digit)",
    ),
}
_CHOICE_TYPES = ("literal_error", "enum")


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


def what_is_wrong(error: Mapping[str, Any], language: Language) -> str:
    kind, context = str(error.get("type", "")), error.get("ctx") or {}
    if kind in _CHOICE_TYPES:
        choices = tuple(_QUOTED.findall(str(context.get("expected", ""))))
        must = "must be " if language == EN else "须为 "
        return must + words.choices_text(choices, language)
    if kind == "string_too_short" and context.get("min_length", 1) != 1:
        template = _W("至少 {min_length} 个字", "must be at least {min_length} characters")
    else:
        template = MESSAGES.get(kind, words.INVALID_VALUE)
    return template(language).format_map({key: str(value) for key, value in context.items()})


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
            what_is_wrong(error, language),
            language,
            path=path,
        )
        for error in errors
    ]
