"""The dates of a candidate's record (the file's key dates, ledger and sheet columns) and the
other columns of ledgers, each worded once; and the older header wordings sheets still carry."""

from __future__ import annotations

from collections.abc import Mapping

from service.workflow.words.base import Words
from service.workflow.words.fields import CANDIDATE_FIELDS, FIELDS

_w = Words

# A record's dates by key, one wording each (as a clerk writes it on the file and the ledgers).
DATES: Mapping[str, Words] = {
    "application_date": CANDIDATE_FIELDS["application_date"],
    "talk_date": _w("谈话时间", "date of the talk"),
    "recommendation_date": _w("推荐时间", "date of the recommendation"),
    "activist_since": _w("确定为入党积极分子时间", "activist since"),
    "development_target_since": _w("列为发展对象时间", "development target since"),
    "admission_ballot_on": _w("支部大会讨论接收时间", "date of the admission ballot"),
    "admitted_on": _w("上级党委批准时间", "date of the committee's approval"),
    "oath_on": _w("入党宣誓时间", "date of the oath"),
    "probation_ends": _w("预备期满时间", "probation ends"),
    "full_member_since": _w("转为正式党员时间", "full member since"),
    "ended_on": _w("终止时间", "ended on"),
}
# The file's key dates (档案 and the console's candidate page), in the order they come.
KEY_DATES: Mapping[str, Words] = {
    key: DATES[key]
    for key in (
        "application_date",
        "activist_since",
        "development_target_since",
        "admission_ballot_on",
        "admitted_on",
        "probation_ends",
        "full_member_since",
    )
}

# A ledger's column headers by column key.
LEDGER_COLUMNS: Mapping[str, Words] = {
    **{
        name: CANDIDATE_FIELDS[name]
        for name in ("name", "gender", "ethnicity", "education", "work_unit", "id_number", "phone")
    },
    "birth_month": _w("出生年月", "month of birth"),
    "application_date": DATES["application_date"],
    "talk_date": DATES["talk_date"],
    "activist_since": DATES["activist_since"],
    "mentors": FIELDS["mentors"],
    "assessments": _w("考察次数", "assessments"),
    "development_target_since": DATES["development_target_since"],
    "political_review": FIELDS["conclusion"],
    "sponsors": FIELDS["sponsors"],
    "admission_ballot_date": DATES["admission_ballot_on"],
    "admitted_on": DATES["admitted_on"],
    "probation": _w("预备期起止", "probation from and to"),
    "oath_on": DATES["oath_on"],
    "full_member_since": DATES["full_member_since"],
    "branch": CANDIDATE_FIELDS["branch_id"],
    "state": _w("当前阶段", "current stage"),
}

# Other header wordings sheets carry (filled in before the wording above), by the column
# (a date's key or a ledger column's) they name.
OLD_HEADERS: Mapping[str, tuple[str, ...]] = {
    "id_number": ("身份证号", "身份证号码"),
    "activist_since": ("确定积极分子时间",),
    "admission_ballot_on": ("接收预备党员时间", "支部大会接收时间"),
    "full_member_since": ("转正时间",),
}
