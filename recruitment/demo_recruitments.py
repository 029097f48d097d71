"""Demo recruitment for `make run`: one open multi-provider recruitment at Bergen Sjømat AS, with a request
to another provider (accepted) and a proposal from it. Idempotent: nothing happens if the employer has one.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from candidates.models import Candidate, Consent
from kamportal.lib.workdays import default_cv_deadline
from recruitment.models import Employer, MappingStatus, Recruitment

EMPLOYER = "Bergen Sjømat AS"


@transaction.atomic
def seed_recruitment_demo() -> None:
    from candidates import services as candidate_services
    from recruitment.services import recruitments as services

    employer = Employer.objects.filter(name=EMPLOYER).select_related("responsible_kam").first()
    if employer is None or employer.responsible_kam is None or Recruitment.objects.filter(employer=employer).exists():
        return
    version = (
        employer.mapping_forms.filter(versions__status=MappingStatus.APPROVED)
        .values_list("versions__pk", flat=True)
        .first()
    )
    if version is None:
        return
    from recruitment.models import MappingPosition

    position = MappingPosition.objects.filter(version_id=version).order_by("order").first()
    kam = employer.responsible_kam
    today = timezone.localdate()
    deadline = default_cv_deadline(today)
    recruitment = services.recruitment_create(
        employer=employer,
        position=position,
        actor=kam,
        cv_deadline=deadline,
        interview_week=deadline + datetime.timedelta(days=7 - deadline.weekday()),
        approximate_start=deadline + datetime.timedelta(days=30),
        candidates_wanted=3,
        openings=position.places,
    )
    services.recruitment_open(recruitment=recruitment, actor=kam)
    other_kam = (
        User.objects.filter(memberships__role=Role.KAM, provider__region_id=employer.region_id)
        .exclude(provider_id=employer.responsible_provider_id)
        .order_by("provider__name", "id")
        .first()
    )
    if other_kam is None:
        return
    [coordination_request] = services.coordination_requests_send(
        recruitment=recruitment,
        actor=kam,
        kams=[other_kam],
        message="Vi trenger to kandidater til filetavdelingen før sesongstart.",
    )
    services.coordination_request_answer(coordination_request=coordination_request, actor=other_kam, answer="accept")
    for candidate in Candidate.objects.filter(provider_id=other_kam.provider_id).order_by("full_name"):
        if not _proposable(candidate):
            continue
        candidate_services.consent_record(
            candidate=candidate,
            employer=employer,
            given_on=today,
            method=Consent.Method.SIGNED_FORM,
            text_version="2026-1",
            covers_cv=True,
            covers_application=True,
            covers_assessment=True,
            covers_accommodation=False,
            actor=candidate.advisor,
        )
        services.submission_propose(
            recruitment=recruitment,
            candidate=candidate,
            actor=other_kam,
            suitability="Har erfaring fra produksjon og trives med praktisk arbeid i team.",
            advisor_comments="Stabilt oppmøte i praksis hos oss de siste tre månedene.",
        )
        break


def _proposable(candidate) -> bool:
    from django.core.exceptions import ValidationError

    from candidates.services import candidate_check_proposable

    try:
        candidate_check_proposable(candidate=candidate)
    except ValidationError:
        return False
    return True
