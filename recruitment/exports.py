"""The recruitment app's list pages as CSV/XLSX (kamportal.exports): the columns the page shows, every row
of the current filter (not only the page). Lists with candidates write one audit event per candidate."""

import uuid

from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.services import dossier_record_views
from kamportal.exports import ListExport, export_response, register_list_export


def _kam(name: str, provider: str) -> str:
    return f"{name} ({provider})" if provider else name


def employer_list_filters(user: User, params: QueryDict) -> tuple:
    """The employer list page's filter form and `selectors.employer_list`'s arguments for these query parameters."""
    from recruitment import selectors
    from recruitment.forms.employers import EmployerFilterForm

    form = EmployerFilterForm(params or None, kams=selectors.kams_visible_to(user))
    filters = form.cleaned_data if form.is_valid() else {}
    return form, {
        "user": user,
        "today": timezone.localdate(),
        "query": filters.get("q", ""),
        "tier": filters.get("tier", ""),
        "sector": filters.get("sector", ""),
        "kam_id": filters["kam"].pk if filters.get("kam") else None,
        "no_meeting_this_quarter": filters.get("no_meeting", False),
        "order": filters.get("order") or "name",
        "stage": filters.get("stage", ""),
    }


def employer_list_filtered(user: User, params: QueryDict):
    """The employer list page's filter form and rows for these query parameters, as `user` sees them."""
    from recruitment import selectors

    form, arguments = employer_list_filters(user, params)
    return form, selectors.employer_list(**arguments)


def _employer_columns() -> list[str]:
    return [
        _("Name"),
        _("Organisation number"),
        _("Municipality"),
        _("Sector"),
        _("Tier"),
        _("Stage"),
        _("KAM"),
        _("Last meeting"),
    ]


def _employer_row(e) -> list:
    return [
        e.name,
        e.org_number,
        e.municipality,
        e.get_sector_display(),
        e.get_tier_display(),
        e.get_prospect_stage_display(),
        _kam(
            e.responsible_kam.full_name if e.responsible_kam else "–",
            e.responsible_provider.name if e.responsible_provider else "",
        ),
        e.last_follow_up,
    ]


EMPLOYERS = register_list_export(
    ListExport(
        name="employers",
        title=lambda: _("Employers"),
        filename="employers",
        page="recruitment:employer_list",
        roles=("is_kam", "is_region_coordinator"),
        columns=_employer_columns,
        queryset=lambda user, params: employer_list_filtered(user, params)[1],
        row=_employer_row,
    )
)


def recruitment_list_filtered(user: User, params: QueryDict):
    from recruitment.selectors.recruitments import recruitment_list

    recruitments = recruitment_list(user=user, active_only=params.get("all") != "1")
    if employer := params.get("employer"):
        # The page's ?employer= (checked by the view's policy fetch); here it only narrows the user's own scope.
        try:
            recruitments = recruitments.filter(employer__uuid=uuid.UUID(employer))
        except ValueError:
            return recruitments.none()
    return recruitments


def _recruitment_columns() -> list[str]:
    return [_("Position"), _("Employer"), _("Coordinating KAM"), _("Deadline for CVs"), _("Proposals"), _("Status")]


def _recruitment_row(r) -> list:
    return [
        r.title,
        r.employer.name,
        _kam(r.coordinating_kam.full_name, r.coordinating_provider.name),
        r.cv_deadline,
        f"{r.proposal_count} / {r.candidates_wanted}",
        r.get_status_display(),
    ]


RECRUITMENTS = register_list_export(
    ListExport(
        name="recruitments",
        title=lambda: _("Recruitments"),
        filename="recruitments",
        page="recruitment:recruitment_list",
        roles=("is_kam",),
        columns=_recruitment_columns,
        queryset=recruitment_list_filtered,
        row=_recruitment_row,
    )
)


def placements_export(placements: list, *, fmt: str, actor: User) -> HttpResponse:
    columns = [_("Candidate"), _("Employer"), _("Start date"), _("Status"), _("Next follow-up"), _("Advisor")]
    rows = [
        [
            p.candidate.full_name,
            f"{p.employer.name} – {p.recruitment.title}",
            p.start_date,
            p.get_status_display(),
            p.next_follow_up,
            p.candidate.advisor.full_name,
        ]
        for p in placements
    ]
    dossier_record_views(items=[(p.candidate, p) for p in placements], actor=actor, what="candidate.exported")
    return export_response(fmt=fmt, filename="placements", columns=columns, rows=rows)


def contact_log_export(plan: dict, *, fmt: str, year: int, week: int) -> HttpResponse:
    columns = [_("Date"), _("Kind"), _("Employer"), _("Planned, not held yet"), _("Participants")]
    rows = [
        [day, entry.get_kind_display(), entry.employer.name, _("yes") if entry.planned else _("no"), entry.participants]
        for day, entries in plan["days"]
        for entry in entries
    ]
    return export_response(fmt=fmt, filename=f"contact-log-{year}-w{week:02d}", columns=columns, rows=rows)
