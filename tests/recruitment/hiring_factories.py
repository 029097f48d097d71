"""Hiring test data built through the services: a sent list with candidates of provider A and B."""

import datetime

from django.utils import timezone

from recruitment.models import Recruitment, Submission, SubmissionStatus
from recruitment.services import hiring
from recruitment.services import recruitments as services
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import (
    cheap_proposals,
    proposable_candidate,
    propose,
    recruitment_for,
    request_to_b,
)


def sent_list(world, *, a: int = 1, b: int = 1, openings: int = 1, terms: bool = True):
    """(recruitment, [submissions]): `a` candidates of provider A and `b` of provider B (through a request)
    shortlisted and sent to contact_a, in that order."""
    recruitment = recruitment_for(world, openings=openings)
    if b:
        request_to_b(world, recruitment)
    submissions = [propose(world, recruitment, proposable_candidate(world, "a")) for _ in range(a)]
    submissions += [propose(world, recruitment, proposable_candidate(world, "b")) for _ in range(b)]
    for submission in submissions:
        services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    # The list is answered after the deadline for CVs, as usual (interviews come after it: recruitment.rules).
    Recruitment.objects.filter(pk=recruitment.pk).update(cv_deadline=timezone.localdate() - datetime.timedelta(days=1))
    if terms:
        accept_terms(world.contact_user)
    for submission in submissions:
        submission.refresh_from_db()
        submission.recruitment.refresh_from_db()
    return recruitment, submissions


def fresh(submission) -> Submission:
    """The submission as a new request fetches it."""
    return Submission.objects.select_related("recruitment__employer", "candidate", "provider", "advisor").get(
        pk=submission.pk
    )


def answer(world, submission, answer: str, *, actor=None, **kwargs):
    return hiring.submission_employer_answer(
        submission=fresh(submission), actor=actor or world.contact_user, answer=answer, **kwargs
    )


def in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def schedule(world, submission, *, starts_at=None, **kwargs):
    kwargs.setdefault("duration_minutes", 45)
    kwargs.setdefault("place", "Storgata 1, Bergen")
    kwargs.setdefault("confirmed", True)  # tests pick their hours freely; tests/recruitment/test_rules.py checks them
    return hiring.interview_schedule(
        submission=fresh(submission), actor=world.kam_a, starts_at=starts_at or in_days(3), **kwargs
    )


def more_shortlisted(world, recruitment, count: int) -> None:
    """Cheap shortlisted proposals of provider B with a consent (no files): for query counts."""
    cheap_proposals(world, recruitment, count, status=SubmissionStatus.SHORTLISTED, consent=True)
