"""Who needs a second factor, enrolment and recovery codes."""

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.policy import principal_for

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery"


def second_factor_required(user) -> bool:
    """Staff roles and admin-site users always; anyone else once they have enrolled."""
    if user is None or not user.is_authenticated:
        return False
    if second_factor_required_by_role(user):
        return True
    from accounts.request_user import has_confirmed_totp

    known = has_confirmed_totp(user)  # read with the user on a request: no second query
    return known if known is not None else totp_device_confirmed(user=user) is not None


def second_factor_required_by_role(user) -> bool:
    return bool(user.is_staff or user.is_superuser or principal_for(user).roles)


def totp_device_confirmed(*, user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def totp_device_pending(*, user) -> TOTPDevice:
    """The unconfirmed device shown on the enrolment page; the same secret until it is confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the pending device with a code from the app; replace older devices. Returns new recovery codes."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_replace(user=user)


@transaction.atomic
def recovery_codes_replace(*, user, codes: list[str] | None = None) -> list[str]:
    """Throw away the user's recovery codes and issue a new set (each works once)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = codes or [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def second_factor_remove(*, user) -> None:
    """Only for those who opted in (employer contacts); staff can only re-enrol."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def remember_days() -> int:
    return max(0, min(settings.TWO_FACTOR_REMEMBER_DAYS, settings.TWO_FACTOR_REMEMBER_MAX_DAYS))
