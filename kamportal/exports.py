"""One exporter for every list page: the page's rows and columns as CSV or XLSX (`?format=csv|xlsx`).

Cells are plain values (text, numbers, dates). Text that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) is prefixed with an apostrophe in both formats.

A list registered as a `ListExport` is exported by `list_export`: up to EXPORT_SYNC_MAX_ROWS rows in the
request, up to EXPORT_MAX_ROWS by a task (accounts/export_jobs.py) that rebuilds the same queryset from the
stored filter as the same user; more is refused with "narrow the filter".
"""

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from importlib import import_module
from typing import IO

from django.conf import settings
from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse, QueryDict
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


def _refuse(request: HttpRequest, limit: int) -> HttpResponse:
    """Back to the list page (same filter) with a message to narrow it: the export would be too large."""
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


def content_type_of(fmt: str) -> str:
    return "text/csv; charset=utf-8" if fmt == "csv" else XLSX_TYPE


def write_export(out: IO[bytes], *, fmt: str, sheet_title: str, columns: Sequence[str], rows: Iterable[Sequence]):
    """Write the table to the binary file `out`, row by row (XLSX in openpyxl's write-only mode)."""
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        # A byte-order mark, so spreadsheet programs read æ, ø and å as UTF-8.
        text.write("\ufeff")
        writer = csv.writer(text)
        writer.writerow([_csv_text(c) for c in columns])
        for row in rows:
            writer.writerow([_csv_text(v) for v in row])
        text.flush()
        text.detach()  # leave `out` open for the caller
    elif fmt == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=sheet_title[:31])
        sheet.append([safe_cell(c) for c in columns])
        for row in rows:
            sheet.append([safe_cell(v) for v in row])
        workbook.save(out)
    else:
        raise ValueError(f"unknown export format {fmt!r}")


def export_response(*, fmt: str, filename: str, columns: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """The table as a download. `filename` without extension; `columns` are the page's column headings."""
    out = io.BytesIO()
    write_export(out, fmt=fmt, sheet_title=filename, columns=columns, rows=rows)
    response = HttpResponse(out.getvalue(), content_type=content_type_of(fmt))
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- lists exported through the registry (sync when small, by a task when large) -------------------------------


@dataclass(frozen=True)
class ListExport:
    """One list page's export. `queryset(user, params)` is the page's own filter and selector run as `user`
    (the request and the task call the same function, so they export the same rows); `row(obj)` the page's
    cells; `audited(obj)` (obj, candidate_id) for a list that shows candidates: one audit event per row."""

    name: str  # ExportJob.list_name
    title: Callable[[], str]
    filename: str
    page: str  # the list page's URL name, for "back to the list"
    roles: tuple[str, ...]  # Principal checks of the list page's view (checked again when the task builds it)
    columns: Callable[[], list[str]]
    queryset: Callable[[models.Model, QueryDict], models.QuerySet]
    row: Callable[[models.Model], list]
    audited: Callable[[models.Model], tuple[models.Model, int]] | None = None
    audit_action: str = "candidate.exported"


LIST_EXPORTS: dict[str, ListExport] = {}
EXPORT_MODULES = ("recruitment.exports", "candidates.exports")  # the modules that register their lists


def register_list_export(spec: ListExport) -> ListExport:
    LIST_EXPORTS[spec.name] = spec
    return spec


def list_export_spec(name: str) -> ListExport | None:
    for module in EXPORT_MODULES:
        import_module(module)
    return LIST_EXPORTS.get(name)


def export_query(request: HttpRequest) -> str:
    """The page's filter as a query string, without the export format and the page number."""
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("page", None)
    return query.urlencode()


def list_export(request: HttpRequest, spec: ListExport, fmt: str) -> HttpResponse:
    """The export of the list page `spec` for the request's filter: the file now (up to EXPORT_SYNC_MAX_ROWS
    rows), a job for a task (up to EXPORT_MAX_ROWS; the user is sent to its page), or the list with a message
    to narrow the filter. One limited COUNT decides."""
    queryset = spec.queryset(request.user, request.GET)
    limit = settings.EXPORT_MAX_ROWS
    # Only the ids, unordered: the rows' per-row subqueries (counts, last meeting …) are not worked out to count.
    count = queryset.order_by().values("pk")[: limit + 1].count()
    if count > limit:
        return _refuse(request, limit)
    if count > settings.EXPORT_SYNC_MAX_ROWS:
        from accounts.export_jobs import export_job_create, export_job_page

        job = export_job_create(actor=request.user, list_name=spec.name, query=export_query(request), fmt=fmt)
        return redirect(export_job_page(job))
    objs = list(queryset)
    if spec.audited is not None:
        from accounts.audit import audit_record_many

        audit_record_many(actor=request.user, action=spec.audit_action, items=[spec.audited(o) for o in objs])
    return export_response(fmt=fmt, filename=spec.filename, columns=spec.columns(), rows=(spec.row(o) for o in objs))
