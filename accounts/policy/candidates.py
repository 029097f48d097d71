"""Candidates and their dossiers (DESIGN.md "Access").

- The candidate's provider: its advisors, KAMs and provider admins see the whole dossier.
  Advisors of the provider edit it (upload, review, assess, record and withdraw consent).
  Provider admins, and the candidate's own advisor, also see the candidate's audit trail.
- Another provider's KAM: only through a submission (not withdrawn) to a recruitment that KAM's
  provider coordinates (`_kam_coordinates_a_submission_of`).
- An employer contact: only candidates in a shortlisted submission on a list sent to its own
  employer (`_shortlisted_for_employer`), and only the parts an active consent for that employer
  (and that recruitment, when the consent names one) covers.
- Region coordinators see aggregates elsewhere, never a candidate.

`may_see(party, candidate, part)` is the one question everything that shares candidate data
asks. It reads consents from the database on every call, so a withdrawal counts at once.
"""

from collections.abc import Iterable
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.policy.principal import AnyUser
from candidates.models import Candidate, Consent, Document, DossierPart
from candidates.models.consent import PART_FIELDS
from recruitment.models import (
    ACTIVE_RECRUITMENT_STATES,
    SHARED_SUBMISSION_STATES,
    Employer,
    Recruitment,
    Submission,
    SubmissionStatus,
)

from .denied import candidate_object_not_found
from .portal import contact_has_accepted_terms
from .principal import principal_for

RecruitmentScope = int | OuterRef | Iterable[int] | QuerySet | None

# What a coordinating KAM of another provider sees of a submitted candidate (once that exists). The contact
# details only as the employer would: when a consent in force covers them (`_kam_sees_contact_details`).
COORDINATING_KAM_PARTS = frozenset({"profile", "cv", "application", "assessment", "accommodation"})


def _home_staff(p, candidate) -> bool:
    return p.is_provider_staff and candidate.provider_id == p.provider_id


def _coordinated_submissions(p) -> QuerySet:
    """Submissions (not withdrawn) to recruitments that the KAM's provider coordinates."""

    return Submission.objects.filter(recruitment__coordinating_provider_id=p.provider_id).exclude(
        status=SubmissionStatus.WITHDRAWN
    )


def _kam_coordinates_a_submission_of(p, candidate) -> bool:
    """Does this KAM's provider coordinate a recruitment the candidate is proposed for?"""
    return _coordinated_submissions(p).filter(candidate_id=candidate.pk).exists()


def _kam_sees_contact_details(p, candidate) -> bool:
    """A coordinating KAM of another provider sees the candidate's phone, e-mail and address only if a consent
    in force for the employer of a recruitment they are proposed to (coordinated by the KAM's provider), and
    for that recruitment, covers the contact details: the KAM passes the candidate on to that employer."""
    consent = consents_in_force(
        employer_id=OuterRef("recruitment__employer_id"), recruitment_id=OuterRef("recruitment_id")
    ).filter(candidate_id=candidate.pk, covers_contact_details=True)
    return _coordinated_submissions(p).filter(Exists(consent), candidate_id=candidate.pk).exists()


def _kam_coordination_condition(p) -> Q:
    """The queryset form of `_kam_coordinates_a_submission_of`."""
    return Q(pk__in=_coordinated_submissions(p).values("candidate_id"))


def shared_with_employer(employer_id: int) -> QuerySet:
    """Submissions on a candidate list sent to the employer (shortlisted, and whatever came after),
    as long as the candidate's consent for the employer (and that recruitment) still stands: a
    withdrawal takes the candidate out of the employer's view on the next request."""

    consent = consents_in_force(employer_id=employer_id, recruitment_id=OuterRef("recruitment_id")).filter(
        candidate_id=OuterRef("candidate_id")
    )
    return Submission.objects.filter(
        Exists(consent),
        recruitment__employer_id=employer_id,
        recruitment__list_sent_at__isnull=False,
        status__in=SHARED_SUBMISSION_STATES,
        listed_at__isnull=False,  # continuous delivery shortlists after the list: not shared until sent
    )


def _shortlisted_for_employer(p, candidate) -> bool:
    """Is the candidate in a shortlisted submission on a list sent to the contact's employer?"""
    return shared_with_employer(p.contact_employer_id).filter(candidate_id=candidate.pk).exists()


def _contact_shortlist_condition(p) -> Q:
    """The queryset form of `_shortlisted_for_employer`."""
    return Q(pk__in=shared_with_employer(p.contact_employer_id).values("candidate_id"))


def candidates_visible_to(user: AnyUser) -> QuerySet:
    """Candidates whose dossier the user may open (not yet per part: ask `may_see` for that)."""

    p = principal_for(user)
    condition = Q(pk__in=[])
    if p.is_provider_staff:
        condition |= Q(provider_id=p.provider_id)
    if p.is_kam:
        condition |= _kam_coordination_condition(p)
    if p.is_employer_contact and contact_has_accepted_terms(user):
        condition |= _contact_shortlist_condition(p)
    return Candidate.objects.filter(condition)


