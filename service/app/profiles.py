"""Rule profiles read from their TOML files (the built-in ones shipped in the package, a
deployment's own by path), `extends` resolved, and the schedule of the profiles in force: which
one decides an act on a given date."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from service.workflow.profile_data import (
    ProfileInvalid,
    ProfileProblem,
    check_mapping,
    merge,
    profile_from_mapping,
)
from service.workflow.profiles import RuleProfile

BUILT_IN = ("national-2014", "county-seed")


def _is_path(ref: str) -> bool:
    return ref.endswith(".toml") or "/" in ref


def _locate(ref: str, *, relative_to: Path | None) -> tuple[str, Any]:
    """(the reference as errors name it, something with read_text): a built-in by name, or a
    path (relative to the file that extends it)."""
    if not _is_path(ref):
        if ref not in BUILT_IN:
            known = ", ".join(BUILT_IN)
            raise ProfileInvalid(
                [ProfileProblem(ref, "extends", f"no built-in profile {ref!r}; known: {known}")]
            )
        return ref, resources.files("service.workflow") / "rule_profiles" / f"{ref}.toml"
    path = Path(ref)
    if relative_to is not None and not path.is_absolute():
        path = relative_to / path
    return str(path.resolve()), path


def _read(source: str, file: Any) -> dict[str, Any]:
    try:
        data: dict[str, Any] = tomllib.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileInvalid([ProfileProblem(source, "(file)", exc.strerror or str(exc))]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ProfileInvalid([ProfileProblem(source, "(file)", f"not TOML: {exc}")]) from exc
    return data


def _merged(
    ref: str, *, relative_to: Path | None, chain: tuple[str, ...]
) -> tuple[str, dict[str, Any], list[ProfileProblem]]:
    """(source, the mapping with every parent merged in, every problem of every file)."""
    source, file = _locate(ref, relative_to=relative_to)
    if source in chain:
        cycle = " → ".join((*chain, source))
        return source, {}, [ProfileProblem(chain[-1], "extends", f"cycle: {cycle}")]
    data = _read(source, file)
    problems = check_mapping(data, source=source)
    parent_ref = data.get("extends")
    if not isinstance(parent_ref, str) or not parent_ref.strip():
        return source, data, problems
    here = Path(source).parent if _is_path(ref) else None
    try:
        _, parent, inherited = _merged(parent_ref, relative_to=here, chain=(*chain, source))
    except ProfileInvalid as exc:
        return source, data, [*problems, *exc.problems]
    return source, merge(parent, data), [*problems, *inherited]


def load_profile(ref: str) -> RuleProfile:
    """The profile `ref` names (a built-in name or a file's path), resolved; ProfileInvalid lists
    every problem of the file and of those it extends."""
    source, data, problems = _merged(ref, relative_to=None, chain=())
    if problems:
        raise ProfileInvalid(problems)
    return profile_from_mapping(data, source=source)


def profile_problems(ref: str) -> list[ProfileProblem]:
    """Every problem `load_profile(ref)` would refuse with (none: it loads)."""
    try:
        load_profile(ref)
    except ProfileInvalid as exc:
        return list(exc.problems)
    return []


@dataclass(frozen=True, slots=True)
class InForce:
    """One entry of the schedule: `profile` decides acts dated from `since` (None: always)."""

    since: date | None
    reference: str
    profile: RuleProfile


def parse_schedule(text: str) -> list[tuple[date | None, str]]:
    """`national-2014,my-2026.toml@2026-06-01`: the first entry has no date, the others' dates
    increase."""
    entries: list[tuple[date | None, str]] = []
    for position, item in enumerate(part.strip() for part in text.split(",")):
        ref, _, since_text = item.partition("@")
        if not ref:
            raise ValueError(f"RECRUITFLOW_RULE_PROFILES: entry {position + 1} names no profile")
        if position == 0:
            if since_text:
                raise ValueError("RECRUITFLOW_RULE_PROFILES: the first profile takes no date")
            entries.append((None, ref))
            continue
        try:
            since = date.fromisoformat(since_text)
        except ValueError:
            raise ValueError(
                f"RECRUITFLOW_RULE_PROFILES: {item!r} needs a date, as {ref}@YYYY-MM-DD"
            ) from None
        previous = entries[-1][0]
        if previous is not None and since <= previous:
            raise ValueError(f"RECRUITFLOW_RULE_PROFILES: {since} does not follow {previous}")
        entries.append((since, ref))
    return entries


def in_force(schedule: tuple[InForce, ...], day: date) -> InForce:
    """The entry deciding acts dated `day`: the last one whose date is not after it."""
    chosen = schedule[0]
    for entry in schedule[1:]:
        if entry.since is not None and entry.since <= day:
            chosen = entry
    return chosen
