"""Rules of the committee's approval: the six no-approvals (六不批), deadlines, the annual plan,
and probation (conversion, extension)."""

from __future__ import annotations

from service.workflow.calendar import add_months, add_years
from service.workflow.record import Ballot
from service.workflow.rules.base import PENDING, Outcome, iso, rule
from service.workflow.rules.cultivation import missing_materials, sufficient_training
from service.workflow.situation import Situation

SIX_NO = "八规范（四）五 “六不批”"


@rule(
    "six_no.cultivation",
    zh="没有经过1-2年积极分子培养的不批："
    "{activist_since} 确定为积极分子，{development_target_since} 列为发展对象，不足{years}年",
    en="Not approved without 1-2 years as an activist: activist since {activist_since}, "
    "development target since {development_target_since}, less than {years} year(s)",
    source=f"{SIX_NO} 第一项；《中国共产党发展党员工作细则》第十三条",
)
def six_no_cultivation(s: Situation) -> Outcome:
    record, years = s.record, s.profile.cultivation_years
    since, target = record.activist_since, record.development_target_since
    if since is not None and target is not None and target >= add_years(since, years):
        return None
    return {
        "activist_since": iso(since),
        "development_target_since": iso(target),
        "years": years,
    }


@rule(
    "six_no.motive",
    zh="入党动机不纯、觉悟不高、信念不坚定的不批（上级党委谈话结论：{motive}）",
    en="Not approved with an impure motive, low awareness or weak conviction "
    "(committee interview: {motive})",
    source=f"{SIX_NO} 第二项",
)
def six_no_motive(s: Situation) -> Outcome:
    interview = s.record.interview
    if interview is not None and interview.motive == "sound":
        return None
    return {"motive": None if interview is None else interview.motive}


@rule(
    "six_no.training",
    zh="没有经过入党积极分子培训班集中培训的不批"
    "（不少于{minimum_days}天或{minimum_hours}学时并结业）",
    en="Not approved without concentrated activist training (at least {minimum_days} days or "
    "{minimum_hours} class hours, completed)",
    source=f"{SIX_NO} 第三项；《中国共产党发展党员工作细则》第十七条",
)
def six_no_training(s: Situation) -> Outcome:
    days, hours = s.profile.training_minimum_days, s.profile.training_minimum_hours
    if sufficient_training(s.record, days=days, hours=hours) is not None:
        return None
    return {"minimum_days": days, "minimum_hours": hours, "recorded": len(s.record.trainings)}


@rule(
    "six_no.political_review",
    zh="没有政审和政审不清的不批（政审结论：{conclusion}）",
    en="Not approved without a clear, passing political review (conclusion: {conclusion})",
    source=f"{SIX_NO} 第四项；《中国共产党发展党员工作细则》第十六条",
)
def six_no_political_review(s: Situation) -> Outcome:
    review = s.record.political_review
    if review is not None and review.conclusion == "qualified":
        return None
    return {"conclusion": None if review is None else review.conclusion}


@rule(
    "six_no.procedure",
    zh="违反发展党员工作程序的不批，缺少或不符合程序的环节：{missing}",
    en="Not approved when the development procedure was violated; missing or irregular steps: "
    "{missing}",
    source=f"{SIX_NO} 第五项",
)
def six_no_procedure(s: Situation) -> Outcome:
    record = s.record
    missing = missing_materials(record, s)
    if not record.mentors:
        missing.append("mentors")
    if len(record.sponsors) != s.profile.sponsors_required:
        missing.append("sponsors")
    if record.completed_notice("admission_publicity") is None:
        missing.append("admission_notice")
    if record.pre_review_approved_on is None:
        missing.append("pre_review")
    if record.admission_ballot is None or not record.admission_ballot.passed:
        missing.append("admission_ballot")
    return {"missing": missing} if missing else None


@rule(
    "six_no.lawful",
    zh="违反计划生育政策等法律法规的不批（上级党委谈话结论：{law_compliance}）",
    en="Not approved after violating family-planning policy or other laws "
    "(committee interview: {law_compliance})",
    source=f"{SIX_NO} 第六项",
)
def six_no_lawful(s: Situation) -> Outcome:
    interview = s.record.interview
    if interview is not None and interview.law_compliance == "compliant":
        return None
    return {"law_compliance": None if interview is None else interview.law_compliance}


