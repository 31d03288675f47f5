from __future__ import annotations

import json
from typing import Any

import pytest
from starlette.requests import Request

from service.api.errors import problem_response, problem_responses
from service.app.errors import (
    IdempotencyConflict,
    InvalidInput,
    NotFound,
    ServiceError,
    VersionConflict,
)
from service.workflow.errors import RulesNotMet, TransitionNotAllowed, UnknownTrigger, Violation

VIOLATION = Violation(
    rule="ballot.quorum",
    message_zh="到会人数不足",
    message_en="No quorum",
    source="细则第二十条",
    details={"present": 3},
)


def problem(exc: BaseException) -> tuple[int, dict[str, Any]]:
    response = problem_response(None, exc)
    assert response.media_type == "application/problem+json"
    return response.status_code, json.loads(bytes(response.body))


def test_rules_not_met_lists_every_violation() -> None:
    exc = RulesNotMet(
        trigger="record_admission_ballot", state="pre_review_passed", violations=(VIOLATION,)
    )
    status, body = problem(exc)
    assert status == 409
    assert body["type"] == "/problems/rules-not-met"
    assert body["state"] == "pre_review_passed"
    assert body["trigger"] == "record_admission_ballot"
    assert body["violations"] == [{**VIOLATION.as_dict(), "message": "到会人数不足"}]
    assert body["detail"] == "“登记支部大会表决（接收预备党员）”不符合规定：到会人数不足"


def test_a_transition_not_allowed_names_the_allowed_triggers() -> None:
    exc = TransitionNotAllowed(
        trigger="approve_admission",
        state="applicant",
        allowed=("record_talk",),
        violation=VIOLATION,
    )
    status, body = problem(exc)
    assert status == 409
    assert body["type"] == "/problems/transition-not-allowed"
    assert body["allowed_triggers"] == ["record_talk"]


@pytest.mark.parametrize(
    ("exc", "status", "slug"),
    [
        (UnknownTrigger("fly"), 404, "unknown-trigger"),
        (VersionConflict("stale"), 412, "version-conflict"),
        (IdempotencyConflict("busy", in_flight=True), 409, "idempotency-in-flight"),
        (IdempotencyConflict("reused", in_flight=False), 422, "idempotency-key-reused"),
        (ServiceError("no row for the base class"), 500, "internal-error"),
        (ValueError("a bug"), 500, "internal-error"),
    ],
)
def test_each_error_maps_to_its_status_and_stable_type(
    exc: BaseException, status: int, slug: str
) -> None:
    assert problem(exc)[0] == status
    assert problem(exc)[1]["type"] == f"/problems/{slug}"


def test_subclasses_inherit_their_bases_row_and_extras() -> None:
    class CandidateNotFound(NotFound):
        pass

    status, body = problem(CandidateNotFound("candidate 7 does not exist", candidate_id=7))
    assert (status, body["type"], body["candidate_id"]) == (404, "/problems/not-found", 7)


def test_invalid_input_names_its_field() -> None:
    _, body = problem(InvalidInput("must be a committee", detail_zh="须为党委", field="parent_id"))
    assert body["errors"] == [
        {
            "field": "parent_id",
            "loc": ["parent_id"],
            "type": "invalid",
            "message": "上级组织：须为党委",
        }
    ]
    assert "field" not in body


def test_problem_responses_document_every_status_once() -> None:
    responses = problem_responses(RulesNotMet, TransitionNotAllowed, IdempotencyConflict)
    assert sorted(responses) == [409, 422]
    assert responses[409]["description"] == (
        "不符合发展党员工作规定 (Rules not met); 当前阶段不能办理此事项 (Transition not allowed); "
        "同一请求仍在处理中 (Request still in flight)"
    )


def test_problem_responses_refuse_an_exception_without_a_row() -> None:
    with pytest.raises(ValueError, match="no row"):
        problem_responses(KeyError)


def test_a_bug_says_only_that_it_happened_in_either_language() -> None:
    bug = ServiceError("no row for the base class: internals")
    status, body = problem(bug)
    english_only = [(b"accept-language", b"en")]
    scope = {"type": "http", "method": "GET", "path": "/x", "headers": english_only}
    english = json.loads(bytes(problem_response(Request(scope), bug).body))
    assert (status, body["title"]) == (500, "系统内部错误")
    assert body["detail"] == "系统发生意外错误，请将请求编号报告给管理员"
    assert english["detail"] == "An unexpected error occurred; please report the request id."
