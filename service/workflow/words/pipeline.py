"""The pipeline's words: states, acts, outcomes, choices, procedure steps, findings,
deadlines and ledgers."""

from __future__ import annotations

from collections.abc import Mapping

from service.workflow.words.base import SUBMIT_APPLICATION, Words

_w = Words

STATES: Mapping[str, Words] = {
    "applicant": _w("入党申请人", "applicant"),
    "recommended": _w("已推荐，待公示", "recommended, awaiting notice"),
    "activist_publicity": _w("入党积极分子公示中", "activist notice running"),
    "activist": _w("入党积极分子", "activist"),
    "development_target": _w("发展对象", "development target"),
    "admission_publicity": _w("拟接收预备党员公示中", "admission notice running"),
    "pre_review": _w("上级党委预审中", "in pre-review"),
    "pre_review_passed": _w("预审合格，待支部大会表决", "pre-review passed, awaiting ballot"),
    "awaiting_approval": _w("支部大会通过，待上级党委审批", "accepted, awaiting approval"),
    "probationary_member": _w("预备党员", "probationary member"),
    "conversion_publicity": _w("转正公示中", "conversion notice running"),
    "awaiting_conversion_approval": _w("转正待上级党委审批", "conversion awaiting approval"),
    "full_member": _w("正式党员", "full member"),
    "withdrawn": _w("终止发展", "withdrawn"),
    "disqualified": _w("取消预备党员资格", "disqualified"),
}

# An act's title by trigger; ACTS_IN_STATE names the acts whose title depends on the state.
TRIGGERS: Mapping[str, Words] = {
    SUBMIT_APPLICATION: _w("递交入党申请书", "submit the application"),
    "record_talk": _w("登记谈话", "record the talk"),
    "record_recommendation_vote": _w("登记推荐投票（公推）", "record the recommendation vote"),
    "open_publicity": _w("开始公示", "open the public notice"),
    "file_objection": _w("登记公示异议", "file an objection to the notice"),
    "resolve_objection": _w("登记异议核实结论", "record the finding on an objection"),
    "close_publicity": _w("结束公示", "close the notice"),
    "assign_mentors": _w("确定培养联系人", "assign mentors"),
    "record_assessment": _w("登记考察意见", "record an assessment"),
    "record_training": _w("登记集中培训", "record a training"),
    "designate_development_target": _w("列为发展对象", "designate as development target"),
    "record_political_review": _w("登记政治审查", "record the political review"),
    "set_sponsors": _w("确定入党介绍人", "set the sponsors"),
    "submit_for_pre_review": _w("报上级党委预审", "submit for pre-review"),
    "approve_pre_review": _w("预审合格", "pass the pre-review"),
    "reject_pre_review": _w("预审不合格", "fail the pre-review"),
    "record_admission_ballot": _w(
        "登记支部大会表决（接收预备党员）", "record the branch assembly's admission ballot"
    ),
    "record_committee_interview": _w("登记上级党委谈话", "record the committee's interview"),
    "approve_admission": _w("批准为预备党员", "approve as probationary member"),
    "reject_admission": _w("不予批准", "reject the admission"),
    "record_oath": _w("登记入党宣誓", "record the oath"),
    "apply_for_conversion": _w("登记转正申请", "record the application for conversion"),
    "record_conversion_ballot": _w(
        "登记支部大会表决（预备党员转正）", "record the branch assembly's conversion ballot"
    ),
    "approve_conversion": _w("批准支部大会转正决议", "approve the conversion resolution"),
    "reject_conversion": _w("不批准转正决议", "reject the conversion resolution"),
    "transfer": _w("转接组织关系", "transfer to another branch"),
    "withdraw": _w("终止发展", "withdraw"),
}
ACTS_IN_STATE: Mapping[tuple[str, str], Words] = {
    ("open_publicity", "recommended"): _w("开始积极分子公示", "open the activist notice"),
    ("open_publicity", "development_target"): _w(
        "开始拟接收预备党员公示", "open the admission notice"
    ),
    ("open_publicity", "probationary_member"): _w("开始转正公示", "open the conversion notice"),
    ("close_publicity", "activist_publicity"): _w(
        "公示结束，确定入党积极分子", "close the notice, confirming the activist"
    ),
    ("close_publicity", "admission_publicity"): _w(
        "异议成立，终止本次公示", "close the notice after an upheld objection"
    ),
}

