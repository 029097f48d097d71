"""The candidate list as CSV/XLSX (kamportal.exports): the page's columns, every row of the current filter,
one audit event per candidate exported."""

from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.policy import principal_for
from kamportal.exports import ListExport, register_list_export


def _cv(candidate) -> str:
    if not candidate.has_cv:
        return _("No CV")
    if candidate.cv_reviewed_on:
        return _("Reviewed %(date)s") % {"date": date_format(candidate.cv_reviewed_on, "SHORT_DATE_FORMAT")}
    return _("Not reviewed")


def candidate_list_filtered(user: User, params: QueryDict):
    """The candidate list page's search form, "mine only" and rows for these query parameters, as `user`."""
    from candidates import selectors
    from candidates.forms import CandidateSearchForm

    mine_only = principal_for(user).is_advisor and params.get("scope") != "all"
    search = CandidateSearchForm(params or None)
    filters = search.cleaned_data if search.is_valid() else {}
    candidates = selectors.candidate_list(
        user=user, mine_only=mine_only, query=filters.get("q", ""), status=filters.get("status", "")
    )
    return search, mine_only, candidates


def _columns() -> list[str]:
    return [_("Name"), _("Status"), _("Advisor"), _("Available from"), _("CV"), _("Active consents")]


def _row(c) -> list:
    return [c.full_name, c.get_status_display(), c.advisor.full_name, c.available_from, _cv(c), c.active_consents]


CANDIDATES = register_list_export(
    ListExport(
        name="candidates",
        title=lambda: _("Candidates"),
        filename="candidates",
        page="candidates:list",
        roles=("is_advisor", "is_kam", "is_provider_admin"),
        columns=_columns,
        queryset=lambda user, params: candidate_list_filtered(user, params)[2],
        row=_row,
        audited=lambda c: (c, c.pk),
    )
)
