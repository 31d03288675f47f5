"""The catalogue of people's words: every state, act, evidence field and choice has both labels,
and the tables read their labels from it instead of holding copies."""

from __future__ import annotations

import dataclasses
import re
import typing

import pytest

from service.api.schemas import CandidateIn
from service.app.actors import Role
from service.app.ledgers import LedgerKind
from service.app.organizations import OrganizationKind
from service.workflow import ACTS, EVIDENCE, RULES, STATES, TRIGGERS, words
from service.workflow.deadlines import Due
from service.workflow.definition import Act, State
from service.workflow.evidence import EvidenceField
from service.workflow.words import (
    ACTS_IN_STATE,
    CHOICES,
    DEADLINES,
    LEDGERS,
    Words,
    choices_text,
    field_label,
)
from tests.support.findings import one_finding_per_rule

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _both(label: Words) -> bool:
    return bool(_CJK.search(label.zh)) and bool(label.en) and not _CJK.search(label.en)


def test_every_state_has_a_chinese_and_an_english_label() -> None:
    assert set(words.STATES) == {state.name for state in STATES}
    assert all(_both(label) for label in words.STATES.values())


def test_every_act_has_a_chinese_and_an_english_title() -> None:
    assert set(TRIGGERS) <= set(words.TRIGGERS)
    assert all(_both(label) for label in words.TRIGGERS.values())
    keys = {(act.trigger, act.source) for act in ACTS}
    assert set(ACTS_IN_STATE) <= keys
    for act in ACTS:
        assert _CJK.search(act.label_zh), act.trigger
        assert act.label_en, act.trigger


def test_open_publicity_is_titled_by_the_notice_it_opens() -> None:
    titles = {act.source: act.label_zh for act in ACTS if act.trigger == "open_publicity"}

    assert titles["development_target"] == "开始拟接收预备党员公示"
    assert titles["probationary_member"] == "开始转正公示"


def test_every_evidence_field_has_both_labels_and_every_choice_both_labels() -> None:
    for trigger, fields in EVIDENCE.items():
        for spec in fields:
            assert _both(spec.label), (trigger, spec.name)
            assert "，如" not in spec.label.zh, (trigger, spec.name)
            for value in spec.choices:
                assert _both(CHOICES[value]), value


def test_a_hint_is_apart_from_the_label() -> None:
    period = next(spec for spec in EVIDENCE["record_assessment"] if spec.name == "period")

    assert (period.label.zh, period.hint) == ("考察期", Words("如 2024H1", "e.g. 2024H1"))
    assert field_label("record_assessment", "summary") == "考察意见"
    assert field_label("record_talk", "summary") == "谈话内容"


def test_the_choices_people_meet_outside_evidence_have_labels_too() -> None:
    gender = typing.get_args(CandidateIn.model_fields["gender"].annotation)
    for value in (*gender, *Role, *OrganizationKind):
        assert _both(CHOICES[value]), value
    assert set(LEDGERS) == set(LedgerKind)
    assert choices_text(gender) == "male（男）或 female（女）"


def test_the_tables_hold_no_label_of_their_own() -> None:
    for table in (State, Act, EvidenceField, Due):
        names = {item.name for item in dataclasses.fields(table)}
        assert not names & {"label_zh", "label_en", "description"}, table
    assert all(_both(label) for label in DEADLINES.values())


_RULE_IDS = sorted(RULES)
_LATIN = re.compile(r"[A-Za-z]")
_SNAKE = re.compile(r"[A-Za-z0-9]+_[A-Za-z0-9_]+")


@pytest.mark.parametrize("rule_id", _RULE_IDS)
def test_a_refusal_of_each_rule_reads_as_chinese_without_codes(rule_id: str) -> None:
    message = one_finding_per_rule()[rule_id].message_zh

    assert _CJK.search(message), message
    assert not _LATIN.search(message), message


@pytest.mark.parametrize("rule_id", _RULE_IDS)
def test_a_refusal_of_each_rule_reads_as_english_on_request(rule_id: str) -> None:
    message = one_finding_per_rule()[rule_id].message_en

    assert not _CJK.search(message), message
    assert "None" not in message, message
    assert not _SNAKE.search(message), message


def test_values_are_shown_by_their_labels_and_nothing_as_not_recorded() -> None:
    found = one_finding_per_rule()

    assert found["six_no.motive"].message_zh.endswith("（上级党委谈话结论：未记录）")
    assert "本次：举手表决" in found["recommendation.secret_ballot"].message_zh
    assert "缺少：与入党申请人谈话、推荐（公推）" in found["pre_review.materials"].message_zh
    assert "支部大会表决（接收预备党员）" in found["six_no.procedure"].message_zh
    assert found["evidence.dates"].message_zh.endswith("：支部委员会决定日期")
    assert "可进行：登记谈话、登记推荐投票（公推）" in found["transition.allowed"].message_zh
