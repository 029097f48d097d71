import base64

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token

from accounts.twofactor import services
from accounts.twofactor.forms import EnrolForm, VerifyForm
from accounts.twofactor.remember import remember_browser


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("dashboard")


def _recovery_codes_page(request, codes: list[str], next_url: str):
    return render(request, "accounts/two_factor/recovery_codes.html", {"codes": codes, "next": next_url})


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def two_factor_setup(request):
    """Enrol an authenticator app. Replacing a working device needs a verified session first."""
    user = request.user
    if services.totp_device_confirmed(user=user) and not user.is_verified():
        return redirect(f"{reverse('two_factor_verify')}?{urlencode({'next': _next_url(request)})}")
    device = services.totp_device_pending(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is on."))
            return _recovery_codes_page(request, codes, _next_url(request))
        form.add_error("token", _("That code is wrong or has expired. Enter the code the app shows now."))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_factor/setup.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=5, dark="#000", light="#fff", title=_("QR code for your authenticator app")),
            "secret": base64.b32encode(device.bin_key).decode(),
            "next": _next_url(request),
            "required": services.second_factor_required(user),
            "hide_nav": not user.is_verified(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def two_factor_verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if services.totp_device_confirmed(user=user) is None:
        return redirect(f"{reverse('two_factor_setup')}?{urlencode({'next': _next_url(request)})}")
    days = services.remember_days()
    form = VerifyForm(request.POST or None, remember_days=days)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            response = redirect(_next_url(request))
            if form.cleaned_data.get("remember"):
                remember_browser(response, user=user, device=services.totp_device_confirmed(user=user))
            if device.name == services.RECOVERY_NAME:
                messages.warning(
                    request,
                    _("You used a recovery code; %(count)s are left. You can make new ones on your profile page.")
                    % {"count": services.recovery_codes_left(user=user)},
                )
            return response
        form.add_error(
            "token",
            _("That code is wrong, has expired or was used already. Wait for a new code and try again."),
        )
    return render(
        request, "accounts/two_factor/verify.html", {"form": form, "next": _next_url(request), "hide_nav": True}
    )


@never_cache
@require_POST
@login_required
def two_factor_recovery_codes(request):
    """New recovery codes (the old ones stop working). The session is verified (SecondFactorMiddleware)."""
    if services.totp_device_confirmed(user=request.user) is None:
        return redirect("two_factor_setup")
    codes = services.recovery_codes_replace(user=request.user)
    return _recovery_codes_page(request, codes, reverse("profile"))


@require_POST
@login_required
def two_factor_disable(request):
    """An employer contact who opted in may opt out; staff cannot."""
    if services.second_factor_required_by_role(request.user):
        messages.error(request, _("Two-factor sign-in is required for your role and cannot be turned off."))
    else:
        services.second_factor_remove(user=request.user)
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("profile")


def admin_login(request):
    """The admin site signs in through the portal's own login and second factor."""
    return redirect(f"{reverse('login')}?{urlencode({'next': request.GET.get('next') or reverse('admin:index')})}")
