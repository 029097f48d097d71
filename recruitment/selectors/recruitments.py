"""Reads for recruitments: lists and the review page in a fixed number of queries, the employer's list."""

from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db import connection
from django.db.models import Case, Exists, F, Func, OuterRef, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from accounts.policy import (
    can_manage_recruitment,
    consents_in_force,
    contact_has_accepted_terms,
    may_see,
    principal_for,
    recruitments_visible_to,
    submissions_visible_to,
)
from accounts.policy.employers import InArray
from candidates.models import Assessment, Candidate, DossierPart
from kamportal.pagination import BoundedPaginator, paginate_keys_counted
from recruitment.models import (
    CoordinationRequest,
    Employer,
    MappingPosition,
    MappingStatus,
    Recruitment,
    Submission,
    SubmissionStatus,
)

from .timeline import recruitment_timeline


def recruitment_list(*, user: User, active_only: bool = False) -> QuerySet:
    """Recruitments the user sees, with the number of proposals the user may see and of requests.

    Counted by correlated subqueries, so only the rows fetched are counted (slice or filter by ids first).
    """
    p = principal_for(user)
    submissions = Submission.objects.filter(recruitment_id=OuterRef("pk")).order_by()
    own = submissions.filter(provider_id=p.provider_id)
    qs = (
        recruitments_visible_to(user)
        .select_related("employer", "coordinating_kam", "coordinating_provider")
        .annotate(
            proposal_count=Case(
                When(coordinating_provider_id=p.provider_id, then=_count(submissions)),
                default=_count(own),
            ),
            request_count=_count(CoordinationRequest.objects.filter(recruitment_id=OuterRef("pk")).order_by()),
        )
        .order_by("cv_deadline", "-id")
    )
    if active_only:
        from recruitment.models import ACTIVE_RECRUITMENT_STATES

        qs = qs.filter(status__in=ACTIVE_RECRUITMENT_STATES)
    return qs


def _count(rows: QuerySet) -> Coalesce:
    return Coalesce(Subquery(rows.values(n=Func("pk", function="COUNT"))[:1]), 0)


RECRUITMENT_PAGE_SIZE = 50


def recruitment_list_page(*, user: User, active_only: bool = False, page_number=None, employer_id=None) -> Page:
    """One page of `recruitment_list` for a KAM: the page's ids first, from two index scans (coordinated by
    the KAM's provider, or asked of it), then those rows through the policy with their counts."""
    from recruitment.models import ACTIVE_RECRUITMENT_STATES

    p = principal_for(user)
    states = {"status__in": ACTIVE_RECRUITMENT_STATES} if active_only else {}
    if employer_id is not None:  # one employer's (the link from its page)
        states["employer_id"] = employer_id
    coordinated = Recruitment.objects.filter(coordinating_provider_id=p.provider_id, **states)
    # Asked of the provider: driven from its coordination requests (`id = ANY(ARRAY(...))`, a primary-key lookup
    # per request). An EXISTS here made PostgreSQL read every active recruitment in the country (issue 19).
    asked_ids = CoordinationRequest.objects.filter(supplying_provider_id=p.provider_id).values("recruitment_id")
    asked = Recruitment.objects.filter(InArray(F("pk"), asked_ids.query), **states).exclude(
        coordinating_provider_id=p.provider_id
    )
    keys = (
        coordinated.order_by()
        .values_list("cv_deadline", "id")
        .union(asked.order_by().values_list("cv_deadline", "id"), all=True)
        .order_by("cv_deadline", "-id")
    )
    if connection.vendor == "postgresql":  # the page's keys and the count in one statement
        page, page_keys = paginate_keys_counted(keys, ["cv_deadline", "-id"], RECRUITMENT_PAGE_SIZE, page_number)
    else:
        page = BoundedPaginator(keys, RECRUITMENT_PAGE_SIZE).get_page(page_number)
        page_keys = list(page.object_list)
    ids = [pk for _, pk in page_keys]
    rows = {r.pk: r for r in recruitment_list(user=user, active_only=active_only).filter(pk__in=ids)}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def positions_for_new_recruitment(*, employer: Employer) -> QuerySet:
    """Positions of the employer's approved mapping-form versions, newest version first."""
    return (
        MappingPosition.objects.filter(version__form__employer=employer, version__status=MappingStatus.APPROVED)
        .select_related("version__form")
        .order_by("-version__form__created_at", "-version__number", "order")
    )


@dataclass
class RecruitmentPage:
    recruitment: Recruitment
    manages: bool
    own_request: CoordinationRequest | None
    requests: list
    submissions: list
    events: list
    counts: dict = field(default_factory=dict)
    deadline_passed: bool = False
    too_few: bool = False
    unanswered: list = field(default_factory=list)  # shortlisted on the sent list, no answer from the employer
    feedback_overdue: bool = False  # the employer's feedback deadline has passed


