"""A candidate's file (档案): personal data, key dates and every applied act in order, each
value as a clerk writes it (Chinese labels, dates, half-years, organisation names).

Refused attempts are not part of the file: they stay in the history and the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import orjson
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from service.adapters.database import UnitOfWork
from service.adapters.tables import HistoryEvent, Organization
from service.app.actors import Actor
from service.app.candidates import readable_candidate, sees_personal_data
from service.app.chinese_dates import NOT_RECORDED, chinese_date, chinese_period
from service.app.history import APPLIED
from service.app.identity import mask_id_number, mask_phone
from service.workflow import EVIDENCE, Record
from service.workflow.evidence import CHOICE, DATE, PERIOD
from service.workflow.words import (
    CANDIDATE_FIELDS,
    KEY_DATES,
    NO,
    PERSON_FIELDS,
    SUBMIT_APPLICATION,
    YES,
    act_label,
    choice_label,
    field_label,
    state_label,
)

ORGANIZATION_FIELDS = frozenset({"branch_id", "to_branch_id"})
_KINDS = {trigger: {spec.name: spec.kind for spec in specs} for trigger, specs in EVIDENCE.items()}
_APPLICATION_KINDS = {"application_date": DATE, "birth_date": DATE, "gender": CHOICE}
KEY_DATE_LABELS = {key: words.zh for key, words in KEY_DATES.items()}
PERSONAL_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "id_number",
    "education",
    "work_unit",
    "phone",
)


@dataclass(frozen=True, slots=True)
class Entry:
    seq: int
    trigger: str
    label_zh: str
    from_state: str | None
    to_state: str | None
    effective_date: date
    recorded_at: datetime
    actor_name: str
    actor_role: str
    imported: bool
    evidence: dict[str, Any]
    evidence_lines: list[tuple[str, str]]
    warnings: list[dict[str, Any]]
    hash: str


@dataclass(frozen=True, slots=True)
class Dossier:
    candidate_id: int
    personal: dict[str, str | None]
    branch_name: str
    committee_name: str | None
    state: str
    state_label: str
    key_dates: dict[str, date | None]
    chain_head: str
    entries: list[Entry] = field(default_factory=list)


def display(value: Any, kind: str | None = None, names: Mapping[int, str] | None = None) -> str:
    """A piece of evidence as an organiser reads it: labels, Chinese dates, names."""
    if value is None or value == "" or value == []:
        return NOT_RECORDED
    if names is not None and isinstance(value, int) and not isinstance(value, bool):
        return names.get(value, NOT_RECORDED)
    if isinstance(value, bool):
        return (YES if value else NO).zh
    if isinstance(value, dict) and "name" in value:
        member = value.get("member_id")
        number = PERSON_FIELDS["member_id"].zh
        return f"{value['name']}（{number} {member}）" if member else str(value["name"])
    if isinstance(value, list):
        return "、".join(display(item) for item in value)
    if isinstance(value, str) and kind == DATE:
        return chinese_date(date.fromisoformat(value))
    if isinstance(value, str) and kind == PERIOD:
        return chinese_period(value)
    if isinstance(value, str) and kind == CHOICE:
        return choice_label(value)
    return str(value)


def _fields(trigger: str) -> list[str]:
    if trigger == SUBMIT_APPLICATION:
        return list(CANDIDATE_FIELDS)
    return [spec.name for spec in EVIDENCE.get(trigger, ())]


def evidence_lines(
    trigger: str, evidence: dict[str, Any], names: Mapping[int, str]
) -> list[tuple[str, str]]:
    """The act's evidence in its table's order, each field by its label (hints left out)."""
    kinds = _APPLICATION_KINDS if trigger == SUBMIT_APPLICATION else _KINDS.get(trigger, {})
    order = {name: index for index, name in enumerate(_fields(trigger))}
    ordered = sorted(evidence.items(), key=lambda item: order.get(item[0], len(order)))
    return [
        (
            field_label(trigger, name),
            display(value, kinds.get(name), names if name in ORGANIZATION_FIELDS else None),
        )
        for name, value in ordered
        if value is not None
    ]


def _entry(row: HistoryEvent, names: Mapping[int, str]) -> Entry:
    evidence = orjson.loads(row.evidence)
    return Entry(
        seq=row.seq,
        trigger=row.trigger,
        label_zh=act_label(row.trigger, row.from_state),
        from_state=row.from_state,
        to_state=row.to_state,
        effective_date=row.effective_date,
        recorded_at=row.recorded_at,
        actor_name=row.actor_name,
        actor_role=choice_label(row.actor_role),
        imported=row.imported,
        evidence=evidence,
        evidence_lines=evidence_lines(row.trigger, evidence, names),
        warnings=orjson.loads(row.warnings),
        hash=row.hash,
    )


def personal_lines(dossier: Dossier) -> list[tuple[str, str]]:
    """基本情况 as printed: each field's label and its value in words."""
    return [
        (
            field_label(SUBMIT_APPLICATION, name),
            display(dossier.personal[name], _APPLICATION_KINDS.get(name)),
        )
        for name in PERSONAL_FIELDS
    ]


def _organization_names(session: Session, rows: list[HistoryEvent]) -> dict[int, str]:
    wanted = {
        value
        for row in rows
        for name, value in orjson.loads(row.evidence).items()
        if name in ORGANIZATION_FIELDS and isinstance(value, int)
    }
    if not wanted:
        return {}
    found = session.exec(select(Organization).where(col(Organization.id).in_(wanted))).all()
    return {organization.id: organization.name for organization in found if organization.id}


def build_dossier(engine: Engine, actor: Actor, candidate_id: int) -> Dossier:
    """Everything the file holds about the candidate: the applied acts, in order."""
    with UnitOfWork(engine) as uow:
        candidate, branch = readable_candidate(uow.session, actor, candidate_id)
        rows = list(
            uow.session.exec(
                select(HistoryEvent)
                .where(HistoryEvent.candidate_id == candidate_id, HistoryEvent.outcome == APPLIED)
                .order_by(col(HistoryEvent.seq))
            ).all()
        )
        names = _organization_names(uow.session, rows)
        committee = (
            None if branch.parent_id is None else uow.session.get(Organization, branch.parent_id)
        )
        entries = [_entry(row, names) for row in rows]
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
        committee_name=None if committee is None else committee.name,
        state=candidate.state,
        state_label=state_label(candidate.state),
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