def _deciding_ballot(s: Situation) -> Ballot | None:
    if s.trigger == "approve_conversion":
        return s.record.conversion_ballot
    return s.record.admission_ballot


@rule(
    "approval.deadline",
    zh="上级党委应在支部大会决议（{ballot_on}）后{months}个月内审批，即 {due_by} 前；"
    "有特殊原因的可延长至{months_with_reason}个月（{due_by_with_reason}）",
    en="The committee must decide within {months} months of the assembly's resolution "
    "({ballot_on}), by {due_by}; with a recorded special reason within {months_with_reason} "
    "months ({due_by_with_reason})",
    source="《中国共产党发展党员工作细则》第二十八条、第三十三条",
)
def approval_deadline(s: Situation) -> Outcome:
    ballot = _deciding_ballot(s)
    months, long_months = s.profile.approval_months, s.profile.approval_months_with_special_reason
    if ballot is None:
        return {"ballot_on": None, "months": months, "months_with_reason": long_months}
    special_reason = bool(s.given("special_reason"))
    if s.effective_date <= add_months(ballot.held_on, long_months if special_reason else months):
        return None
    return {
        "ballot_on": iso(ballot.held_on),
        "effective_date": iso(s.effective_date),
        "months": months,
        "due_by": iso(add_months(ballot.held_on, months)),
        "months_with_reason": long_months,
        "due_by_with_reason": iso(add_months(ballot.held_on, long_months)),
        "special_reason_given": special_reason,
    }


@rule(
    "plan.quota",
    zh="超出 {year} 年度发展党员计划：计划 {quota} 名，已批准 {used} 名",
    en="Beyond the {year} development plan: quota {quota}, {used} already approved",
    source="八规范（四）“控制总量、优化结构、提高质量、发挥作用”；"
    "《中国共产党发展党员工作细则》第三条",
)
def plan_quota(s: Situation) -> Outcome:
    year = s.effective_date.year
    for plan in s.plans:
        if plan.used >= plan.quota:
            return {
                "year": plan.year,
                "quota": plan.quota,
                "used": plan.used,
                "organization_id": plan.organization_id,
            }
    if s.profile.require_plan and not s.plans:
        return {"year": year, "quota": 0, "used": 0, "plan": None}
    return None


@rule(
    "probation.ended",
    zh="预备期至 {probation_ends} 届满，{effective_date} 不能作出按期转正的决议",
    en="Probation ends on {probation_ends}; conversion cannot be resolved on {effective_date}",
    source="《中国共产党发展党员工作细则》第三十二条、第三十三条",
)
def probation_ended(s: Situation) -> Outcome:
    resolution = s.given("resolution")
    ends = s.record.probation_ends
    if resolution not in (None, "convert"):
        return None
    if ends is not None and s.effective_date >= ends:
        return None
    return {"probation_ends": iso(ends), "effective_date": iso(s.effective_date)}


@rule(
    "probation.extend_once",
    zh="预备期只能延长一次，延长时间为{minimum}至{maximum}个月（已延长 {extensions} 次，"
    "本次 {extend_months} 个月）",
    en="Probation may be extended once only, by {minimum} to {maximum} months "
    "({extensions} extension(s) so far, {extend_months} months asked)",
    source="《中国共产党发展党员工作细则》第三十二条",
)
def probation_extend_once(s: Situation) -> Outcome:
    resolution = s.given("resolution")
    if resolution is None:
        return PENDING
    if resolution != "extend":
        return None
    profile, months = s.profile, s.given("extend_months")
    in_range = months is not None and (
        profile.extension_months_minimum <= months <= profile.extension_months_maximum
    )
    if in_range and s.record.extensions < profile.maximum_extensions:
        return None
    return {
        "extensions": s.record.extensions,
        "extend_months": months,
        "minimum": profile.extension_months_minimum,
        "maximum": profile.extension_months_maximum,
    }
