"""Judging hash chains event by event, oldest first: the one judge behind the verifier and the
offline check of an exported file.

Events may come with gaps (a filtered export): links are checked wherever two neighbours are both
present, and a gap becomes a break only where the whole chain was promised, which `end` learns
from the chain's head.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from service.app.audit.hashes import GENESIS, event_hash, global_hash


@dataclass(frozen=True, slots=True)
class Break:
    """Where a chain is broken: `reason` is a stable code, `detail` says it in a sentence."""

    reason: str
    detail: str
    candidate_id: int | None = None
    seq: int | None = None
    global_seq: int | None = None


@dataclass(slots=True)
class _Link:
    """The last number and hash seen of one chain, how many were seen, and the first gap."""

    number: int
    hash: str
    count: int = 1
    first_gap: int | None = None


def _follow(link: _Link | None, number: int, hash_hex: str) -> tuple[_Link, bool | None]:
    """Advance a chain to `number`; the flag says whether the event must link to the hash before
    it (True), comes first or after a gap (False), or lies out of order (None, not advanced)."""
    if link is None:
        return _Link(number, hash_hex, first_gap=1 if number > 1 else None), False
    if number <= link.number:
        return link, None
    adjacent = number == link.number + 1
    if not adjacent and link.first_gap is None:
        link.first_gap = link.number + 1
    link.number, link.hash, link.count = number, hash_hex, link.count + 1
    return link, adjacent


class CandidateChains:
    """Every candidate's chain: seq 1, 2, … each event's prev_hash the hash of the one before."""

    def __init__(self) -> None:
        self._links: dict[int, _Link] = {}

    def event(self, content: Mapping[str, Any]) -> Break | None:
        """One event in its exported form (with `hash`), after the earlier ones of its chain."""
        seq, hash_hex, prev_hash = content["seq"], content["hash"], content["prev_hash"]
        if event_hash(content) != hash_hex:
            return _at(content, "hash_mismatch", "the event's content does not hash to its hash")
        if seq == 1 and prev_hash != GENESIS:
            return _at(content, "prev_hash_mismatch", "a first event must follow the genesis hash")
        candidate_id = content["candidate_id"]
        previous = self._links.get(candidate_id)
        previous_hash = previous.hash if previous is not None else None
        link, must_link = _follow(previous, seq, hash_hex)
        if must_link is None:
            return _at(content, "out_of_order", f"seq {seq} comes after seq {link.number}")
        self._links[candidate_id] = link
        if must_link and prev_hash != previous_hash:
            return _at(
                content, "prev_hash_mismatch", "prev_hash is not the hash of the event before it"
            )
        return None

    def candidates(self) -> list[int]:
        """The candidates seen and not yet ended, by id."""
        return sorted(self._links)

    def end(
        self, candidate_id: int, *, last_seq: int, chain_head: str, count: int | None = None
    ) -> Break | None:
        """Compare what was seen of a candidate with its head (`last_seq`, `chain_head`), and
        forget the candidate.

        `count` None promises the whole chain; otherwise `count` events were promised, and the
        chain is whole exactly when `count == last_seq`.
        """
        link = self._links.pop(candidate_id, None)
        seen = link.count if link is not None else 0
        where = {"candidate_id": candidate_id}
        if link is not None and link.number > last_seq:
            detail = f"seq {link.number} lies past the head (seq {last_seq})"
            return Break("head_mismatch", detail, seq=link.number, **where)
        if link is not None and link.number == last_seq and link.hash != chain_head:
            detail = "the last event is not the chain's head"
            return Break("head_mismatch", detail, seq=last_seq, **where)
        missing = _first_missing(link, last_seq) if count in (None, last_seq) else None
        if missing is not None:
            return Break("seq_missing", f"seq {missing} is missing", seq=missing, **where)
        if count is not None and seen != count:
            detail = f"{seen} of the {count} events promised are here"
            return Break("count_mismatch", detail, **where)
        return None


class GlobalChain:
    """The chain over every event: global_seq 1, 2, …, each linking the event's own hash."""

    def __init__(self, *, noted: tuple[int, str] | None = None) -> None:
        self._link: _Link | None = None
        self._noted = noted
        self._noted_seen = False

    def event(
        self,
        *,
        global_seq: int,
        hash_hex: str,
        global_prev_hash: str,
        global_hash_hex: str,
        candidate_id: int | None = None,
        seq: int | None = None,
    ) -> Break | None:
        where = candidate_id, seq, global_seq
        recomputed = global_hash(
            global_prev_hash=global_prev_hash, global_seq=global_seq, event_hash_hex=hash_hex
        )
        if recomputed != global_hash_hex:
            return Break("global_hash_mismatch", "the global hash does not recompute", *where)
        if global_seq == 1 and global_prev_hash != GENESIS:
            return Break("global_link_mismatch", "the first event must follow genesis", *where)
        previous_hash = self._link.hash if self._link is not None else None
        link, must_link = _follow(self._link, global_seq, global_hash_hex)
        if must_link is None:
            return Break(
                "out_of_order", f"global_seq {global_seq} comes after {link.number}", *where
            )
        self._link = link
        if self._noted is not None and global_seq == self._noted[0]:
            self._noted_seen = True
            if global_hash_hex != self._noted[1]:
                return Break(
                    "noted_head_mismatch",
                    "the chain no longer passes through the noted head",
                    *where,
                )
        if must_link and global_prev_hash != previous_hash:
            return Break(
                "global_link_mismatch",
                "global_prev_hash is not the global hash of the event before it",
                *where,
            )
        return None

    def events(self, rows: Iterable[Sequence[Any]]) -> Break | None:
        """`event` for each (global_seq, hash, global_prev_hash, global_hash, candidate_id,
        seq) in global order; the first break. An event that plainly follows the one before
        (next number, linked, hash recomputes, not the noted head) is judged here without the
        bookkeeping `event` does for the others."""
        first = None
        noted_seq = self._noted[0] if self._noted is not None else None
        for global_seq, hash_hex, global_prev_hash, global_hash_hex, candidate_id, seq in rows:
            link = self._link
            if (
                link is not None
                and global_seq == link.number + 1
                and global_prev_hash == link.hash
                and global_seq != noted_seq
                and global_hash(
                    global_prev_hash=global_prev_hash,
                    global_seq=global_seq,
                    event_hash_hex=hash_hex,
                )
                == global_hash_hex
            ):
                link.number, link.hash, link.count = global_seq, global_hash_hex, link.count + 1
                continue
            fault = self.event(
                global_seq=global_seq,
                hash_hex=hash_hex,
                global_prev_hash=global_prev_hash,
                global_hash_hex=global_hash_hex,
                candidate_id=candidate_id,
                seq=seq,
            )
            first = first or fault
        return first

    def end(self, *, head_seq: int, head_hash: str, complete: bool) -> Break | None:
        """Compare what was seen with the head; `complete` promises every event up to it."""
        link = self._link
        if link is not None and link.number > head_seq:
            return Break(
                "head_mismatch",
                f"global_seq {link.number} lies past the head ({head_seq})",
                global_seq=link.number,
            )
        if link is not None and link.number == head_seq and link.hash != head_hash:
            return Break(
                "head_mismatch", "the last event is not the global head", global_seq=head_seq
            )
        if self._noted is not None and not self._noted_seen:
            return Break(
                "noted_head_mismatch",
                "the noted head is not in the chain",
                global_seq=self._noted[0],
            )
        missing = _first_missing(link, head_seq) if complete else None
        if missing is not None:
            return Break(
                "global_seq_missing", f"global_seq {missing} is missing", global_seq=missing
            )
        return None


def _at(content: Mapping[str, Any], reason: str, detail: str) -> Break:
    """A break at the event `content`."""
    where = content["candidate_id"], content["seq"], content.get("global_seq")
    return Break(reason, detail, *where)


def _first_missing(link: _Link | None, last: int) -> int | None:
    if link is None:
        return 1 if last > 0 else None
    if link.first_gap is not None:
        return link.first_gap
    return link.number + 1 if link.number < last else None
