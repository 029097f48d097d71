"""Reads for the employer portal: everything a contact's home page shows, in a fixed number of queries."""

from django.db.models import Count, Prefetch, Q

from accounts.models import User
from recruitment.models import Contact, ContactInvitation, Employer

from .mapping import other_forms, waiting_for_approval
from .placements import placements_for_contact


def recruitments_for_contact(*, user: User, employer: Employer) -> list:
    """The employer's recruitments the contact follows (those whose candidate list has been sent), with progress.

    `on_list`: candidates on the list; `waiting`: those still without an answer; `interviews`: invited to
    interview; `chosen`: chosen.
    """
    from accounts.policy import recruitments_visible_to, submissions_visible_to
    from recruitment.models import SubmissionStatus

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
        )
        .order_by("-list_sent_at")[:100]
    )


def portal_home(*, user: User, contact: Contact) -> dict:
    employer = contact.employer
    return {
        "contact": contact,
        "employer": employer,
        "contacts": list(
            employer.contacts.current().only("full_name", "title", "email", "phone", "is_primary", "employer_id")
        ),
        "waiting": waiting_for_approval(user=user, employer=employer),
        "others": list(other_forms(user=user, employer=employer)[:200]),
        "recruitments": recruitments_for_contact(user=user, employer=employer),
        "placements": placements_for_contact(user=user, employer=employer),
        "surveys": surveys_for_contact(user=user, contact=contact),
    }


def surveys_for_contact(*, user: User, contact: Contact) -> list:
    from django.utils import timezone

    from accounts.policy import recruitments_visible_to

    from .satisfaction import surveys_offered

    visible = recruitments_visible_to(user).filter(employer=contact.employer)
    return surveys_offered(contact=contact, recruitments=visible, today=timezone.localdate())


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
