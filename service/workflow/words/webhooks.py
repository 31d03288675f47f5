"""The webhooks' words: the CloudEvent types a subscription receives and a delivery's status."""

from __future__ import annotations

from collections.abc import Mapping

from service.workflow.words.base import Words

_w = Words

WEBHOOK_EVENTS: Mapping[str, Words] = {
    "recruitflow.act.applied": _w("办理事项已生效", "act applied"),
    "recruitflow.act.refused": _w("办理事项未通过审核", "act refused"),
    "recruitflow.candidate.registered": _w("登记入党申请人", "candidate registered"),
    "recruitflow.deadline.due": _w("办理期限临近提醒", "deadline due"),
    "recruitflow.deadline.overdue": _w("办理期限已过提醒", "deadline overdue"),
}

DELIVERY_STATUSES: Mapping[str, Words] = {
    "pending": _w("待发送", "pending"),
    "delivered": _w("已送达", "delivered"),
    "failed": _w("失败", "failed"),
}
