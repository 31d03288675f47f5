"""The `recruitflow audit` commands: check an exported file offline (no database, no server)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from service.app.audit.export_check import check_export


def add_audit_commands(commands: Any) -> None:
    """Register `audit verify-export FILE` on the main parser's subcommands."""
    audit = commands.add_parser("audit", help="check the audit trail")
    actions = audit.add_subparsers(required=True, metavar="ACTION")
    verify_export = actions.add_parser(
        "verify-export",
        help="check an exported file (JSON lines or CSV): exit 0 intact, 1 broken, 2 unreadable",
    )
    verify_export.add_argument("file", type=Path)
    verify_export.set_defaults(command=_verify_export)


def _verify_export(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        result = check_export(path)
    except OSError as error:
        print(f"recruitflow: cannot read {path}: {error.strerror}", file=sys.stderr)
        return 2
    if result.first_broken is not None:
        print(f"broken: {result.first_broken.describe()}")
        return 1
    head = result.global_head or {}
    print(
        f"intact: {result.events} events of {result.candidates} candidates;"
        f" global head {head.get('global_seq')} {head.get('global_hash')}"
    )
    return 0
