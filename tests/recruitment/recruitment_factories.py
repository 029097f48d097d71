"""Recruitments, requests and proposals built through the services, so history and checks are real."""

import uuid

from django.utils import timezone

from candidates.models import Document
from kamportal.lib.workdays import add_working_days, default_cv_deadline
from recruitment.models import SHARED_SUBMISSION_STATES, Submission, SubmissionStatus
from recruitment.services import recruitments as services
from tests.candidates.factories import ConsentFactory, candidate_of, document_for
from tests.recruitment.factories import approved_mapping_form


def recruitment_for(world, *, open_it: bool = True, candidates_wanted: int | None = None, **plan):
    form = approved_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    position = form.versions.get().positions.order_by("order").first()
    today = timezone.localdate()
    recruitment = services.recruitment_create(
        employer=world.employer_a,
        position=position,
        actor=world.kam_a,
        cv_deadline=plan.pop("cv_deadline", default_cv_deadline(today)),
        interview_week=plan.pop("interview_week", None),
        interview_date=plan.pop("interview_date", add_working_days(default_cv_deadline(today), 5)),
        candidates_wanted=candidates_wanted or max(2, plan.get("openings", 1)),
        **plan,
    )
    if open_it:
        services.recruitment_open(recruitment=recruitment, actor=world.kam_a)
    return recruitment


def proposable_candidate(world, side: str = "a", *, employer=None, recruitment=None, consent=True, **parts):
    candidate = candidate_of(world, side)
    document_for(candidate, reviewed=True)
    if consent:
        ConsentFactory(candidate=candidate, employer=employer or world.employer_a, recruitment=recruitment, **parts)
    return candidate


def request_to_b(world, recruitment, *, accept: bool = True):
    [coordination_request] = services.coordination_requests_send(
        recruitment=recruitment, actor=world.kam_a, kams=[world.kam_b]
    )
    if accept:
        services.coordination_request_answer(
            coordination_request=coordination_request, actor=world.kam_b, answer="accept"
        )
    return coordination_request


def propose(world, recruitment, candidate, *, kam=None):
    return services.submission_propose(
        recruitment=recruitment,
        candidate=candidate,
        actor=kam or (world.kam_a if candidate.provider_id == world.provider_a.pk else world.kam_b),
        suitability="Passer godt: erfaring fra lager.",
        advisor_comments="Møter presis, god arbeidsmoral.",
    )


def chosen_submissions(world, sides=("b",), *, openings: int = 1):
    """Proposals the employer has chosen (one per side: "a" provider A's own candidate, "b" provider B's
    through a coordination request held by kam_b), on one recruitment now in `candidate_chosen`.

    The list is marked sent without building its PDF.
    """
    recruitment = recruitment_for(world, openings=openings)
    if "b" in sides:
        request_to_b(world, recruitment)
    submissions = [propose(world, recruitment, proposable_candidate(world, side)) for side in sides]
    for submission in submissions:
        services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    services.recruitment_transition(
        recruitment=recruitment,
        action="send_list",
        actor=world.kam_a,
        updates={"list_sent_at": timezone.now(), "list_sent_to": world.contact_a},
    )
    for submission in submissions:
        submission.recruitment = recruitment
        services.submission_transition(
            submission=submission, action="choose", actor=world.kam_a, updates={"listed_at": timezone.now()}
        )
    services.recruitment_transition(recruitment=recruitment, action="choose", actor=world.kam_a)
    return submissions


def chosen_submission(world, side: str = "b", *, openings: int = 1):
    """One chosen proposal (see `chosen_submissions`)."""
    return chosen_submissions(world, (side,), openings=openings)[0]


def placement_for(world, side: str = "b", *, submission=None, **fields):
    """A planned placement of a chosen proposal, created by the candidate's advisor."""
    from recruitment.services.placements import placement_create

    submission = submission or chosen_submission(world, side)
    fields.setdefault("start_date", timezone.localdate())
    fields.setdefault("workplace_contact_name", "Per Leder")
    return placement_create(submission=submission, actor=submission.candidate.advisor, **fields)


def cheap_proposals(world, recruitment, count: int, *, status=SubmissionStatus.PROPOSED, consent: bool = False):
    """Proposals of provider B written straight to the database (no files, no history): for query counts."""
    for _ in range(count):
        candidate = candidate_of(world, "b")
        if consent:
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
            status=status,
            # on the list already sent, like the proposals sent with it
            listed_at=recruitment.list_sent_at if status in SHARED_SUBMISSION_STATES else None,
        )
