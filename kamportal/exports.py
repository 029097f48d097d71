"""One exporter for every list page: the page's rows and columns as CSV or XLSX (`?format=csv|xlsx`).

Cells are plain values (text, numbers, dates). Text that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe in both formats.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

EXPORT_FORMATS = ("csv", "xlsx")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def requested_format(request: HttpRequest) -> str | None:
    """ "csv" or "xlsx" when the page is asked for an export, else None (the HTML page)."""
    fmt = request.GET.get("format", "")
    return fmt if fmt in EXPORT_FORMATS else None


def export_too_large(request: HttpRequest, queryset) -> HttpResponse | None:
    """A list export over EXPORT_MAX_ROWS rows is refused (it would tie up a web worker for seconds): the page
    comes back with a message to narrow the filter. Counted with one limited COUNT. None when it may go ahead."""
    limit = settings.EXPORT_MAX_ROWS
    if queryset[: limit + 1].count() <= limit:
        return None
    messages.error(
        request,
        _("The export would hold more than %(limit)s rows. Narrow the search or the filter and export again.")
        % {"limit": limit},
    )
    query = request.GET.copy()
    query.pop("format", None)
    return redirect(request.path + ("?" + query.urlencode() if query else ""))


def export_links(request: HttpRequest) -> dict[str, str]:
    """The query strings of the current view with each format, for the page's export links."""
    links = {}
    for fmt in EXPORT_FORMATS:
        query = request.GET.copy()
        query.pop("page", None)
        query["format"] = fmt
        links[fmt] = "?" + query.urlencode()
    return links


def safe_cell(value):
    """A value a spreadsheet shows as itself: no formulas from user text, aware times as local times."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (bool, int, float, date)):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _csv_text(value) -> str:
    value = safe_cell(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def export_response(*, fmt: str, filename: str, columns: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """The table as a download. `filename` without extension; `columns` are the page's column headings."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([_csv_text(c) for c in columns])
        for row in rows:
            writer.writerow([_csv_text(v) for v in row])
        # A byte-order mark, so spreadsheet programs read æ, ø and å as UTF-8.
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=filename[:31])
        sheet.append([safe_cell(c) for c in columns])
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
