"""The chain judge on hand-made chains: links, gaps where a whole chain was promised, heads."""

from __future__ import annotations

from typing import Any

import pytest

from service.app.audit.chains import Break, CandidateChains, GlobalChain
from service.app.audit.hashes import GENESIS, event_hash, global_hash


def chain(length: int, *, candidate_id: int = 7) -> list[dict[str, Any]]:
    events, previous = [], GENESIS
    for seq in range(1, length + 1):
        event: dict[str, Any] = {
            "candidate_id": candidate_id,
            "seq": seq,
            "trigger": "record_talk",
            "from_state": "applicant",
            "to_state": "applicant",
            "outcome": "applied",
            "actor": {"id": 1, "name": "王书记", "role": "secretary"},
            "organization_id": 2,
            "effective_date": "2024-01-01",
            "recorded_at": "2024-01-01T00:00:00.000000Z",
            "evidence": {"summary": f"第{seq}次谈话"},
            "violations": [],
            "warnings": [],
            "notes": {},
            "rule_profile": "national-2014",
            "definition_hash": "d" * 64,
            "imported": False,
            "prev_hash": previous,
        }
        event["hash"] = previous = event_hash(event)
        events.append(event)
    return events


def judge(events: list[dict[str, Any]], *, last_seq: int, count: int | None = None) -> Break | None:
    chains = CandidateChains()
    for event in events:
        fault = chains.event(event)
        if fault is not None:
            return fault
    head = chain(last_seq)[-1]["hash"] if last_seq else GENESIS
    return chains.end(7, last_seq=last_seq, chain_head=head, count=count)


def test_a_whole_chain_passes() -> None:
    assert judge(chain(5), last_seq=5) is None


def test_a_gap_is_a_break_only_where_the_whole_chain_was_promised() -> None:
    events = chain(5)
    del events[2]
    assert judge(events, last_seq=5, count=4) is None
    fault = judge(events, last_seq=5)
    assert fault is not None
    assert (fault.reason, fault.seq) == ("seq_missing", 3)


def test_a_missing_tail_is_found_against_the_head() -> None:
    fault = judge(chain(5)[:4], last_seq=5)
    assert fault is not None
    assert (fault.reason, fault.seq) == ("seq_missing", 5)


def test_fewer_events_than_promised_are_a_count_mismatch() -> None:
    fault = judge(chain(5)[:3], last_seq=5, count=4)
    assert fault is not None
    assert fault.reason == "count_mismatch"


def test_an_event_whose_neighbour_does_not_link_is_named() -> None:
    events = chain(3)
    events[2]["prev_hash"] = "e" * 64
    events[2]["hash"] = event_hash(events[2])
    fault = judge(events, last_seq=3)
    assert fault is not None
    assert (fault.reason, fault.seq) == ("prev_hash_mismatch", 3)


def test_events_out_of_order_are_named() -> None:
    events = chain(3)
    fault = judge([events[0], events[2], events[1]], last_seq=3)
    assert fault is not None
    assert (fault.reason, fault.seq) == ("out_of_order", 2)


def global_chain(hashes: list[str]) -> list[dict[str, Any]]:
    links, previous = [], GENESIS
    for number, hash_hex in enumerate(hashes, start=1):
        linked = global_hash(global_prev_hash=previous, global_seq=number, event_hash_hex=hash_hex)
        links.append(
            {
                "global_seq": number,
                "hash_hex": hash_hex,
                "global_prev_hash": previous,
                "global_hash_hex": linked,
            }
        )
        previous = linked
    return links


@pytest.mark.parametrize(("noted_at", "passes"), [(2, True), (4, True), (5, False)])
def test_a_noted_head_must_lie_on_the_global_chain(noted_at: int, passes: bool) -> None:
    links = global_chain([f"{n:064x}" for n in range(4)])
    noted = (noted_at, links[min(noted_at, 4) - 1]["global_hash_hex"])
    judge_global = GlobalChain(noted=noted)
    faults = [judge_global.event(**link) for link in links]
    last = links[-1]
    faults.append(judge_global.end(head_seq=4, head_hash=last["global_hash_hex"], complete=True))
    assert (not any(faults)) is passes


def test_a_global_gap_is_a_break_only_in_a_complete_chain() -> None:
    links = global_chain([f"{n:064x}" for n in range(4)])
    for complete, expected in ((False, None), (True, 3)):
        judge_global = GlobalChain()
        assert not any(judge_global.event(**link) for link in links[:2] + links[3:])
        fault = judge_global.end(
            head_seq=4, head_hash=links[-1]["global_hash_hex"], complete=complete
        )
        assert (fault.global_seq if fault else None) == expected
