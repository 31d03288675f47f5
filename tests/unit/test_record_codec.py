"""A candidate's record as JSON data and back."""

from __future__ import annotations

import json
from datetime import date

from service.workflow import Person, Record, coerce
from tests.support.journey import Journey, to_full_member


def test_a_full_journey_record_round_trips_through_json() -> None:
    record = to_full_member(Journey.start()).record

    data = json.loads(json.dumps(record.to_data(), ensure_ascii=False))

    assert Record.from_data(data) == record


def test_a_record_with_objections_and_transfers_round_trips() -> None:
    j = Journey.start()
    j.act("record_talk", date(2023, 3, 20), talker={"name": "王书记"}, summary="谈话")
    j.act("transfer", date(2023, 3, 21), to_branch_id=2, reason="工作调动")
    j.act(
        "record_recommendation_vote",
        date(2023, 4, 10),
        method="secret_ballot",
        party_members=12,
        mass_representatives=8,
        ballots_cast=20,
        votes_for=15,
    )
    j.act(
        "open_publicity",
        date(2023, 4, 11),
        starts_on=date(2023, 4, 11),
        channel="公告栏",
        content="公示",
    )
    j.act("file_objection", date(2023, 4, 12), received_on=date(2023, 4, 12), summary="异议")
    j.act("resolve_objection", date(2023, 4, 13), objection_id=1, finding="proceed", note="不属实")

    assert Record.from_data(j.record.to_data()) == j.record


def test_dates_become_iso_text() -> None:
    data = to_full_member(Journey.start()).record.to_data()

    assert data["application_date"] == "2023-03-01"
    assert data["full_member_since"] == "2025-06-05"
    assert data["talks"] == ["2023-03-20"]


def test_chinese_names_of_people_round_trip() -> None:
    record = to_full_member(Journey.start()).record
    data = record.to_data()

    assert data["sponsors"] == [
        {"name": "李四", "member_id": "M001"},
        {"name": "孙七", "member_id": "M003"},
    ]
    assert Record.from_data(json.loads(json.dumps(data, ensure_ascii=False))).sponsors == (
        Person("李四", "M001"),
        Person("孙七", "M003"),
    )


def test_fields_a_newer_record_added_are_ignored() -> None:
    record = Journey.start().record

    assert Record.from_data({**record.to_data(), "added_later": 1}) == record


def test_people_in_evidence_become_persons_identified_by_member_id_or_name() -> None:
    evidence = coerce(
        "set_sponsors", {"sponsors": [{"name": "欧阳明"}, {"name": "张三", "member_id": "M7"}]}
    )

    assert [person.identity for person in evidence["sponsors"]] == ["name:欧阳明", "id:M7"]
