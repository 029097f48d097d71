"""Reads for the employer portal: everything a contact's home page shows, in a fixed number of queries."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from accounts.models import User
from recruitment.models import Contact, ContactInvitation, Employer

from .placements import placements_for_contact


def recruitments_for_contact(*, user: User, employer: Employer, today=None) -> list:
    """The employer's recruitments the contact follows (those whose candidate list has been sent), with progress.

    `on_list`: candidates on the list; `waiting`: those still without an answer; `interviews`: invited to
    interview; `chosen`: chosen; `ended_recently`: filled or closed within the survey's window (the satisfaction
    survey after a recruitment asks about those).
    """
    from django.utils import timezone

    from accounts.policy import recruitments_visible_to, submissions_visible_to
    from recruitment.models import SubmissionStatus

    from .satisfaction import recently_ended_events

    # Only the candidates the contact may see (on the list, consent standing): a withdrawal drops the counts.
    shared = Q(submissions__in=submissions_visible_to(user).values("pk"))
    return list(
        recruitments_visible_to(user)
        .filter(employer=employer)
        .select_related("coordinating_kam")
        .annotate(
            on_list=Count("submissions", filter=shared),
            waiting=Count("submissions", filter=shared & Q(submissions__status=SubmissionStatus.SHORTLISTED)),
            interviews=Count("submissions", filter=shared & Q(submissions__status=SubmissionStatus.INTERVIEW)),
            chosen=Count("submissions", filter=shared & Q(submissions__status=SubmissionStatus.CHOSEN)),
            ended_recently=Exists(
                recently_ended_events(today=today or timezone.localdate()).filter(recruitment_id=OuterRef("pk"))
            ),
        )
        .order_by("-list_sent_at")[:100]
    )


def portal_home(*, user: User, contact: Contact, contacts: list[Contact]) -> dict:
    """The portal's home page; `contacts` are the employer's contacts (get_portal_contact_and_colleagues)."""
    from django.utils import timezone

    from recruitment.models import MappingStatus

    from .mapping import latest_versions, with_working_days_waiting
    from .satisfaction import ENDED_STATES, surveys_offered

    employer = contact.employer
    today = timezone.localdate()
    # The newest version of each of the employer's forms, once: those waiting for approval and the others.
    versions = list(latest_versions(user=user, employer=employer))
    waiting = sorted(
        (v for v in versions if v.status == MappingStatus.AWAITING_APPROVAL), key=lambda v: (v.sent_at, v.pk)
    )
    others = sorted(
        (v for v in versions if v.status != MappingStatus.AWAITING_APPROVAL),
        key=lambda v: (v.updated_at, v.pk),
        reverse=True,
    )[:200]
    recruitments = recruitments_for_contact(user=user, employer=employer, today=today)
    ended = sorted(
        (r for r in recruitments if r.status in ENDED_STATES and r.ended_recently),
        key=lambda r: r.updated_at,
        reverse=True,
    )
    return {
        "contact": contact,
        "employer": employer,
        "contacts": [c for c in contacts if c.left_on is None],
        "waiting": with_working_days_waiting(waiting, today=today),
        "others": others,
        "recruitments": recruitments,
        "placements": placements_for_contact(user=user, employer=employer),
        "surveys": surveys_offered(contact=contact, recruitments=None, today=today, ended=ended),
    }


def contacts_with_invitations(employer: Employer) -> list[Contact]:
    """The employer's contacts, each with `open_invitations` (the link that still may work, if any)."""
    return list(
        employer.contacts.prefetch_related(
            Prefetch(
                "invitations",
                queryset=ContactInvitation.objects.filter(used_at__isnull=True, revoked_at__isnull=True),
                to_attr="open_invitations",
            )
        )
    )
