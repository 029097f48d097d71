"""Work-queue kinds of the advisor: the candidates' dossiers, consents and placements."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from recruitment.work_queue.items import (
    WorkItem,
    _day,
    _fmt,
    _is_advisor,
    queue_source,
    uuid_url,
)


def _advisor_candidates(user):
    from candidates.models import Candidate

    return Candidate.objects.filter(
        advisor=user, status__in=[Candidate.Status.AVAILABLE, Candidate.Status.IN_PROCESS]
    ).only("uuid", "full_name", "created_at", "advisor_id")


@queue_source("candidate_dossier", who=_is_advisor)
def candidates_missing_parts(user, p, today, now):
    """Active candidates without a CV, without a reviewed CV or without an assessment: one query."""
    from candidates.models import Assessment, Document

    cvs = Document.objects.filter(candidate_id=OuterRef("pk"), kind=Document.Kind.CV)
    rows = _advisor_candidates(user).annotate(
        has_cv=Exists(cvs),
        has_reviewed_cv=Exists(cvs.filter(reviewed_on__isnull=False)),
        has_assessment=Exists(Assessment.objects.filter(candidate_id=OuterRef("pk"))),
    )
    for candidate in rows.filter(Q(has_cv=False) | Q(has_reviewed_cv=False) | Q(has_assessment=False)):
        since = _day(candidate.created_at)
        if not candidate.has_cv:
            yield WorkItem(
                kind="candidate_cv_missing",
                title=candidate.full_name,
                why=_("No CV uploaded"),
                since=since,
                url=uuid_url("candidates:document_upload", candidate.uuid),
                candidate=candidate,
            )
        elif not candidate.has_reviewed_cv:
            yield WorkItem(
                kind="candidate_cv_unreviewed",
                title=candidate.full_name,
                why=_("The CV is not reviewed yet"),
                since=since,
                url=uuid_url("candidates:detail", candidate.uuid) + "#documents",
                candidate=candidate,
            )
        if not candidate.has_assessment:
            yield WorkItem(
                kind="candidate_assessment_missing",
                title=candidate.full_name,
                why=_("No vocational assessment written"),
                since=since,
                url=uuid_url("candidates:assessment_edit", candidate.uuid),
                candidate=candidate,
            )


@queue_source("candidate_consent_missing", who=_is_advisor)
def proposals_without_consent(user, p, today, now):
    """The advisor's candidates proposed or shortlisted for an employer without a consent in force for it."""
    from accounts.policy import consents_in_force
    from recruitment.models import Submission, SubmissionStatus

    in_force = consents_in_force(
        employer_id=OuterRef("recruitment__employer_id"), recruitment_id=OuterRef("recruitment_id")
    ).filter(candidate_id=OuterRef("candidate_id"))
    rows = (
        Submission.objects.filter(
            advisor=user,
            status__in=[SubmissionStatus.PROPOSED, SubmissionStatus.SHORTLISTED],
        )
        .exclude(Exists(in_force))
        .select_related("candidate", "recruitment__employer")
        # the item needs a few columns; the wide candidate and employer rows cost more to build than to read
        .only("proposed_at", "candidate__uuid", "candidate__full_name", "recruitment__employer__name")
    )
    for submission in rows:
        yield WorkItem(
            kind="candidate_consent_missing",
            title=submission.candidate.full_name,
            why=_("Proposed to %(employer)s without a consent for it") % {"employer": submission.recruitment.employer},
            since=_day(submission.proposed_at),
            url=uuid_url("candidates:consent_create", submission.candidate.uuid),
            candidate=submission.candidate,
        )


@queue_source("placement_follow_up", who=_is_advisor)
def placement_follow_ups(user, p, today, now):
    from recruitment.reminders import placements_with_follow_up_due

    rows = placements_with_follow_up_due(today).filter(candidate__advisor=user).select_related("candidate", "employer")
    for placement in rows:
        yield WorkItem(
            kind="placement_follow_up",
            title=_("%(candidate)s at %(employer)s")
            % {"candidate": placement.candidate.full_name, "employer": placement.employer},
            why=_("The placement's follow-up was due %(day)s") % {"day": _fmt(placement.next_follow_up)},
            since=placement.next_follow_up,
            url=uuid_url("recruitment:placement_detail", placement.uuid) + "#notes",
            candidate=placement.candidate,
        )
