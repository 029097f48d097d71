"""Writes for the yearly targets: the provider admin sets the provider's and each KAM's targets for a year."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Provider, User
from kamportal.workflow import version_claim
from recruitment.models import TARGET_MAX, YearlyTarget

# How far from this year a target may be set: last year (to correct it) up to a few years ahead.
YEARS_BACK = 1
YEARS_AHEAD = 3


def target_years(today=None) -> range:
    year = (today or timezone.localdate()).year
    return range(year - YEARS_BACK, year + YEARS_AHEAD + 1)


@transaction.atomic
def yearly_target_save(
    *,
    actor: User,
    provider: Provider,
    year: int,
    kam: User | None,
    placements: int,
    agreements: int,
    meetings: int,
    version: int | None = None,
) -> YearlyTarget:
    """Create or change the year's target of `provider` (kam None) or of one of its KAMs; refuses a KAM of
    another provider, a year out of range and negative or absurd figures, saving nothing."""
    errors = {}
    years = target_years()
    if year not in years:
        errors["year"] = _("Choose a year from %(first)s to %(last)s.") % {"first": years[0], "last": years[-1]}
    if kam is not None and (kam.provider_id != provider.pk or not kam.is_active):
        errors["kam"] = _("Choose a KAM of your own provider.")
    for name, value in (("placements", placements), ("agreements", agreements), ("meetings", meetings)):
        if value is None or value < 0:
            errors[name] = _("A target cannot be negative.")
        elif value > TARGET_MAX:
            errors[name] = _("A target can be at most %(max)s.") % {"max": TARGET_MAX}
    if errors:
        raise ValidationError(errors)
    target = YearlyTarget.objects.select_for_update().filter(provider=provider, kam=kam, year=year).order_by().first()
    if target is None:
        if version:  # loaded from a target that is gone
            raise ValidationError(_("This target was removed meanwhile. Reload the page."))
        target = YearlyTarget(provider=provider, kam=kam, year=year)
    else:
        version_claim(target, version)  # None: the version just read; a form's older one is refused as stale
    target.placements, target.agreements, target.meetings = placements, agreements, meetings
    target.updated_by = actor
    target.full_clean()
    target.save()
    audit_record(
        actor=actor,
        action="target.save",
        obj=target,
        detail=f"{year} {kam.pk if kam else 'provider'}: {placements}/{agreements}/{meetings}",
    )
    return target
