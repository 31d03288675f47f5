"""Who acts: the authenticated principal as the use cases see it, the roles it can hold, and the
evidence fields that name the acting principal."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from service.workflow import ACTS, EVIDENCE, REVIEWER
from service.workflow.evidence import PERSON


class Role(StrEnum):
    secretary = "secretary"  # acts for one branch
    reviewer = "reviewer"  # acts for one committee and every branch below it
    auditor = "auditor"  # reads everything under one organisation
    admin = "admin"  # manages organisations and principals, reads everything


@dataclass(frozen=True, slots=True)
class Actor:
    """`organization_path` is the materialised path ("/1/4/") of the principal's organisation."""

    id: int
    name: str
    role: Role
    organization_id: int | None
    organization_path: str | None


_REVIEWERS_ACTS = frozenset(act.trigger for act in ACTS if act.actor == REVIEWER)


def self_named_fields(trigger: str) -> tuple[str, ...]:
    """The act's person fields that name the acting reviewer (审查人 of a pre-review, 谈话人 of the
    committee interview): the person fields of an act the table gives a reviewer. Left out, they
    hold the signed-in principal's name."""
    if trigger not in _REVIEWERS_ACTS:
        return ()
    return tuple(spec.name for spec in EVIDENCE[trigger] if spec.kind == PERSON)
