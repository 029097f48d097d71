"""Signed, expiring links that name one database row (the row makes them single-use).

Used by mapping-form approval links and employer-contact invitations. A link is a
`django.core.signing` token over a small dict of strings, with a salt per purpose;
the row it names records when it was used, so a second use is refused.

    token = link_dumps({"r": str(row.uuid), ...}, salt="app.purpose")
    data = link_loads(token, salt="app.purpose", keys=("r", ...))   # or LinkRefused
"""

import datetime
import uuid

from django.conf import settings
from django.core import signing

from kamportal.workflow import WorkflowError


class LinkRefused(WorkflowError):
    """A link that does not work. `reason` is invalid, expired, used or stale; `obj` is the row, if known."""

    STATUS = {"invalid": 400, "expired": 410, "used": 410, "stale": 410}

    def __init__(self, reason: str, obj=None):
        super().__init__(reason)
        self.reason = reason
        self.obj = obj

    @property
    def approval_request(self):
        """The mapping approval request the link named (the name its callers use)."""
        return self.obj

    @property
    def status_code(self) -> int:
        return self.STATUS[self.reason]


def link_max_age() -> datetime.timedelta:
    return datetime.timedelta(days=settings.SIGNED_LINK_MAX_AGE_DAYS)


def link_dumps(payload: dict[str, str], *, salt: str) -> str:
    return signing.dumps(payload, salt=salt)


def link_loads(token: str, *, salt: str, keys: tuple[str, ...]) -> dict[str, str]:
    """The payload of a token signed with `salt`, no older than the link lifetime, holding string `keys`."""
    try:
        data = signing.loads(token, salt=salt, max_age=link_max_age())
    except signing.SignatureExpired:
        raise LinkRefused("expired") from None
    except signing.BadSignature:
        raise LinkRefused("invalid") from None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) for k in keys):
        raise LinkRefused("invalid")
    return data


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except (TypeError, ValueError, AttributeError):
        return False
    return True
