"""Response bodies of the security log's routes: its events, pages of them, its verification."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from service.api.audit_schemas import BrokenOut
from service.app.audit.security_log import SecurityVerification


class SecurityEventOut(BaseModel):
    seq: int = Field(description="The event's place in the security log's chain.")
    kind: str = Field(examples=["access.denied"])
    principal_id: int | None = Field(description="Whom the event concerns (the caller's own).")
    actor_id: int | None = Field(description="Who acted, when someone else (the admin).")
    organization_id: int | None
    method: str | None
    path: str | None
    detail: dict[str, Any] = Field(description="Never a token.")
    recorded_at: str = Field(description="UTC, RFC 3339 with microseconds.")
    hash: str = Field(description="SHA-256 over the event's content (canonical JSON).")
    prev_hash: str = Field(description="The chain_hash of the event before it.")
    chain_hash: str = Field(description="SHA-256 of prev_hash:seq:hash.")


class SecurityEventPageOut(BaseModel):
    items: list[SecurityEventOut]
    next_cursor: str | None


class SecurityVerificationOut(BaseModel):
    ok: bool
    events_checked: int = Field(description="Events in your scope re-hashed from their content.")
    chain_checked: int = Field(description="Links of the chain checked (every event).")
    head_seq: int
    head_hash: str
    first_broken: BrokenOut | None

    @classmethod
    def of(cls, verification: SecurityVerification) -> SecurityVerificationOut:
        broken = verification.first_broken
        return cls(
            ok=verification.ok,
            events_checked=verification.events_checked,
            chain_checked=verification.chain_checked,
            head_seq=verification.head_seq,
            head_hash=verification.head_hash,
            first_broken=BrokenOut.of(broken) if broken is not None else None,
        )
