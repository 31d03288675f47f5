"""The pipeline as a table: states, and acts (trigger, source, guards, destinations by outcome).

Everything else — the `transitions` Machine, explanations, the served definition, the diagram —
is built from these two tuples.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SECRETARY = "secretary"  # B: the branch secretary of the candidate's branch
REVIEWER = "reviewer"  # C: a reviewer of a committee above the branch

RECORD = None  # destination of an internal transition: adds evidence, keeps the state


@dataclass(frozen=True, slots=True)
class State:
    name: str
    label_zh: str
    label_en: str
    final: bool = False


@dataclass(frozen=True, slots=True)
class Act:
    """One trigger in one source state. `outcomes` maps a decided outcome to its destination;
    a single-way act uses the outcome None. A destination of RECORD keeps the state."""

    trigger: str
    source: str
    actor: str
    label_zh: str
    outcomes: dict[str | None, str | None]
    guards: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def is_record(self) -> bool:
        return self.outcomes == {None: RECORD}


STATES: tuple[State, ...] = (
    State("applicant", "入党申请人", "applicant"),
    State("recommended", "已推荐，待公示", "recommended, awaiting notice"),
    State("activist_publicity", "入党积极分子公示中", "activist notice running"),
    State("activist", "入党积极分子", "activist"),
    State("development_target", "发展对象", "development target"),
    State("admission_publicity", "拟接收预备党员公示中", "admission notice running"),
    State("pre_review", "上级党委预审中", "in pre-review"),
    State("pre_review_passed", "预审合格，待支部大会表决", "pre-review passed, awaiting ballot"),
    State("awaiting_approval", "支部大会通过，待上级党委审批", "accepted, awaiting approval"),
    State("probationary_member", "预备党员", "probationary member"),
    State("conversion_publicity", "转正公示中", "conversion notice running"),
    State(
        "awaiting_conversion_approval",
        "转正待上级党委审批",
        "conversion awaiting approval",
    ),
    State("full_member", "正式党员", "full member", final=True),
    State("withdrawn", "终止发展", "withdrawn", final=True),
    State("disqualified", "取消预备党员资格", "disqualified", final=True),
)

STATE_NAMES = tuple(state.name for state in STATES)
FINAL_STATES = frozenset(state.name for state in STATES if state.final)
INITIAL_STATE = "applicant"
PUBLICITY_STATES = ("activist_publicity", "admission_publicity", "conversion_publicity")
BEFORE_PROBATION = (
    "applicant",
    "recommended",
    "activist_publicity",
    "activist",
    "development_target",
    "admission_publicity",
    "pre_review",
    "pre_review_passed",
    "awaiting_approval",
)
NON_FINAL = tuple(name for name in STATE_NAMES if name not in FINAL_STATES)

# Rules every act is checked against, before its own guards.
COMMON_GUARDS = ("effective_date.not_future", "effective_date.in_order", "evidence.dates")
BALLOT_GUARDS = ("ballot.method", "ballot.individual", "ballot.counts", "ballot.quorum")
PUBLICITY_DONE = ("publicity.complete", "publicity.objections_resolved")
SIX_NO = (
    "six_no.cultivation",
    "six_no.motive",
    "six_no.training",
    "six_no.political_review",
    "six_no.procedure",
    "six_no.lawful",
)


def _record(
    trigger: str, source: str, actor: str, label: str, *guards: str, warn: tuple[str, ...] = ()
) -> Act:
    return Act(trigger, source, actor, label, {None: RECORD}, guards, warn)


def _move(trigger: str, source: str, dest: str, actor: str, label: str, *guards: str) -> Act:
    return Act(trigger, source, actor, label, {None: dest}, guards)


ACTS: tuple[Act, ...] = (
    _record("record_talk", "applicant", SECRETARY, "登记谈话", warn=("talk.after_application",)),
    Act(
        "record_recommendation_vote",
        "applicant",
        SECRETARY,
        "登记推荐投票（公推）",
        {"passed": "recommended", "failed": "applicant"},
        ("talk.required", "recommendation.secret_ballot", "recommendation.counts"),
    ),
    _move(
        "open_publicity",
        "recommended",
        "activist_publicity",
        SECRETARY,
        "开始积极分子公示",
        "publicity.period",
    ),
    _move(
        "open_publicity",
        "development_target",
        "admission_publicity",
        SECRETARY,
        "开始拟接收预备党员公示",
        "publicity.period",
        "sponsors.two_full_members",
        "political_review.qualified",
        "training.length",
    ),
    _move(
        "open_publicity",
        "probationary_member",
        "conversion_publicity",
        SECRETARY,
        "开始转正公示",
        "publicity.period",
        "conversion.applied",
    ),
    *(
        act
        for stage in PUBLICITY_STATES
        for act in (
            _record("file_objection", stage, SECRETARY, "登记公示异议", "publicity.within_period"),
            _record(
                "resolve_objection",
                stage,
                SECRETARY,
                "登记异议核实结论",
                "publicity.objection_known",
            ),
        )
    ),
    Act(
        "close_publicity",
        "activist_publicity",
        SECRETARY,
        "公示结束，确定入党积极分子",
        {"proceed": "activist", "upheld": "applicant"},
        PUBLICITY_DONE,
    ),
    Act(
        "close_publicity",
        "admission_publicity",
        SECRETARY,
        "异议成立，终止本次公示",
        {"upheld": "development_target"},
        (*PUBLICITY_DONE, "publicity.objection_upheld"),
    ),
    _record("assign_mentors", "activist", SECRETARY, "确定培养联系人", "mentors.count"),
    *(
        _record("record_assessment", stage, SECRETARY, "登记考察意见")
        for stage in ("activist", "development_target", "probationary_member")
    ),
    *(
        _record("record_training", stage, SECRETARY, "登记集中培训")
        for stage in ("activist", "development_target")
    ),
    _move(
        "designate_development_target",
        "activist",
        "development_target",
        SECRETARY,
        "列为发展对象",
        "cultivation.one_year",
        "assessment.half_yearly",
        "mentors.count",
    ),
    _record("record_political_review", "development_target", SECRETARY, "登记政治审查"),
    _record(
        "set_sponsors",
        "development_target",
        SECRETARY,
        "确定入党介绍人",
        "sponsors.two_full_members",
    ),
    _move(
        "submit_for_pre_review",
        "admission_publicity",
        "pre_review",
        SECRETARY,
        "报上级党委预审",
        *PUBLICITY_DONE,
        "publicity.no_upheld_objection",
        "pre_review.materials",
    ),
    _move("approve_pre_review", "pre_review", "pre_review_passed", REVIEWER, "预审合格"),
    _move("reject_pre_review", "pre_review", "development_target", REVIEWER, "预审不合格"),
    Act(
        "record_admission_ballot",
        "pre_review_passed",
        SECRETARY,
        "登记支部大会表决（接收预备党员）",
        {"passed": "awaiting_approval", "failed": "development_target"},
        BALLOT_GUARDS,
    ),
    _record("record_committee_interview", "awaiting_approval", REVIEWER, "登记上级党委谈话"),
    _move(
        "approve_admission",
        "awaiting_approval",
        "probationary_member",
        REVIEWER,
        "批准为预备党员",
        *SIX_NO,
        "approval.deadline",
        "plan.quota",
    ),
    _move("reject_admission", "awaiting_approval", "development_target", REVIEWER, "不予批准"),
    _record("record_oath", "probationary_member", SECRETARY, "登记入党宣誓"),
    _record("apply_for_conversion", "probationary_member", SECRETARY, "登记转正申请"),
    Act(
        "record_conversion_ballot",
        "conversion_publicity",
        SECRETARY,
        "登记支部大会表决（预备党员转正）",
        {"passed": "awaiting_conversion_approval", "failed": "probationary_member"},
        (
            *PUBLICITY_DONE,
            "publicity.objection_upheld",
            "probation.ended",
            "probation.extend_once",
            *BALLOT_GUARDS,
        ),
    ),
    Act(
        "approve_conversion",
        "awaiting_conversion_approval",
        REVIEWER,
        "批准支部大会转正决议",
        {"convert": "full_member", "extend": "probationary_member", "cancel": "disqualified"},
        ("approval.deadline",),
    ),
    _move(
        "reject_conversion",
        "awaiting_conversion_approval",
        "probationary_member",
        REVIEWER,
        "不批准转正决议",
    ),
    *(
        _record("transfer", stage, SECRETARY, "转接组织关系", "transfer.other_branch")
        for stage in NON_FINAL
    ),
    *(_move("withdraw", stage, "withdrawn", SECRETARY, "终止发展") for stage in BEFORE_PROBATION),
)

ACTS_BY_KEY: dict[tuple[str, str], Act] = {(act.trigger, act.source): act for act in ACTS}
TRIGGERS: tuple[str, ...] = tuple(dict.fromkeys(act.trigger for act in ACTS))
TRIGGERS_BY_STATE: dict[str, tuple[str, ...]] = {
    name: tuple(act.trigger for act in ACTS if act.source == name) for name in STATE_NAMES
}


def is_record(trigger: str, state: str) -> bool:
    act = ACTS_BY_KEY.get((trigger, state))
    return act is not None and act.is_record
