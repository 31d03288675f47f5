"""A candidate's file (档案): personal data, key dates and every act in order, in Chinese."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from service.adapters.database import UnitOfWork
from service.adapters.tables import HistoryEvent
from service.app.actors import Actor
from service.app.candidates import readable_candidate, sees_personal_data
from service.app.identity import mask_id_number, mask_phone
from service.workflow import ACTS, ACTS_BY_KEY, EVIDENCE, STATES, Record

STATE_LABELS = {state.name: state.label_zh for state in STATES}
APPLICATION_LABELS = {
    "application_date": "申请入党时间",
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "branch_id": "党支部编号",
}
CHOICES = {
    "male": "男",
    "female": "女",
    "secret_ballot": "无记名投票",
    "show_of_hands": "举手表决",
    "qualified": "合格",
    "not_qualified": "不合格",
    "proceed": "异议不成立，继续发展",
    "do_not_develop": "异议成立，不予发展",
    "sound": "端正",
    "unsound": "不端正",
    "compliant": "遵纪守法",
    "violation": "有违法违规情况",
    "convert": "按期转正",
    "extend": "延长预备期",
    "cancel": "取消预备党员资格",
}
PERSONAL_LABELS = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "id_number": "公民身份号码",
    "education": "学历",
    "work_unit": "工作单位",
    "phone": "联系电话",
}
KEY_DATE_LABELS = {
    "application_date": "申请入党时间",
    "activist_since": "确定为入党积极分子时间",
    "development_target_since": "列为发展对象时间",
    "admission_ballot_on": "支部大会接收时间",
    "admitted_on": "上级党委批准时间",
    "probation_ends": "预备期满时间",
    "full_member_since": "转正时间（党龄起算）",
}
ROLES = {"secretary": "党支部书记", "reviewer": "上级党委", "auditor": "审计", "admin": "管理员"}


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    trigger: str
    label_zh: str
    outcome: str
    from_state: str | None
    to_state: str | None
    effective_date: date
    recorded_at: datetime
    actor_name: str
    actor_role: str
    imported: bool
    evidence: dict[str, Any]
    evidence_lines: list[tuple[str, str]]
    violations: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    hash: str


@dataclass(frozen=True, slots=True)
class Dossier:
    candidate_id: int
    personal: dict[str, str | None]
    branch_name: str
    state: str
    state_label: str
    key_dates: dict[str, date | None]
    chain_head: str
    entries: list[Entry] = field(default_factory=list)


def act_label(trigger: str, from_state: str | None) -> str:
    if trigger == "submit_application":
        return "递交入党申请书"
    act = ACTS_BY_KEY.get((trigger, from_state or ""))
    if act is not None:
        return act.label_zh
    return next((act.label_zh for act in ACTS if act.trigger == trigger), trigger)


def display(value: Any) -> str:
    """A piece of evidence as an organiser reads it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dict) and "name" in value:
        member = value.get("member_id")
        return f"{value['name']}（{member}）" if member else str(value["name"])
    if isinstance(value, list):
        return "、".join(display(item) for item in value)
    if isinstance(value, str):
        return CHOICES.get(value, value)
    return str(value)


def evidence_lines(trigger: str, evidence: dict[str, Any]) -> list[tuple[str, str]]:
    labels = (
        APPLICATION_LABELS
        if trigger == "submit_application"
        else {spec.name: spec.description for spec in EVIDENCE.get(trigger, ())}
    )
    order = {name: index for index, name in enumerate(labels)}
    ordered = sorted(evidence.items(), key=lambda item: order.get(item[0], len(order)))
    return [(labels.get(name, name), display(value)) for name, value in ordered]


def _entry(row: HistoryEvent) -> Entry:
    evidence = orjson.loads(row.evidence)
    return Entry(
        seq=row.seq,
        trigger=row.trigger,
        label_zh=act_label(row.trigger, row.from_state),
        outcome=row.outcome,
        from_state=row.from_state,
        to_state=row.to_state,
        effective_date=row.effective_date,
        recorded_at=row.recorded_at,
        actor_name=row.actor_name,
        actor_role=ROLES.get(row.actor_role, row.actor_role),
        imported=row.imported,
        evidence=evidence,
        evidence_lines=evidence_lines(row.trigger, evidence),
        violations=orjson.loads(row.violations),
        warnings=orjson.loads(row.warnings),
        hash=row.hash,
    )


def build_dossier(engine: Engine, actor: Actor, candidate_id: int) -> Dossier:
    """Everything the history holds about the candidate, in order, refusals included."""
    with UnitOfWork(engine) as uow:
        candidate, branch = readable_candidate(uow.session, actor, candidate_id)
        rows = uow.session.exec(
            select(HistoryEvent)
            .where(HistoryEvent.candidate_id == candidate_id)
            .order_by(col(HistoryEvent.seq))
        ).all()
        entries = [_entry(row) for row in rows]
    personal = sees_personal_data(actor, candidate, branch)
    record = Record.from_data(orjson.loads(candidate.record))
    assert candidate.id is not None
    return Dossier(
        candidate_id=candidate.id,
        personal={
            "name": candidate.name,
            "gender": candidate.gender,
            "ethnicity": candidate.ethnicity,
            "birth_date": candidate.birth_date.isoformat(),
            "id_number": candidate.id_number if personal else mask_id_number(candidate.id_number),
            "education": candidate.education,
            "work_unit": candidate.work_unit,
            "phone": candidate.phone if personal else mask_phone(candidate.phone),
        },
        branch_name=branch.name,
        state=candidate.state,
        state_label=STATE_LABELS[candidate.state],
        key_dates={
            "application_date": record.application_date,
            "activist_since": record.activist_since,
            "development_target_since": record.development_target_since,
            "admission_ballot_on": None
            if record.admission_ballot is None
            else record.admission_ballot.held_on,
            "admitted_on": record.admitted_on,
            "probation_ends": record.probation_ends,
            "full_member_since": record.full_member_since,
        },
        chain_head=candidate.chain_head,
        entries=entries,
    )
