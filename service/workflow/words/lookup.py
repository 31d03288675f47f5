"""Looking words up, and showing values inside sentences as people read them."""

from __future__ import annotations

from service.workflow.words.base import (
    EN,
    NO,
    NONE,
    NOT_RECORDED,
    SEPARATOR,
    SUBMIT_APPLICATION,
    YES,
    ZH,
    Language,
    Words,
)
from service.workflow.words.fields import CANDIDATE_FIELDS, FIELDS, FIELDS_OF_ACT
from service.workflow.words.pipeline import (
    ACTS_IN_STATE,
    CHOICES,
    FINDINGS,
    LEDGERS,
    STATES,
    STEPS,
    TRIGGERS,
)
from service.workflow.words.problems import PROBLEMS


def state_label(state: str | None, language: Language = ZH) -> str:
    words = None if state is None else STATES.get(state)
    return words(language) if words is not None else NOT_RECORDED(language)


def act_label(trigger: str, state: str | None = None, language: Language = ZH) -> str:
    """The act's title in `state` (open_publicity names which notice), else the trigger's."""
    words = ACTS_IN_STATE.get((trigger, state or "")) or TRIGGERS.get(trigger)
    return words(language) if words is not None else trigger


def field_words(trigger: str | None, name: str) -> Words | None:
    if trigger == SUBMIT_APPLICATION:
        return CANDIDATE_FIELDS.get(name)
    if trigger is not None and (trigger, name) in FIELDS_OF_ACT:
        return FIELDS_OF_ACT[(trigger, name)]
    return FIELDS.get(name)


def field_label(trigger: str | None, name: str, language: Language = ZH) -> str:
    words = field_words(trigger, name)
    return words(language) if words is not None else name


def choice_label(value: str, language: Language = ZH) -> str:
    words = CHOICES.get(value)
    return words(language) if words is not None else value


def problem_title(slug: str, language: Language, default: str) -> str:
    words = PROBLEMS.get(slug)
    return words(language) if words is not None else default


def choices_text(values: tuple[str, ...], language: Language = ZH) -> str:
    """`male（男）或 female（女）`: each value a program sends, with the label a person reads
    (a choice's or a state's; a value without one, such as a file format, alone)."""
    shown = []
    for value in values:
        words = CHOICES.get(value) or STATES.get(value) or LEDGERS.get(value)
        if words is None:
            shown.append(value)
        else:
            shown.append(f"{value} ({words(EN)})" if language == EN else f"{value}（{words.zh}）")
    if len(shown) < 2:
        return "".join(shown)
    if language == EN:
        return ", ".join(shown[:-1]) + " or " + shown[-1]
    return "、".join(shown[:-1]) + "或 " + shown[-1]


def description(words: Words, *, hint: Words | None = None, choices: tuple[str, ...] = ()) -> str:
    """A field's description for the API's schema: its label in both languages, its hint, the
    choices with their labels."""
    text = f"{words.zh}（{words.en}）"
    if hint is not None:
        text += f"，{hint.zh}"
    if choices:
        text += f"：{choices_text(choices)}"
    return text


def show(value: object, language: Language = ZH) -> str:
    """A value inside a sentence: nothing as 未记录, yes/no, a list by its items' names, a
    choice, step or finding by its label; dates and numbers as they are."""
    if value is None:
        return NOT_RECORDED(language)
    if isinstance(value, bool):
        return (YES if value else NO)(language)
    if isinstance(value, list | tuple):
        shown = [show(item, language) for item in value]
        return SEPARATOR(language).join(shown) if shown else NONE(language)
    if isinstance(value, str):
        for table in (CHOICES, STEPS, FINDINGS, TRIGGERS):
            if value in table:
                return table[value](language)
    return str(value)


def show_fields(value: object, trigger: str | None, language: Language = ZH) -> str:
    """Evidence field names (or findings) by the labels the act gives them."""
    names = value if isinstance(value, list | tuple) else [value]
    shown = [
        FINDINGS[name](language) if name in FINDINGS else field_label(trigger, name, language)
        for name in names
        if isinstance(name, str)
    ]
    return SEPARATOR(language).join(shown) if shown else NONE(language)
