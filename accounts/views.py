from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login

from accounts import policy, selectors, services
from accounts.forms import (
    EmailAuthenticationForm,
    LanguageForm,
    ProfileForm,
    StaffInviteForm,
    StaffUpdateForm,
    StyledPasswordResetForm,
)
from accounts.models import Membership
from accounts.outbox import notifications_resend
from accounts.policy import require_role
from accounts.twofactor.remember import remembered_device
from accounts.twofactor.services import (
    recovery_codes_left,
    second_factor_required,
    second_factor_required_by_role,
    totp_device_confirmed,
)
from kamportal.forms_helper import form_action


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        device = remembered_device(self.request, user=user) if second_factor_required(user) else None
        if device is not None:
            otp_login(self.request, device)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = StyledPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form):
        """At most PASSWORD_RESET_RATE_PER_ADDRESS per address and _PER_IP per client; known or unknown
        addresses count and answer alike, so the limit tells nothing about who has an account."""
        from django.conf import settings
        from django_ratelimit.core import is_ratelimited

        address = form.cleaned_data["email"].strip().lower()
        limits = [
            ("password_reset:address", lambda group, request: address, settings.PASSWORD_RESET_RATE_PER_ADDRESS),
            ("password_reset:ip", "ip", settings.PASSWORD_RESET_RATE_PER_IP),
        ]
        limited = [
            is_ratelimited(self.request, group=group, key=key, rate=rate, increment=True) for group, key, rate in limits
        ]
        if any(limited):
            form.add_error(
                None,
                _("Too many password reset requests. No e-mail was sent; wait an hour and try again."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


@require_GET
@login_required
def dashboard(request):
    from candidates.services import dossier_record_views
    from recruitment.work_queue import queue_kind_asked

    summary = selectors.dashboard_summary(user=request.user, queue_kind=queue_kind_asked(request))
    named = {item.candidate.pk: item.candidate for item in summary["queue"] if item.candidate is not None}
    dossier_record_views(
        items=[(candidate, None) for candidate in named.values()],
        actor=request.user,
        what="candidate.listed_in_work_queue",
    )
    return render(request, "accounts/dashboard.html", {"summary": summary})


@require_http_methods(["GET", "POST"])
@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = services.user_update_profile(user=request.user, **form.cleaned_data)
            response = redirect("profile")
            set_language_cookie(response, user.language)
            with translation.override(user.language):
                messages.success(request, _("Your profile is saved."))
            return response
        messages.error(request, _("The profile was not saved. Please correct the fields marked below."))
    two_factor = {
        "on": totp_device_confirmed(user=request.user) is not None,
        "required": second_factor_required_by_role(request.user),
        "recovery_codes_left": recovery_codes_left(user=request.user),
    }
    return render(request, "accounts/profile.html", {"form": form, "two_factor": two_factor})


@require_POST
def set_language(request):
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next") or reverse("dashboard")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("dashboard")
    response = HttpResponseRedirect(next_url)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            services.user_set_language(user=request.user, language=language)
        set_language_cookie(response, language)
    else:
        messages.error(request, _("That language is not available."))
    return response


def set_language_cookie(response, language: str) -> None:
    from django.conf import settings

    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)


@require_GET
@login_required
def notification_list(request):
    page = Paginator(
        policy.notifications_visible_to(request.user).only(
            "uuid", "subject", "body", "created_at", "read_at", "url", "email_status"
        ),
        25,
    ).get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {"page": page})


@require_POST
@login_required
def notification_open(request, uuid):
    notification = policy.get_notification_for_user(request.user, uuid)
    services.notification_mark_read(notification=notification)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notifications")
    return HttpResponseRedirect(target)


@require_POST
@login_required
def notification_resend(request, uuid):
    notification = policy.get_notification_for_user(request.user, uuid)
    if notifications_resend(notifications=[notification]):
        messages.success(request, _("The e-mail is queued again."))
    else:
        messages.info(request, _("This e-mail is not undeliverable, so it was not sent again."))
    return redirect("notifications")


@require_POST
@login_required
def notification_mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications")


@require_GET
@require_role("is_provider_admin")
def staff_list(request):
    staff = (
        policy.staff_visible_to(request.user)
        .prefetch_related(Prefetch("memberships", queryset=Membership.objects.only("user_id", "role")))
        .order_by("full_name")
    )
    page = Paginator(staff, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/staff_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@require_role("is_provider_admin")
def staff_invite(request):
    return form_action(
        request,
        StaffInviteForm(request.POST or None),
        lambda data: services.staff_user_invite(provider=request.user.provider, invited_by=request.user, **data),
        success_url="staff_list",
        success_message=lambda user: _("%(name)s is created and has been sent an invitation.") % {"name": user},
        template="accounts/staff_form.html",
        context={"title": _("New user")},
    )


@require_http_methods(["GET", "POST"])
@require_role("is_provider_admin")
def staff_edit(request, uuid):
    staff = policy.get_staff_user_for_admin(request.user, uuid)
    initial = {"roles": list(staff.memberships.values_list("role", flat=True)), "is_active": staff.is_active}
    return form_action(
        request,
        StaffUpdateForm(request.POST or None, initial=initial),
        lambda data: services.staff_user_update(user=staff, actor=request.user, **data),
        success_url="staff_list",
        success_message=_("The changes to %(name)s are saved.") % {"name": staff},
        template="accounts/staff_form.html",
        context={"title": staff.full_name, "staff": staff},
    )


CALENDAR_ROLES = ("is_kam", "is_advisor", "is_employer_contact")


def _may_have_calendar(user) -> bool:
    p = policy.principal_for(user)
    if p.is_employer_contact and not (p.is_kam or p.is_advisor):
        return policy.contact_has_accepted_terms(user)
    return p.is_kam or p.is_advisor


@never_cache
@require_http_methods(["GET", "POST"])
@require_role(*CALENDAR_ROLES)
def calendar_settings(request):
    from accounts.calendar_feeds import calendar_feed_renew, calendar_feed_revoke
    from accounts.models import CalendarFeed

    if not _may_have_calendar(request.user):
        raise PermissionDenied
    link = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "new":
            key = calendar_feed_renew(user=request.user)
            link = request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": key}))
            messages.success(request, _("Your new calendar link is made. Any earlier link no longer works."))
        elif action == "stop":
            if calendar_feed_revoke(user=request.user):
                messages.success(request, _("Your calendar link is turned off."))
            return redirect("calendar_settings")
        else:
            messages.error(request, _("Nothing was changed: choose to make a new link or to turn it off."))
            return redirect("calendar_settings")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(request, "accounts/calendar.html", {"feed": feed, "link": link})


@never_cache
@require_GET
def calendar_feed(request, token):
    from django.utils import timezone

    from accounts.calendar_feeds import calendar_feed_mark_read, calendar_feed_owner
    from candidates.services import dossier_record_views
    from recruitment.calendar_feed import feed_events, feed_ics

    owner = calendar_feed_owner(token)
    if owner is None or not _may_have_calendar(owner):
        raise Http404
    now = timezone.now()
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        events, named = feed_events(user=owner, now=now)
        body = feed_ics(events, name=_("KAM Portal"), stamp=now)
    dossier_record_views(items=named, actor=owner, what="candidate.in_calendar_feed")
    calendar_feed_mark_read(user=owner)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kamportal.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
