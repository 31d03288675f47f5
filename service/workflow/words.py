"""The words people read, in Chinese and English: one statement of every label (states, acts,
evidence fields, choices, steps, roles, organisation kinds, ledgers, deadlines, problem titles).

Pure data and small lookups, importable by every layer. A label is written here once; the table
(definition.py, evidence.py), the API's messages, documents, ledgers and the console read it.
What input errors say lives beside it, in input_words.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

Language = Literal["zh", "en"]
ZH: Final = "zh"
EN: Final = "en"
LANGUAGES: tuple[Language, ...] = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Words:
    """One label in both languages."""

    zh: str
    en: str

    def __call__(self, language: Language) -> str:
        return self.en if language == EN else self.zh


def _w(zh: str, en: str) -> Words:
    return Words(zh, en)


NOT_RECORDED = _w("未记录", "not recorded")
YES = _w("是", "yes")
NO = _w("否", "no")
NONE = _w("无", "none")
SEPARATOR = _w("、", ", ")
SUBMIT_APPLICATION = "submit_application"

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

# Evidence fields: a label by name, the labels an act gives a name of its own, and hints.
FIELDS: Mapping[str, Words] = {
    "effective_date": _w("生效日期", "effective date"),
    "talker": _w("谈话人", "talker"),
    "summary": _w("内容", "summary"),
    "method": _w("表决方式", "voting method"),
    "party_members": _w("参加推荐的党员数", "party members taking part"),
    "mass_representatives": _w("参加推荐的群众代表数", "mass representatives taking part"),
    "ballots_cast": _w("收回选票数", "ballots cast"),
    "votes_for": _w("赞成票（含书面赞成意见）", "votes for (written ones included)"),
    "override_reason": _w(
        "推荐票未过半数仍确定的书面理由", "written reason to proceed without a majority"
    ),
    "starts_on": _w("开始日期", "start date"),
    "channel": _w("公示渠道", "notice channel"),
    "content": _w("公示内容", "notice content"),
    "received_on": _w("收到异议日期", "date received"),
    "objection_id": _w("异议编号", "objection number"),
    "finding": _w("核实结论", "finding"),
    "note": _w("核实情况", "verification note"),
    "decided_on": _w("审批日期", "decision date"),
    "mentors": _w("培养联系人", "mentors"),
    "period": _w("考察期", "assessment period"),
    "provider": _w("培训举办单位", "training provider"),
    "ends_on": _w("结束日期", "end date"),
    "days": _w("培训天数", "training days"),
    "hours": _w("培训学时", "class hours"),
    "completed": _w("是否结业", "completed"),
    "conclusion": _w("政审结论", "review conclusion"),
    "attitude": _w(
        "对党的理论和路线方针政策的态度", "attitude to the Party's theory, line and policies"
    ),
    "political_history": _w(
        "政治历史和在重大政治斗争中的表现", "political history and conduct in major struggles"
    ),
    "law_abidance": _w("遵纪守法和遵守社会公德情况", "respect for law, discipline and morals"),
    "relatives": _w(
        "直系亲属和与本人关系密切的主要社会关系的政治情况",
        "political situation of close relatives and relations",
    ),
    "sponsors": _w("入党介绍人", "sponsors"),
    "materials": _w("报送材料目录", "list of materials"),
    "reviewer": _w("审查人", "reviewer"),
    "opinion": _w("预审意见", "pre-review opinion"),
    "reasons": _w("不予批准的理由", "reasons"),
    "expected": _w("应到有表决权的正式党员数", "voting full members expected"),
    "present": _w("实到有表决权的正式党员数", "voting full members present"),
    "written_opinions": _w(
        "因故不能到会、会前提交书面意见的正式党员数", "written opinions from absent members"
    ),
    "votes_against": _w("反对票", "votes against"),
    "abstentions": _w("弃权票", "abstentions"),
    "voted_individually": _w("逐个讨论、逐个表决", "discussed and voted individually"),
    "interviewer": _w("谈话人", "interviewer"),
    "motive": _w("入党动机、觉悟与信念", "motive, awareness and conviction"),
    "law_compliance": _w(
        "遵守计划生育政策等法律法规", "compliance with family-planning policy and other laws"
    ),
    "notes": _w("谈话记录", "interview notes"),
    "special_reason": _w("超过三个月审批的特殊原因", "special reason for a late decision"),
    "held_on": _w("入党宣誓日期", "oath date"),
    "submitted_on": _w("提交转正申请日期", "date of the application for conversion"),
    "resolution": _w("支部大会决议", "assembly's resolution"),
    "extend_months": _w("延长预备期月数", "months of extension"),
    "to_branch_id": _w("转入党支部", "receiving branch"),
    "reason": _w("原因", "reason"),
}
FIELDS_OF_ACT: Mapping[tuple[str, str], Words] = {
    ("record_talk", "summary"): _w("谈话内容", "talk summary"),
    ("record_recommendation_vote", "method"): _w("推荐方式", "recommendation method"),
    ("record_recommendation_vote", "votes_for"): _w("推荐票数", "votes for"),
    ("open_publicity", "starts_on"): _w("公示开始日期", "notice start date"),
    ("file_objection", "summary"): _w("异议内容", "objection"),
    ("close_publicity", "decided_on"): _w("决定日期", "decision date"),
    ("record_assessment", "summary"): _w("考察意见", "assessment"),
    ("designate_development_target", "decided_on"): _w(
        "支部委员会决定日期", "branch committee's decision date"
    ),
    ("reject_pre_review", "reasons"): _w("不合格理由", "reasons"),
    ("transfer", "reason"): _w("转接原因", "reason for the transfer"),
    ("withdraw", "reason"): _w("终止发展的原因", "reason for withdrawing"),
}
HINTS: Mapping[str, Words] = {
    "channel": _w("如 公告栏、内网", "e.g. notice board, intranet"),
    "period": _w("如 2024H1", "e.g. 2024H1"),
}
PERSON_FIELDS: Mapping[str, Words] = {
    "name": _w("姓名", "name"),
    "member_id": _w("党员编号", "member number"),
}

# The applicant's own fields (the register form and the first history event).
CANDIDATE_FIELDS: Mapping[str, Words] = {
    "application_date": _w("申请入党时间", "application date"),
    "name": _w("姓名", "name"),
    "gender": _w("性别", "gender"),
    "ethnicity": _w("民族", "ethnicity"),
    "birth_date": _w("出生日期", "date of birth"),
    "id_number": _w("公民身份号码", "citizen ID number"),
    "education": _w("学历", "education"),
    "work_unit": _w("工作单位", "work unit"),
    "phone": _w("联系电话", "phone"),
    "branch_id": _w("所在党支部", "branch"),
}
# Every other field a request can carry (bodies, queries, headers), by name.
REQUEST_FIELDS: Mapping[str, Words] = {
    "name": _w("名称", "name"),
    "kind": _w("组织类别", "organisation kind"),
    "parent_id": _w("上级组织", "parent organisation"),
    "role": _w("角色", "role"),
    "organization_id": _w("所属组织", "organisation"),
    "year": _w("年度", "year"),
    "quota": _w("计划名额", "quota"),
    "holidays": _w("放假日期", "holidays"),
    "workdays": _w("调休上班日期", "working weekend days"),
    "source": _w("来源", "source"),
    "limit": _w("每页条数", "page size"),
    "cursor": _w("翻页位置", "cursor"),
    "within_days": _w("天数", "days ahead"),
    "format": _w("格式", "format"),
    "state": _w("阶段", "state"),
    "trigger": _w("事项", "act"),
    "If-Match": _w("版本号（If-Match）", "version (If-Match)"),
    "Idempotency-Key": _w("幂等键（Idempotency-Key）", "Idempotency-Key"),
    "branch": _w("党支部", "branch"),
    "candidate_id": _w("入党申请人编号", "candidate number"),
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

PROBLEMS: Mapping[str, Words] = {
    "unauthenticated": _w("未认证", "Not authenticated"),
    "not-authenticated": _w("未认证", "Not authenticated"),
    "state-conflict": _w("状态冲突", "State conflict"),
    "token-revoked": _w("令牌已吊销", "Token revoked"),
    "token-expired": _w("令牌已过期", "Token expired"),
    "forbidden": _w("没有权限", "Forbidden"),
    "not-found": _w("未找到", "Not found"),
    "unknown-trigger": _w("没有这个事项", "Unknown trigger"),
    "invalid-input": _w("填写的内容有误", "Invalid input"),
    "transition-not-allowed": _w("当前阶段不能办理此事项", "Transition not allowed"),
    "rules-not-met": _w("不符合发展党员工作规定", "Rules not met"),
    "version-conflict": _w("记录已被他人更新", "Version conflict"),
    "idempotency-in-flight": _w("同一请求仍在处理中", "Request still in flight"),
    "idempotency-key-reused": _w("幂等键已用于另一请求", "Idempotency key reused"),
    "too-many-requests": _w("请求过于频繁", "Too many requests"),
    "payload-too-large": _w("提交的内容过大", "Payload too large"),
    "bad-request": _w("请求无法解析", "Bad request"),
    "method-not-allowed": _w("不支持此请求方法", "Method not allowed"),
    "not-ready": _w("服务尚未就绪", "Not ready"),
    "service-unavailable": _w("服务暂时不可用", "Service unavailable"),
    "internal-error": _w("系统内部错误", "Internal error"),
}
# A problem's detail when the error carries none in the language asked for.
PROBLEM_DETAILS: Mapping[str, Words] = {
    "unauthenticated": _w("请求须带有效的访问令牌", "Send Authorization: Bearer <token>."),
    "token-revoked": _w("访问令牌已吊销或已轮换，请重新获取", "The token was revoked."),
    "token-expired": _w("访问令牌已过期，请重新获取", "The token has expired."),
    "forbidden": _w("您的账号没有进行此操作的权限", "You may not do this."),
    "not-found": _w("没有找到所请求的记录或地址", "Nothing is found here."),
    "unknown-trigger": _w("工作流程中没有这个事项", "The workflow has no such act."),
    "invalid-input": _w(
        "填写的内容有误，请按各项错误说明修改",
        "The request does not match the schema; see `errors`.",
    ),
    "version-conflict": _w("该记录已被他人更新，请刷新后重试", "The record has changed since."),
    "state-conflict": _w("此操作会使系统处于不允许的状态", "This would leave a state not allowed."),
    "idempotency-in-flight": _w(
        "使用同一幂等键的请求仍在处理中，请稍后重试", "A request with this key is in flight."
    ),
    "idempotency-key-reused": _w(
        "此幂等键已用于另一请求", "This Idempotency-Key was used for a different request."
    ),
    "too-many-requests": _w("认证失败次数过多，请稍后再试", "Too many failed attempts."),
    "payload-too-large": _w("提交的内容过大", "The request body is too large."),
    "bad-request": _w("请求内容无法解析", "The request body cannot be parsed."),
    "method-not-allowed": _w("此地址不支持该请求方法", "Method not allowed."),
    "not-ready": _w("数据库不可用或尚未升级到最新版本", "The database is not ready."),
    "service-unavailable": _w("数据库暂时不可用，请稍后重试", "The database is unavailable."),
    "internal-error": _w(
        "系统发生意外错误，请将请求编号报告给管理员",
        "An unexpected error occurred; please report the request id.",
    ),
}
INVALID_VALUE = _w("取值无效", "is invalid")
INVALID_DATA = _w("填写的内容不符合要求，详见各项说明", "The request names something impossible.")
UNEXPLAINED = _w("请求未能完成", "The request could not be completed.")


def state_label(state: str | None, language: Language = ZH) -> str:
    words = None if state is None else STATES.get(state)
    return words(language) if words is not None else NOT_RECORDED(language)


def act_label(trigger: str, state: str | None = None, language: Language = ZH) -> str:
    """The act's title in `state` (open_publicity names which notice), else the trigger's."""
    words = ACTS_IN_STATE.get((trigger, state or "")) or TRIGGERS.get(trigger)
    return words(language) if words is not None else trigger


def field_words(trigger: str | None, name: str) -> Words | None:
    if trigger == SUBMIT_APPLICATION:
        return CANDIDATE_FIELDS.get(name)
    if trigger is not None and (trigger, name) in FIELDS_OF_ACT:
        return FIELDS_OF_ACT[(trigger, name)]
    return FIELDS.get(name)


def field_label(trigger: str | None, name: str, language: Language = ZH) -> str:
    words = field_words(trigger, name)
    return words(language) if words is not None else name


def choice_label(value: str, language: Language = ZH) -> str:
    words = CHOICES.get(value)
    return words(language) if words is not None else value


def problem_title(slug: str, language: Language, default: str) -> str:
    words = PROBLEMS.get(slug)
    return words(language) if words is not None else default


def choices_text(values: tuple[str, ...], language: Language = ZH) -> str:
    """`male（男）或 female（女）`: each value a program sends, with the label a person reads."""
    if language == EN:
        shown = [f"{value} ({choice_label(value, EN)})" for value in values]
        return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]
    shown = [f"{value}（{choice_label(value, ZH)}）" for value in values]
    return shown[0] if len(shown) == 1 else "、".join(shown[:-1]) + "或 " + shown[-1]


def description(words: Words, *, hint: Words | None = None, choices: tuple[str, ...] = ()) -> str:
    """A field's description for the API's schema: its label in both languages, its hint, the
    choices with their labels."""
    text = f"{words.zh}（{words.en}）"
    if hint is not None:
        text += f"，{hint.zh}"
    if choices:
        text += f"：{choices_text(choices)}"
    return text


def show(value: object, language: Language = ZH) -> str:
    """A value inside a sentence: nothing as 未记录, yes/no, a list by its items' names, a
    choice, step or finding by its label; dates and numbers as they are."""
    if value is None:
        return NOT_RECORDED(language)
    if isinstance(value, bool):
        return (YES if value else NO)(language)
    if isinstance(value, list | tuple):
        shown = [show(item, language) for item in value]
        return SEPARATOR(language).join(shown) if shown else NONE(language)
    if isinstance(value, str):
        for table in (CHOICES, STEPS, FINDINGS, TRIGGERS):
            if value in table:
                return table[value](language)
    return str(value)


def show_fields(value: object, trigger: str | None, language: Language = ZH) -> str:
    """Evidence field names (or findings) by the labels the act gives them."""
    names = value if isinstance(value, list | tuple) else [value]
    shown = [
        FINDINGS[name](language) if name in FINDINGS else field_label(trigger, name, language)
        for name in names
        if isinstance(name, str)
    ]
    return SEPARATOR(language).join(shown) if shown else NONE(language)
