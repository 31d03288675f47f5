"""The acts' fast lane (service.api.fastlane) answers exactly as the framework's route does.

Two apps, each on a database of its own built by the same requests under the same fixed
clock, one with the lane and one without, receive the same requests: a candidate's whole
journey with malformed, unauthorised, stale, refused and keyed acts in between. Every
answer must be byte for byte the same (status, headers but the request id, body, hashes
included), and the lane must have served exactly the requests it is meant to serve.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import orjson
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from service.adapters.clock import FixedClock
from service.adapters.database import make_engine
from service.api import fastlane
from service.main import create_app
from service.settings import Settings
from tests.support.databases import migrated_database
from tests.support.factories import ADMIN_TOKEN
from tests.support.http_journey import APPLICATION, LAST_DAY, REVIEWER, SECRETARY, STEPS, people


@pytest.fixture
def twin_database_url(
    engine_kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[str]:
    """A second migrated database, for the app without the lane."""
    yield from migrated_database(engine_kind, request, tmp_path / "twin.db")


@dataclass
class Side:
    """One app, the candidate it follows and its principals' headers."""

    client: TestClient
    candidate_id: int
    headers: dict[str, dict[str, str]]


@dataclass(frozen=True)
class Probe:
    """One request, described for either side: `who` names the principal (or a literal
    Authorization value after "raw:"), `path_id` replaces the candidate id in the path."""

    trigger: str
    body: bytes
    lane: bool  # whether the lane is meant to serve it
    who: str | None = SECRETARY
    path_id: str | None = None
    extra: tuple[tuple[str, str], ...] = ()
    content_type: str | None = "application/json"

    def send(self, side: Side) -> Any:
        headers = dict(self.extra)
        if self.content_type is not None:
            headers["Content-Type"] = self.content_type
        if self.who is not None and self.who.startswith("raw:"):
            headers["Authorization"] = self.who.removeprefix("raw:")
        elif self.who is not None:
            headers.update(side.headers[self.who])
        path_id = self.path_id if self.path_id is not None else str(side.candidate_id)
        return side.client.post(
            f"/api/v1/candidates/{path_id}/transitions/{self.trigger}",
            content=self.body,
            headers=headers,
        )


def _body(on: str, evidence: dict[str, Any]) -> bytes:
    return orjson.dumps({"effective_date": on, **evidence})


TALK = {"talker": {"name": "王书记"}, "summary": "了解入党动机，谈话融洽"}


def _probes() -> list[Probe]:
    """Requests sent while the candidate is an applicant; none moves it on."""
    talk = _body("2023-03-20", TALK)
    return [
        # Served by the lane.
        Probe("record_talk", talk, lane=True),
        Probe("record_talk", talk, lane=True, content_type="application/json; charset=utf-8"),
        Probe("record_talk", talk, lane=True, extra=(("If-Match", "*"),)),
        Probe("record_talk", talk, lane=True, extra=(("If-Match", '"999"'),)),  # stale: 412
        # Not the reviewer's act: 403. The reviewer's token is new to the app the first time
        # (the route looks it up in the database), cached the second.
        Probe("record_talk", talk, lane=False, who=REVIEWER),
        Probe("record_talk", talk, lane=True, who=REVIEWER),
        Probe("record_talk", talk, lane=True, path_id="987654"),  # no such candidate: 404
        # Refused, and the refusal written: 409 (not from this state; a vote short of majority).
        Probe(STEPS[2][0], _body(STEPS[2][2], STEPS[2][3]), lane=True),
        Probe(STEPS[1][0], _body(STEPS[1][2], {**STEPS[1][3], "votes_for": 6}), lane=True),
        Probe("record_talk", _body("2023-03-21", {**TALK, "summary": " 谈话：端正 "}), lane=True),
        # Left to the framework, which answers them as it always did.
        Probe("record_talk", _body("2023-03-20", {**TALK, "mood": "good"}), lane=False),  # 422
        Probe("record_talk", _body("2023-03-20", {"talker": {"name": "王书记"}}), lane=False),
        Probe("record_talk", _body("2023-13-40", TALK), lane=False),
        Probe("record_talk", b'{"effective_date": "2023-03-20",', lane=False),  # malformed
        Probe("record_talk", b"", lane=False),
        Probe("record_talk", b"[1, 2]", lane=False),
        Probe("record_talk", talk, lane=False, content_type="text/plain"),
        Probe("record_talk", talk, lane=False, content_type=None),
        Probe("record_talk", talk, lane=False, who=None),  # 401
        Probe("record_talk", talk, lane=False, who="raw:Basic d2FuZzpzZWNyZXQ="),
        Probe("record_talk", talk, lane=False, who="raw:Bearer not-a-token"),
        Probe("record_talk", talk, lane=False, extra=(("If-Match", "three"),)),
        Probe("record_talk", talk, lane=False, path_id="0"),
        Probe("record_talk", talk, lane=False, path_id="99999999999"),
        Probe("record_talk", talk, lane=False, path_id="abc"),
        Probe("record_talks", talk, lane=False),  # no such trigger: 404
        Probe("record_talk", talk, lane=False, extra=(("Idempotency-Key", "talk-1"),)),
        Probe("record_talk", talk, lane=False, extra=(("Idempotency-Key", "talk-1"),)),  # replay
    ]


