"""One candidate's journey from application to full membership, as HTTP acts with backdated
effective dates; used by the API tests (TestClient) and the end-to-end test (real uvicorn)."""

from __future__ import annotations

from typing import Any, Protocol

SECRETARY, REVIEWER, AUDITOR = "secretary", "reviewer", "auditor"

BALLOT: dict[str, Any] = {
    "method": "secret_ballot",
    "expected": 16,
    "present": 12,
    "written_opinions": 1,
    "votes_for": 11,
    "votes_against": 1,
    "abstentions": 1,
    "voted_individually": True,
}

APPLICATION: dict[str, Any] = {
    "name": "张三丰",
    "gender": "male",
    "birth_date": "1995-05-20",
    "application_date": "2023-03-01",
    "ethnicity": "汉族",
    "id_number": "11010519491231002X",
    "education": "大学本科",
    "work_unit": "县财政局",
    "phone": "13812345678",
}

# (trigger, who acts, effective date, evidence, state afterwards)
STEPS: list[tuple[str, str, str, dict[str, Any], str]] = [
    (
        "record_talk",
        SECRETARY,
        "2023-03-20",
        {"talker": {"name": "王书记"}, "summary": "了解入党动机，谈话融洽"},
        "applicant",
    ),
    (
        "record_recommendation_vote",
        SECRETARY,
        "2023-04-10",
        {
            "method": "secret_ballot",
            "party_members": 12,
            "mass_representatives": 8,
            "ballots_cast": 20,
            "votes_for": 15,
        },
        "recommended",
    ),
    (
        "open_publicity",
        SECRETARY,
        "2023-04-11",
        {"starts_on": "2023-04-11", "channel": "公告栏", "content": "拟确定张三丰为入党积极分子"},
        "activist_publicity",
    ),
    ("close_publicity", SECRETARY, "2023-04-18", {"decided_on": "2023-04-18"}, "activist"),
    (
        "assign_mentors",
        SECRETARY,
        "2023-04-20",
        {"mentors": [{"name": "李四", "member_id": "M001"}, {"name": "赵六"}]},
        "activist",
    ),
    (
        "record_assessment",
        SECRETARY,
        "2023-10-20",
        {"period": "2023H2", "summary": "表现良好"},
        "activist",
    ),
    (
        "record_assessment",
        SECRETARY,
        "2024-04-15",
        {"period": "2024H1", "summary": "表现良好"},
        "activist",
    ),
    (
        "record_training",
        SECRETARY,
        "2024-04-16",
        {
            "provider": "县直工委党校",
            "starts_on": "2024-04-08",
            "ends_on": "2024-04-12",
            "days": 5,
            "hours": 40,
            "completed": True,
        },
        "activist",
    ),
    (
        "designate_development_target",
        SECRETARY,
        "2024-04-18",
        {"decided_on": "2024-04-18"},
        "development_target",
    ),
    (
        "record_political_review",
        SECRETARY,
        "2024-05-10",
        {
            "conclusion": "qualified",
            "attitude": "拥护党的路线",
            "political_history": "清白",
            "law_abidance": "遵纪守法",
            "relatives": "无问题",
        },
        "development_target",
    ),
    (
        "set_sponsors",
        SECRETARY,
        "2024-05-12",
        {
            "sponsors": [
                {"name": "李四", "member_id": "M001"},
                {"name": "孙七", "member_id": "M003"},
            ]
        },
        "development_target",
    ),
    (
        "open_publicity",
        SECRETARY,
        "2024-05-13",
        {"starts_on": "2024-05-13", "channel": "内网", "content": "拟接收张三丰为预备党员"},
        "admission_publicity",
    ),
    (
        "submit_for_pre_review",
        SECRETARY,
        "2024-05-20",
        {"materials": ["入党申请书", "政审材料", "培训结业证书"]},
        "pre_review",
    ),
    (
        "approve_pre_review",
        REVIEWER,
        "2024-05-28",
        {"reviewer": {"name": "陈审查"}, "opinion": "材料齐全，同意"},
        "pre_review_passed",
    ),
    ("record_admission_ballot", SECRETARY, "2024-06-05", BALLOT, "awaiting_approval"),
    (
        "record_committee_interview",
        REVIEWER,
        "2024-06-20",
        {
            "interviewer": {"name": "陈审查"},
            "motive": "sound",
            "law_compliance": "compliant",
            "notes": "入党动机端正",
        },
        "awaiting_approval",
    ),
    (
        "approve_admission",
        REVIEWER,
        "2024-07-01",
        {"decided_on": "2024-07-01"},
        "probationary_member",
    ),
    ("record_oath", SECRETARY, "2024-07-01", {"held_on": "2024-07-01"}, "probationary_member"),
    (
        "apply_for_conversion",
        SECRETARY,
        "2025-05-20",
        {"submitted_on": "2025-05-20"},
        "probationary_member",
    ),
    (
        "open_publicity",
        SECRETARY,
        "2025-05-21",
        {"starts_on": "2025-05-21", "channel": "公告栏", "content": "拟转正公示"},
        "conversion_publicity",
    ),
    (
        "record_conversion_ballot",
        SECRETARY,
        "2025-06-05",
        {"resolution": "convert", **BALLOT},
        "awaiting_conversion_approval",
    ),
    ("approve_conversion", REVIEWER, "2025-06-20", {"decided_on": "2025-06-20"}, "full_member"),
]

# The latest effective date above; the clock must stand on or after it.
LAST_DAY = "2025-06-20"


class Poster(Protocol):
    def post(self, url: str, *, json: Any, headers: dict[str, str]) -> Any: ...


def act(
    client: Poster,
    candidate_id: int,
    trigger: str,
    headers: dict[str, str],
    on: str,
    evidence: dict[str, Any],
) -> Any:
    return client.post(
        f"/api/v1/candidates/{candidate_id}/transitions/{trigger}",
        json={"effective_date": on, **evidence},
        headers=headers,
    )


def run_journey(
    client: Poster,
    candidate_id: int,
    headers: dict[str, dict[str, str]],
    *,
    until: str | None = None,
) -> list[Any]:
    """Apply STEPS in order (up to and including the first step into state `until`)."""
    responses = []
    for trigger, who, on, evidence, state in STEPS:
        response = act(client, candidate_id, trigger, headers[who], on, evidence)
        assert response.status_code == 200, (trigger, response.status_code, response.text)
        assert response.json()["candidate"]["state"] == state, (trigger, response.json())
        responses.append(response)
        if state == until:
            break
    return responses


def people(http: Any, admin_token: str) -> tuple[int, dict[str, dict[str, str]]]:
    """A committee with one branch, its secretary, reviewer and auditor: the branch id and their
    headers (by role)."""
    admin = {"Authorization": f"Bearer {admin_token}"}
    committee = http.post(
        "/api/v1/organizations", json={"name": "县直机关工委", "kind": "committee"}, headers=admin
    ).json()
    branch = http.post(
        "/api/v1/organizations",
        json={"name": "财政局党支部", "kind": "branch", "parent_id": committee["id"]},
        headers=admin,
    ).json()
    headers = {}
    for role, name, organization in (
        (SECRETARY, "王书记", branch),
        (REVIEWER, "陈审查", committee),
        (AUDITOR, "刘审计", committee),
    ):
        token = http.post(
            "/api/v1/principals",
            json={"name": name, "role": role, "organization_id": organization["id"]},
            headers=admin,
        ).json()["token"]
        headers[role] = {"Authorization": f"Bearer {token}"}
    return branch["id"], headers
