"""Canonical JSON and its SHA-256: the fingerprint that makes an approval tamper-evident.

Django-free. The same content always gives the same bytes: keys sorted, no
insignificant whitespace, UTF-8, dates and datetimes in ISO 8601, lists kept in
their order (so positions are hashed in the order the form shows them).
"""

import datetime
import decimal
import hashlib
import json
import uuid
from typing import Any


def _default(value: Any):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    raise TypeError(f"{type(value).__name__} has no canonical form")


def canonical_json(content: Any) -> bytes:
    return json.dumps(
        content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_default, allow_nan=False
    ).encode("utf-8")


def content_hash(content: Any) -> str:
    """Hex SHA-256 of the canonical JSON of `content`."""
    return hashlib.sha256(canonical_json(content)).hexdigest()
