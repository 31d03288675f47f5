"""Rules of the branch assembly's vote (票决制): method, one candidate at a time, counts, quorum."""

from __future__ import annotations

from service.workflow.rules.base import PENDING, Outcome, deciding_rule, rule
from service.workflow.situation import Situation

COUNTS = ("expected", "present", "written_opinions", "votes_for", "votes_against", "abstentions")


@rule(
    "ballot.method",
    zh="本规则配置（{profile_label}）下支部大会表决须采用：{allowed}；本次为 {method}",
    en="Under the rules of {profile_label} the branch assembly must vote by {allowed}; "
    "given {method}",
    source="《中国共产党发展党员工作细则》第二十一条（无记名投票）；"
    "八规范（四）四 票决制（举手或无记名投票）",
)
def ballot_method(s: Situation) -> Outcome:
    method = s.given("method")
    if method is None:
        return PENDING
    if method in s.profile.ballot_methods:
        return None
    return {
        "method": method,
        "allowed": list(s.profile.ballot_methods),
        "profile": s.profile.name,
        "profile_label": s.profile.label_zh,
        "profile_label_en": s.profile.label_en or s.profile.name,
    }


@rule(
    "ballot.individual",
    zh="讨论两个以上的人入党时，必须逐个讨论、逐个表决；本次表决未声明为逐个表决",
    en="Each candidate must be discussed and voted on individually; this vote was not declared so",
    source="八规范（四）四 票决制；《中国共产党发展党员工作细则》第二十一条",
)
def ballot_individual(s: Situation) -> Outcome:
    individually = s.given("voted_individually")
    if individually is None:
        return PENDING
    return None if individually is True else {"voted_individually": individually}


def _counts(s: Situation) -> dict[str, int]:
    return {name: int(s.given(name)) for name in COUNTS}


@rule(
    "ballot.counts",
    zh="表决人数与票数不符：应到 {expected}，实到 {present}，书面意见 {written_opinions}，"
    "赞成 {votes_for}，反对 {votes_against}，弃权 {abstentions}（{problems}）",
    en="Ballot counts do not add up: expected {expected}, present {present}, written "
    "{written_opinions}, for {votes_for}, against {votes_against}, abstain {abstentions} "
    "({problems})",
    source="《中国共产党发展党员工作细则》第二十条、第二十一条",
)
def ballot_counts(s: Situation) -> Outcome:
    if s.evidence is None:
        return PENDING
    c = _counts(s)
    problems = []
    if c["expected"] <= 0:
        problems.append("expected_positive")
    if c["present"] > c["expected"]:
        problems.append("present_within_expected")
    if c["present"] + c["written_opinions"] > c["expected"]:
        problems.append("present_and_written_within_expected")
    tally = c["votes_for"] + c["votes_against"] + c["abstentions"]
    if tally > c["present"] + c["written_opinions"]:
        problems.append("votes_within_voters")
    return {**c, "problems": problems} if problems else None


@rule(
    "ballot.quorum",
    zh="有表决权的到会人数须超过应到会人数的半数："
    "应到 {expected}，实到 {present}，须多于 {required_more_than}",
    en="More than half of the voting members must be present: expected {expected}, "
    "present {present}, more than {required_more_than} needed",
    source="《中国共产党发展党员工作细则》第二十条；党章第七条（预备党员没有表决权）",
)
def ballot_quorum(s: Situation) -> Outcome:
    if s.evidence is None:
        return PENDING
    expected, present = int(s.given("expected")), int(s.given("present"))
    if present * 2 > expected:
        return None
    return {"expected": expected, "present": present, "required_more_than": expected // 2}


BALLOT_MAJORITY = deciding_rule(
    "ballot.majority",
    zh="赞成人数须超过应到会有表决权正式党员的半数："
    "应到 {expected}，赞成 {votes_for}，须多于 {required_more_than}",
    en="Votes for must exceed half of the expected voting members: expected {expected}, "
    "for {votes_for}, more than {required_more_than} needed",
    source="《中国共产党发展党员工作细则》第二十一条",
)


def ballot_passes(expected: int, votes_for: int) -> bool:
    return votes_for * 2 > expected
