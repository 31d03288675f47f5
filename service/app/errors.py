"""Errors of the service shell (no HTTP here: service/api/errors.py maps each to a status).

    ServiceError
    ├── NotAuthenticated       no or unknown bearer token
    │   └── TokenRefused       a token naming a principal, refused
    │       ├── TokenRevoked   revoked or rotated out
    │       └── TokenExpired   past its principal's expiry
    ├── PermissionDenied       the principal may not do this (role or organisation)
    ├── NotFound               a resource that does not exist (candidate, organisation, …)
    ├── InvalidInput           well-formed input that names something impossible (field, reason)
    ├── VersionConflict        If-Match names a version that is no longer current
    ├── StateConflict          the change would leave things in a state not allowed
    │   └── LastActiveAdmin    revoking it would leave nobody to issue tokens
    ├── IdempotencyConflict    same Idempotency-Key, different request / still in flight
    └── TooManyRequests        failed authentications from one client over the limit
Workflow refusals (service.workflow.errors) pass through the shell unchanged.
"""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """`detail` in English; `detail_zh` the same in Chinese (the API falls back to a Chinese
    sentence for the error's kind when it is missing)."""

    def __init__(self, detail: str, *, detail_zh: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.detail_zh = detail_zh
        self.extra = extra


class NotAuthenticated(ServiceError):
    pass


class TokenRefused(NotAuthenticated):
    """A token recognised and refused: whose it was, when known (for the security log, not
    the answer)."""

    def __init__(
        self, detail: str, *, principal_id: int | None, organization_id: int | None = None
    ) -> None:
        super().__init__(detail)
        self.principal_id = principal_id
        self.organization_id = organization_id


class TokenRevoked(TokenRefused):
    pass


class TokenExpired(TokenRefused):
    pass


class PermissionDenied(ServiceError):
    pass


class NotFound(ServiceError):
    pass


class InvalidInput(ServiceError):
    def __init__(self, detail: str, *, field: str, **extra: Any) -> None:
        super().__init__(detail, field=field, **extra)
        self.field = field


class VersionConflict(ServiceError):
    pass


class StateConflict(ServiceError):
    """Such as revoking a principal already revoked."""


class LastActiveAdmin(StateConflict):
    pass


class IdempotencyConflict(ServiceError):
    """`in_flight` is True while the first request with the key is still running."""

    def __init__(self, detail: str, *, in_flight: bool) -> None:
        super().__init__(detail)
        self.in_flight = in_flight


class TooManyRequests(ServiceError):
    pass
