"""The candidate list as CSV/XLSX (kamportal.exports): the page's columns, every row of the current filter,
one audit event per candidate exported."""

from django.http import HttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.services import dossier_record_views
from kamportal.exports import export_response


def _cv(candidate) -> str:
    if not candidate.has_cv:
        return _("No CV")
    if candidate.cv_reviewed_on:
        return _("Reviewed %(date)s") % {"date": date_format(candidate.cv_reviewed_on, "SHORT_DATE_FORMAT")}
    return _("Not reviewed")


def candidates_export(candidates, *, fmt: str, actor: User) -> HttpResponse:
    candidates = list(candidates)
    columns = [_("Name"), _("Status"), _("Advisor"), _("Available from"), _("CV"), _("Active consents")]
    rows = [
        [c.full_name, c.get_status_display(), c.advisor.full_name, c.available_from, _cv(c), c.active_consents]
        for c in candidates
    ]
    dossier_record_views(items=[(c, None) for c in candidates], actor=actor, what="candidate.exported")
    return export_response(fmt=fmt, filename="candidates", columns=columns, rows=rows)
