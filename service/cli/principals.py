"""`recruitflow principal create|list|show|revoke|rotate`: the principals from the command line,
through the same use cases as the API. The command line acts as the deployment's operator: no
token is asked for, and the security log records these changes with no actor."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from service.adapters.clock import SHANGHAI, SystemClock
from service.adapters.database import make_engine
from service.app import organizations, principal_lifecycle
from service.app.actors import Actor, Role
from service.app.chinese_dates import beijing_time
from service.app.errors import ServiceError
from service.app.principal_lifecycle import STATUS_ZH, PrincipalQuery, PrincipalView
from service.app.principals import register_principal
from service.settings import Settings
from service.workflow.words import CHOICES

ROLE_LABELS = {role: CHOICES[role.value].zh for role in Role}
# The operator at the command line, as the use cases see an admin.
OPERATOR = Actor(id=0, name="命令行", role=Role.admin, organization_id=None, organization_path=None)


def expiry(text: str) -> datetime:
    """`--expires-at`: an ISO date-time, Beijing time unless it names its zone; naive UTC, as
    stored."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"须为 ISO 日期时间，如 2027-06-30T18:00（北京时间）：{text!r}"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=SHANGHAI)
    return moment.astimezone(UTC).replace(tzinfo=None)


def add_principal_commands(actions: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    create = actions.add_parser("create", help="create one and print its token")
    create.add_argument("--name", required=True)
    create.add_argument("--role", required=True, choices=[role.value for role in Role])
    create.add_argument("--organization-id", type=int, default=None)
    create.add_argument(
        "--subject", default=None, help="the identity provider's `sub` it signs in as (SSO)"
    )
    create.add_argument(
        "--expires-at",
        type=expiry,
        default=None,
        help="when its token stops working: an ISO date-time such as 2027-06-30T18:00, "
        "Beijing time (UTC+8) unless it carries a zone (2027-06-30T10:00Z); stored as UTC; "
        "default: never",
    )
    create.set_defaults(command=_create)
    listing = actions.add_parser("list", help="list principals (filters: organisation, role)")
    listing.add_argument("--organization-id", type=int, default=None)
    listing.add_argument("--role", choices=[role.value for role in Role], default=None)
    listing.add_argument("--active", choices=["yes", "no"], default=None)
    listing.set_defaults(command=_list)
    show = actions.add_parser("show", help="show one principal")
    show.add_argument("principal_id", type=int)
    show.set_defaults(command=_show)
    revoke = actions.add_parser("revoke", help="revoke a principal's token at once")
    revoke.add_argument("principal_id", type=int)
    revoke.add_argument("--reason", required=True)
    revoke.set_defaults(command=_revoke)
    rotate = actions.add_parser("rotate", help="issue a new token and print it; the old one dies")
    rotate.add_argument("principal_id", type=int)
    rotate.set_defaults(command=_rotate)


def _create(args: argparse.Namespace) -> int:
    def run(engine: Engine) -> None:
        issued = register_principal(
            engine,
            SystemClock(),
            name=args.name,
            role=Role(args.role),
            organization_id=args.organization_id,
            subject=args.subject,
            expires_at=args.expires_at,
        )
        print(f"已建立账号 {issued.actor.id}（{ROLE_LABELS[issued.actor.role]}）", file=sys.stderr)
        print(issued.token)

    return _with_engine(run)


def _list(args: argparse.Namespace) -> int:
    query = PrincipalQuery(
        organization_id=args.organization_id,
        role=Role(args.role) if args.role else None,
        active=None if args.active is None else args.active == "yes",
    )

    def run(engine: Engine) -> None:
        cursor: int | None = None
        print("编号\t名称\t角色\t组织\t状态")
        names = _organization_names(engine)
        while True:
            page = principal_lifecycle.list_principals(
                engine, SystemClock(), OPERATOR, query, after=cursor, limit=500
            )
            for view in page.items:
                print(_line(view, names))
            if page.next_cursor is None:
                return
            cursor = int(page.next_cursor)

    return _with_engine(run)


def _show(args: argparse.Namespace) -> int:
    def run(engine: Engine) -> None:
        view = principal_lifecycle.get_principal(engine, SystemClock(), OPERATOR, args.principal_id)
        print(_line(view, _organization_names(engine)))
        if view.subject is not None:
            print(f"单点登录主体\t{view.subject}")
        if view.expires_at is not None:
            print(f"到期时间\t{beijing_time(view.expires_at)}（北京时间）")
        if view.revoked_reason is not None:
            print(f"吊销原因\t{view.revoked_reason}")

    return _with_engine(run)


def _revoke(args: argparse.Namespace) -> int:
    def run(engine: Engine) -> None:
        view = principal_lifecycle.revoke_principal(
            engine, SystemClock(), None, args.principal_id, reason=args.reason
        )
        print(f"已吊销 {view.id}（{view.name}）", file=sys.stderr)

    return _with_engine(run)


def _rotate(args: argparse.Namespace) -> int:
    def run(engine: Engine) -> None:
        rotated = principal_lifecycle.rotate_principal(
            engine, SystemClock(), None, args.principal_id
        )
        print(f"已为 {rotated.principal.id} 换发令牌；旧令牌即刻失效", file=sys.stderr)
        print(rotated.token)

    return _with_engine(run)


def _organization_names(engine: Engine) -> dict[int | None, str]:
    return {item.id: item.name for item in organizations.list_organizations(engine, OPERATOR)}


def _line(view: PrincipalView, names: dict[int | None, str]) -> str:
    organization = names.get(view.organization_id, "—")
    status = STATUS_ZH[view.status]
    return f"{view.id}\t{view.name}\t{ROLE_LABELS[view.role]}\t{organization}\t{status}"


def _with_engine(run: Callable[[Engine], None]) -> int:
    engine = make_engine(Settings().database_url)
    try:
        run(engine)
    except ServiceError as exc:
        print(f"recruitflow: {exc.detail_zh or exc.detail}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    return 0
