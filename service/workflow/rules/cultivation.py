"""Rules of cultivating an activist into a development target: mentors, time, assessments,
training, political review, sponsors, and the materials the committee pre-reviews."""

from __future__ import annotations

from collections.abc import Iterable

from service.workflow.calendar import add_years, whole_months_between
from service.workflow.record import Person, Record, Training
from service.workflow.rules.base import PENDING, Outcome, iso, rule
from service.workflow.situation import Situation

ACTIVIST_STATES = ("activist",)
TRAINING_STATES = ("activist", "development_target")


def _distinct(people: Iterable[Person]) -> int:
    return len({person.identity for person in people})


def _people(s: Situation, field: str, from_evidence_on: str) -> tuple[Person, ...] | None:
    if s.trigger == from_evidence_on:
        given = s.given(field)
        return None if given is None else tuple(given)
    people: tuple[Person, ...] = getattr(s.record, field)
    return people


@rule(
    "mentors.count",
    zh="须确定{minimum}至{maximum}名正式党员作为培养联系人（现为 {count} 名不同的人）",
    en="An activist needs {minimum} to {maximum} distinct full members as mentors (has {count})",
    source="《中国共产党发展党员工作细则》第九条",
)
def mentors_count(s: Situation) -> Outcome:
    mentors = _people(s, "mentors", from_evidence_on="assign_mentors")
    if mentors is None:
        return PENDING
    count, minimum, maximum = (
        _distinct(mentors),
        s.profile.mentors_minimum,
        s.profile.mentors_maximum,
    )
    if minimum <= count <= maximum and count == len(mentors):
        return None
    return {"count": count, "listed": len(mentors), "minimum": minimum, "maximum": maximum}


@rule(
    "sponsors.two_full_members",
    zh="须有{required}名正式党员作入党介绍人（现为 {count} 名不同的人）",
    en="Exactly {required} distinct full members must sponsor the candidate (has {count})",
    source="《中国共产党发展党员工作细则》第十四条",
)
def sponsors_two_full_members(s: Situation) -> Outcome:
    sponsors = _people(s, "sponsors", from_evidence_on="set_sponsors")
    if sponsors is None:
        return PENDING
    required = s.profile.sponsors_required
    if len(sponsors) == required and _distinct(sponsors) == required:
        return None
    return {"count": _distinct(sponsors), "listed": len(sponsors), "required": required}


@rule(
    "cultivation.one_year",
    zh="入党积极分子须经过{years}年以上培养教育："
    "{activist_since} 确定为积极分子，最早 {earliest} 可列为发展对象",
    en="An activist needs at least {years} year(s) of cultivation: activist since "
    "{activist_since}, development target from {earliest} at the earliest",
    source="《中国共产党发展党员工作细则》第十三条",
)
def cultivation_one_year(s: Situation) -> Outcome:
    since = s.record.activist_since
    if since is None:
        return {"activist_since": None, "years": s.profile.cultivation_years}
    earliest = add_years(since, s.profile.cultivation_years)
    if s.effective_date >= earliest:
        return None
    return {
        "activist_since": iso(since),
        "earliest": iso(earliest),
        "effective_date": iso(s.effective_date),
        "years": s.profile.cultivation_years,
    }


def assessments_required(record: Record, until: object, interval_months: int) -> int:
    if record.activist_since is None:
        return 0
    return whole_months_between(record.activist_since, until) // interval_months  # type: ignore[arg-type]


def assessments_recorded(record: Record) -> tuple[str, ...]:
    return tuple(sorted({a.period for a in record.assessments if a.state in ACTIVIST_STATES}))


@rule(
    "assessment.half_yearly",
    zh="培养期间须每半年考察一次："
    "自 {activist_since} 起应有 {required} 次考察，已登记 {recorded} 次",
    en="An activist must be assessed every six months: {required} assessment(s) due since "
    "{activist_since}, {recorded} recorded",
    source="《中国共产党发展党员工作细则》第十一条",
)
def assessment_half_yearly(s: Situation) -> Outcome:
    record = s.record
    required = assessments_required(record, s.effective_date, s.profile.assessment_interval_months)
    periods = assessments_recorded(record)
    if len(periods) >= required:
        return None
    return {
        "activist_since": iso(record.activist_since),
        "required": required,
        "recorded": len(periods),
        "periods": list(periods),
    }


