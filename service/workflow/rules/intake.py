"""Rules of the first steps and of every act's dates: age, talk, recommendation, effective dates."""

from __future__ import annotations

from service.workflow.calendar import add_months
from service.workflow.definition import is_record
from service.workflow.rules.base import PENDING, WARN, Outcome, deciding_rule, iso, rule
from service.workflow.situation import Situation

_RECORD_TRIGGERS_DATE_FIELDS = ("decided_on", "held_on", "submitted_on")


@rule(
    "effective_date.not_future",
    zh="生效日期 {effective_date} 晚于今天 {today}（北京时间），不能登记尚未发生的事项",
    en="The effective date {effective_date} is after today {today} (Asia/Shanghai)",
    source="recruitflow 工作流约定：生效日期",
)
def effective_date_not_future(s: Situation) -> Outcome:
    if s.effective_date > s.today:
        return {"effective_date": iso(s.effective_date), "today": iso(s.today)}
    return None


@rule(
    "effective_date.in_order",
    zh="生效日期 {effective_date} 早于 {earliest}（{reason}），不符合程序顺序",
    en="The effective date {effective_date} is before {earliest} ({reason})",
    source="recruitflow 工作流约定：生效日期；《发展党员工作细则》程序顺序",
)
def effective_date_in_order(s: Situation) -> Outcome:
    if is_record(s.trigger, s.state):
        earliest = s.record.state_entered_on
        reason = ("进入当前阶段的日期", "the act that entered the current state")
    else:
        earliest = s.record.last_act_on
        reason = ("最近一次已生效的事项", "the latest applied act")
    if s.effective_date < earliest:
        return {
            "effective_date": iso(s.effective_date),
            "earliest": iso(earliest),
            "reason": reason[0],
            "reason_en": reason[1],
        }
    return None


@rule(
    "evidence.dates",
    zh="材料中的日期与程序不符（须在 {earliest} 至生效日期 {effective_date} 之间，"
    "且前后一致）：{fields}",
    en="Dates in the evidence must lie between {earliest} and the effective date "
    "{effective_date}, in order: {fields}",
    source="recruitflow 工作流约定：生效日期",
)
def evidence_dates(s: Situation) -> Outcome:
    if s.evidence is None:
        return PENDING
    earliest = s.record.state_entered_on
    wrong = [
        name
        for name in _RECORD_TRIGGERS_DATE_FIELDS
        if s.given(name) is not None and not earliest <= s.given(name) <= s.effective_date
    ]
    if s.trigger == "record_training":
        starts_on, ends_on = s.given("starts_on"), s.given("ends_on")
        if starts_on is not None and ends_on is not None and ends_on < starts_on:
            wrong.append("ends_before_start")
        if ends_on is not None and ends_on > s.effective_date:
            wrong.append("ends_on")
    if s.trigger == "resolve_objection" and s.notice is not None:
        received = {o.objection_id: o.received_on for o in s.notice.objections}
        received_on = received.get(s.given("objection_id"))
        if received_on is not None and s.effective_date < received_on:
            wrong.append("before_objection_received")
    if wrong:
        return {
            "effective_date": iso(s.effective_date),
            "earliest": iso(earliest),
            "fields": wrong,
        }
    return None


@rule(
    "applicant.age",
    zh="申请入党时须年满{minimum_age}周岁："
    "出生于 {birth_date}，申请日期 {application_date} 时为 {age} 周岁",
    en="An applicant must be at least {minimum_age} on the application date: "
    "born {birth_date}, {age} on {application_date}",
    source="《中国共产党发展党员工作细则》第五条；党章第一条",
)
def applicant_age(s: Situation) -> Outcome:
    born, applied = s.record.birth_date, s.record.application_date
    age = applied.year - born.year - ((applied.month, applied.day) < (born.month, born.day))
    if age < s.profile.minimum_age:
        return {
            "birth_date": iso(born),
            "application_date": iso(applied),
            "age": age,
            "minimum_age": s.profile.minimum_age,
        }
    return None


@rule(
    "talk.after_application",
    zh="应在收到入党申请书后一个月内派人谈话："
    "申请日期 {application_date}，应于 {due_by} 前谈话，实际 {talk_on}",
    en="The talk should take place within one month of the application ({application_date}): "
    "due by {due_by}, held on {talk_on}",
    source="《中国共产党发展党员工作细则》第七条",
    severity=WARN,
)
def talk_after_application(s: Situation) -> Outcome:
    due_by = add_months(s.record.application_date, s.profile.talk_within_months)
    if s.record.talks or s.effective_date <= due_by:
        return None
    return {
        "application_date": iso(s.record.application_date),
        "due_by": iso(due_by),
        "talk_on": iso(s.effective_date),
    }


@rule(
    "talk.required",
    zh="尚未登记党组织派人同入党申请人的谈话",
    en="No talk with the applicant has been recorded",
    source="《中国共产党发展党员工作细则》第七条",
)
def talk_required(s: Situation) -> Outcome:
    return None if s.record.talks else {"talks": 0}


@rule(
    "recommendation.secret_ballot",
    zh="推荐入党积极分子须采取无记名投票方式（本次：{method}）",
    en="Recommending activists requires a secret ballot (given: {method})",
    source="八规范（四）一 公推制",
)
def recommendation_secret_ballot(s: Situation) -> Outcome:
    method = s.given("method")
    if method is None:
        return PENDING
    if method not in s.profile.recommendation_methods:
        return {"method": method, "allowed": list(s.profile.recommendation_methods)}
    return None


@rule(
    "recommendation.counts",
    zh="推荐票数不符：参加 {participants} 人，收回 {ballots_cast} 票，推荐 {votes_for} 票",
    en="Recommendation counts do not add up: {participants} participants, "
    "{ballots_cast} ballots cast, {votes_for} for",
    source="八规范（四）一 公推制",
)
def recommendation_counts(s: Situation) -> Outcome:
    if s.evidence is None:
        return PENDING
    participants = s.given("party_members") + s.given("mass_representatives")
    cast, votes_for = s.given("ballots_cast"), s.given("votes_for")
    if participants > 0 and cast <= participants and votes_for <= cast:
        return None
    return {"participants": participants, "ballots_cast": cast, "votes_for": votes_for}


RECOMMENDATION_MAJORITY = deciding_rule(
    "recommendation.majority",
    zh="推荐票须达到参加推荐人数的半数以上（含半数）："
    "参加 {participants} 人，推荐 {votes_for} 票，至少需 {required} 票",
    en="Recommendation votes must reach half of the participants or more: "
    "{votes_for} of {participants}, at least {required} needed",
    source="八规范（四）一 公推制（“半数以上”含本数，民法典第一千二百五十九条）",
)


TRANSITION_ALLOWED = deciding_rule(
    "transition.allowed",
    zh="当前阶段“{state}”不能进行“{trigger}”；可进行：{allowed}",
    en="“{trigger}” is not possible in the state “{state}”; possible: {allowed}",
    source="recruitflow 工作流约定：状态与触发事项（docs/workflow.md）",
)
