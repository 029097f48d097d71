"""Contact log pages: log a meeting, visit or call; mark a planned one as held; the week's plan."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.policy import get_contact_log_entry_for_user, get_employer_for_user, require_role
from kamportal.exports import requested_format
from kamportal.forms_helper import form_action
from recruitment import selectors, services
from recruitment.exports import contact_log_export
from recruitment.forms.contact_log import ContactLogForm
from recruitment.views.employers import employer_page


@require_http_methods(["GET", "POST"])
@require_role("is_kam")
def contact_log_create(request, uuid):
    employer = get_employer_for_user(request.user, uuid, write=True)
    return form_action(
        request,
        ContactLogForm(request.POST or None, initial={"occurred_on": timezone.localdate()}),
        lambda data: services.contact_log_add(actor=request.user, employer=employer, **data),
        success_url=employer_page(employer),
        success_message=_("The contact is logged."),
        template="recruitment/simple_form.html",
        context={"employer": employer, "title": _("Log a contact")},
    )


@require_POST
@require_role("is_kam")
def contact_log_mark_held(request, uuid):
    entry = get_contact_log_entry_for_user(request.user, uuid, write=True)
    try:
        services.contact_log_mark_held(actor=request.user, entry=entry)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The contact is marked as held."))
    if request.POST.get("next") == "week":
        return redirect("recruitment:weekly_plan")
    return redirect("recruitment:employer_detail", uuid=entry.employer.uuid)


@require_GET
@require_role("is_kam")
def weekly_plan(request):
    today = timezone.localdate()
    year, week, _weekday = today.isocalendar()
    try:
        year = int(request.GET.get("year", year))
        week = int(request.GET.get("week", week))
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        monday = date.fromisocalendar(*today.isocalendar()[:2], 1)
    year, week, _weekday = monday.isocalendar()
    plan = selectors.weekly_plan(kam=request.user, year=year, week=week)
    if fmt := requested_format(request):
        return contact_log_export(plan, fmt=fmt, year=year, week=week)
    previous = date.fromordinal(monday.toordinal() - 7).isocalendar()
    following = date.fromordinal(monday.toordinal() + 7).isocalendar()
    return render(
        request,
        "recruitment/weekly_plan.html",
        {"plan": plan, "year": year, "week": week, "previous": previous, "following": following, "today": today},
    )
