"""Response bodies of the audit routes: verification, the chain head and pages of events."""

from __future__ import annotations

from pydantic import BaseModel, Field

from service.api.schemas import EventOut
from service.app.audit.chains import Break
from service.app.audit.verify import Head, Verification


class BrokenOut(BaseModel):
    candidate_id: int | None = Field(description="None when the break lies outside your scope.")
    seq: int | None
    global_seq: int | None
    reason: str = Field(
        description="hash_mismatch, prev_hash_mismatch, seq_missing, out_of_order, head_mismatch,"
        " global_hash_mismatch, global_link_mismatch, global_seq_missing, noted_head_mismatch"
    )
    detail: str

    @classmethod
    def of(cls, fault: Break) -> BrokenOut:
        return cls(
            candidate_id=fault.candidate_id,
            seq=fault.seq,
            global_seq=fault.global_seq,
            reason=fault.reason,
            detail=fault.detail,
        )


class HeadOut(BaseModel):
    global_seq: int = Field(description="How many events the history holds.")
    global_hash: str = Field(description="The digest of the whole history up to global_seq.")

    @classmethod
    def of(cls, head: Head) -> HeadOut:
        return cls(global_seq=head.global_seq, global_hash=head.global_hash)


class VerificationOut(BaseModel):
    ok: bool
    organization_id: int | None = Field(description="The subtree checked; None: everything.")
    events_checked: int = Field(description="Events of the candidate chains re-hashed.")
    candidates_checked: int
    global_events_checked: int = Field(description="Links of the global chain checked.")
    head: HeadOut
    first_broken: BrokenOut | None

    @classmethod
    def of(cls, verification: Verification) -> VerificationOut:
        broken = verification.first_broken
        return cls(
            ok=verification.ok,
            organization_id=verification.organization_id,
            events_checked=verification.events_checked,
            candidates_checked=verification.candidates_checked,
            global_events_checked=verification.global_events_checked,
            head=HeadOut.of(verification.head),
            first_broken=BrokenOut.of(broken) if broken is not None else None,
        )


class AuditEventPageOut(BaseModel):
    items: list[EventOut]
    next_cursor: str | None
