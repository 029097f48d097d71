from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

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
from accounts.policy import require_role
from kamportal.forms_helper import form_action


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    form_class = StyledPasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")


@require_GET
@login_required
def dashboard(request):
    return render(request, "accounts/dashboard.html", {"summary": selectors.dashboard_summary(user=request.user)})


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
    return render(request, "accounts/profile.html", {"form": form})


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
        policy.notifications_visible_to(request.user).only("uuid", "subject", "body", "created_at", "read_at", "url"),
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