def can_see_whole_dossier(user: AnyUser, candidate: Candidate) -> bool:
    """The candidate's own provider: every part, the consents and other documents, not only what was shared."""
    return _home_staff(principal_for(user), candidate)


def can_edit_candidate(user: AnyUser, candidate: Candidate) -> bool:
    p = principal_for(user)
    anonymised = candidate.status == Candidate.Status.ANONYMISED  # nothing is added back to an anonymised row
    return p.is_advisor and candidate.provider_id == p.provider_id and not anonymised


def can_create_candidate(user: AnyUser) -> bool:
    return principal_for(user).is_advisor


def can_view_candidate_audit(user: AnyUser, candidate: Candidate) -> bool:
    """The candidate's access log: the provider admin, and the candidate's own advisor."""
    p = principal_for(user)
    if candidate.provider_id != p.provider_id:
        return False
    return p.is_provider_admin or (p.is_advisor and candidate.advisor_id == p.user_id)


def _no_staff_pages_for_contacts(user: AnyUser, model, uuid) -> None:
    """Employer contacts see candidates only through portal pages (the candidate list, portal documents):
    every staff candidate URL is a 404 for them, even for a candidate shared with their employer."""
    if principal_for(user).is_employer_contact:
        raise candidate_object_not_found(user, model, uuid)


def get_candidate_for_user(user: AnyUser, uuid: UUID | str, *, write: bool = False) -> Candidate:
    _no_staff_pages_for_contacts(user, Candidate, uuid)
    candidate = candidates_visible_to(user).select_related("provider", "advisor").filter(uuid=uuid).first()
    if candidate is None:
        raise candidate_object_not_found(user, Candidate, uuid)
    if write and not can_edit_candidate(user, candidate):
        raise PermissionDenied
    return candidate


def consents_in_force(*, employer_id: int | OuterRef, recruitment_id: RecruitmentScope = None) -> QuerySet:
    """The consent rule, the one place it is written: consents not withdrawn, for this employer, that
    cover the recruitment the data is shared for.

    A consent without a recruitment covers every recruitment of the employer; one with, only that one.
    `recruitment_id`: an id, an OuterRef, or several ids (a list or a queryset of ids); without it only
    whole-employer consents count.
    """
    whole_employer = Q(recruitment__isnull=True)
    if recruitment_id is None:
        scope = whole_employer
    elif isinstance(recruitment_id, int | OuterRef):
        scope = whole_employer | Q(recruitment_id=recruitment_id)
    else:
        scope = whole_employer | Q(recruitment_id__in=recruitment_id)
    return Consent.objects.filter(scope, employer_id=employer_id, withdrawn_at__isnull=True)


def _active_consents(*, candidate: Candidate, employer_id: int, recruitment_id: RecruitmentScope) -> QuerySet:
    return consents_in_force(employer_id=employer_id, recruitment_id=recruitment_id).filter(candidate_id=candidate.pk)


def consent_covers(*, candidate: Candidate, employer_id: int, part: str, recruitment_id=None) -> bool:
    """Is there an active consent of the candidate for this employer that covers the part?

    `recruitment_id`: the recruitment the data is shared for (an id, or a queryset of ids). A consent
    scoped to a recruitment covers only that one; a consent without a recruitment covers the whole
    employer. Without `recruitment_id` only whole-employer consents count.
    """

    field = PART_FIELDS.get(part)
    if field is None:
        return False
    return (
        _active_consents(candidate=candidate, employer_id=employer_id, recruitment_id=recruitment_id)
        .filter(**{field: True})
        .exists()
    )


def consent_exists(*, candidate: Candidate, employer_id: int, recruitment_id=None) -> bool:
    """Is there any active consent (for any part) for this employer and recruitment?"""
    return _active_consents(candidate=candidate, employer_id=employer_id, recruitment_id=recruitment_id).exists()


def may_see(party: AnyUser, candidate: Candidate, part: str, *, recruitment: Recruitment | None = None) -> bool:
    """May this party (a user) see this part of the candidate's dossier now?

    For an employer contact, `recruitment` narrows the question to the list of that recruitment;
    without it, any list sent to the contact's employer with the candidate on it counts.
    """

    p = principal_for(party)
    if not p.is_authenticated:
        return False
    if _home_staff(p, candidate):
        return True
    if p.is_kam and _kam_coordinates_a_submission_of(p, candidate):
        if part == DossierPart.CONTACT_DETAILS:
            return _kam_sees_contact_details(p, candidate)
        return part in COORDINATING_KAM_PARTS
    if p.is_employer_contact and contact_has_accepted_terms(party) and _shortlisted_for_employer(p, candidate):
        shared = shared_with_employer(p.contact_employer_id).filter(candidate_id=candidate.pk)
        if recruitment is not None:
            if recruitment.employer_id != p.contact_employer_id or not shared.filter(recruitment=recruitment).exists():
                return False
            scope = recruitment.pk
        else:
            scope = shared.values("recruitment_id")
        if part == DossierPart.PROFILE:
            return consent_exists(candidate=candidate, employer_id=p.contact_employer_id, recruitment_id=scope)
        return consent_covers(candidate=candidate, employer_id=p.contact_employer_id, part=part, recruitment_id=scope)
    return False


