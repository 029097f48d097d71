"""Hiring test data built through the services: a sent list with candidates of provider A and B."""

import datetime
import uuid

from django.utils import timezone

from candidates.models import Document
from recruitment.models import Submission, SubmissionStatus
from recruitment.services import hiring
from recruitment.services import recruitments as services
from tests.candidates.factories import ConsentFactory, candidate_of
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for, request_to_b


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
    return hiring.interview_schedule(
        submission=fresh(submission), actor=world.kam_a, starts_at=starts_at or in_days(3), **kwargs
    )


def more_shortlisted(world, recruitment, count: int) -> None:
    """Cheap shortlisted proposals of provider B with a consent (no files): for query counts."""
    for _ in range(count):
        candidate = candidate_of(world, "b")
        ConsentFactory(candidate=candidate, employer=world.employer_a, covers_assessment=True)
        cv = Document.objects.create(
            candidate=candidate,
            kind=Document.Kind.CV,
            stored_name=f"candidates/{uuid.uuid4().hex}",
            original_name="cv.pdf",
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
            uploaded_by=candidate.advisor,
        )
        Submission.objects.create(
            recruitment=recruitment,
            candidate=candidate,
            provider=candidate.provider,
            cv=cv,
            suitability="Egnet",
            advisor=candidate.advisor,
            advisor_email=candidate.advisor.email,
            proposed_by=world.kam_b,
            proposed_at=timezone.now(),
            status=SubmissionStatus.SHORTLISTED,
        )
