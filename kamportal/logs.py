"""Log records carry the request id of the unit of work (kamportal.lib.context), also for the lines Django
writes after the middleware has returned (`django.request`'s 404/500 lines, which name the request)."""

import logging

from kamportal.lib.context import WorkContextLogFilter


class RequestIdLogFilter(WorkContextLogFilter):
    def filter(self, record: logging.LogRecord) -> bool:
        super().filter(record)
        if not record.request_id:
            record.request_id = getattr(getattr(record, "request", None), "request_id", "")
        return True
