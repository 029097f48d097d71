"""The statistics page: placements, the proposal funnel, durations, the employers' feedback scorecard and
consents, for the user's region or provider (counts only, never names of candidates). Each table exports
as CSV or XLSX (`?format=csv|xlsx&table=<key>`) with the page's rows and columns."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.policy import require_role, statistics_providers, statistics_regions, statistics_scope
from kamportal.exports import export_links, export_response, requested_format
from recruitment.forms.statistics import StatisticsFilterForm
from recruitment.selectors import statistics as figures
from recruitment.selectors.statistics import GROUPS
from recruitment.selectors.targets import MEASURES, target_rows


@dataclass
class Table:
    key: str
    caption: str
    columns: list[str]
    rows: list[list]
    chart: dict | None = None


def _blank(value):
    return "" if value is None else value


def _targets_table(user, f) -> Table:
    """Targets against reached for the filter's year (the year of its end date), per provider; per KAM too for a
    provider admin's own provider (recruitment.selectors.targets)."""
    year = f.end.year
    rows = target_rows(
        user=user,
        year=year,
        today=timezone.localdate(),
        provider_ids=[f.provider_id] if f.provider_id else None,
        region_id=f.region_id,
    )
    columns = [_("Provider / KAM")]
    for _key, label in MEASURES:
        columns += [_("%(measure)s: reached") % {"measure": label}, _("%(measure)s: target") % {"measure": label}]
    return Table(
        key="targets",
        caption=_("Targets for %(year)s: reached so far and target") % {"year": year},
        columns=columns,
        rows=[
            [row.name if row.is_provider else f"– {row.name}"]
            + [value for m in row.measures for value in (m.reached, _blank(m.target))]
            for row in rows
        ],
    )


def _tables(scope, f) -> list[Table]:
    placements = figures.placement_figures(scope=scope, f=f)
    funnel = figures.funnel(scope=scope, f=f)
    fill = figures.time_to_fill(scope=scope, f=f)
    feedback = figures.feedback_figures(scope=scope, f=f)
    consents = figures.consent_figures(scope=scope, f=f)
    durations = [
        (_("Time to fill (opened to filled)"), fill),
        (_("From candidate list to the employer's answer"), feedback.answer_time),
    ]
    return [
        Table(
            key="placements",
            caption=_("Placements started per period"),
            columns=[_("Period"), str(GROUPS[f.group_by]), _("Placements"), _("Hired")],
            rows=[[r.period, r.group, r.placements, r.hired] for r in placements.rows],
            chart={
                "type": "bar",
                "stacked": True,
                "labels": placements.labels,
                "datasets": [{"label": group, "data": data} for group, data in placements.series.items()],
            },
        ),
        Table(
            key="funnel",
            caption=_("From proposal to hiring (proposals made in the period)"),
            columns=[_("Stage"), _("Candidates"), _("Share of the stage before (%)"), _("Share of the proposed (%)")],
            rows=[[s.label, s.count, _blank(s.from_previous), _blank(s.from_proposed)] for s in funnel],
            chart={
                "type": "bar",
                "horizontal": True,
                "labels": [s.label for s in funnel],
                "datasets": [{"label": _("Candidates"), "data": [s.count for s in funnel]}],
            },
        ),
        Table(
            key="durations",
            caption=_("Durations in working days"),
            columns=[_("Measure"), _("Number"), _("Average"), _("Median"), _("Longest")],
            rows=[[label, d.count, _blank(d.average), _blank(d.median), _blank(d.longest)] for label, d in durations],
        ),
        Table(
            key="scorecard",
            caption=_("Employers' feedback on candidate lists sent in the period"),
            columns=[
                _("Employer"),
                _("Lists"),
                _("Candidates on lists"),
                _("Answered"),
                _("Answer rate (%)"),
                _("Median working days to answer"),
                _("Lists closed unanswered"),
            ],
            rows=[
                [
                    r.employer,
                    r.lists,
                    r.candidates,
                    r.answered,
                    _blank(r.rate),
                    _blank(r.speed.median),
                    r.closed_unanswered,
                ]
                for r in feedback.scorecard
            ]
            + [
                [
                    _("All employers"),
                    feedback.lists,
                    feedback.candidates,
                    feedback.answered,
                    _blank(feedback.rate),
                    _blank(feedback.answer_time.median),
                    feedback.closed_unanswered,
                ]
            ],
        ),
        Table(
            key="consents",
            caption=_("Consents given and withdrawn"),
            columns=[_("Period"), _("Given"), _("Withdrawn")],
            rows=[[r.period, r.given, r.withdrawn] for r in consents],
            chart={
                "type": "bar",
                "labels": [r.period for r in consents],
                "datasets": [
                    {"label": _("Given"), "data": [r.given for r in consents]},
                    {"label": _("Withdrawn"), "data": [r.withdrawn for r in consents]},
                ],
            },
        ),
    ]


@require_GET
@require_role("is_region_coordinator", "is_provider_admin", "is_kam")
def statistics_overview(request):
    today = timezone.localdate()
    form = StatisticsFilterForm(
        request.GET or None,
        providers=statistics_providers(request.user),
        regions=statistics_regions(request.user),
        today=today,
    )
    f = form.statistics_filter()
    tables = [*_tables(statistics_scope(request.user), f), _targets_table(request.user, f)]
    fmt = requested_format(request)
    if fmt:
        table = next((t for t in tables if t.key == request.GET.get("table")), None)
        if table is None:
            raise Http404
        return export_response(
            fmt=fmt, filename=f"statistics-{table.key}-{f.start}-{f.end}", columns=table.columns, rows=table.rows
        )
    charts = {t.key: t.chart for t in tables if t.chart}
    return render(
        request,
        "recruitment/statistics/overview.html",
        {
            "form": form,
            "filter": f,
            "tables": tables,
            "charts": charts,
            "exports": export_links(request),
        },
    )
