"""Who and where for the current unit of work (a request, a Celery task, a management command).

One `WorkContext` per unit, held in a contextvar: set by `accounts.middleware.WorkContextMiddleware`
for requests, by Celery signals (kamportal/celery.py) for tasks, and by `work_context(...)` for
commands. The audit writer and the log filter read it; services never see an HTTP request.
"""

from __future__ import annotations

import functools
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def new_request_id() -> str:
    return uuid.uuid4().hex


def clean_request_id(value: str | None) -> str:
    """An incoming X-Request-ID when it is short and plain, else a fresh one (never trust a header into logs)."""
    if value and _VALID_REQUEST_ID.match(value):
        return value
    return new_request_id()


@dataclass(frozen=True)
class WorkContext:
    origin: str = ""  # "request", "task:accounts.deliver_notification", "command:send_reminders"
    user: Any = None  # the signed-in User, or None
    ip: str | None = None
    user_agent: str = ""
    request_id: str = field(default_factory=new_request_id)

    @property
    def user_id(self) -> int | None:
        user = self.user
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        return user.pk


_EMPTY = WorkContext(origin="", request_id="")
_current: ContextVar[WorkContext] = ContextVar("kamportal_work_context", default=_EMPTY)


def current() -> WorkContext:
    """The context of the unit of work running now (an empty one outside any)."""
    return _current.get()


def current_ip() -> str | None:
    return _current.get().ip


def current_request_id() -> str:
    return _current.get().request_id


@contextmanager
def work_context(
    origin: str,
    *,
    user: Any = None,
    ip: str | None = None,
    user_agent: str = "",
    request_id: str | None = None,
) -> Iterator[WorkContext]:
    """Run a block as one unit of work; the previous context comes back afterwards (nesting is safe)."""
    context = WorkContext(
        origin=origin,
        user=user,
        ip=ip,
        user_agent=user_agent[:200],
        request_id=request_id or new_request_id(),
    )
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def runs_as(origin: str) -> Callable:
    """Decorator: `@runs_as("command:send_reminders")` on a command's handle() or any entry point."""

    def decorate(function: Callable) -> Callable:
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            with work_context(origin, request_id=_current.get().request_id or None):
                return function(*args, **kwargs)

        return wrapper

    return decorate


def set_user(user: Any) -> None:
    """The user changed inside the unit of work (signed in or out in this request)."""
    _current.set(replace(_current.get(), user=user))


class WorkContextLogFilter(logging.Filter):
    """Adds request_id, origin and user_id to every log record (for a JSON or plain formatter)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _current.get()
        record.request_id = context.request_id
        record.origin = context.origin
        record.user_id = context.user_id
        return True
