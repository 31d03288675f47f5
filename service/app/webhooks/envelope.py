"""What a delivery sends: a CloudEvents 1.0 event in structured JSON mode, signed as the
Standard Webhooks scheme says (`webhook-id`, `webhook-timestamp`, `webhook-signature`).

The attributes are checked by the `cloudevents` library's CloudEvent; the body is written with
orjson so that `data` carries the event's stored JSON as the history serves it (UTF-8, not
\\u-escaped as the library's writer would), and the signature is `standardwebhooks`' own.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from math import floor

import orjson
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from standardwebhooks.webhooks import Webhook

CONTENT_TYPE = JSONFormat.CONTENT_TYPE
SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A signing secret as Standard Webhooks write it: `whsec_` and 32 random bytes, base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


@dataclass(frozen=True, slots=True)
class Envelope:
    """One event ready to sign: its CloudEvent attributes and its `data` as JSON bytes."""

    event_id: str
    type: str
    source: str
    subject: str
    time: datetime  # naive UTC
    data: bytes

    def body(self) -> bytes:
        moment = self.time.replace(tzinfo=UTC)
        attributes = {
            "specversion": "1.0",
            "id": self.event_id,
            "source": self.source,
            "type": self.type,
            "subject": self.subject,
            "time": moment,
            "datacontenttype": "application/json",
        }
        CloudEvent(attributes)
        text = moment.isoformat(timespec="microseconds").replace("+00:00", "Z")
        return orjson.dumps({**attributes, "time": text, "data": orjson.Fragment(self.data)})


def signed_headers(secret: str, *, event_id: str, at: datetime, body: bytes) -> dict[str, str]:
    """The headers of one attempt: the content type and the Standard Webhooks signature of
    `body` at `at` (naive UTC; its Unix seconds are `webhook-timestamp`)."""
    moment = at.replace(tzinfo=UTC)
    return {
        "content-type": CONTENT_TYPE,
        "webhook-id": event_id,
        "webhook-timestamp": str(floor(moment.timestamp())),
        "webhook-signature": Webhook(secret).sign(event_id, moment, body),
    }
