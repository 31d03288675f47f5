"""Rules of public notices (公示制): period, objections, completion."""

from __future__ import annotations

from service.workflow.rules.base import PENDING, Outcome, iso, rule
from service.workflow.situation import Situation

SOURCE = "八规范（四）二 公示制"


@rule(
    "publicity.period",
    zh="公示开始日期 {starts_on} 须在上一事项 {earliest} 之后、登记日期 {latest} 之前",
    en="The notice must start between the previous act ({earliest}) and the effective date "
    "({latest}); given {starts_on}",
    source=SOURCE,
)
def publicity_period(s: Situation) -> Outcome:
    starts_on = s.given("starts_on")
    if starts_on is None:
        return PENDING
    if s.record.last_act_on <= starts_on <= s.effective_date:
        return None
    return {
        "starts_on": iso(starts_on),
        "earliest": iso(s.record.last_act_on),
        "latest": iso(s.effective_date),
    }


@rule(
    "publicity.within_period",
    zh="异议须在公示期内（{starts_on} 至 {ends_on}）提出，收到日期为 {received_on}",
    en="Objections must be received during the notice ({starts_on} to {ends_on}); "
    "received {received_on}",
    source=SOURCE,
)
def publicity_within_period(s: Situation) -> Outcome:
    received_on, notice = s.given("received_on"), s.notice
    if received_on is None or notice is None:
        return PENDING
    if notice.starts_on <= received_on <= min(notice.ends_on, s.effective_date):
        return None
    return {
        "received_on": iso(received_on),
        "starts_on": iso(notice.starts_on),
        "ends_on": iso(notice.ends_on),
    }


@rule(
    "publicity.complete",
    zh="公示期未满：{starts_on} 起公示 {working_days} 个工作日，至 {ends_on} 期满，"
    "{effective_date} 尚不能进行下一步",
    en="The notice is not complete: {working_days} working days from {starts_on} end on "
    "{ends_on}; {effective_date} is too early",
    source=SOURCE,
)
def publicity_complete(s: Situation) -> Outcome:
    notice = s.notice
    if notice is None:
        return {
            "notice": None,
            "working_days": s.profile.notice_working_days,
            "effective_date": iso(s.effective_date),
        }
    if s.trigger == "close_publicity" and notice.upheld:
        return None
    ends_on, provisional = notice.ends_on, notice.provisional
    if provisional:
        # The official arrangement may have been loaded since the notice opened.
        end = s.calendar.nth_working_day(notice.starts_on, s.profile.notice_working_days)
        ends_on, provisional = (
            max(ends_on, end.day) if end.provisional else end.day,
            end.provisional,
        )
    if s.effective_date >= ends_on:
        return None
    return {
        "starts_on": iso(notice.starts_on),
        "ends_on": iso(ends_on),
        "working_days": s.profile.notice_working_days,
        "effective_date": iso(s.effective_date),
        "provisional": provisional,
    }


@rule(
    "publicity.objections_resolved",
    zh="公示期间收到的异议尚未核实办结（异议编号：{unresolved}）",
    en="Objections received during the notice are not resolved (ids: {unresolved})",
    source=SOURCE,
)
def publicity_objections_resolved(s: Situation) -> Outcome:
    notice = s.notice
    if notice is None or not notice.unresolved:
        return None
    return {"unresolved": list(notice.unresolved)}


@rule(
    "publicity.objection_upheld",
    zh="公示异议的核实结论决定去向：{explanation}",
    en="The findings on objections decide the way on: {explanation}",
    source=SOURCE,
)
def publicity_objection_upheld(s: Situation) -> Outcome:
    notice = s.notice
    upheld = notice is not None and notice.upheld
    if s.trigger == "close_publicity" and not upheld:
        return {
            "upheld": False,
            "explanation": "没有经核实成立的异议，应报上级党委预审，而不是关闭公示",
            "explanation_en": "no objection was upheld: submit for pre-review instead of closing",
        }
    if s.trigger == "record_conversion_ballot":
        resolution = s.given("resolution")
        if resolution is None:
            return PENDING
        if upheld and resolution == "convert":
            return {
                "upheld": True,
                "resolution": resolution,
                "explanation": "有异议经核实成立，不能作出按期转正的决议",
                "explanation_en": "an objection was upheld: the assembly cannot resolve to convert",
            }
    return None


@rule(
    "publicity.no_upheld_objection",
    zh="公示期间有异议经核实成立（结论为不宜发展），不能报上级党委预审，应关闭公示、退回发展对象",
    en="An objection to the notice was upheld (found: do not develop): the candidate cannot be "
    "submitted for pre-review; close the notice instead, back to development target",
    source=SOURCE,
)
def publicity_no_upheld_objection(s: Situation) -> Outcome:
    notice = s.notice
    if notice is None or not notice.upheld:
        return None
    return {"upheld": True}


@rule(
    "publicity.objection_known",
    zh="异议编号 {objection_id} 不是本次公示中待核实的异议",
    en="Objection {objection_id} is not an open objection of this notice",
    source=SOURCE,
)
def publicity_objection_known(s: Situation) -> Outcome:
    objection_id, notice = s.given("objection_id"), s.notice
    if objection_id is None:
        return PENDING
    if notice is not None and objection_id in notice.unresolved:
        return None
    return {"objection_id": objection_id, "open": list(notice.unresolved) if notice else []}