def dossier_parts(party: AnyUser, candidate: Candidate) -> dict[str, bool]:
    """`may_see` for every part of the dossier at once, as the dossier page asks it: the same answers, in one
    query for a coordinating KAM of another provider (their coordinated submissions of the candidate, each
    marked by whether a consent in force for its employer and recruitment covers the contact details) instead
    of one per part. Other parties ask `may_see` part by part (the home staff without a query)."""
    p = principal_for(party)
    if p.is_authenticated and not _home_staff(p, candidate) and p.is_kam:
        consent = consents_in_force(
            employer_id=OuterRef("recruitment__employer_id"), recruitment_id=OuterRef("recruitment_id")
        ).filter(candidate_id=candidate.pk, covers_contact_details=True)
        marks = list(
            _coordinated_submissions(p)
            .filter(candidate_id=candidate.pk)
            .annotate(contact=Exists(consent))
            .order_by("-contact")
            .values_list("contact", flat=True)[:1]
        )
        if marks:  # the same answers as `may_see`'s coordinating-KAM branch
            return {
                part: bool(marks[0]) if part == DossierPart.CONTACT_DETAILS else part in COORDINATING_KAM_PARTS
                for part in DossierPart.values
            }
    return {part: may_see(party, candidate, part) for part in DossierPart.values}


def get_document_for_user(user: AnyUser, uuid: UUID | str, *, write: bool = False) -> Document:
    """A document the user may download from the staff pages: its candidate is visible and `may_see` allows
    its part. Contacts download through the portal (`get_shared_document_for_contact`)."""
    _no_staff_pages_for_contacts(user, Document, uuid)
    return _document_for(user, uuid, write=write)


def get_shared_document_for_contact(user: AnyUser, uuid: UUID | str) -> Document:
    """A document shared with the contact's employer (the part its consent covers), for the portal."""
    if not principal_for(user).is_employer_contact:
        raise candidate_object_not_found(user, Document, uuid)
    return _document_for(user, uuid, write=False)


def _document_for(user: AnyUser, uuid: UUID | str, *, write: bool) -> Document:

    visible = Document.objects.filter(candidate__in=candidates_visible_to(user)).select_related("candidate")
    visible = visible.exclude(stored_name__startswith="erased/")  # an anonymised candidate's file is gone
    document = visible.filter(uuid=uuid).first()
    if document is None or not may_see(user, document.candidate, document.part):
        raise candidate_object_not_found(user, Document, uuid)
    if write and not can_edit_candidate(user, document.candidate):
        raise PermissionDenied
    return document


def get_consent_for_user(user: AnyUser, uuid: UUID | str, *, write: bool = False) -> Consent:
    _no_staff_pages_for_contacts(user, Consent, uuid)
    consent = Consent.objects.filter(uuid=uuid, candidate__in=candidates_visible_to(user)).select_related(
        "candidate", "employer"
    )
    consent = consent.first()
    if consent is None:
        raise candidate_object_not_found(user, Consent, uuid)
    if write and not can_edit_candidate(user, consent.candidate):
        raise PermissionDenied
    return consent


def consent_employer_choices(user: AnyUser) -> QuerySet:
    """Employers an advisor may name in a consent: those of the advisor's region (id and name only).

    Narrower than `employers_visible_to`, which advisors are not in: choosing a consent scope
    needs no more than the name.
    """

    p = principal_for(user)
    if not p.is_advisor or p.region_id is None:
        return Employer.objects.none()
    return Employer.objects.filter(region_id=p.region_id).only("id", "name").order_by("name")


def consent_recruitment_choices(user: AnyUser) -> QuerySet:
    """Running recruitments an advisor may narrow a consent to: those of employers in the advisor's region."""

    p = principal_for(user)
    if not p.is_advisor or p.region_id is None:
        return Recruitment.objects.none()
    return (
        Recruitment.objects.filter(employer__region_id=p.region_id, status__in=ACTIVE_RECRUITMENT_STATES)
        .select_related("employer")
        .only("id", "title", "employer__name")
        .order_by("employer__name", "title")
    )


__all__ = [
    "can_create_candidate",
    "can_edit_candidate",
    "can_see_whole_dossier",
    "can_view_candidate_audit",
    "candidates_visible_to",
    "consent_covers",
    "consent_exists",
    "consent_employer_choices",
    "consent_recruitment_choices",
    "consents_in_force",
    "dossier_parts",
    "get_candidate_for_user",
    "get_consent_for_user",
    "get_document_for_user",
    "get_shared_document_for_contact",
    "may_see",
    "shared_with_employer",
]
