from __future__ import annotations

import pytest

from service.app.access import can_act_as_reviewer, can_act_as_secretary, can_read, is_admin
from service.app.actors import Actor, Role


def actor(role: Role, organization_id: int | None, path: str | None) -> Actor:
    return Actor(
        id=1, name="某人", role=role, organization_id=organization_id, organization_path=path
    )


ADMIN = actor(Role.admin, None, None)
SECRETARY = actor(Role.secretary, 4, "/1/4/")
REVIEWER = actor(Role.reviewer, 1, "/1/")
AUDITOR = actor(Role.auditor, 1, "/1/")


@pytest.mark.parametrize(
    ("who", "path", "allowed"),
    [
        (ADMIN, "/7/8/", True),
        (SECRETARY, "/1/4/", True),
        (SECRETARY, "/1/5/", False),
        (SECRETARY, "/1/", False),
        (SECRETARY, "/1/40/", False),
        (REVIEWER, "/1/", True),
        (REVIEWER, "/1/4/", True),
        (REVIEWER, "/1/2/9/", True),
        (REVIEWER, "/10/", False),
        (AUDITOR, "/1/4/", True),
        (AUDITOR, "/2/4/", False),
    ],
)
def test_reading_is_allowed_at_and_below_ones_organization(
    who: Actor, path: str, allowed: bool
) -> None:
    assert can_read(who, path) is allowed


def test_only_the_secretary_of_the_branch_acts_as_its_secretary() -> None:
    assert can_act_as_secretary(SECRETARY, 4)
    assert not can_act_as_secretary(SECRETARY, 5)
    for other in (ADMIN, REVIEWER, AUDITOR, actor(Role.reviewer, 4, "/1/4/")):
        assert not can_act_as_secretary(other, 4)


def test_a_reviewer_acts_for_every_branch_below_its_committee() -> None:
    assert can_act_as_reviewer(REVIEWER, "/1/4/")
    assert can_act_as_reviewer(REVIEWER, "/1/2/9/")
    assert not can_act_as_reviewer(REVIEWER, "/11/4/")
    assert not can_act_as_reviewer(AUDITOR, "/1/4/")
    assert not can_act_as_reviewer(ADMIN, "/1/4/")
    assert not can_act_as_reviewer(SECRETARY, "/1/4/")


def test_only_admins_are_admins() -> None:
    assert is_admin(ADMIN)
    assert not any(is_admin(other) for other in (SECRETARY, REVIEWER, AUDITOR))
