"""Micro-benchmark: one workflow decision (guards + Machine + fold), pure, no database.

Records are built by deciding the scenario's journeys (bench/scenario.py); each case is then
timed in a perf_counter loop, and the median of the repeats is reported, with the record's
JSON decode/encode (what the shell adds around every decision) timed alongside.

    .venv/bin/python -m bench.micro_decide [--repeats 7] [--loops 2000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

import orjson

from bench.run import RESULTS, say
from bench.scenario import ACTIVIST_SINCE, TO_AWAITING_APPROVAL, Step
from service.workflow import (
    INITIAL_STATE,
    Record,
    RulesNotMet,
    Situation,
    WorkingCalendar,
    coerce,
    decide,
    get_profile,
)

TODAY = date(2026, 6, 1)
PROFILE = get_profile("national-2014")
CALENDAR = WorkingCalendar()


def situation(
    state: str, record: Record, trigger: str, on: str, evidence: dict[str, Any]
) -> Situation:
    return Situation(
        state=state,
        trigger=trigger,
        record=record,
        effective_date=date.fromisoformat(on),
        today=TODAY,
        profile=PROFILE,
        calendar=CALENDAR,
        evidence=coerce(trigger, evidence),
    )


def journey(steps: list[Step], *, until: str | None = None) -> tuple[str, Record]:
    """The state and record after deciding `steps` (up to the first that reaches `until`)."""
    state = INITIAL_STATE
    record = Record.opened(
        application_date=date(2023, 3, 1), birth_date=date(1995, 5, 20), branch_id=1
    )
    for trigger, _who, on, evidence in steps:
        decision = decide(situation(state, record, trigger, on, evidence))
        state, record = decision.destination, decision.record
        if state == until:
            break
    return state, record


def timed(call: Callable[[], object], *, repeats: int, loops: int) -> dict[str, float]:
    for _ in range(loops // 10):
        call()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(loops):
            call()
        samples.append((time.perf_counter() - started) / loops * 1e6)
    return {"median_us": statistics.median(samples), "min_us": min(samples), "max_us": max(samples)}


def _refused(s: Situation) -> Callable[[], object]:
    def call() -> object:
        try:
            return decide(s)
        except RulesNotMet as refusal:
            return refusal

    return call


def cases() -> dict[str, Callable[[], object]]:
    activist_state, activist = journey(TO_AWAITING_APPROVAL, until="activist")
    assert activist_state == "activist"
    assert activist.activist_since == date.fromisoformat(ACTIVIST_SINCE)
    awaiting_state, awaiting = journey(
        [
            *TO_AWAITING_APPROVAL,
            (
                "record_committee_interview",
                "reviewer",
                "2024-06-20",
                {
                    "interviewer": {"name": "陈审查"},
                    "motive": "sound",
                    "law_compliance": "compliant",
                    "notes": "端正",
                },
            ),
        ]
    )
    assert awaiting_state == "awaiting_approval"
    assessment = situation(
        activist_state,
        activist,
        "record_assessment",
        "2023-05-15",
        {"period": "2023H1", "summary": "表现良好"},
    )
    approval = situation(
        awaiting_state, awaiting, "approve_admission", "2024-07-01", {"decided_on": "2024-07-01"}
    )
    too_early = situation(
        activist_state,
        activist,
        "designate_development_target",
        "2023-06-01",
        {"decided_on": "2023-06-01"},
    )
    assert decide(approval).destination == "probationary_member"
    text = orjson.dumps(awaiting.to_data())
    evidence = {
        "interviewer": {"name": "陈审查"},
        "motive": "sound",
        "law_compliance": "compliant",
        "notes": "端正",
    }
    return {
        "decide: record_assessment (activist)": lambda: decide(assessment),
        "decide: approve_admission (all six_no rules)": lambda: decide(approval),
        "decide: refusal (designate too early)": _refused(too_early),
        "record JSON → Record (awaiting_approval)": lambda: Record.from_data(orjson.loads(text)),
        "Record → JSON (awaiting_approval)": lambda: orjson.dumps(awaiting.to_data()),
        "coerce evidence (interview)": lambda: coerce("record_committee_interview", evidence),
        "Situation rebuilt (replace)": lambda: replace(approval, trigger="approve_admission"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.micro_decide", description=__doc__)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--loops", type=int, default=2000)
    args = parser.parse_args(argv)
    results = {
        name: timed(call, repeats=args.repeats, loops=args.loops) for name, call in cases().items()
    }
    say("| case | median µs | min µs |\n|---|---|---|")
    for name, figures in results.items():
        say(f"| {name} | {figures['median_us']:.1f} | {figures['min_us']:.1f} |")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "micro-decide.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