OUTCOMES: Mapping[str, Words] = {
    "passed": _w("通过", "passed"),
    "failed": _w("未通过", "failed"),
    "proceed": _w("公示无异议，继续", "no objection upheld, proceed"),
    "upheld": _w("异议成立", "objection upheld"),
    "convert": _w("按期转正", "convert on time"),
    "extend": _w("延长预备期", "extend probation"),
    "cancel": _w("取消预备党员资格", "cancel probationary membership"),
}
EVENT_OUTCOMES: Mapping[str, Words] = {
    "applied": _w("已生效", "applied"),
    "refused": _w("未通过审核，未生效", "refused"),
}

# Every value a person chooses in a form, by value (each value means one thing everywhere).
CHOICES: Mapping[str, Words] = {
    "male": _w("男", "male"),
    "female": _w("女", "female"),
    "secret_ballot": _w("无记名投票", "secret ballot"),
    "show_of_hands": _w("举手表决", "show of hands"),
    "proceed": _w("异议不成立，继续发展", "objection not upheld, proceed"),
    "do_not_develop": _w("异议成立，不宜发展", "objection upheld, do not develop"),
    "qualified": _w("合格", "qualified"),
    "not_qualified": _w("不合格", "not qualified"),
    "sound": _w("端正", "sound"),
    "unsound": _w("不端正", "unsound"),
    "compliant": _w("遵纪守法", "compliant"),
    "violation": _w("有违法违规情况", "violation"),
    "convert": _w("按期转正", "convert on time"),
    "extend": _w("延长预备期", "extend probation"),
    "cancel": _w("取消预备党员资格", "cancel probationary membership"),
    "committee": _w("党委", "committee"),
    "branch": _w("党支部", "branch"),
    "secretary": _w("党支部书记", "branch secretary"),
    "reviewer": _w("上级党委审批人", "committee reviewer"),
    "auditor": _w("审计人员", "auditor"),
    "admin": _w("系统管理员", "administrator"),
}
ROLES = ("secretary", "reviewer", "auditor", "admin")
ORGANIZATION_KINDS = ("committee", "branch")

# Steps of the procedure a refusal can name as missing.
STEPS: Mapping[str, Words] = {
    "talk": _w("与入党申请人谈话", "the talk with the applicant"),
    "recommendation": _w("推荐（公推）", "the recommendation vote"),
    "activist_notice": _w("入党积极分子公示", "the activist notice"),
    "half_yearly_assessments": _w("半年考察", "the half-yearly assessments"),
    "training": _w("集中培训", "the concentrated training"),
    "political_review": _w("政治审查", "the political review"),
    "mentors": _w("培养联系人", "the mentors"),
    "sponsors": _w("入党介绍人", "the sponsors"),
    "admission_notice": _w("拟接收预备党员公示", "the admission notice"),
    "pre_review": _w("上级党委预审", "the committee's pre-review"),
    "admission_ballot": _w("支部大会表决（接收预备党员）", "the admission ballot"),
}

# What a refusal can find wrong besides a missing step (ballot counts, dates out of order).
FINDINGS: Mapping[str, Words] = {
    "expected_positive": _w("应到人数须大于0", "the expected number must be above zero"),
    "present_within_expected": _w(
        "实到人数不能多于应到人数", "no more may be present than expected"
    ),
    "present_and_written_within_expected": _w(
        "实到人数与书面意见数之和不能多于应到人数",
        "present and written opinions together may not exceed the expected number",
    ),
    "votes_within_voters": _w(
        "赞成、反对、弃权票之和不能多于实到人数与书面意见数之和",
        "votes for, against and abstentions may not exceed those present plus written opinions",
    ),
    "ends_before_start": _w("结束日期早于开始日期", "the end date is before the start date"),
    "before_objection_received": _w(
        "生效日期早于收到异议的日期", "the effective date is before the objection was received"
    ),
}

DEADLINES: Mapping[str, Words] = {
    "talk": _w("与入党申请人谈话", "talk with the applicant"),
    "assessment": _w("半年考察", "half-yearly assessment"),
    "cultivation_year": _w(
        "积极分子培养满一年，可列为发展对象", "a year of cultivation: may become a target"
    ),
    "notice_end": _w("公示期满", "notice ends"),
    "admission_approval": _w("上级党委审批接收预备党员", "committee decides the admission"),
    "conversion_approval": _w("上级党委审批转正", "committee decides the conversion"),
    "probation_end": _w("预备期满", "probation ends"),
}

LEDGERS: Mapping[str, Words] = {
    "applicants": _w("入党申请人名册", "applicants"),
    "activists": _w("入党积极分子花名册", "activists"),
    "development_targets": _w("发展对象名册", "development targets"),
    "probationary_members": _w("预备党员花名册", "probationary members"),
    "full_members_this_year": _w("本年度转正党员名册", "full members of the year"),
}
