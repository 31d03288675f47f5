"""`recruitflow remind` and `recruitflow deliver --once` on the configured database, with the
system clock, to a receiver on loopback."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine
from standardwebhooks.webhooks import Webhook

from service.adapters.clock import FixedClock
from service.app.actors import Role
from service.app.candidates import NewCandidate, create_candidate
from service.app.webhooks.subscriptions import create_subscription
from service.cli import main
from service.settings import Settings
from tests.conftest import SYSTEM_ADMIN
from tests.support.factories import MakeOrg, MakePrincipal
from tests.support.webhook_receiver import receiving


def test_remind_emits_once_and_deliver_once_sends_what_is_due(
    database_url: str,
    engine: Engine,
    clock: FixedClock,
    make_org: MakeOrg,
    make_principal: MakePrincipal,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = Settings(database_url=database_url)
    branch = make_org()
    secretary, _ = make_principal(Role.secretary, branch)
    assert branch.id is not None
    applicant = NewCandidate(branch.id, "张三", "male", date(1995, 5, 20), date(2023, 3, 1))
    with receiving() as receiver:
        issued = create_subscription(
            engine,
            clock,
            settings,
            SYSTEM_ADMIN,
            url=receiver.url,
            organization_id=branch.id,
            types=None,
            description=None,
        )
        candidate, _ = create_candidate(engine, clock, settings, secretary, applicant)
        monkeypatch.setenv("RECRUITFLOW_DATABASE_URL", database_url)

        assert main(["remind"]) == 0
        assert main(["remind"]) == 0
        assert capsys.readouterr().err.splitlines() == [
            "emitted 1 reminders",
            "emitted 0 reminders",
        ]
        assert main(["deliver", "--once", "--no-remind"]) == 0
        assert capsys.readouterr().err.strip() == "attempted 1 deliveries"
        [registered] = [
            Webhook(issued.secret).verify(one.body, one.headers) for one in receiver.received
        ]
    assert registered["type"] == "recruitflow.candidate.registered"
    assert registered["data"]["candidate_id"] == candidate.id
