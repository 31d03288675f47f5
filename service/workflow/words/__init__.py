"""The words people read, in Chinese and English: one statement of every label (states, acts,
evidence fields, choices, steps, roles, organisation kinds, ledgers, deadlines, problem titles).

Pure data and small lookups, importable by every layer. A label is written here once; the table
(definition.py, evidence.py), the API's messages, documents, ledgers and the console read it.
Its rooms: base (Words, languages), pipeline (states, acts, choices, steps, deadlines,
ledgers), fields, records (a record's dates, ledger columns), problems, inputs (what input
errors say), lookup (lookups, values in sentences), webhooks (event types, delivery
statuses); everything is importable from here.
"""

from __future__ import annotations

from service.workflow.words.base import (
    EN,
    LANGUAGES,
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
from service.workflow.words.fields import (
    CANDIDATE_FIELDS,
    FIELDS,
    FIELDS_OF_ACT,
    HINTS,
    PERSON_FIELDS,
    REQUEST_FIELDS,
)
from service.workflow.words.inputs import (
    INPUT_ERRORS,
    REQUEST_BODY,
    input_error,
)
from service.workflow.words.lookup import (
    act_label,
    choice_label,
    choices_text,
    description,
    field_label,
    field_words,
    problem_title,
    show,
    show_fields,
    state_label,
)
from service.workflow.words.pipeline import (
    ACTS_IN_STATE,
    CHOICES,
    DEADLINES,
    EVENT_OUTCOMES,
    FINDINGS,
    LEDGERS,
    ORGANIZATION_KINDS,
    OUTCOMES,
    ROLES,
    STATES,
    STEPS,
    TRIGGERS,
)
from service.workflow.words.problems import (
    INVALID_DATA,
    INVALID_VALUE,
    PROBLEM_DETAILS,
    PROBLEMS,
    UNEXPLAINED,
)
from service.workflow.words.records import DATES, KEY_DATES, LEDGER_COLUMNS, OLD_HEADERS
from service.workflow.words.webhooks import DELIVERY_STATUSES, WEBHOOK_EVENTS

__all__ = [
    "ACTS_IN_STATE",
    "CANDIDATE_FIELDS",
    "CHOICES",
    "DATES",
    "DEADLINES",
    "DELIVERY_STATUSES",
    "EN",
    "EVENT_OUTCOMES",
    "FIELDS",
    "FIELDS_OF_ACT",
    "FINDINGS",
    "HINTS",
    "INPUT_ERRORS",
    "INVALID_DATA",
    "INVALID_VALUE",
    "KEY_DATES",
    "LANGUAGES",
    "LEDGERS",
    "LEDGER_COLUMNS",
    "NO",
    "NONE",
    "NOT_RECORDED",
    "OLD_HEADERS",
    "ORGANIZATION_KINDS",
    "OUTCOMES",
    "PERSON_FIELDS",
    "PROBLEMS",
    "PROBLEM_DETAILS",
    "REQUEST_BODY",
    "REQUEST_FIELDS",
    "ROLES",
    "SEPARATOR",
    "STATES",
    "STEPS",
    "SUBMIT_APPLICATION",
    "TRIGGERS",
    "UNEXPLAINED",
    "WEBHOOK_EVENTS",
    "YES",
    "ZH",
    "Language",
    "Words",
    "act_label",
    "choice_label",
    "choices_text",
    "description",
    "field_label",
    "field_words",
    "input_error",
    "problem_title",
    "show",
    "show_fields",
    "state_label",
]