def recruitment_page(*, recruitment: Recruitment, user: User) -> RecruitmentPage:
    """The recruitment's page: the coordinating side sees everything, a supplying KAM its own provider's part."""
    p = principal_for(user)
    manages = can_manage_recruitment(user, recruitment)
    requests = recruitment.coordination_requests.select_related("supplying_provider", "supplying_kam")
    submissions = (
        submissions_visible_to(user)
        .filter(recruitment=recruitment)
        .select_related("candidate", "provider", "advisor", "placement")
        .order_by("proposed_at", "id")
    )
    if not manages:
        requests = requests.filter(supplying_provider_id=p.provider_id)
    events = recruitment_timeline(user=user, recruitment=recruitment)
    requests = list(requests)
    own_request = next((r for r in requests if r.supplying_provider_id == p.provider_id), None)
    submissions = list(submissions)
    counts = dict.fromkeys(SubmissionStatus.values, 0)
    for submission in submissions:
        counts[submission.status] += 1
    return RecruitmentPage(
        recruitment=recruitment,
        manages=manages,
        own_request=own_request,
        requests=requests,
        submissions=submissions,
        events=events,
        counts=counts,
        deadline_passed=recruitment.cv_deadline < timezone.localdate(),
        too_few=sum(1 for s in submissions if s.status != SubmissionStatus.WITHDRAWN) < recruitment.candidates_wanted,
        unanswered=[s for s in submissions if recruitment.list_sent_at and s.is_unanswered],
        feedback_overdue=bool(recruitment.feedback_deadline and recruitment.feedback_deadline < timezone.localdate()),
    )


def proposals_for_review(*, recruitment: Recruitment) -> QuerySet:
    """Every proposal with its provider, candidate, advisor and whether a consent still covers the CV."""
    consent = consents_in_force(employer_id=recruitment.employer_id, recruitment_id=recruitment.pk).filter(
        candidate_id=OuterRef("candidate_id"), covers_cv=True
    )
    return (
        Submission.objects.filter(recruitment=recruitment)
        .select_related("candidate", "provider", "advisor", "cv", "application", "coordination_request")
        .annotate(has_consent=Exists(consent))
        .order_by("provider__name", "proposed_at", "id")
    )


def proposable_candidates(*, user: User, recruitment: Recruitment) -> QuerySet:
    """Candidates of the user's provider who are not placed or inactive and not yet proposed here."""
    proposed = Submission.objects.filter(recruitment=recruitment).values("candidate_id")
    return (
        Candidate.objects.filter(
            provider_id=user.provider_id,
            status__in=[Candidate.Status.AVAILABLE, Candidate.Status.IN_PROCESS],
        )
        .exclude(pk__in=proposed)
        .order_by("full_name", "id")
    )


# --- the final list as the employer sees it ----------------------------------------------------------

LIST_PARTS = (
    DossierPart.CONTACT_DETAILS,
    DossierPart.CV,
    DossierPart.APPLICATION,
    DossierPart.ASSESSMENT,
    DossierPart.ACCOMMODATION,
)


@dataclass
class ListEntry:
    submission: Submission
    candidate: Candidate
    parts: dict
    assessment: Assessment | None
    attendance: object = None  # AttendanceSummary of approved weeks, only where the consent covers the assessment


def _shortlisted(recruitment: Recruitment) -> QuerySet:
    from recruitment.models import SHARED_SUBMISSION_STATES

    if recruitment.list_sent_at:
        # The list as sent (the first list and any supplementary one): not what is shortlisted since.
        found = Submission.objects.filter(recruitment=recruitment, status__in=SHARED_SUBMISSION_STATES).exclude(
            listed_at=None
        )
    else:
        found = Submission.objects.filter(recruitment=recruitment, status=SubmissionStatus.SHORTLISTED)
    return found.select_related(
        "candidate", "provider", "advisor", "cv", "application", "interview", "employer_answered_by"
    ).order_by("proposed_at", "id")


def _consented_parts(recruitment: Recruitment, submissions: list) -> dict[int, dict]:
    """candidate id → {part: covered} by the active consents for the employer (and this recruitment), one query.

    The same question as `consent_exists` / `consent_covers` asked for every candidate at once: a
    candidate with no active consent is missing from the result.
    """
    from candidates.models.consent import PART_FIELDS

    rows = (
        consents_in_force(employer_id=recruitment.employer_id, recruitment_id=recruitment.pk)
        .filter(candidate_id__in={s.candidate_id for s in submissions})
        .values("candidate_id", *(PART_FIELDS[part] for part in LIST_PARTS))
    )
    result: dict[int, dict] = {}
    for row in rows:
        parts = result.setdefault(row["candidate_id"], dict.fromkeys(LIST_PARTS, False))
        for part in LIST_PARTS:
            parts[part] = parts[part] or bool(row[PART_FIELDS[part]])
    return result


