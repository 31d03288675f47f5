"""The evidence each act carries, as data: the API builds its request schemas from this table.

Shapes only (types, required, choices, lengths). Whether the evidence satisfies the rules is
the guards' business, so a malformed body is a 422 and a body that breaks a rule is a refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from service.workflow.errors import UnknownTrigger
from service.workflow.record import Person

DATE = "date"
COUNT = "count"  # a non-negative integer
IDENTIFIER = "identifier"  # a positive integer naming something
TEXT = "text"  # UTF-8, trimmed, 1..2000 characters
PERIOD = "period"  # half-year like 2024H1
PERSON = "person"
PEOPLE = "people"
TEXTS = "texts"
FLAG = "flag"
CHOICE = "choice"

TEXT_MAX_LENGTH = 2000
LIST_MAX_ITEMS = 20


@dataclass(frozen=True, slots=True)
class EvidenceField:
    name: str
    kind: str
    required: bool = True
    choices: tuple[str, ...] = ()
    description: str = ""


def _f(name: str, kind: str, description: str = "", **options: Any) -> EvidenceField:
    return EvidenceField(name=name, kind=kind, description=description, **options)


_BALLOT = (
    _f("method", CHOICE, "表决方式", choices=("secret_ballot", "show_of_hands")),
    _f("expected", COUNT, "应到有表决权的正式党员数"),
    _f("present", COUNT, "实到有表决权的正式党员数"),
    _f("written_opinions", COUNT, "因故不能到会、会前提交书面意见的正式党员数"),
    _f("votes_for", COUNT, "赞成票（含书面赞成意见）"),
    _f("votes_against", COUNT, "反对票"),
    _f("abstentions", COUNT, "弃权票"),
    _f("voted_individually", FLAG, "逐个讨论、逐个表决"),
)

EVIDENCE: dict[str, tuple[EvidenceField, ...]] = {
    "record_talk": (_f("talker", PERSON, "谈话人"), _f("summary", TEXT, "谈话内容")),
    "record_recommendation_vote": (
        _f("method", CHOICE, "推荐方式", choices=("secret_ballot", "show_of_hands")),
        _f("party_members", COUNT, "参加推荐的党员数"),
        _f("mass_representatives", COUNT, "参加推荐的群众代表数"),
        _f("ballots_cast", COUNT, "收回选票数"),
        _f("votes_for", COUNT, "推荐票数"),
        _f("override_reason", TEXT, "推荐票未过半数仍确定的书面理由", required=False),
    ),
    "open_publicity": (
        _f("starts_on", DATE, "公示开始日期"),
        _f("channel", TEXT, "公示渠道，如 公告栏、内网"),
        _f("content", TEXT, "公示内容"),
    ),
    "file_objection": (_f("received_on", DATE, "收到异议日期"), _f("summary", TEXT, "异议内容")),
    "resolve_objection": (
        _f("objection_id", IDENTIFIER, "异议编号"),
        _f("finding", CHOICE, "核实结论", choices=("proceed", "do_not_develop")),
        _f("note", TEXT, "核实情况"),
    ),
    "close_publicity": (_f("decided_on", DATE, "决定日期"),),
    "assign_mentors": (_f("mentors", PEOPLE, "培养联系人"),),
    "record_assessment": (
        _f("period", PERIOD, "考察期，如 2024H1"),
        _f("summary", TEXT, "考察意见"),
    ),
    "record_training": (
        _f("provider", TEXT, "培训举办单位"),
        _f("starts_on", DATE, "开始日期"),
        _f("ends_on", DATE, "结束日期"),
        _f("days", COUNT, "培训天数"),
        _f("hours", COUNT, "培训学时"),
        _f("completed", FLAG, "是否结业"),
    ),
    "record_political_review": (
        _f("conclusion", CHOICE, "政审结论", choices=("qualified", "not_qualified")),
        _f("attitude", TEXT, "对党的理论和路线方针政策的态度"),
        _f("political_history", TEXT, "政治历史和在重大政治斗争中的表现"),
        _f("law_abidance", TEXT, "遵纪守法和遵守社会公德情况"),
        _f("relatives", TEXT, "直系亲属和与本人关系密切的主要社会关系的政治情况"),
    ),
    "designate_development_target": (_f("decided_on", DATE, "支部委员会决定日期"),),
    "set_sponsors": (_f("sponsors", PEOPLE, "入党介绍人"),),
    "submit_for_pre_review": (_f("materials", TEXTS, "报送材料目录"),),
    "approve_pre_review": (_f("reviewer", PERSON, "审查人"), _f("opinion", TEXT, "预审意见")),
    "reject_pre_review": (_f("reviewer", PERSON, "审查人"), _f("reasons", TEXT, "不合格理由")),
    "record_admission_ballot": _BALLOT,
    "record_committee_interview": (
        _f("interviewer", PERSON, "谈话人"),
        _f("motive", CHOICE, "入党动机、觉悟与信念", choices=("sound", "unsound")),
        _f(
            "law_compliance",
            CHOICE,
            "遵守计划生育政策等法律法规",
            choices=("compliant", "violation"),
        ),
        _f("notes", TEXT, "谈话记录"),
    ),
    "approve_admission": (
        _f("decided_on", DATE, "审批日期"),
        _f("special_reason", TEXT, "超过三个月审批的特殊原因", required=False),
    ),
    "reject_admission": (_f("reasons", TEXT, "不予批准的理由"),),
    "record_oath": (_f("held_on", DATE, "入党宣誓日期"),),
    "apply_for_conversion": (_f("submitted_on", DATE, "提交转正申请日期"),),
    "record_conversion_ballot": (
        _f("resolution", CHOICE, "支部大会决议", choices=("convert", "extend", "cancel")),
        _f("extend_months", COUNT, "延长预备期月数", required=False),
        *_BALLOT,
    ),
    "approve_conversion": (
        _f("decided_on", DATE, "审批日期"),
        _f("special_reason", TEXT, "超过三个月审批的特殊原因", required=False),
    ),
    "reject_conversion": (_f("reasons", TEXT, "不予批准的理由"),),
    "transfer": (_f("to_branch_id", IDENTIFIER, "转入党支部"), _f("reason", TEXT, "转接原因")),
    "withdraw": (_f("reason", TEXT, "终止发展的原因"),),
}


def coerce(trigger: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Evidence with dates as `date` and people as `Person`, from JSON or already typed."""
    if trigger not in EVIDENCE:
        raise UnknownTrigger(trigger)
    fields = {spec.name: spec for spec in EVIDENCE[trigger]}
    typed: dict[str, Any] = {}
    for name, value in data.items():
        spec = fields.get(name)
        if spec is None or value is None:
            typed[name] = value
        elif spec.kind == DATE and not isinstance(value, date):
            typed[name] = date.fromisoformat(value)
        elif spec.kind == PERSON:
            typed[name] = _person(value)
        elif spec.kind == PEOPLE:
            typed[name] = tuple(_person(item) for item in value)
        elif spec.kind == TEXTS:
            typed[name] = tuple(value)
        else:
            typed[name] = value
    return typed


def _person(value: Any) -> Person:
    if isinstance(value, Person):
        return value
    return Person(name=value["name"], member_id=value.get("member_id"))
