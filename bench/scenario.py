"""The act load as data: the pools of candidates, the journeys that seed them, and the act mix.

Four pools, each in the state its acts need: applicants (talks), activists (assessments,
mentors, and a refusal: named development target before a year of cultivation), development
targets that cycle through the admission notice and pre-review (forward transitions and
objections), and candidates awaiting approval (the committee's interview, by a reviewer).
The wrk script (acts.lua) reads the seeded pools and keeps each candidate's state and version.
"""

from __future__ import annotations

from typing import Any

SECRETARY, REVIEWER = "secretary", "reviewer"

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

# (trigger, who acts, effective date, evidence)
Step = tuple[str, str, str, dict[str, Any]]

TO_ACTIVIST: list[Step] = [
    (
        "record_talk",
        SECRETARY,
        "2023-03-20",
        {"talker": {"name": "王书记"}, "summary": "了解入党动机"},
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
    ),
    (
        "open_publicity",
        SECRETARY,
        "2023-04-11",
        {"starts_on": "2023-04-11", "channel": "公告栏", "content": "拟确定为入党积极分子"},
    ),
    ("close_publicity", SECRETARY, "2023-04-18", {"decided_on": "2023-04-18"}),
    (
        "assign_mentors",
        SECRETARY,
        "2023-04-20",
        {"mentors": [{"name": "李四", "member_id": "M001"}, {"name": "赵六"}]},
    ),
]
ACTIVIST_SINCE = "2023-04-18"

TO_DEVELOPMENT_TARGET: list[Step] = [
    *TO_ACTIVIST,
    ("record_assessment", SECRETARY, "2023-10-20", {"period": "2023H2", "summary": "表现良好"}),
    ("record_assessment", SECRETARY, "2024-04-15", {"period": "2024H1", "summary": "表现良好"}),
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
    ),
    ("designate_development_target", SECRETARY, "2024-04-18", {"decided_on": "2024-04-18"}),
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
    ),
]
CYCLE_STARTS_ON = "2024-05-13"

TO_AWAITING_APPROVAL: list[Step] = [
    *TO_DEVELOPMENT_TARGET,
    (
        "open_publicity",
        SECRETARY,
        "2024-05-13",
        {"starts_on": "2024-05-13", "channel": "内网", "content": "拟接收为预备党员"},
    ),
    ("submit_for_pre_review", SECRETARY, "2024-05-20", {"materials": ["入党申请书", "政审材料"]}),
    (
        "approve_pre_review",
        REVIEWER,
        "2024-05-28",
        {"reviewer": {"name": "陈审查"}, "opinion": "同意"},
    ),
    ("record_admission_ballot", SECRETARY, "2024-06-05", BALLOT),
]

# pool → (share of the candidates, journey, state reached)
POOLS: dict[str, tuple[float, list[Step], str]] = {
    "applicant": (0.2, [], "applicant"),
    "activist": (0.3, TO_ACTIVIST, "activist"),
    "target": (0.3, TO_DEVELOPMENT_TARGET, "development_target"),
    "awaiting": (0.2, TO_AWAITING_APPROVAL, "awaiting_approval"),
}

APPLICATION: dict[str, Any] = {
    "gender": "male",
    "birth_date": "1995-05-20",
    "application_date": "2023-03-01",
    "ethnicity": "汉族",
    "id_number": "11010519491231002X",
    "education": "大学本科",
    "work_unit": "县财政局",
    "phone": "13812345678",
}
APPLICANT_APPLIED_ON = "2026-03-01"

# Share of requests by kind; acts.lua draws from these (the realised mix is reported).
MIX: dict[str, float] = {
    "refusal": 0.10,  # designate_development_target too early → 409 rules.not_met
    "cycle": 0.30,  # the next step of a target's cycle: 3 transitions, 2 records of 5
    "talk": 0.15,  # record_talk on an applicant
    "assessment": 0.20,  # record_assessment / assign_mentors on an activist
    "interview": 0.25,  # record_committee_interview by a reviewer
}
