"""The `recruitflow profile` commands: check a profile file, show a profile resolved with its
definition hash, and the settings in which two profiles differ. No database, no server."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from service.app.profiles import BUILT_IN, load_profile, profile_problems
from service.workflow import RuleProfile, definition_hash
from service.workflow.profile_data import ProfileInvalid


def add_profile_commands(commands: Any) -> None:
    """Register `profile check FILE`, `profile show NAME|FILE`, `profile diff A B`."""
    profile = commands.add_parser("profile", help="check, show and compare rule profiles")
    actions = profile.add_subparsers(required=True, metavar="ACTION")
    check = actions.add_parser(
        "check", help="load a profile file: exit 0, or 1 with every problem (file: key: reason)"
    )
    check.add_argument("file", type=Path)
    check.set_defaults(command=_check)
    show = actions.add_parser("show", help="print a profile resolved (extends applied), with hash")
    show.add_argument("profile", metavar="NAME|FILE")
    show.set_defaults(command=_show)
    diff = actions.add_parser(
        "diff", help="print each setting that differs, old → new: exit 0 same, 1 different"
    )
    diff.add_argument("old", metavar="A")
    diff.add_argument("new", metavar="B")
    diff.set_defaults(command=_diff)


def _reference(text: str) -> str:
    # A built-in by its name; anything else is a file (a bare file name too).
    return text if text in BUILT_IN else str(Path(text).resolve())


def _load(text: str) -> RuleProfile | None:
    try:
        return load_profile(_reference(text))
    except ProfileInvalid as invalid:
        for problem in invalid.problems:
            print(problem, file=sys.stderr)
        return None


def _check(args: argparse.Namespace) -> int:
    path: Path = args.file
    problems = profile_problems(str(path.resolve()))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    profile = load_profile(str(path.resolve()))
    print(f"ok: {profile.name} ({definition_hash(profile)})")
    return 0


def _show(args: argparse.Namespace) -> int:
    profile = _load(args.profile)
    if profile is None:
        return 2
    shown = {"hash": definition_hash(profile), "profile": profile.as_dict()}
    print(json.dumps(shown, ensure_ascii=False, indent=2))
    return 0


def settings_of(profile: RuleProfile) -> dict[str, Any]:
    """Every setting as one flat key (`rules.<id>.citation`), for comparing two profiles."""
    data = profile.as_dict()
    rules: dict[str, dict[str, str]] = data.pop("rules")
    for rule_id, override in rules.items():
        for name, value in override.items():
            data[f"rules.{rule_id}.{name}"] = value
    return data


def _diff(args: argparse.Namespace) -> int:
    old, new = _load(args.old), _load(args.new)
    if old is None or new is None:
        return 2
    before, after = settings_of(old), settings_of(new)
    changed = [key for key in {**before, **after} if before.get(key) != after.get(key)]
    for key in changed:
        print(f"{key}: {_text(before.get(key))} → {_text(after.get(key))}")
    return 1 if changed else 0


def _text(value: Any) -> str:
    return "(unset)" if value is None else json.dumps(value, ensure_ascii=False)