def _entries(submissions: list, parts_by_candidate: dict) -> list[ListEntry]:
    """The list entries, with the assessments that a consented part needs fetched in one query."""
    wanted = [
        s.candidate_id
        for s in submissions
        if s.candidate_id in parts_by_candidate
        and (
            parts_by_candidate[s.candidate_id][DossierPart.ASSESSMENT]
            or parts_by_candidate[s.candidate_id][DossierPart.ACCOMMODATION]
        )
    ]
    assessments = {a.candidate_id: a for a in Assessment.objects.filter(candidate_id__in=wanted)} if wanted else {}
    entries = [
        ListEntry(
            submission=s,
            candidate=s.candidate,
            parts=parts_by_candidate[s.candidate_id],
            assessment=assessments.get(s.candidate_id),
        )
        for s in submissions
        if s.candidate_id in parts_by_candidate
    ]
    return _with_attendance(entries)


def _with_attendance(entries: list[ListEntry]) -> list[ListEntry]:
    """The attendance summary beside the assessment, only where the consent covers the assessment (one query)."""
    from recruitment.selectors.placement_records import attendance_summaries

    summaries = attendance_summaries(
        candidate_ids=[e.candidate.pk for e in entries if e.parts.get(DossierPart.ASSESSMENT)]
    )
    for entry in entries:
        entry.attendance = summaries.get(entry.candidate.pk) if entry.parts.get(DossierPart.ASSESSMENT) else None
    return entries


def candidate_list_for_user(*, recruitment: Recruitment, user: User) -> list[ListEntry]:
    """The shortlisted candidates with only the parts `may_see` allows this user (the employer's contact).

    For a contact of the recruitment's employer who accepted the terms, `may_see` comes down to the
    consents for this employer and recruitment, read for all candidates in one query.
    """
    p = principal_for(user)
    if not p.is_employer_contact:
        entries = []
        for submission in _shortlisted(recruitment):
            candidate = submission.candidate
            if not may_see(user, candidate, DossierPart.PROFILE, recruitment=recruitment):
                continue
            parts = {part: may_see(user, candidate, part, recruitment=recruitment) for part in LIST_PARTS}
            entries.append(_entry(submission, parts))
        return _with_attendance(entries)
    if (
        recruitment.employer_id != p.contact_employer_id
        or recruitment.list_sent_at is None
        or not contact_has_accepted_terms(user)
    ):
        return []
    submissions = list(_shortlisted(recruitment))
    return _entries(submissions, _consented_parts(recruitment, submissions))


def candidate_list_for_employer(*, recruitment: Recruitment) -> list[ListEntry]:
    """The same list by the consents alone (what the employer may receive), for the PDF and the KAM's preview."""
    submissions = list(_shortlisted(recruitment))
    return _entries(submissions, _consented_parts(recruitment, submissions))


def _entry(submission: Submission, parts: dict) -> ListEntry:
    assessment = None
    if parts.get(DossierPart.ASSESSMENT) or parts.get(DossierPart.ACCOMMODATION):
        assessment = Assessment.objects.filter(candidate_id=submission.candidate_id).first()
    return ListEntry(submission=submission, candidate=submission.candidate, parts=parts, assessment=assessment)


def proposals_with_assessments(*, recruitment: Recruitment, proposals: list[Submission]) -> list[Submission]:
    """The coordinating KAM's view of each proposal's assessment, within the candidate's consent for this employer
    (and recruitment): `p.parts` (what the consent covers) and `p.assessment` (the advisor's assessment when a
    consented part needs it). The same rule as the employer's list, two queries whatever the number of proposals."""
    parts_by_candidate = _consented_parts(recruitment, proposals)
    wanted = [
        p.candidate_id
        for p in proposals
        if parts_by_candidate.get(p.candidate_id, {}).get(DossierPart.ASSESSMENT)
        or parts_by_candidate.get(p.candidate_id, {}).get(DossierPart.ACCOMMODATION)
    ]
    assessments = {a.candidate_id: a for a in Assessment.objects.filter(candidate_id__in=wanted)} if wanted else {}
    from recruitment.selectors.placement_records import attendance_summaries

    summaries = attendance_summaries(
        candidate_ids=[
            p.candidate_id for p in proposals if parts_by_candidate.get(p.candidate_id, {}).get(DossierPart.ASSESSMENT)
        ]
    )
    for p in proposals:
        p.parts = parts_by_candidate.get(p.candidate_id, dict.fromkeys(LIST_PARTS, False))
        p.assessment = assessments.get(p.candidate_id)
        p.attendance = summaries.get(p.candidate_id) if p.parts[DossierPart.ASSESSMENT] else None
    return proposals
