"""Work-queue kinds of the advisor: the candidates' dossiers, consents and placements."""

from django.db import connections
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Collate, TruncDate
from django.utils.translation import gettext as _

from recruitment.work_queue.items import (
    Part,
    WorkItem,
    _day,
    _fmt,
    _is_advisor,
    queue_source,
    ranked_rows,
    shown_limit,
    title_expression,
    uuid_url,
    wanted,
)


def _advisor_candidates(user):
    from candidates.models import Candidate

    return Candidate.objects.filter(
        advisor=user, status__in=[Candidate.Status.AVAILABLE, Candidate.Status.IN_PROCESS]
    ).only("uuid", "full_name", "created_at", "advisor_id")


_DOSSIER_KINDS = ("candidate_cv_missing", "candidate_cv_unreviewed", "candidate_assessment_missing")


@queue_source("candidate_dossier", who=_is_advisor)
def candidates_missing_parts(user, p, today, now):
    """Active candidates without a CV, without a reviewed CV or without an assessment: one query for the three
    kinds. It reads narrow rows (no model instances), oldest first then by name like the queue, counts every
    candidate due and builds only the first `shown_limit()` items of each kind."""
    from candidates.models import Assessment, Candidate, Document

    kinds = [kind for kind in _DOSSIER_KINDS if wanted(kind)]
    if not kinds:
        return
    cvs = Document.objects.filter(candidate_id=OuterRef("pk"), kind=Document.Kind.CV)
    rows = _advisor_candidates(user).annotate(
        has_cv=Exists(cvs),
        has_reviewed_cv=Exists(cvs.filter(reviewed_on__isnull=False)),
        has_assessment=Exists(Assessment.objects.filter(candidate_id=OuterRef("pk"))),
    )
    rows = rows.filter(Q(has_cv=False) | Q(has_reviewed_cv=False) | Q(has_assessment=False))
    name = Collate("full_name", "C") if connections[rows.db].vendor == "postgresql" else F("full_name")
    rows = rows.order_by(TruncDate("created_at"), name, "pk").values_list(
        "pk", "uuid", "full_name", "created_at", "has_cv", "has_reviewed_cv", "has_assessment"
    )
    limit = shown_limit()
    chosen: dict[str, list] = {kind: [] for kind in kinds}
    totals = dict.fromkeys(kinds, 0)
    for row in rows:
        _pk, _uuid, _name, _created, has_cv, has_reviewed_cv, has_assessment = row
        due = []
        if not has_cv:
            due.append("candidate_cv_missing")
        elif not has_reviewed_cv:
            due.append("candidate_cv_unreviewed")
        if not has_assessment:
            due.append("candidate_assessment_missing")
        for kind in due:
            if kind in totals:
                totals[kind] += 1
                if limit is None or len(chosen[kind]) < limit:
                    chosen[kind].append(row)
    why = {
        "candidate_cv_missing": _("No CV uploaded"),
        "candidate_cv_unreviewed": _("The CV is not reviewed yet"),
        "candidate_assessment_missing": _("No vocational assessment written"),
    }
    candidates: dict[int, Candidate] = {}

    def candidate(row):
        # the audit's object: a candidate read with these columns only (like .only())
        pk, uuid, full_name, created_at = row[:4]
        if pk not in candidates:
            candidates[pk] = Candidate.from_db(
                rows.db, ["id", "uuid", "full_name", "created_at"], [pk, uuid, full_name, created_at]
            )
        return candidates[pk]

    def url(kind, uuid):
        if kind == "candidate_cv_missing":
            return uuid_url("candidates:document_upload", uuid)
        if kind == "candidate_cv_unreviewed":
            return uuid_url("candidates:detail", uuid) + "#documents"
        return uuid_url("candidates:assessment_edit", uuid)

    for kind in kinds:
        items = [
            WorkItem(
                kind=kind,
                title=row[2],
                why=why[kind],
                since=_day(row[3]),
                url=url(kind, row[1]),
                candidate=candidate(row),
            )
            for row in chosen[kind]
        ]
        yield Part(kind, items, totals[kind])


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
    rows, total = ranked_rows(
        rows,
        kind="candidate_consent_missing",
        since=TruncDate("proposed_at"),
        title=F("candidate__full_name"),
        today=today,
    )
    items = [
        WorkItem(
            kind="candidate_consent_missing",
            title=submission.candidate.full_name,
            why=_("Proposed to %(employer)s without a consent for it")
            % {"employer": submission.recruitment.employer.name},
            since=_day(submission.proposed_at),
            url=uuid_url("candidates:consent_create", submission.candidate.uuid),
            candidate=submission.candidate,
        )
        for submission in rows
    ]
    yield Part("candidate_consent_missing", items, total)


@queue_source("placement_follow_up", who=_is_advisor)
def placement_follow_ups(user, p, today, now):
    from recruitment.reminders import placements_with_follow_up_due

    rows = (
        placements_with_follow_up_due(today)
        .filter(candidate__advisor=user)
        .select_related("candidate", "employer")
        .only("uuid", "next_follow_up", "candidate__uuid", "candidate__full_name", "employer__name")
    )
    at = _("%(candidate)s at %(employer)s")
    rows, total = ranked_rows(
        rows,
        kind="placement_follow_up",
        since=F("next_follow_up"),
        title=title_expression(at, candidate=F("candidate__full_name"), employer=F("employer__name")),
        today=today,
    )
    items = [
        WorkItem(
            kind="placement_follow_up",
            title=at % {"candidate": placement.candidate.full_name, "employer": placement.employer.name},
            why=_("The placement's follow-up was due %(day)s") % {"day": _fmt(placement.next_follow_up)},
            since=placement.next_follow_up,
            url=uuid_url("recruitment:placement_detail", placement.uuid) + "#notes",
            candidate=placement.candidate,
        )
        for placement in rows
    ]
    yield Part("placement_follow_up", items, total)
