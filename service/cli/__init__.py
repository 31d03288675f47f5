"""The `recruitflow` command: migrate, serve, write the OpenAPI spec; the principals' commands
(create, list, show, revoke, rotate) are in `principals`, the data commands (import, demo,
calendar) in `data`, the audit's in `audit`, the rule profiles' in `profiles`, the webhooks'
(deliver, remind) in `webhooks`.

The outermost room: may import service.main, service.api, service.app, service.adapters and
service.workflow; nothing imports it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import uvicorn

from service.adapters.clock import SystemClock
from service.adapters.database import make_engine
from service.adapters.migrations import upgrade
from service.app.definitions import deployment_schedule
from service.app.idempotency import purge_expired
from service.cli.audit import add_audit_commands
from service.cli.data import add_data_commands
from service.cli.principals import add_principal_commands
from service.cli.profiles import add_profile_commands
from service.cli.readme import with_diagram
from service.cli.webhooks import add_webhook_commands
from service.main import create_app
from service.settings import Settings
from service.workflow import mermaid_diagram

Command = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    command: Command = args.command
    return command(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="recruitflow", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    migrate = commands.add_parser("migrate", help="upgrade the configured database to head")
    migrate.set_defaults(command=_migrate)

    serve = commands.add_parser("serve", help="serve the API with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(command=_serve)

    principal = commands.add_parser("principal", help="manage principals")
    add_principal_commands(principal.add_subparsers(required=True, metavar="ACTION"))

    openapi = commands.add_parser("openapi", help="write the OpenAPI document")
    openapi.add_argument("--output", type=Path, default=Path("openapi/openapi.json"))
    openapi.set_defaults(command=_write_openapi)

    diagram = commands.add_parser("diagram", help="print the Mermaid diagram or update README")
    diagram.add_argument("--readme", type=Path, default=None, help="rewrite its diagram block")
    diagram.set_defaults(command=_diagram)

    keys = commands.add_parser("idempotency", help="manage the answers kept for retries")
    key_commands = keys.add_subparsers(required=True, metavar="ACTION")
    purge = key_commands.add_parser("purge", help="forget Idempotency-Keys older than 24 hours")
    purge.set_defaults(command=_purge_idempotency_keys)

    add_data_commands(commands)
    add_audit_commands(commands)
    add_profile_commands(commands)
    add_webhook_commands(commands)
    return parser


def _migrate(_args: argparse.Namespace) -> int:
    upgrade(Settings().database_url)
    return 0


def _serve(args: argparse.Namespace) -> int:
    # A profile file that does not load stops the start, not the first act.
    try:
        deployment_schedule(Settings())
    except ValueError as invalid:
        print(f"recruitflow: the rule profiles do not load:\n{invalid}", file=sys.stderr)
        return 2
    uvicorn.run(
        "service.main:create_served_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        # The app logs each request itself, with a request id and without query strings.
        access_log=False,
    )
    return 0


def _purge_idempotency_keys(_args: argparse.Namespace) -> int:
    engine = make_engine(Settings().database_url)
    try:
        deleted = purge_expired(engine, SystemClock())
    finally:
        engine.dispose()
    print(f"forgot {deleted} Idempotency-Keys older than 24 hours", file=sys.stderr)
    return 0


def _diagram(args: argparse.Namespace) -> int:
    readme: Path | None = args.readme
    if readme is None:
        print(mermaid_diagram())
        return 0
    readme.write_text(with_diagram(readme.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {readme}", file=sys.stderr)
    return 0


def _write_openapi(args: argparse.Namespace) -> int:
    path: Path = args.output
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_openapi(create_app().openapi()), encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)
    return 0


def render_openapi(schema: dict[str, object]) -> str:
    """The committed form of the spec (the drift test compares against this)."""
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    sys.exit(main())
