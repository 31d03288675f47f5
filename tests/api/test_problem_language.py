"""Problems speak the language Accept-Language asks for (Chinese unless English is preferred):
titles, details, refusals' messages and input errors naming each field by its label."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.api.errors import ERROR_TABLE
from service.api.problem import language_of
from service.workflow.words import PROBLEM_DETAILS, PROBLEMS
from tests.api.conftest import World

CANDIDATES = "/api/v1/candidates"
EN = {"Accept-Language": "en-US,en;q=0.9"}
_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
VOTE = {
    "effective_date": "2025-06-10",
    "method": "secret_ballot",
    "party_members": 12,
    "mass_representatives": 8,
    "ballots_cast": 20,
    "votes_for": 15,
}


def _act(candidate_id: int, trigger: str) -> str:
    return f"{CANDIDATES}/{candidate_id}/transitions/{trigger}"


def _messages(body: dict[str, Any]) -> list[str]:
    found = [body["title"], body["detail"]]
    found += [item["message"] for item in body.get("violations") or ()]
    return found + [item["message"] for item in body.get("errors") or ()]


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "zh"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en;q=0.5, zh-TW;q=0.6", "zh"),
        ("fr-FR, en;q=0.3", "en"),
        ("fr-FR", "zh"),
        ("*", "zh"),
        ("en;q=0", "zh"),
        ("en;q=oops", "zh"),
    ],
)
def test_accept_language_is_read_by_its_q_values(header: str | None, language: str) -> None:
    assert language_of(header) == language


def test_every_problem_type_has_a_title_and_a_detail_in_both_languages() -> None:
    for mapping in ERROR_TABLE.values():
        for problem in mapping.problems:
            assert _CJK.search(PROBLEMS[problem.slug].zh), problem.slug
            assert not _CJK.search(PROBLEMS[problem.slug].en), problem.slug
            if problem.slug not in ("rules-not-met", "transition-not-allowed"):
                assert _CJK.search(PROBLEM_DETAILS[problem.slug].zh), problem.slug


def test_a_gender_outside_the_choices_names_the_field_and_both_choices_labels(
    client: TestClient, world: World
) -> None:
    body = world.application(gender="男")

    chinese = client.post(CANDIDATES, json=body, headers=world.secretary)
    english = client.post(CANDIDATES, json=body, headers={**world.secretary, **EN})

    assert chinese.status_code == 422
    assert (chinese.headers["content-language"], english.headers["content-language"]) == (
        "zh-CN",
        "en",
    )
    assert chinese.headers["vary"] == "Accept-Language"
    assert chinese.json()["title"] == "填写的内容有误"
    assert chinese.json()["errors"] == [
        {
            "field": "body.gender",
            "loc": ["body", "gender"],
            "type": "literal_error",
            "message": "性别：须为 male（男）或 female（女）",
        }
    ]
    assert (
        english.json()["errors"][0]["message"] == "gender: must be male (male) or female (female)"
    )
    assert english.json()["title"] == "Invalid input"


def test_a_missing_field_names_its_label_and_keeps_loc_and_type(
    client: TestClient, world: World, candidate_id: int
) -> None:
    response = client.post(
        _act(candidate_id, "record_talk"),
        json={"effective_date": "2025-06-10", "summary": "了解入党动机"},
        headers=world.secretary,
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "body.talker",
            "loc": ["body", "talker"],
            "type": "missing",
            "message": "谈话人：必须填写",
        }
    ]


def test_a_nested_field_and_a_bad_date_read_as_chinese(
    client: TestClient, world: World, candidate_id: int
) -> None:
    response = client.post(
        _act(candidate_id, "record_talk"),
        json={"effective_date": "10/06/2025", "talker": {"name": ""}, "summary": "了解"},
        headers=world.secretary,
    )

    messages = sorted(error["message"] for error in response.json()["errors"])
    assert messages == ["生效日期：须为日期，如 2025-09-29", "谈话人·姓名：不能为空"]


def test_a_refusal_reads_as_chinese_by_default_and_as_english_on_request(
    client: TestClient, world: World, candidate_id: int
) -> None:
    url = _act(candidate_id, "record_recommendation_vote")

    chinese = client.post(url, json=VOTE, headers=world.secretary).json()
    english = client.post(url, json=VOTE, headers={**world.secretary, **EN}).json()

    assert chinese["title"] == "不符合发展党员工作规定"
    assert chinese["detail"] == (
        "“登记推荐投票（公推）”不符合规定：尚未登记党组织派人同入党申请人的谈话"
    )
    assert [v["rule"] for v in chinese["violations"]] == ["talk.required"]
    assert chinese["violations"][0]["message"] == chinese["violations"][0]["message_zh"]
    assert not any(_LATIN.search(text) for text in _messages(chinese))
    assert english["title"] == "Rules not met"
    assert english["violations"][0]["message"] == "No talk with the applicant has been recorded"
    assert not any(_CJK.search(text) for text in _messages(english))


def test_an_act_not_possible_in_the_state_names_acts_and_states_by_their_titles(
    client: TestClient, world: World, candidate_id: int
) -> None:
    url = _act(candidate_id, "approve_admission")
    body = {"effective_date": "2025-06-10", "decided_on": "2025-06-10"}

    chinese = client.post(url, json=body, headers=world.reviewer).json()
    english = client.post(url, json=body, headers={**world.reviewer, **EN}).json()

    assert chinese["detail"].startswith(
        "当前阶段“入党申请人”不能进行“批准为预备党员”；可进行：登记谈话"
    )
    assert not any(_LATIN.search(text) for text in _messages(chinese))
    assert english["detail"].startswith(
        "“approve as probationary member” is not possible in the state “applicant”"
    )


def test_a_permission_error_is_chinese_and_english_on_request(
    client: TestClient, world: World, candidate_id: int
) -> None:
    url = _act(candidate_id, "withdraw")
    body = {"effective_date": "2025-06-10", "reason": "本人申请"}

    chinese = client.post(url, json=body, headers=world.reviewer)
    english = client.post(url, json=body, headers={**world.reviewer, **EN})

    assert chinese.status_code == 403
    assert (chinese.json()["title"], chinese.json()["detail"]) == (
        "没有权限",
        "“终止发展”须由入党申请人所在党支部的书记办理",
    )
    assert english.json()["title"] == "Forbidden"
    assert english.json()["detail"] == "withdraw is for the secretary of the candidate's branch"


def test_a_query_choice_lists_states_by_their_labels(client: TestClient, world: World) -> None:
    response = client.get(CANDIDATES, params={"state": "active"}, headers=world.secretary)

    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["loc"], error["type"]) == (["query", "state", 0], "literal_error")
    assert error["message"].startswith(
        "阶段·第1项：须为 applicant（入党申请人）、recommended（已推荐，待公示）"
    )
    assert error["message"].endswith("或 disqualified（取消预备党员资格）")
