"""Webhooks: subscriptions (`subscriptions`), the transactional outbox every history event and
reminder writes to (`outbox`), the signed CloudEvent a delivery sends (`envelope`), the delivery
loop with its leases (`delivery`), deadline reminders (`reminders`) and the worker that runs
both in the background (`worker`).

Use cases like the rest of service.app: no HTTP here; the sender that POSTs is injected
(service/adapters/webhook_sender.py builds it over httpx).
"""
