"""The tables: organisations, principals, candidates, the append-only history and its helpers.

JSON payloads that are hashed (evidence, violations) are stored as canonical JSON text so the
bytes an auditor re-hashes are exactly the bytes stored, on SQLite and PostgreSQL alike.
Datetimes are naive UTC (`NaiveDatetime`: SQLModel maps a bare `datetime` to an aware type that
refuses naive values).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from pydantic import NaiveDatetime
from sqlmodel import Field, SQLModel


class Organization(SQLModel, table=True):
    __tablename__ = "organization"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=20)  # committee | branch
    parent_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    # Materialised path "/1/4/9/" (ids of the ancestors and itself) for subtree filters.
    path: str = Field(default="/", max_length=400, index=True)
    created_at: NaiveDatetime


class Principal(SQLModel, table=True):
    __tablename__ = "principal"
    __table_args__ = (sa.UniqueConstraint("subject", name="uq_principal_subject"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    role: str = Field(max_length=20)  # secretary | reviewer | auditor | admin
    organization_id: int | None = Field(default=None, foreign_key="organization.id", index=True)
    token_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    active: bool = Field(default=True)
    created_at: NaiveDatetime
    # The identity provider's `sub` this principal signs in as (single sign-on), if any.
    subject: str | None = Field(default=None, max_length=255)
    expires_at: NaiveDatetime | None = Field(default=None)
    # Set when revoked (by an admin) or found expired; `active` is then false.
    revoked_at: NaiveDatetime | None = Field(default=None)
    revoked_reason: str | None = Field(default=None, max_length=500)


class Candidate(SQLModel, table=True):
    __tablename__ = "candidate"
    __table_args__ = (
        sa.Index("ix_candidate_branch_state", "branch_id", "state", "id"),
        sa.Index("ix_candidate_state_id", "state", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    branch_id: int = Field(foreign_key="organization.id")
    name: str = Field(max_length=100)
    gender: str = Field(max_length=10)
    ethnicity: str | None = Field(default=None, max_length=50)
    birth_date: date
    id_number: str | None = Field(default=None, max_length=18)
    education: str | None = Field(default=None, max_length=100)
    work_unit: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=30)
    application_date: date
    state: str = Field(max_length=40)
    version: int = Field(default=1)
    # The workflow's projection of the applied history (service.workflow.Record as JSON).
    record: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    last_seq: int = Field(default=0)
    chain_head: str = Field(max_length=64)
    created_at: NaiveDatetime
    updated_at: NaiveDatetime


class HistoryEvent(SQLModel, table=True):
    """One act on one candidate, applied or refused; never updated, never deleted."""

    __tablename__ = "history_event"
    __table_args__ = (
        sa.UniqueConstraint("candidate_id", "seq", name="uq_history_candidate_seq"),
        sa.UniqueConstraint("global_seq", name="uq_history_global_seq"),
        sa.Index("ix_history_org_global", "organization_id", "global_seq"),
        sa.Index("ix_history_trigger", "trigger"),
    )

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id")
    seq: int
    global_seq: int
    trigger: str = Field(max_length=60)
    from_state: str | None = Field(default=None, max_length=40)
    to_state: str | None = Field(default=None, max_length=40)
    outcome: str = Field(max_length=10)  # applied | refused
    actor_id: int | None = Field(default=None)
    actor_name: str = Field(max_length=200)
    actor_role: str = Field(max_length=20)
    organization_id: int = Field(index=False)  # the candidate's branch when the act happened
    effective_date: date
    recorded_at: NaiveDatetime
    evidence: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    violations: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    warnings: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    notes: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    rule_profile: str = Field(max_length=40)
    definition_hash: str = Field(max_length=64)
    imported: bool = Field(default=False)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)
    global_prev_hash: str = Field(max_length=64)
    global_hash: str = Field(max_length=64)


class ChainHead(SQLModel, table=True):
    """The single row holding the head of the global chain; locked by every writer."""

    __tablename__ = "chain_head"

    id: int = Field(default=1, primary_key=True)
    global_seq: int = Field(default=0)
    global_hash: str = Field(max_length=64)


class WorkflowDefinition(SQLModel, table=True):
    """Each workflow definition (with its profile) that ever decided an act, by content hash."""

    __tablename__ = "workflow_definition"

    hash: str = Field(primary_key=True, max_length=64)
    rule_profile: str = Field(max_length=40)
    body: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    created_at: NaiveDatetime


class IdempotencyRecord(SQLModel, table=True):
    __tablename__ = "idempotency_record"

    principal_id: int = Field(primary_key=True)
    key: str = Field(primary_key=True, max_length=200)
    request_hash: str = Field(max_length=64)
    state: str = Field(max_length=12)  # in_flight | done
    status_code: int | None = Field(default=None)
    response_body: str | None = Field(default=None, sa_column=sa.Column(sa.Text, nullable=True))
    created_at: NaiveDatetime = Field(index=True)


class Plan(SQLModel, table=True):
    """An annual development plan (控制总量): admissions allowed for a committee or branch."""

    __tablename__ = "plan"
    __table_args__ = (sa.UniqueConstraint("organization_id", "year", name="uq_plan_org_year"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id")
    year: int
    quota: int
    created_at: NaiveDatetime
    updated_at: NaiveDatetime


class CalendarYear(SQLModel, table=True):
    """An official holiday arrangement loaded by an administrator (State Council notice)."""

    __tablename__ = "calendar_year"

    year: int = Field(primary_key=True)
    holidays: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    workdays: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    source: str | None = Field(default=None, max_length=500)
    loaded_at: NaiveDatetime


class PlanChange(SQLModel, table=True):
    """Who set an annual plan's quota, when, from what to what; never updated, never deleted."""

    __tablename__ = "plan_change"
    __table_args__ = (sa.Index("ix_plan_change_org_year", "organization_id", "year", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id")
    organization_id: int = Field(foreign_key="organization.id")
    year: int
    old_quota: int | None = Field(default=None)
    new_quota: int
    actor_id: int | None = Field(default=None)
    actor_name: str = Field(max_length=200)
    actor_role: str = Field(max_length=20)
    changed_at: NaiveDatetime


# The console's sessions (service/web): server-side, so that signing out ends them.
class ConsoleSession(SQLModel, table=True):
    """A signed-in browser: the cookie carries a random id, only its SHA-256 is stored."""

    __tablename__ = "console_session"

    id: int | None = Field(default=None, primary_key=True)
    id_hash: str = Field(max_length=64, sa_column_kwargs={"unique": True})
    principal_id: int = Field(foreign_key="principal.id", index=True)
    csrf_token: str = Field(max_length=64)
    created_at: NaiveDatetime
    expires_at: NaiveDatetime = Field(index=True)


# Principals' lifecycle and the security log (issue 17).
class RetiredToken(SQLModel, table=True):
    """A token rotated out: recognised only to say it was revoked."""

    __tablename__ = "retired_token"

    token_hash: str = Field(primary_key=True, max_length=64)
    principal_id: int = Field(foreign_key="principal.id")
    retired_at: NaiveDatetime


class AuthEpoch(SQLModel, table=True):
    """One row counting every revocation, rotation and expiry: a cached token is trusted only
    while the counter it was checked under is still the current one."""

    __tablename__ = "auth_epoch"

    id: int = Field(default=1, primary_key=True)
    epoch: int = Field(default=0)


class SecurityEvent(SQLModel, table=True):
    """One event of the security log, hash-chained; never updated, never deleted."""

    __tablename__ = "security_event"
    __table_args__ = (
        sa.UniqueConstraint("seq", name="uq_security_event_seq"),
        sa.Index("ix_security_event_org_seq", "organization_id", "seq"),
        sa.Index("ix_security_event_principal_seq", "principal_id", "seq"),
        sa.Index("ix_security_event_kind_seq", "kind", "seq"),
    )

    id: int | None = Field(default=None, primary_key=True)
    seq: int
    kind: str = Field(max_length=40)
    principal_id: int | None = Field(default=None)
    actor_id: int | None = Field(default=None)
    organization_id: int | None = Field(default=None)
    method: str | None = Field(default=None, max_length=10)
    path: str | None = Field(default=None, max_length=400)
    detail: str = Field(sa_column=sa.Column(sa.Text, nullable=False))
    recorded_at: NaiveDatetime
    hash: str = Field(max_length=64)
    prev_hash: str = Field(max_length=64)
    chain_hash: str = Field(max_length=64)


class SecurityHead(SQLModel, table=True):
    """The single row holding the head of the security log's chain; locked by every writer."""

    __tablename__ = "security_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = Field(default=0)
    chain_hash: str = Field(max_length=64)


# Webhooks: subscriptions, the outbox of deliveries, the reminders emitted (issue 16).
class WebhookSubscription(SQLModel, table=True):
    """A receiver of the events of an organisation and everything below it."""

    __tablename__ = "webhook_subscription"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000)
    organization_id: int = Field(foreign_key="organization.id", index=True)
    # ",type,type," (matched by LIKE in the outbox's triggers); "" for every type.
    types: str = Field(default="", max_length=400)
    description: str | None = Field(default=None, max_length=200)
    # Kept as issued ("whsec_…"): signing needs it; no answer shows it after the creation.
    secret: str = Field(max_length=100)
    created_by: int | None = Field(default=None)
    created_at: NaiveDatetime


class WebhookReminder(SQLModel, table=True):
    """A deadline reminder emitted once: the unique key keeps runs and instances from
    emitting it twice."""

    __tablename__ = "webhook_reminder"
    __table_args__ = (
        sa.UniqueConstraint(
            "candidate_id", "deadline", "due_on", "kind", name="uq_webhook_reminder_once"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    candidate_id: int = Field(foreign_key="candidate.id")
    deadline: str = Field(max_length=60)
    due_on: date
    kind: str = Field(max_length=10)  # due | overdue
    days_left: int
    organization_id: int = Field(foreign_key="organization.id")
    # The CloudEvent id (service.app.webhooks.reminders.reminder_event_id), which the trigger
    # of migration 0005 copies into the reminder's deliveries.
    event_id: str = Field(max_length=64)
    created_at: NaiveDatetime


class WebhookDelivery(SQLModel, table=True):
    """One event for one subscription (an outbox row): a history event (`seq`) or a reminder,
    pending until a 2xx (delivered) or the retry schedule runs out (failed). Written by the
    triggers of migration 0005 with each new history event and reminder."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        sa.Index("ix_webhook_delivery_due", "status", "next_attempt_at", "id"),
        sa.Index("ix_webhook_delivery_order", "subscription_id", "candidate_id", "id"),
        sa.Index("ix_webhook_delivery_subscription", "subscription_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = Field(foreign_key="webhook_subscription.id")
    candidate_id: int = Field(foreign_key="candidate.id")
    seq: int | None = Field(default=None)
    reminder_id: int | None = Field(default=None, foreign_key="webhook_reminder.id")
    type: str = Field(max_length=40)
    event_id: str = Field(max_length=64)
    status: str = Field(max_length=10)  # pending | delivered | failed
    attempts: int = Field(default=0)
    next_attempt_at: NaiveDatetime
    leased_until: NaiveDatetime | None = Field(default=None)
    leased_by: str | None = Field(default=None, max_length=64)
    last_status_code: int | None = Field(default=None)
    last_error: str | None = Field(default=None, max_length=200)
    created_at: NaiveDatetime
    delivered_at: NaiveDatetime | None = Field(default=None)
