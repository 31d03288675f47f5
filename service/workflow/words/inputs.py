"""What an input error says after its field's label, in Chinese and English, by pydantic's
error type: the API's problems and the console's forms both word their errors from it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from service.workflow.words.base import EN, Language, Words
from service.workflow.words.lookup import choices_text
from service.workflow.words.problems import INVALID_VALUE

_W = Words
_QUOTED = re.compile(r"'([^']*)'")
_CHOICE_TYPES = ("literal_error", "enum")

REQUEST_BODY = _W("请求内容", "the request body")
_DATE = _W("须为日期，如 2025-09-29", "must be a date such as 2025-09-29")
_WHOLE = _W("须为整数", "must be a whole number")
_AT_LEAST = _W("至少 {min_length} 个字", "must be at least {min_length} characters")

# `{…}` names a value of the error's ctx.
INPUT_ERRORS: Mapping[str, Words] = {
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


def input_error(error: Mapping[str, Any], language: Language) -> str:
    """What is wrong, without the field: `须为 male（男）或 female（女）`, `必须填写`."""
    kind, context = str(error.get("type", "")), error.get("ctx") or {}
    if kind in _CHOICE_TYPES:
        choices = tuple(_QUOTED.findall(str(context.get("expected", ""))))
        must = "must be " if language == EN else "须为 "
        return must + choices_text(choices, language)
    if kind == "string_too_short" and context.get("min_length", 1) != 1:
        template = _AT_LEAST
    else:
        template = INPUT_ERRORS.get(kind, INVALID_VALUE)
    return template(language).format_map({key: str(value) for key, value in context.items()})