@pytest.fixture
def sides(database_url: str, twin_database_url: str) -> Iterator[tuple[Side, Side]]:
    opened = []
    for url, lane in ((database_url, True), (twin_database_url, False)):
        settings = Settings(database_url=url, admin_token=SecretStr(ADMIN_TOKEN))
        engine = make_engine(url)
        clock = FixedClock.on(date.fromisoformat(LAST_DAY))
        app = create_app(settings, clock=clock, engine=engine, fast_lane=lane)
        client = TestClient(app).__enter__()
        branch_id, headers = people(client, ADMIN_TOKEN)
        created = client.post(
            "/api/v1/candidates",
            json={"branch_id": branch_id, **APPLICATION},
            headers=headers[SECRETARY],
        )
        assert created.status_code == 201, created.text
        opened.append((client, engine, Side(client, created.json()["id"], headers)))
    yield opened[0][2], opened[1][2]
    for client, engine, _ in opened:
        client.__exit__(None, None, None)
        engine.dispose()


def _answer(response: Any) -> tuple[int, dict[str, str], bytes]:
    headers = {k: v for k, v in response.headers.items() if k.lower() != "x-request-id"}
    return response.status_code, headers, response.content


def test_the_lane_answers_every_act_as_the_route_does(
    sides: tuple[Side, Side], monkeypatch: pytest.MonkeyPatch
) -> None:
    with_lane, without = sides
    assert with_lane.candidate_id == without.candidate_id
    served: list[str] = []
    act_response = fastlane.act_response

    async def counted(*args: Any) -> Any:
        served.append(args[3])
        return await act_response(*args)

    monkeypatch.setattr(fastlane, "act_response", counted)

    statuses: set[int] = set()
    probes = _probes()
    etag = with_lane.client.get(
        f"/api/v1/candidates/{with_lane.candidate_id}", headers=with_lane.headers[SECRETARY]
    ).headers["ETag"]
    probes.append(Probe("record_talk", probes[0].body, lane=True, extra=(("If-Match", etag),)))
    for probe in probes:
        before = len(served)
        lane_answer, route_answer = _answer(probe.send(with_lane)), _answer(probe.send(without))
        assert lane_answer == route_answer, probe
        assert (len(served) - before == 1) is probe.lane, probe
        statuses.add(lane_answer[0])
    # The probes met every kind of answer an act can give.
    assert {200, 401, 403, 404, 409, 412, 422} <= statuses, statuses

    for trigger, who, on, evidence, state in STEPS[1:]:
        probe = Probe(trigger, _body(on, evidence), lane=True, who=who)
        lane_answer, route_answer = _answer(probe.send(with_lane)), _answer(probe.send(without))
        assert lane_answer == route_answer, trigger
        assert lane_answer[0] == 200, lane_answer
        assert orjson.loads(lane_answer[2])["candidate"]["state"] == state

    # The whole history, refusals and hashes included, is the same on both sides.
    histories = [
        side.client.get(
            f"/api/v1/candidates/{side.candidate_id}/history?limit=1000",
            headers=side.headers[SECRETARY],
        )
        for side in sides
    ]
    assert histories[0].status_code == 200
    assert histories[0].content == histories[1].content
    assert served.count("record_talk") == sum(p.lane for p in probes) - 2
    assert len(served) == sum(p.lane for p in probes) + len(STEPS) - 1
