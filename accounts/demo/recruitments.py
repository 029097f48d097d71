"""Demo recruitments for `make run` at Bergen Sjømat AS. Idempotent: nothing happens once the employer has one.

- Filet: an open multi-provider recruitment with a request to another provider (accepted) and a proposal from it.
- Truck: a single-provider recruitment whose list is sent to the contact, who wants to interview one candidate
  (the interview is scheduled) and has not yet answered for the other.
- Packing: a candidate of a third provider, asked through a request, chosen by the employer and in an active
  placement with an expectation agreement and a first follow-up note.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from candidates.models import Candidate, Consent
from kamportal.lib.workdays import add_working_days, default_cv_deadline
from recruitment.models import Employer, MappingStatus, Recruitment

EMPLOYER = "Bergen Sjømat AS"


@transaction.atomic
def seed_recruitment_demo() -> None:
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

    positions = list(MappingPosition.objects.filter(version_id=version).order_by("order"))
    position = positions[0]
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
    if len(positions) > 1:
        _seed_list_with_interview(employer=employer, position=positions[1], kam=kam)
    if len(positions) > 2:
        _seed_placement(employer=employer, position=positions[2], kam=kam)
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
        _consent(candidate, employer)
        services.submission_propose(
            recruitment=recruitment,
            candidate=candidate,
            actor=other_kam,
            suitability="Har erfaring fra produksjon og trives med praktisk arbeid i team.",
            advisor_comments="Stabilt oppmøte i praksis hos oss de siste tre månedene.",
        )
        break


def _consent(candidate, employer) -> None:
    from candidates import services as candidate_services

    if candidate.consents.filter(employer=employer, withdrawn_at__isnull=True).exists():
        return
    candidate_services.consent_record(
        candidate=candidate,
        employer=employer,
        given_on=timezone.localdate(),
        method=Consent.Method.SIGNED_FORM,
        text_version="2026-1",
        covers_contact_details=True,  # the 2026-1 text shares contact details with any part
        covers_cv=True,
        covers_application=True,
        covers_assessment=True,
        covers_accommodation=False,
        actor=candidate.advisor,
    )


def _seed_list_with_interview(*, employer, position, kam) -> None:
    """Two of the coordinating provider's own candidates on a list sent to the employer's primary contact;
    the contact wants to interview the first, and the KAM has scheduled it three working days ahead."""
    from recruitment.models import Contact
    from recruitment.services import hiring
    from recruitment.services import recruitments as services

    contact = Contact.objects.filter(employer=employer).order_by("-is_primary", "pk").first()
    candidates = [
        c for c in Candidate.objects.filter(provider_id=kam.provider_id).order_by("full_name") if _proposable(c)
    ]
    if contact is None or contact.user is None or len(candidates) < 2:
        return
    today = timezone.localdate()
    recruitment = services.recruitment_create(
        employer=employer,
        position=position,
        actor=kam,
        cv_deadline=add_working_days(today, 0),
        approximate_start=today + datetime.timedelta(days=45),
        candidates_wanted=2,
        openings=position.places,
    )
    services.recruitment_open(recruitment=recruitment, actor=kam)
    submissions = []
    for candidate in candidates[:2]:
        _consent(candidate, employer)
        submission = services.submission_propose(
            recruitment=recruitment,
            candidate=candidate,
            actor=kam,
            suitability="Har erfaring med varemottak og er vant til å jobbe selvstendig.",
            advisor_comments="Punktlig og løsningsorientert i arbeidstreningen.",
        )
        services.submission_decide(submission=submission, actor=kam, shortlist=True)
        submissions.append(submission)
    services.recruitment_send_list(recruitment=recruitment, actor=kam, contact=contact)
    first = submissions[0]
    first.refresh_from_db()
    hiring.submission_employer_answer(submission=first, actor=contact.user, answer="interview")
    first.refresh_from_db()
    when = add_working_days(recruitment.cv_deadline, 3)
    hiring.interview_schedule(
        submission=first,
        actor=kam,
        starts_at=timezone.make_aware(datetime.datetime.combine(when, datetime.time(10, 0))),
        duration_minutes=45,
        place="Bergen Sjømat, Sandviksboder 12, møterom 2",
        notes="Ta med truckførerbevis.",
    )


def _seed_placement(*, employer, position, kam) -> None:
    """A request to the last provider of the region (by name); its first proposable candidate is proposed,
    sent, chosen by the contact, and started in a placement the advisor follows up."""
    from recruitment.models import Contact
    from recruitment.services import hiring, placements
    from recruitment.services import recruitments as services

    supplier = (
        User.objects.filter(memberships__role=Role.KAM, provider__region_id=employer.region_id)
        .exclude(provider_id=employer.responsible_provider_id)
        .order_by("-provider__name", "id")
        .first()
    )
    contact = Contact.objects.filter(employer=employer, user__isnull=False).order_by("-is_primary", "pk").first()
    if supplier is None or contact is None:
        return
    candidate = next(
        (c for c in Candidate.objects.filter(provider_id=supplier.provider_id).order_by("full_name") if _proposable(c)),
        None,
    )
    if candidate is None:
        return
    today = timezone.localdate()
    recruitment = services.recruitment_create(
        employer=employer,
        position=position,
        actor=kam,
        cv_deadline=add_working_days(today, 0),
        candidates_wanted=1,
        openings=1,
    )
    [coordination_request] = services.coordination_requests_send(recruitment=recruitment, actor=kam, kams=[supplier])
    services.coordination_request_answer(coordination_request=coordination_request, actor=supplier, answer="accept")
    _consent(candidate, employer)
    submission = services.submission_propose(
        recruitment=recruitment,
        candidate=candidate,
        actor=supplier,
        suitability="Erfaring fra fiskeforedling og god på hygienerutiner.",
        advisor_comments="Har fullført arbeidstrening i pakkeri med godt resultat.",
    )
    services.submission_decide(submission=submission, actor=kam, shortlist=True)
    services.recruitment_send_list(recruitment=recruitment, actor=kam, contact=contact)
    submission.refresh_from_db()
    hiring.submission_employer_answer(
        submission=submission, actor=contact.user, answer="hired", comment="Velkommen til oss fra mandag."
    )
    submission.refresh_from_db()
    advisor = candidate.advisor
    placement = placements.placement_create(
        submission=submission,
        actor=advisor,
        start_date=today,
        workplace_contact_name="Geir Sandvik, formann pakkeri",
        workplace_contact_phone="+47 55 00 12 34",
        planned_end_date=today + datetime.timedelta(days=90),
    )
    from recruitment.services import agreements

    first = agreements.agreement_point_add(
        placement=placement,
        actor=advisor,
        title="Oppmøte og hygiene",
        employer_expects="Møter presis og følger hygienerutinene.",
        provider_expects="Veilederen følger opp annenhver uke og er tilgjengelig på telefon.",
        candidate_expects="Fast arbeidstid på dagtid.",
        follow_up="Trepartsmøte hver fjortende dag.",
    )
    agreements.agreement_point_add(
        placement=placement,
        actor=advisor,
        title="Opplæring på pakkelinjen",
        employer_expects="Lærer pakkelinjen på fire uker.",
        candidate_expects="En fast kontaktperson i pakkeriet.",
        follow_up="Evaluering etter seks uker.",
    )
    agreements.agreement_send(agreement=first.agreement, actor=advisor, agreed_on=today)
    placements.placement_start(placement=placement, actor=advisor)
    placements.placement_note_add(
        placement=placement,
        actor=advisor,
        occurred_on=today,
        text="Første dag: god mottakelse, fikk opplæring.",
        assessments={
            str(point.uuid): ("on_track", "") for point in placements.agreement_in_force(placement).points.all()
        },
    )


def _proposable(candidate) -> bool:
    from django.core.exceptions import ValidationError

    from candidates.services import candidate_check_proposable

    try:
        candidate_check_proposable(candidate=candidate)
    except ValidationError:
        return False
    return True
