"""Writes for employers, their contacts and portfolios: the only code that saves them."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Provider, User
from accounts.policy import kams_assignable_for
from kamportal.lib.orgnr import normalise_org_number
from kamportal.workflow import version_claim
from recruitment import rules
from recruitment.models import Contact, Employer, PortfolioAssignment, SectorPortfolio
from recruitment.services.prospect_transitions import employer_prospect_transition

EMPLOYER_FIELDS = [
    "name",
    "org_number",
    "is_member",
    "sector",
    "size_band",
    "address",
    "postal_code",
    "postal_place",
    "municipality",
    "website",
    "agreement_signed_on",
]


@transaction.atomic
def employer_create(*, actor: User, provider: Provider, kam: User | None = None, **fields) -> Employer:
    """A new employer held by `provider`, in its region, with `kam` (default: the actor) as holder."""
    kam = kam or actor
    unknown = set(fields) - set(EMPLOYER_FIELDS)
    if unknown:
        raise TypeError(f"unknown employer fields: {sorted(unknown)}")
    fields["org_number"] = normalise_org_number(fields.get("org_number", ""))
    signed_on = fields.pop("agreement_signed_on", None)
    today = timezone.localdate()
    employer = Employer(
        region_id=provider.region_id, responsible_provider=provider, responsible_kam=kam, contacted_on=today, **fields
    )
    employer.full_clean()
    employer.save()
    _assignment_open(employer=employer, kam=kam, actor=actor, on=today, reason="")
    audit_record(actor=actor, action="employer.create", obj=employer)
    if signed_on is not None:  # registered as a client: the agreement's date moves it out of the prospects
        _check_signed_on(signed_on)
        employer_prospect_transition(employer=employer, action="sign", on=signed_on, actor=actor)
    return employer


def _check_signed_on(signed_on: date) -> None:
    if signed_on > timezone.localdate():
        raise ValidationError(
            {"agreement_signed_on": _("The agreement cannot be signed in the future. Give the day it was signed.")}
        )


@transaction.atomic
def employer_update(*, actor: User, employer: Employer, version: int | None = None, **fields) -> Employer:
    """Save the employer's fields; `version` is the one the form was loaded with (StaleVersion if newer)."""
    unknown = set(fields) - set(EMPLOYER_FIELDS)
    if unknown:
        raise TypeError(f"unknown employer fields: {sorted(unknown)}")
    version_claim(employer, version)
    if "org_number" in fields:
        fields["org_number"] = normalise_org_number(fields["org_number"])
    sign_on = None
    if "agreement_signed_on" in fields:
        signed_on = fields["agreement_signed_on"]
        if signed_on is not None:
            _check_signed_on(signed_on)
        if employer.is_prospect and signed_on is not None:
            sign_on = fields.pop("agreement_signed_on")  # the engine moves the prospect and stamps the date
        elif not employer.is_prospect and signed_on is None:
            raise ValidationError(
                {"agreement_signed_on": _("An employer with a signed agreement keeps the date it was signed.")}
            )
    for name, value in fields.items():
        setattr(employer, name, value)
    employer.full_clean()
    employer.save(update_fields=list(fields))
    audit_record(actor=actor, action="employer.update", obj=employer)
    if sign_on is not None:
        employer_prospect_transition(employer=employer, action="sign", on=sign_on, actor=actor)
    return employer


@transaction.atomic
def contact_add(
    *,
    actor: User,
    employer: Employer,
    full_name: str,
    email: str,
    title: str = "",
    phone: str = "",
    is_primary: bool = False,
) -> Contact:
    """Add a contact; a new primary contact makes the others secondary."""
    phone = rules.phone_clean(phone)
    contact = Contact(
        employer=employer, full_name=full_name, email=email.lower(), title=title, phone=phone, is_primary=is_primary
    )
    contact.full_clean()
    if is_primary:
        employer.contacts.filter(is_primary=True).update(is_primary=False)
    contact.save()
    audit_record(actor=actor, action="contact.create", obj=contact)
    return contact


@transaction.atomic
def contact_update(
    *,
    actor: User,
    contact: Contact,
    full_name: str,
    email: str,
    title: str = "",
    phone: str = "",
    is_primary: bool = False,
    version: int | None = None,
) -> Contact:
    phone = rules.phone_clean(phone)
    version_claim(contact, version)
    contact.full_name, contact.email, contact.title, contact.phone = full_name, email.lower(), title, phone
    contact.is_primary = is_primary
    contact.full_clean()
    if is_primary:
        contact.employer.contacts.filter(is_primary=True).exclude(pk=contact.pk).update(is_primary=False)
    contact.save(update_fields=["full_name", "email", "title", "phone", "is_primary"])
    audit_record(actor=actor, action="contact.update", obj=contact)
    return contact


def _assignment_open(*, employer: Employer, kam: User, actor: User, on: date, reason: str) -> PortfolioAssignment:
    assignment = PortfolioAssignment(employer=employer, kam=kam, started_on=on, assigned_by=actor, reason=reason)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def employer_reassign(
    *, actor: User, employer: Employer, kam: User, reason: str = "", on: date | None = None
) -> PortfolioAssignment:
    """Move the employer to another KAM of its provider; the previous holder's period is closed, not deleted."""
    on = on or timezone.localdate()
    locked = Employer.objects.select_for_update().get(pk=employer.pk)
    if not kams_assignable_for(locked).filter(pk=kam.pk).exists():
        raise ValidationError(_("Only a KAM at the responsible provider can hold this employer."))
    if locked.responsible_kam_id == kam.pk:
        raise ValidationError(_("%(name)s already holds this employer.") % {"name": kam.full_name})
    current = employer.portfolio_assignments.filter(ended_on__isnull=True).first()
    if current is not None:
        current.ended_on = max(on, current.started_on)
        current.save(update_fields=["ended_on"])
    assignment = _assignment_open(employer=employer, kam=kam, actor=actor, on=on, reason=reason)
    Employer.objects.filter(pk=employer.pk).update(responsible_kam=kam)
    employer.responsible_kam = kam
    audit_record(actor=actor, action="employer.reassign", obj=employer, detail=f"to user {kam.pk}: {reason}")
    return assignment


@transaction.atomic
def sector_portfolio_set(*, actor: User, provider: Provider, sector: str, kam: User | None) -> None:
    """Give a sector of the provider to a KAM, or (kam=None) leave it without one."""
    if kam is None:
        SectorPortfolio.objects.filter(provider=provider, sector=sector).delete()
        return
    if kam.provider_id != provider.pk or not kam.memberships.filter(role="kam").exists():
        raise ValidationError(_("Only a KAM at your provider can hold a sector portfolio."))
    portfolio, _created = SectorPortfolio.objects.update_or_create(
        provider=provider, sector=sector, defaults={"kam": kam}
    )
    audit_record(actor=actor, action="sector_portfolio.set", obj=portfolio)
