"""The names of fields: evidence (by act, with hints), the applicant's own, a person's,
and every other field a request can carry."""

from __future__ import annotations

from collections.abc import Mapping

from service.workflow.words.base import Words

_w = Words

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
