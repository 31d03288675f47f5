"""The deployment's settings, read from `RECRUITFLOW_*` environment variables when built."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]


class Settings(BaseSettings):
    """Built only by the entry points (`create_app()` without arguments, the CLI)."""

    model_config = SettingsConfigDict(env_prefix="RECRUITFLOW_", frozen=True, extra="ignore")

    database_url: str = "sqlite:///./var/recruitflow.db"
    admin_token: SecretStr | None = None
    # A built-in profile's name or a profile file's path; RECRUITFLOW_RULE_PROFILES, when set,
    # is the schedule instead (`national-2014,my-2026.toml@2026-06-01`): both are read by
    # service.app.definitions.deployment_profile, the only reader.
    rule_profile: str = "national-2014"
    rule_profiles: str | None = None
    log_level: LogLevel = "INFO"
    max_body_bytes: int = Field(default=65536, gt=0)
    # Changes decisions, so it is resolved into the rule profile (and its definition hash) by
    # service.app.definitions.deployment_profile, the only reader.
    require_plan: bool = False
    auth_failure_limit: int = Field(default=20, gt=0, description="per client and minute")
    # Connections per process (PostgreSQL): instances × workers × (pool + overflow) must stay
    # under the server's max_connections (README, Scale-out).
    db_pool_size: int = Field(default=5, gt=0)
    db_max_overflow: int = Field(default=5, ge=0)
    db_pool_timeout: float = Field(default=10.0, gt=0, description="seconds")

    # The console (service/web): how long a signed-in session lasts without use, and whether
    # its cookie is sent over HTTPS only (set it behind TLS).
    console_session_minutes: int = Field(default=480, gt=0)
    console_cookie_secure: bool = False

    # Webhooks (service/app/webhooks): hosts a subscription may name (comma-separated; unset
    # allows any), the receiver's time to answer, the retry schedule, the reminder horizon.
    webhook_allowed_hosts: str | None = None
    webhook_timeout: float = Field(default=10.0, gt=0, description="seconds")
    webhook_retry_seconds: str = "5,30,120,600,3600,21600"
    webhook_lease_seconds: float = Field(default=60.0, gt=0)
    remind_days: int = Field(default=7, ge=0)
    # `recruitflow serve` delivers and reminds in the background unless this is false (then
    # run `recruitflow deliver` / `recruitflow remind` on their own).
    background_worker: bool = True

    # Single sign-on: a Bearer JWT from this issuer, for this audience, signed by a key of
    # its JWKS (RECRUITFLOW_OIDC_JWKS_URL, else discovered from the issuer).
    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    oidc_jwks_url: str | None = None

    # Webhooks: days a delivered delivery is kept before the worker's daily pass deletes it
    # (0 keeps them all); pending and failed ones are always kept.
    webhook_keep_days: int = Field(default=30, ge=0)