def sufficient_training(record: Record, *, days: int, hours: int) -> Training | None:
    for training in record.trainings:
        if (
            training.completed
            and training.state in TRAINING_STATES
            and (training.days >= days or training.hours >= hours)
        ):
            return training
    return None


@rule(
    "training.length",
    zh="须参加集中培训并结业，"
    "时间不少于{minimum_days}天或{minimum_hours}学时（已登记 {recorded} 次培训，均不满足）",
    en="A completed concentrated training of at least {minimum_days} days or {minimum_hours} "
    "class hours is required ({recorded} recorded, none sufficient)",
    source="《中国共产党发展党员工作细则》第十七条",
)
def training_length(s: Situation) -> Outcome:
    days, hours = s.profile.training_minimum_days, s.profile.training_minimum_hours
    if sufficient_training(s.record, days=days, hours=hours) is not None:
        return None
    return {"minimum_days": days, "minimum_hours": hours, "recorded": len(s.record.trainings)}


@rule(
    "political_review.qualified",
    zh="须对发展对象进行政治审查并形成合格的结论（现为：{conclusion}）",
    en="A political review of the development target with a qualified conclusion is required "
    "(now: {conclusion})",
    source="《中国共产党发展党员工作细则》第十六条",
)
def political_review_qualified(s: Situation) -> Outcome:
    review = s.record.political_review
    if review is not None and review.conclusion == "qualified":
        return None
    return {"conclusion": None if review is None else review.conclusion}


def missing_materials(record: Record, s: Situation) -> list[str]:
    """The steps of the record that pre-review needs and that are not there (materials)."""
    missing = []
    if not record.talks:
        missing.append("talk")
    if record.recommendation is None or not record.recommendation.passed:
        missing.append("recommendation")
    if record.completed_notice("activist_publicity") is None:
        missing.append("activist_notice")
    required = assessments_required(
        record, record.development_target_since, s.profile.assessment_interval_months
    )
    if record.development_target_since is None or len(assessments_recorded(record)) < required:
        missing.append("half_yearly_assessments")
    return missing


@rule(
    "pre_review.materials",
    zh="报上级党委预审的材料不齐全，缺少：{missing}",
    en="The record lacks materials the pre-review needs: {missing}",
    source="八规范（四）三 预审制；《中国共产党发展党员工作细则》第十九条",
)
def pre_review_materials(s: Situation) -> Outcome:
    record = s.record
    missing = missing_materials(record, s)
    if (
        sufficient_training(
            record, days=s.profile.training_minimum_days, hours=s.profile.training_minimum_hours
        )
        is None
    ):
        missing.append("training")
    if record.political_review is None or record.political_review.conclusion != "qualified":
        missing.append("political_review")
    if len(record.sponsors) != s.profile.sponsors_required:
        missing.append("sponsors")
    notice = record.notice
    admission_complete = (
        notice is not None
        and notice.stage == "admission_publicity"
        and (s.effective_date >= notice.ends_on)
    )
    if not admission_complete and record.completed_notice("admission_publicity") is None:
        missing.append("admission_notice")
    return {"missing": missing} if missing else None


@rule(
    "conversion.applied",
    zh="预备党员尚未提出书面转正申请",
    en="The probationary member has not applied in writing for conversion",
    source="《中国共产党发展党员工作细则》第三十三条",
)
def conversion_applied(s: Situation) -> Outcome:
    return None if s.record.conversion_applied_on is not None else {"applied": False}


@rule(
    "transfer.other_branch",
    zh="转入的党支部与当前党支部相同",
    en="The receiving branch ({to_branch_id}) is the current branch",
    source="八规范（三）四 组织关系转接",
)
def transfer_other_branch(s: Situation) -> Outcome:
    to_branch_id = s.given("to_branch_id")
    if to_branch_id is None:
        return PENDING
    return {"to_branch_id": to_branch_id} if to_branch_id == s.record.branch_id else None
