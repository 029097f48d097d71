"""Reminder kind: a mapping form version waiting for approval.

- `mapping_form.awaiting_approval`: a mapping form version sent for approval and not answered
  after more than 5 working days. Due on the 6th working day after sending, and again every
  5 working days while it waits (6th, 11th, 16th ...): the due date in the key makes each one
  unique. The KAM who sent it and the employer's responsible KAM are told (key: the version);
  the contact the approval request went to gets a reminder with a working link (key: the
  approval request) while that request has not expired.

  The contact's link is a fresh signature of the *same* ApprovalRequest, not a new request: the
  request row is what makes a link single-use (`used_at`) and what sets its expiry, so the first
  answer through either link uses the request up and the other link is refused as used, and a
  reminder never extends the deadline. Issuing a new request would need a write in the finder
  (which runs every hour, sent or not) and would leave two live requests for one version. Once
  the link has expired the contact gets nothing more; the KAM's reminder says so and asks the KAM
  to withdraw and send the form again (a new request with a new link).
"""

import logging
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from accounts.reminders import Due, reminder_kind
from kamportal.lib.workdays import add_working_days, working_days_between
from recruitment.models import (
    ApprovalRequest,
    MappingFormVersion,
    MappingStatus,
)
from recruitment.reminders.common import (
    TEMPLATES,
    _active,
    _is_sent,
    _sent_keys,
    mapping_detail_url,
)

log = logging.getLogger(__name__)

MAPPING_AWAITING_APPROVAL = "mapping_form.awaiting_approval"
APPROVAL_REMINDER_EVERY = 5  # working days: remind after more than this, and again every this many


def approval_reminder_due_date(sent_on: date, today: date) -> date | None:
    """The due date of the latest reminder for a form sent on `sent_on`, or None if none is due yet.

    More than 5 working days waiting: the first on the 6th working day, then the 11th, the 16th ...
    """
    waited = working_days_between(sent_on, today)
    if waited <= APPROVAL_REMINDER_EVERY:
        return None
    step = (waited - 1) // APPROVAL_REMINDER_EVERY
    return add_working_days(sent_on, APPROVAL_REMINDER_EVERY * step + 1)


@reminder_kind(MAPPING_AWAITING_APPROVAL)
def mapping_forms_awaiting_approval(now: datetime) -> Iterator[Due]:
    from recruitment.services.mapping import approval_token

    today = timezone.localdate(now)
    open_requests = ApprovalRequest.objects.filter(used_at__isnull=True).select_related("contact", "sent_by")
    versions = list(
        MappingFormVersion.objects.filter(
            status=MappingStatus.AWAITING_APPROVAL,
            sent_at__isnull=False,
            sent_at__lt=now - timedelta(days=APPROVAL_REMINDER_EVERY),  # 6 working days span 8 days or more
        )
        .select_related("form__employer__responsible_kam")
        .prefetch_related(
            Prefetch("approval_requests", queryset=open_requests.order_by("-sent_at", "-id"), to_attr="open_requests")
        )
        .order_by("sent_at", "pk")
    )
    due_versions = []
    for version in versions:
        due_date = approval_reminder_due_date(timezone.localdate(version.sent_at), today)
        if due_date is not None:
            due_versions.append((version, due_date))
    sent = _sent_keys(
        MAPPING_AWAITING_APPROVAL,
        [v for v, _ in due_versions] + [r for v, _ in due_versions for r in v.open_requests[:1]],
    )
    for version, due_date in due_versions:
        employer = version.form.employer
        approval_request = version.open_requests[0] if version.open_requests else None
        if approval_request is not None:
            approval_request.version = version
        link_works = approval_request is not None and approval_request.expires_at > now
        context = {
            "employer": employer,
            "version": version,
            "approval_request": approval_request,
            "contact": approval_request.contact if approval_request else None,
            "sent_on": timezone.localdate(version.sent_at),
            "working_days": working_days_between(timezone.localdate(version.sent_at), today),
            "link_works": link_works,
        }
        contact_left = approval_request is not None and approval_request.contact.left_on is not None
        if link_works and not contact_left and not _is_sent(sent, approval_request, due_date):
            token = approval_token(approval_request)
            yield Due(
                obj=approval_request,
                due_date=due_date,
                recipients=[approval_request.email],
                template=TEMPLATES + "mapping_awaiting_approval_contact",
                context={**context, "kam": approval_request.sent_by},
                url=reverse("recruitment:mapping_approval", kwargs={"token": token}),
            )
        if _is_sent(sent, version, due_date):
            continue
        kams = _active(approval_request.sent_by if approval_request else None, employer.responsible_kam)
        if not kams:
            log.warning(
                "%s: mapping form %s v%s for %s has no active KAM to remind",
                MAPPING_AWAITING_APPROVAL,
                version.form.uuid,
                version.number,
                employer.name,
            )
            continue
        yield Due(
            obj=version,
            due_date=due_date,
            recipients=kams,
            template=TEMPLATES + "mapping_awaiting_approval_kam",
            context=context,
            url=mapping_detail_url(version.form.uuid),
        )
