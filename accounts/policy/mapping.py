"""Mapping forms: visible to the KAMs of the employer's responsible provider, to supplying KAMs
holding a coordination request based on the form, and to the employer's own contacts;
writable by KAMs of the responsible provider (the same rule as editing the employer).

The approval page is reached through an e-mailed signed link without logging in:
the token is the credential, checked in `recruitment.services.mapping.approval_request_from_token`.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.policy.principal import AnyUser
from recruitment.models import CoordinationRequest, Employer, MappingForm

from .employers import can_edit_employer
from .principal import Principal, principal_for


def supplying_kam_mapping_condition(principal: Principal) -> Q:
    """Supplying KAMs see the forms their provider's coordination requests are based on."""

    return Q(
        pk__in=CoordinationRequest.objects.filter(supplying_provider_id=principal.provider_id).values(
            "recruitment__mapping_version__form_id"
        )
    )


def mapping_forms_visible_to(user: AnyUser) -> QuerySet:

    p = principal_for(user)
    condition = Q(pk__in=[])
    if p.is_kam:
        condition |= Q(employer__responsible_provider_id=p.provider_id)
        condition |= supplying_kam_mapping_condition(p)
    if p.is_employer_contact:
        condition |= Q(employer_id=p.contact_employer_id)
    return MappingForm.objects.filter(condition)


def can_edit_mapping_form(user: AnyUser, form: MappingForm) -> bool:
    return can_edit_employer(user, form.employer)


def can_create_mapping_form(user: AnyUser, employer: Employer) -> bool:
    return can_edit_employer(user, employer)


def get_mapping_form_for_user(user: AnyUser, uuid: UUID | str, *, write: bool = False) -> MappingForm:
    form = mapping_forms_visible_to(user).select_related("employer").filter(uuid=uuid).first()
    if form is None:
        raise Http404
    if write and not can_edit_mapping_form(user, form):
        raise PermissionDenied
    return form


__all__ = [
    "can_create_mapping_form",
    "can_edit_mapping_form",
    "get_mapping_form_for_user",
    "mapping_forms_visible_to",
    "supplying_kam_mapping_condition",
]
