"""Who acts: the authenticated principal as the use cases see it, and the roles it can hold."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
