"""The recruitment app's list pages as CSV/XLSX (kamportal.exports): the columns the page shows, every row
of the current filter (not only the page). Lists with candidates write one audit event per candidate."""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.services import dossier_record_views
from kamportal.exports import export_response


def _kam(name: str, provider: str) -> str:
    return f"{name} ({provider})" if provider else name


def employers_export(employers, *, fmt: str) -> HttpResponse:
    columns = [
        _("Name"),
        _("Organisation number"),
        _("Municipality"),
        _("Sector"),
        _("Tier"),
        _("Stage"),
        _("KAM"),
        _("Last meeting"),
    ]
    rows = (
        [
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
        for e in employers
    )
    return export_response(fmt=fmt, filename="employers", columns=columns, rows=rows)


def recruitments_export(recruitments, *, fmt: str) -> HttpResponse:
    columns = [_("Position"), _("Employer"), _("Coordinating KAM"), _("Deadline for CVs"), _("Proposals"), _("Status")]
    rows = (
        [
            r.title,
            r.employer.name,
            _kam(r.coordinating_kam.full_name, r.coordinating_provider.name),
            r.cv_deadline,
            f"{r.proposal_count} / {r.candidates_wanted}",
            r.get_status_display(),
        ]
        for r in recruitments
    )
    return export_response(fmt=fmt, filename="recruitments", columns=columns, rows=rows)


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
