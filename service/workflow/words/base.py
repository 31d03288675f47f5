"""Words in two languages: the label type, the language codes, and the few words every
sentence uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Language = Literal["zh", "en"]
ZH: Final = "zh"
EN: Final = "en"
LANGUAGES: tuple[Language, ...] = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Words:
    """One label in both languages."""

    zh: str
    en: str

    def __call__(self, language: Language) -> str:
        return self.en if language == EN else self.zh


_w = Words


NOT_RECORDED = _w("未记录", "not recorded")
YES = _w("是", "yes")
NO = _w("否", "no")
NONE = _w("无", "none")
SEPARATOR = _w("、", ", ")
SUBMIT_APPLICATION = "submit_application"
