"""Reads for mapping forms: lists with a fixed number of queries, and one form's page."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.policy import employers_visible_to, mapping_forms_visible_to, principal_for
from kamportal.lib.workdays import working_days_between
from recruitment.models import (
    ApprovalRequest,
    Employer,
    MappingForm,
    MappingFormVersion,
    MappingPosition,
    MappingStatus,
)


def latest_versions(*, user: User, employer: Employer | None = None) -> QuerySet:
    """The newest version of every mapping form the user may see, with form, employer and position count."""
    forms = mapping_forms_visible_to(user)
    if employer is not None:
        forms = forms.filter(employer=employer)
    newer = MappingFormVersion.objects.filter(form_id=OuterRef("form_id"), number__gt=OuterRef("number"))
    return (
        MappingFormVersion.objects.filter(form__in=forms)
        .exclude(Exists(newer))
        .select_related("form__employer")
        .annotate(position_count=Count("positions"))
    )


def waiting_for_approval(*, user: User, employer: Employer | None = None) -> list[MappingFormVersion]:
    """Versions sent for approval and not yet answered, the longest waiting first.

    Each carries `working_days_waiting`: the working days (weekends and Norwegian public holidays
    left out) since the day it was sent, the measure the approval reminder uses too.
    """
    rows = list(
        latest_versions(user=user, employer=employer)
        .filter(status=MappingStatus.AWAITING_APPROVAL)
        .order_by("sent_at", "pk")
    )
    return with_working_days_waiting(rows, today=timezone.localdate())


def with_working_days_waiting(rows: list, *, today) -> list:
    """Set `working_days_waiting` on each version (see waiting_for_approval)."""
    for row in rows:
        row.working_days_waiting = working_days_between(timezone.localdate(row.sent_at), today) if row.sent_at else 0
    return rows


def other_forms(*, user: User, employer: Employer | None = None) -> QuerySet:
    return (
        latest_versions(user=user, employer=employer)
        .exclude(status=MappingStatus.AWAITING_APPROVAL)
        .order_by("-updated_at", "-pk")
    )


@dataclass
class MappingFormPage:
    form: object
    version: MappingFormVersion
    latest: MappingFormVersion
    versions: list
    approval_requests: list


def mapping_form_page(*, form: MappingForm, number: int | None = None) -> MappingFormPage | None:
    """One form with the chosen version (default: the newest), its positions, history and approval links."""
    versions = list(form.versions.order_by("-number"))
    if not versions:
        return None
    latest = versions[0]
    chosen = latest if number is None else next((v for v in versions if v.number == number), None)
    if chosen is None:
        return None
    version = (
        MappingFormVersion.objects.select_related("form__employer", "created_by")
        .prefetch_related(
            Prefetch("positions", queryset=MappingPosition.objects.order_by("order")),
            "status_changes",
        )
        .get(pk=chosen.pk)
    )
    requests = list(
        ApprovalRequest.objects.filter(version=version).select_related("contact", "sent_by").order_by("-sent_at")
    )
    return MappingFormPage(form=form, version=version, latest=latest, versions=versions, approval_requests=requests)


def approval_stamp(version: MappingFormVersion) -> ApprovalRequest | None:
    """The answer that approved this version, if it is approved."""
    if version.status != MappingStatus.APPROVED:
        return None
    return (
        ApprovalRequest.objects.filter(version=version, decision=ApprovalRequest.Decision.APPROVED)
        .order_by("-used_at")
        .first()
    )


def employers_for_new_mapping(*, user: User) -> QuerySet:
    """Employers the user may start a mapping form for: those of the KAM's own provider in their region."""
    p = principal_for(user)
    if not p.is_kam:
        return employers_visible_to(user).none()
    return (
        employers_visible_to(user)
        .filter(responsible_provider_id=p.provider_id, region_id=p.region_id)
        .only("uuid", "name")
        .order_by("name")
    )
