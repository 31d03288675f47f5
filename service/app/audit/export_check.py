"""The offline check of an exported file (JSON lines or CSV): no database, no server, one pass.

Every event must recompute to its hash and link to its neighbours present in the file; the
final line's heads say which chains are whole (every event present) and the digest covers every
byte, so an edited, dropped, added or reordered line is found and named by its line number.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from service.app.audit.chains import Break, CandidateChains, GlobalChain
from service.app.audit.formats import (
    CSV_BOM,
    CSV_HEADS_MARK,
    NotInExportForm,
    content_of_csv_row,
    content_of_json_line,
    csv_header,
    csv_row,
)
from service.app.audit.hashes import canonical

_CSV_START = re.compile(rb"(\d{1,18}),(\d{1,18}),")
_NUMBER_AFTER = {
    "candidate_id": re.compile(rb'"candidate_id":(\d{1,18})'),
    "seq": re.compile(rb'"seq":(\d{1,18})'),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """The first break of a file and the line it was found on (the final line for the heads)."""

    line: int
    fault: Break

    def describe(self) -> str:
        parts = [f"line {self.line}"]
        if self.fault.candidate_id is not None:
            parts.append(f"candidate {self.fault.candidate_id}")
        if self.fault.seq is not None:
            parts.append(f"seq {self.fault.seq}")
        if self.fault.global_seq is not None:
            parts.append(f"global_seq {self.fault.global_seq}")
        return f"{', '.join(parts)}: {self.fault.reason}: {self.fault.detail}"


@dataclass(frozen=True, slots=True)
class ExportCheck:
    events: int
    candidates: int
    global_head: dict[str, Any] | None
    first_broken: Finding | None

    @property
    def ok(self) -> bool:
        return self.first_broken is None


@dataclass(frozen=True, slots=True)
class _Record:
    """One event or the final line: its first line number, raw bytes and (CSV) cells."""

    line: int
    raw: bytes
    cells: list[str] | None = None


def check_export(path: Path) -> ExportCheck:
    with path.open("rb") as stream:
        return check_stream(stream)


def check_stream(stream: Iterable[bytes]) -> ExportCheck:
    """Check the lines of an export (a binary file, or any iterable of its lines)."""
    lines = iter(stream)
    first = next(lines, b"")
    digest = hashlib.sha256()
    is_csv = first.startswith(CSV_BOM.encode("utf-8"))
    rejoined = itertools.chain([first] if first else [], lines)
    records = _csv_records(rejoined, digest) if is_csv else _json_records(rejoined)
    return _judge(records, digest, is_csv=is_csv)


def _json_records(stream: Iterable[bytes]) -> Iterator[_Record | Finding]:
    for number, raw in enumerate(stream, start=1):
        yield _Record(number, raw)


def _csv_records(stream: Iterable[bytes], digest: Any) -> Iterator[_Record | Finding]:
    """Rows with the raw bytes they were read from (a quoted cell may span lines)."""
    consumed: list[bytes] = []
    line = 0

    def lines() -> Iterator[str]:
        nonlocal line
        for raw in stream:
            line += 1
            consumed.append(raw)
            try:
                yield raw.decode("utf-8").removeprefix(CSV_BOM if line == 1 else "")
            except UnicodeDecodeError:
                yield "\ufffd"  # the row fails its round trip below and is named

    try:
        for cells in csv.reader(lines(), strict=True):
            raw, start = b"".join(consumed), line - len(consumed) + 1
            consumed.clear()
            if start == 1:
                if raw.decode("utf-8", "replace") != csv_header():
                    yield Finding(1, Break("not_in_export_form", "the header is not the export's"))
                    return
                digest.update(raw)
                continue
            yield _Record(start, raw, cells)
    except csv.Error as error:
        start = line - len(consumed) + 1
        named = _CSV_START.match(consumed[0] if consumed else b"")
        where = {"candidate_id": int(named[1]), "seq": int(named[2])} if named else {}
        yield Finding(start, Break("not_in_export_form", f"not CSV: {error}", **where))


def _judge(records: Iterator[_Record | Finding], digest: Any, *, is_csv: bool) -> ExportCheck:
    chains, global_chain = CandidateChains(), GlobalChain()
    previous: _Record | None = None
    events = 0
    for record in records:
        if isinstance(record, Finding):
            return ExportCheck(events, len(chains.candidates()), None, record)
        if previous is not None:
            events += 1
            digest.update(previous.raw)
            finding = _event(previous, chains, global_chain, is_csv=is_csv)
            if finding is not None:
                return ExportCheck(events, len(chains.candidates()), None, finding)
        previous = record
    candidates = len(chains.candidates())
    if previous is None:
        empty = Break("not_in_export_form", "the file holds no final line with the chain heads")
        return ExportCheck(0, 0, None, Finding(1, empty))
    try:
        heads = _heads(previous, is_csv=is_csv)
    except NotInExportForm as error:
        unreadable = Break("heads_not_in_export_form", f"the final line: {error}")
        return ExportCheck(events, candidates, None, Finding(previous.line, unreadable))
    fault = _ends(heads, chains, global_chain, events=events)
    if fault is None:
        stored = heads.pop("sha256")
        digest.update(canonical(heads))
        if digest.hexdigest() != stored:
            fault = Break("digest_mismatch", "the file's digest does not match its final line")
    found = Finding(previous.line, fault) if fault is not None else None
    return ExportCheck(events, candidates, heads.get("global_head"), found)


def _event(
    record: _Record, chains: CandidateChains, global_chain: GlobalChain, *, is_csv: bool
) -> Finding | None:
    try:
        if is_csv:
            assert record.cells is not None
            content = content_of_csv_row(record.cells, record.raw.decode("utf-8"))
        else:
            content = content_of_json_line(record.raw)
    except (NotInExportForm, UnicodeDecodeError) as error:
        return Finding(record.line, Break("not_in_export_form", str(error), **_guess(record)))
    fault = chains.event(content) or global_chain.event(
        global_seq=content["global_seq"],
        hash_hex=content["hash"],
        global_prev_hash=content["global_prev_hash"],
        global_hash_hex=content["global_hash"],
        candidate_id=content["candidate_id"],
        seq=content["seq"],
    )
    return Finding(record.line, fault) if fault is not None else None


def _guess(record: _Record) -> dict[str, int | None]:
    """The candidate and seq an unreadable line seems to name, to point a reader at it."""
    if record.cells is not None:
        numbers = [int(cell) if cell.isdigit() else None for cell in record.cells[:2]]
        return dict(zip(("candidate_id", "seq"), [*numbers, None, None][:2], strict=True))
    guessed: dict[str, int | None] = {}
    for key, pattern in _NUMBER_AFTER.items():
        found = pattern.search(record.raw)
        guessed[key] = int(found.group(1)) if found else None
    return guessed


def _heads(record: _Record, *, is_csv: bool) -> dict[str, Any]:
    if is_csv:
        cells = record.cells or []
        if len(cells) != 2 or cells[0] != CSV_HEADS_MARK or csv_row(cells).encode() != record.raw:
            raise NotInExportForm("not the chain heads row")
        raw = cells[1].encode("utf-8") + b"\n"
    else:
        raw = record.raw
    try:
        heads = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise NotInExportForm("not valid JSON") from error
    if not isinstance(heads, dict) or canonical(heads) + b"\n" != raw:
        raise NotInExportForm("not in the canonical form the service writes")
    if not _shaped_as_heads(heads):
        raise NotInExportForm("not the chain heads")
    return heads


def _shaped_as_heads(heads: dict[str, Any]) -> bool:
    global_head = heads.get("global_head")
    candidate_heads = heads.get("candidate_heads")
    return (
        isinstance(heads.get("sha256"), str)
        and isinstance(heads.get("events"), int)
        and isinstance(global_head, dict)
        and isinstance(global_head.get("global_seq"), int)
        and isinstance(global_head.get("global_hash"), str)
        and isinstance(candidate_heads, list)
        and all(
            isinstance(head, list)
            and len(head) == 4
            and all(isinstance(head[i], int) for i in (0, 1, 3))
            and isinstance(head[2], str)
            for head in candidate_heads
        )
    )


def _ends(
    heads: dict[str, Any], chains: CandidateChains, global_chain: GlobalChain, *, events: int
) -> Break | None:
    listed = set()
    for candidate_id, last_seq, chain_head, count in heads["candidate_heads"]:
        listed.add(candidate_id)
        fault = chains.end(candidate_id, last_seq=last_seq, chain_head=chain_head, count=count)
        if fault is not None:
            return fault
    unlisted = [c for c in chains.candidates() if c not in listed]
    if unlisted:
        return Break("count_mismatch", "no head for this candidate", candidate_id=unlisted[0])
    head = heads["global_head"]
    fault = global_chain.end(
        head_seq=head["global_seq"],
        head_hash=head["global_hash"],
        complete=heads["events"] == head["global_seq"],
    )
    if fault is None and heads["events"] != events:
        return Break("count_mismatch", f"{events} events of the {heads['events']} promised")
    return fault
