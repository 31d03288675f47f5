"""The pipeline as a table: states, and acts (trigger, source, guards, destinations by outcome).

Everything else — the `transitions` Machine, explanations, the served definition, the diagram —
is built from these two tuples.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from service.workflow import words

SECRETARY = "secretary"  # B: the branch secretary of the candidate's branch
REVIEWER = "reviewer"  # C: a reviewer of a committee above the branch

RECORD = None  # destination of an internal transition: adds evidence, keeps the state


@dataclass(frozen=True, slots=True)
class State:
    """A state; its labels are the catalogue's (service/workflow/words.py)."""

    name: str
    final: bool = False

    @property
    def label_zh(self) -> str:
        return words.STATES[self.name].zh

    @property
    def label_en(self) -> str:
        return words.STATES[self.name].en


@dataclass(frozen=True, slots=True)
class Act:
    """One trigger in one source state. `outcomes` maps a decided outcome to its destination;
    a single-way act uses the outcome None. A destination of RECORD keeps the state.
    Its titles are the catalogue's (service/workflow/words.py)."""

    trigger: str
    source: str
    actor: str
    outcomes: dict[str | None, str | None]
    guards: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def label_zh(self) -> str:
        return words.act_label(self.trigger, self.source, words.ZH)

    @property
    def label_en(self) -> str:
        return words.act_label(self.trigger, self.source, words.EN)

    @property
    def is_record(self) -> bool:
        return self.outcomes == {None: RECORD}


STATES: tuple[State, ...] = (
    State("applicant"),
    State("recommended"),
    State("activist_publicity"),
    State("activist"),
    State("development_target"),
    State("admission_publicity"),
    State("pre_review"),
    State("pre_review_passed"),
    State("awaiting_approval"),
    State("probationary_member"),
    State("conversion_publicity"),
    State("awaiting_conversion_approval"),
    State("full_member", final=True),
    State("withdrawn", final=True),
    State("disqualified", final=True),
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


def _record(trigger: str, source: str, actor: str, *guards: str, warn: tuple[str, ...] = ()) -> Act:
    return Act(trigger, source, actor, {None: RECORD}, guards, warn)


def _move(trigger: str, source: str, dest: str, actor: str, *guards: str) -> Act:
    return Act(trigger, source, actor, {None: dest}, guards)


ACTS: tuple[Act, ...] = (
    _record("record_talk", "applicant", SECRETARY, warn=("talk.after_application",)),
    Act(
        "record_recommendation_vote",
        "applicant",
        SECRETARY,
        {"passed": "recommended", "failed": "applicant"},
        ("talk.required", "recommendation.secret_ballot", "recommendation.counts"),
    ),
    _move(
        "open_publicity",
        "recommended",
        "activist_publicity",
        SECRETARY,
        "publicity.period",
    ),
    _move(
        "open_publicity",
        "development_target",
        "admission_publicity",
        SECRETARY,
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
        "publicity.period",
        "conversion.applied",
    ),
    *(
        act
        for stage in PUBLICITY_STATES
        for act in (
            _record("file_objection", stage, SECRETARY, "publicity.within_period"),
            _record(
                "resolve_objection",
                stage,
                SECRETARY,
                "publicity.objection_known",
            ),
        )
    ),
    Act(
        "close_publicity",
        "activist_publicity",
        SECRETARY,
        {"proceed": "activist", "upheld": "applicant"},
        PUBLICITY_DONE,
    ),
    Act(
        "close_publicity",
        "admission_publicity",
        SECRETARY,
        {"upheld": "development_target"},
        (*PUBLICITY_DONE, "publicity.objection_upheld"),
    ),
    _record("assign_mentors", "activist", SECRETARY, "mentors.count"),
    *(
        _record("record_assessment", stage, SECRETARY)
        for stage in ("activist", "development_target", "probationary_member")
    ),
    *(_record("record_training", stage, SECRETARY) for stage in ("activist", "development_target")),
    _move(
        "designate_development_target",
        "activist",
        "development_target",
        SECRETARY,
        "cultivation.one_year",
        "assessment.half_yearly",
        "mentors.count",
    ),
    _record("record_political_review", "development_target", SECRETARY),
    _record(
        "set_sponsors",
        "development_target",
        SECRETARY,
        "sponsors.two_full_members",
    ),
    _move(
        "submit_for_pre_review",
        "admission_publicity",
        "pre_review",
        SECRETARY,
        *PUBLICITY_DONE,
        "publicity.no_upheld_objection",
        "pre_review.materials",
    ),
    _move("approve_pre_review", "pre_review", "pre_review_passed", REVIEWER),
    _move("reject_pre_review", "pre_review", "development_target", REVIEWER),
    Act(
        "record_admission_ballot",
        "pre_review_passed",
        SECRETARY,
        {"passed": "awaiting_approval", "failed": "development_target"},
        BALLOT_GUARDS,
    ),
    _record("record_committee_interview", "awaiting_approval", REVIEWER),
    _move(
        "approve_admission",
        "awaiting_approval",
        "probationary_member",
        REVIEWER,
        *SIX_NO,
        "approval.deadline",
        "plan.quota",
    ),
    _move("reject_admission", "awaiting_approval", "development_target", REVIEWER),
    _record("record_oath", "probationary_member", SECRETARY),
    _record("apply_for_conversion", "probationary_member", SECRETARY),
    Act(
        "record_conversion_ballot",
        "conversion_publicity",
        SECRETARY,
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
        {"convert": "full_member", "extend": "probationary_member", "cancel": "disqualified"},
        ("approval.deadline",),
    ),
    _move(
        "reject_conversion",
        "awaiting_conversion_approval",
        "probationary_member",
        REVIEWER,
    ),
    *(_record("transfer", stage, SECRETARY, "transfer.other_branch") for stage in NON_FINAL),
    *(_move("withdraw", stage, "withdrawn", SECRETARY) for stage in BEFORE_PROBATION),
)

ACTS_BY_KEY: dict[tuple[str, str], Act] = {(act.trigger, act.source): act for act in ACTS}
TRIGGERS: tuple[str, ...] = tuple(dict.fromkeys(act.trigger for act in ACTS))
TRIGGERS_BY_STATE: dict[str, tuple[str, ...]] = {
    name: tuple(act.trigger for act in ACTS if act.source == name) for name in STATE_NAMES
}


def is_record(trigger: str, state: str) -> bool:
    act = ACTS_BY_KEY.get((trigger, state))
    return act is not None and act.is_record
