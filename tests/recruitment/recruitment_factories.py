"""Recruitments, requests and proposals built through the services, so history and checks are real."""

import datetime

from django.utils import timezone

from kamportal.lib.workdays import default_cv_deadline
from recruitment.services import recruitments as services
from tests.candidates.factories import ConsentFactory, candidate_of, document_for
from tests.recruitment.factories import approved_mapping_form


def recruitment_for(world, *, open_it: bool = True, candidates_wanted: int = 2, **plan):
    form = approved_mapping_form(employer=world.employer_a, kam=world.kam_a, contact=world.contact_a)
    position = form.versions.get().positions.order_by("order").first()
    today = timezone.localdate()
    recruitment = services.recruitment_create(
        employer=world.employer_a,
        position=position,
        actor=world.kam_a,
        cv_deadline=plan.pop("cv_deadline", default_cv_deadline(today)),
        interview_week=plan.pop("interview_week", None),
        interview_date=plan.pop("interview_date", default_cv_deadline(today) + datetime.timedelta(days=7)),
        candidates_wanted=candidates_wanted,
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
