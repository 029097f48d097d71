"""After the candidate list: the employer's answers, interviews and the choice (DESIGN.md workflow 7–8).

Every status change goes through the tables in `recruitment.services.recruitments`:

    The employer's answer on a candidate of the list (its contact, or the coordinating KAM on its behalf):
        to interview   shortlisted → interview (invite); the recruitment starts interviewing on the first
        not relevant   shortlisted → rejected (reject), interview → not_chosen (not_choose); reason required
        hired          shortlisted | interview → chosen (choose); the recruitment: candidate chosen on the first
    Interviews: the coordinating KAM schedules one per invited candidate; rescheduling raises its sequence.
        The advisor and the supplying KAM get an .ics invitation (same UID, growing SEQUENCE).
    The choice: once as many are chosen as the recruitment has openings, every proposal still open
        (shortlisted, interview) is closed with feedback to its advisor and supplying KAM.

Events the employer's timeline shows carry `shared_with_employer=True`: the answers, the interviews,
the choice. Notifications go out through `notify`, the e-mails after commit.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.attachments import Deferred
from accounts.audit import audit_record
from accounts.models import User
from accounts.notifications import notify
from accounts.policy import (
    can_answer_for_employer,
    can_schedule_interview,
    consents_in_force,
    principal_for,
    shared_with_employer,
)
from candidates.models import Candidate
from candidates.services import candidate_set_status
from kamportal.lib.ics import interview_ics, interview_uid
from recruitment import rules
from recruitment.models import (
    LIST_SENT_STATES,
    SHARED_SUBMISSION_STATES,
    EmployerAnswer,
    Interview,
    NotRelevantReason,
    Recruitment,
    RecruitmentEvent,
    RecruitmentStatus,
    Submission,
    SubmissionStatus,
)
from recruitment.services.candidate_list import list_pdfs_forget
from recruitment.services.candidate_messages import candidate_can_be_told, candidate_tell
from recruitment.services.recruitments import submission_notify_its_side
from recruitment.services.transitions import (
    RecruitmentError,
    event_record,
    recruitment_transition,
    submission_transition,
)

R, S, A = RecruitmentStatus, SubmissionStatus, EmployerAnswer

# (the proposal's status, the answer) → the submission action.
ANSWER_ACTIONS = {
    (S.SHORTLISTED, A.INTERVIEW): "invite",
    (S.SHORTLISTED, A.NOT_RELEVANT): "reject",
    (S.SHORTLISTED, A.HIRED): "choose",
    (S.INTERVIEW, A.NOT_RELEVANT): "not_choose",
    (S.INTERVIEW, A.HIRED): "choose",
}
# Proposals the employer still has to answer.
OPEN_ON_THE_LIST = (S.SHORTLISTED, S.INTERVIEW)
# A recruitment takes answers from the list being sent until every opening is filled.
ANSWERING_RECRUITMENT = LIST_SENT_STATES
INTERVIEW_ATTACHMENT = "intervju.ics"


def _lock_status(recruitment: Recruitment) -> None:
    """Serialise answers on one recruitment (the count of chosen against the openings) and read its status anew."""
    recruitment.refresh_from_db(fields=["status"], from_queryset=Recruitment.objects.select_for_update())


def _context(submission: Submission, **extra) -> dict:
    recruitment = submission.recruitment
    return {
        "submission": submission,
        "recruitment": recruitment,
        "employer": recruitment.employer,
        "candidate": submission.candidate,
        **extra,
    }


def _list_url(recruitment: Recruitment) -> str:
    return reverse("recruitment:candidate_list", kwargs={"uuid": recruitment.uuid})


# --- the employer's answers ------------------------------------------------------------------------


@transaction.atomic
def submission_employer_answer(
    *, submission: Submission, actor: User, answer: str, reason: str = "", comment: str = ""
) -> Submission:
    """Record the employer's answer on one candidate of the list and move the proposal (and the recruitment).

    Refused (ValidationError with a message for the user) without an answer, or "not relevant" without
    a reason; RecruitmentError if the candidate is already decided or the recruitment takes no answers.
    """
    recruitment = submission.recruitment
    if not can_answer_for_employer(actor, recruitment):
        raise RecruitmentError(_("Only the employer's contacts and the coordinating KAM answer on this list."))
    if answer not in A.values:
        raise ValidationError({"answer": _("Please choose an answer: to interview, not relevant or hired.")})
    comment = (comment or "").strip()
    reason = reason or ""
    if answer == A.NOT_RELEVANT:
        if reason not in NotRelevantReason.values:
            raise ValidationError({"reason": _("Please choose why the candidate is not relevant.")})
    else:
        reason = ""
    _lock_status(recruitment)
    if recruitment.status not in ANSWERING_RECRUITMENT:
        raise RecruitmentError(
            _("The recruitment is %(status)s, so it takes no more answers.")
            % {"status": RecruitmentStatus(recruitment.status).label}
        )
    # Read anew: the list may have gone out after this row was loaded (listed_at is set by the list's UPDATE).
    if not Submission.objects.filter(pk=submission.pk, listed_at__isnull=False).exists():
        raise RecruitmentError(
            _("%(name)s is not on the list sent to the employer yet.") % {"name": submission.candidate.full_name}
        )
    action = ANSWER_ACTIONS.get((submission.status, answer))
    if action is None:
        name = submission.candidate.full_name
        if submission.status == S.INTERVIEW:
            raise RecruitmentError(_("%(name)s is already invited to interview.") % {"name": name})
        raise RecruitmentError(
            _("%(name)s is already decided (%(status)s); the answer was not saved.")
            % {"name": name, "status": SubmissionStatus(submission.status).label}
        )
    on_behalf = not principal_for(actor).is_employer_contact
    now = timezone.now()
    feedback = submission.feedback
    if answer == A.NOT_RELEVANT:
        feedback = str(NotRelevantReason(reason).label).capitalize() + (f": {comment}" if comment else ".")
    event_comment = feedback if answer == A.NOT_RELEVANT else comment
    if on_behalf:
        event_comment = " ".join(filter(None, [gettext("(on behalf of the employer)"), event_comment]))
    submission_transition(
        submission=submission,
        action=action,
        actor=actor,
        comment=event_comment,
        updates={
            "employer_answer": answer,
            "not_relevant_reason": reason,
            "employer_comment": comment,
            "employer_answered_at": now,
            "employer_answered_by": actor,
            "decided_at": now,
            "feedback": feedback,
        },
        shared_with_employer=True,
    )
    if action == "invite" and recruitment.status == R.SHORTLIST_SENT:
        recruitment_transition(
            recruitment=recruitment, action="start_interviews", actor=actor, shared_with_employer=True
        )
    kam = recruitment.coordinating_kam
    if kam.is_active and kam.pk != actor.pk:
        notify(
            recipients=[kam],
            kind=f"recruitment.employer_answer_{answer}",
            template="recruitment/emails/employer_answer",
            context=_context(submission, actor=actor, on_behalf=on_behalf),
            url=_list_url(recruitment),
            about=submission.candidate_id,
        )
    if answer == A.NOT_RELEVANT:
        submission_notify_its_side(
            submission=submission,
            kind=f"recruitment.{submission.status}",
            template="recruitment/emails/not_chosen",
            attachments=_cancel_interview(submission, actor=actor),
        )
        candidate_tell(
            submission=submission, event="not_chosen", context={"after_interview": submission.status == S.NOT_CHOSEN}
        )
    elif answer == A.INTERVIEW:
        # Picked for interview: the advisor prepares the candidate; the .ics follows when the KAM schedules it.
        submission_notify_its_side(
            submission=submission, kind="recruitment.invited", template="recruitment/emails/invited"
        )
    elif answer == A.HIRED:
        _after_choice(submission=submission, actor=actor)
    return submission


def _after_choice(*, submission: Submission, actor) -> None:
    """The recruitment moves on the first choice; the advisor and supplier hear; the rest close once all are filled."""
    recruitment = submission.recruitment
    if recruitment.status in (R.SHORTLIST_SENT, R.INTERVIEWING):
        # No name here: the recruitment's own events reach every supplying KAM; the proposal's event names it.
        recruitment_transition(recruitment=recruitment, action="choose", actor=actor, shared_with_employer=True)
    candidate = submission.candidate
    if candidate.status == Candidate.Status.AVAILABLE:
        candidate_set_status(candidate=candidate, status=Candidate.Status.IN_PROCESS, actor=actor)
    # Hired before a coming interview: the interview will not be held, so the calendars are told.
    cancelled = _cancel_interview(submission, actor=actor)
    submission_notify_its_side(
        submission=submission,
        kind="recruitment.chosen",
        template="recruitment/emails/chosen",
        context={"interview_cancelled": bool(cancelled)},
        attachments=cancelled,
    )
    candidate_tell(submission=submission, event="chosen")
    chosen = Submission.objects.filter(recruitment=recruitment, status=S.CHOSEN).count()
    if chosen >= recruitment.openings:
        _close_the_rest(recruitment=recruitment, actor=actor)


def _close_the_rest(*, recruitment: Recruitment, actor) -> None:
    """Every opening is filled: the proposals still open get "not chosen" / "rejected" and their feedback."""
    feedback = str(_("All openings are filled: the employer chose other candidates."))
    rest = (
        Submission.objects.filter(recruitment=recruitment, status__in=OPEN_ON_THE_LIST)
        .select_related("candidate", "advisor", "coordination_request__supplying_kam")
        .order_by("proposed_at", "id")
    )
    now = timezone.now()
    for other in rest:
        other.recruitment = recruitment
        submission_transition(
            submission=other,
            action="reject" if other.status == S.SHORTLISTED else "not_choose",
            actor=actor,
            comment=feedback,
            updates={"feedback": feedback, "decided_at": now},
            shared_with_employer=True,
        )
        submission_notify_its_side(
            submission=other,
            kind=f"recruitment.{other.status}",
            template="recruitment/emails/not_chosen",
            context={"filled": True},
            attachments=_cancel_interview(other, actor=actor),
        )
        candidate_tell(submission=other, event="not_chosen", context={"after_interview": other.status == S.NOT_CHOSEN})


# --- a withdrawn consent --------------------------------------------------------------------------


def consent_withdrawal_reach(*, consent, actor, **_signal) -> list[Submission]:
    """A consent was withdrawn (in `consent_withdraw`'s transaction): the candidate's proposals on lists
    sent to that employer which the policy no longer shares (`shared_with_employer`, the one consent rule;
    another consent may still stand) lose their coming interview, with the CANCEL .ics to the advisor and
    the supplying KAM, and each recruitment's coordinating KAM is told. The portal already hides the
    candidate on the next request: every portal read goes through the same rule."""
    employer_id = consent.employer_id
    gone = list(
        Submission.objects.filter(
            candidate_id=consent.candidate_id,
            recruitment__employer_id=employer_id,
            recruitment__list_sent_at__isnull=False,
            status__in=SHARED_SUBMISSION_STATES,
            listed_at__isnull=False,
        )
        .exclude(pk__in=shared_with_employer(employer_id).values("pk"))
        .select_related(
            "recruitment__employer",
            "recruitment__coordinating_kam",
            "candidate",
            "advisor",
            "coordination_request__supplying_kam",
        )
        .order_by("id")
    )
    if gone:  # the stored list PDFs that named the candidate go once the withdrawal is committed
        recruitment_ids = {submission.recruitment_id for submission in gone}
        transaction.on_commit(lambda: list_pdfs_forget(recruitment_ids=recruitment_ids))
    for submission in gone:
        recruitment = submission.recruitment
        cancelled = _cancel_interview(submission, actor=actor)
        if cancelled:
            submission_notify_its_side(
                submission=submission,
                kind="recruitment.interview_cancelled_consent",
                template="recruitment/emails/interview_cancelled_consent",
                attachments=cancelled,
            )
        kam = recruitment.coordinating_kam
        if kam.is_active:
            notify(
                recipients=[kam],
                kind="recruitment.consent_withdrawn",
                template="recruitment/emails/consent_withdrawn",
                context=_context(submission, interview_cancelled=bool(cancelled)),
                url=_list_url(recruitment),
                about=submission.candidate_id,
            )
    _withdraw_proposals_without_consent(consent=consent, actor=actor)
    return gone


# A proposal still in the running: not decided against, not chosen (a chosen candidate's placement is the
# provider's own record and stays).
PROPOSALS_IN_THE_RUNNING = frozenset({S.PROPOSED, S.SHORTLISTED, S.INTERVIEW})


def _withdraw_proposals_without_consent(*, consent, actor) -> list[Submission]:
    """The candidate's proposals to the employer still in the running that no consent covers any more move to
    withdrawn (action `withdraw_consent`, through the engine: history and audit rows), so the coordinating
    KAM's page, its counts and the unanswered-list reminders stop counting them. Another consent that still
    covers a recruitment keeps its proposal as it is."""
    consent_stands = consents_in_force(
        employer_id=consent.employer_id, recruitment_id=OuterRef("recruitment_id")
    ).filter(candidate_id=OuterRef("candidate_id"))
    proposals = list(
        Submission.objects.filter(
            candidate_id=consent.candidate_id,
            recruitment__employer_id=consent.employer_id,
            status__in=PROPOSALS_IN_THE_RUNNING,
        )
        .exclude(Exists(consent_stands))
        .order_by("id")
    )
    comment = gettext("The candidate withdrew the consent to share information with the employer.")
    for submission in proposals:
        submission_transition(
            submission=submission,
            action="withdraw_consent",
            actor=actor,
            comment=comment,
            updates={"decided_at": timezone.now()},
        )
    return proposals


# --- interviews ------------------------------------------------------------------------------------


def _local(value: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


STAFF, CONTACT, CANDIDATE = "staff", "contact", "candidate"


def interview_calendar(
    interview: Interview, *, method: str = "REQUEST", audience: str = STAFF, attendee=None, language: str = ""
) -> bytes:
    """The interview's .ics: the coordinating KAM organises, the advisor attends; texts in the portal's language.

    The same event (UID, sequence) for every audience, with what each may read: the employer's contact gets no
    candidate data (no name, no notes; the portal says who), the candidate no notes (they may speak of the
    candidate to the employer). `attendee` is (name, e-mail) for the contact or the candidate."""
    submission = interview.submission
    recruitment = submission.recruitment
    kam = recruitment.coordinating_kam
    first_name = (submission.candidate.full_name.split() or [""])[0]
    with translation.override(language or settings.LANGUAGE_CODE):
        if audience == STAFF:
            summary = gettext("Interview: %(name)s – %(title)s, %(employer)s") % {
                "name": first_name,
                "title": recruitment.title,
                "employer": recruitment.employer.name,
            }
        else:
            summary = gettext("Interview – %(title)s, %(employer)s") % {
                "title": recruitment.title,
                "employer": recruitment.employer.name,
            }
        lines = [
            gettext("Interview at %(employer)s for %(title)s.")
            % {"employer": recruitment.employer.name, "title": recruitment.title},
            gettext("Coordinating KAM: %(name)s, %(email)s") % {"name": kam.full_name, "email": kam.email},
        ]
        if audience == CONTACT:
            lines += ["", gettext("The candidate: see the candidate list in the portal.")]
        if interview.notes and audience == STAFF:
            lines += ["", interview.notes]
    attendees = [(submission.advisor.full_name, submission.advisor_email)]
    if attendee is not None:
        attendees.append(attendee)
    return interview_ics(
        uid=interview_uid(interview.uuid),
        sequence=interview.sequence,
        starts_at=interview.starts_at,
        duration_minutes=interview.duration_minutes,
        summary=summary,
        location=interview.place,
        description="\n".join(lines),
        organizer=(kam.full_name, kam.email),
        attendees=attendees,
        method=method,
    )


def interview_calendar_deferred(interview: Interview, *, method: str = "REQUEST") -> Deferred:
    """The interview's .ics, built by the delivery task (reminder sweeps make many; see accounts/attachments.py)."""
    return Deferred("interview_ics", f"{interview.uuid}:{method}")


def interview_calendar_attachment(key: str) -> bytes | None:
    """The builder behind `interview_calendar_deferred`: the interview as it is now; None if it is gone."""
    uuid, _, method = key.partition(":")
    interview = (
        Interview.objects.select_related(
            "submission__candidate",
            "submission__advisor",
            "submission__recruitment__employer",
            "submission__recruitment__coordinating_kam",
        )
        .filter(uuid=uuid)
        .first()
    )
    if interview is None:
        return None
    return interview_calendar(interview, method=method or "REQUEST")


def _contacts_of(submission: Submission) -> list:
    """Who at the employer hears of the interviews: the contact the list went to, and a contact who answered."""
    recruitment = submission.recruitment
    recipients = []
    contact = recruitment.list_sent_to
    if contact is not None and contact.left_on is None:  # a contact who left hears nothing more
        recipients.append(contact.user if contact.user_id and contact.user.is_active else contact.email)
    answered_by = submission.employer_answered_by
    if answered_by is not None and answered_by.is_active and principal_for(answered_by).is_employer_contact:
        recipients.append(answered_by)
    unique, seen = [], set()
    for recipient in recipients:
        address = (recipient.email if isinstance(recipient, User) else str(recipient)).strip().lower()
        if address and address not in seen:
            seen.add(address)
            unique.append(recipient)
    return unique


def _interview_tell_others(interview: Interview, *, action: str) -> None:
    """The employer's contact and the candidate hear of the interview (scheduled, moved or cancelled), each with
    their own .ics of the same event; the contact's e-mail says when and links to the list, never who."""
    submission = interview.submission
    recruitment = submission.recruitment
    cancelled = action == "interview_cancelled"
    method = "CANCEL" if cancelled else "REQUEST"
    for recipient in _contacts_of(submission):
        name, address = (recipient.full_name, recipient.email) if isinstance(recipient, User) else ("", str(recipient))
        language = recipient.language if isinstance(recipient, User) else settings.LANGUAGE_CODE
        calendar = interview_calendar(
            interview, method=method, audience=CONTACT, attendee=(name, address), language=language
        )
        notify(
            recipients=[recipient],
            kind=f"recruitment.{action}_contact",
            template="recruitment/emails/interview_contact",
            context={
                "recruitment": recruitment,
                "employer": recruitment.employer,
                "contact": recruitment.list_sent_to,
                "starts_at": interview.starts_at,
                "duration_minutes": interview.duration_minutes,
                "place": interview.place,
                "cancelled": cancelled,
                "rescheduled": action == "interview_rescheduled",
            },
            url=_list_url(recruitment),
            attachments=[(INTERVIEW_ATTACHMENT, calendar, "text/calendar")],
            about=submission.candidate_id,
        )
    candidate = submission.candidate
    if candidate_can_be_told(candidate):
        calendar = interview_calendar(
            interview,
            method=method,
            audience=CANDIDATE,
            attendee=(candidate.full_name, candidate.email),
            language=candidate.language,
        )
        candidate_tell(
            submission=submission,
            event="interview_cancelled" if cancelled else "interview",
            context={
                "starts_at": interview.starts_at,
                "duration_minutes": interview.duration_minutes,
                "place": interview.place,
                "rescheduled": action == "interview_rescheduled",
            },
            attachments=[(INTERVIEW_ATTACHMENT, calendar, "text/calendar")],
        )


def _interview_of(submission: Submission) -> Interview | None:
    try:
        return submission.interview
    except Interview.DoesNotExist:
        return None


def _cancel_interview(submission: Submission, *, actor) -> list:
    """A coming interview of a candidate who is no longer in the running, or was hired without it, is
    cancelled; returns the CANCEL .ics (for the advisor's side). The employer's contact and the candidate
    get theirs here."""
    interview = _interview_of(submission)
    if interview is None or interview.cancelled_at is not None or interview.starts_at <= timezone.now():
        return []
    now = timezone.now()
    Interview.objects.filter(pk=interview.pk).update(cancelled_at=now, sequence=F("sequence") + 1, updated_at=now)
    interview.refresh_from_db(fields=["cancelled_at", "sequence"])
    interview.submission = submission
    _interview_event(interview=interview, action="interview_cancelled", actor=actor)
    audit_record(actor=actor, action="interview.cancelled", obj=interview, candidate_id=submission.candidate_id)
    _interview_tell_others(interview, action="interview_cancelled")
    return [(INTERVIEW_ATTACHMENT, interview_calendar(interview, method="CANCEL"), "text/calendar")]


def _interview_event(*, interview: Interview, action: str, actor) -> RecruitmentEvent:
    submission = interview.submission
    return event_record(
        recruitment=submission.recruitment,
        subject=RecruitmentEvent.Subject.INTERVIEW,
        subject_id=interview.pk,
        provider_id=submission.provider_id,
        action=action,
        actor=actor,
        comment=f"{submission.candidate.full_name}: {_local(interview.starts_at)}, {interview.place}",
        shared_with_employer=True,
    )


@transaction.atomic
def interview_schedule(
    *,
    submission: Submission,
    actor: User,
    starts_at: datetime.datetime,
    duration_minutes: int,
    place: str,
    notes: str = "",
    confirmed: bool = False,
) -> Interview:
    """The coordinating KAM sets (or changes) the interview of a candidate invited to interview.

    The advisor and the supplying KAM get the .ics; a change keeps its UID and raises its sequence.
    An interview outside the plan's window, on a day off or outside working hours needs `confirmed`
    (recruitment.rules.interview_check).
    """
    recruitment = submission.recruitment
    if not can_schedule_interview(actor, recruitment):
        raise RecruitmentError(_("Only the coordinating KAM schedules interviews."))
    if submission.status != S.INTERVIEW:
        raise RecruitmentError(
            _("%(name)s is not invited to interview (%(status)s), so no interview can be scheduled.")
            % {"name": submission.candidate.full_name, "status": SubmissionStatus(submission.status).label}
        )
    if starts_at is None or timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": _("Please give the date and time of the interview.")})
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("The interview cannot be in the past.")})
    rules.interview_check(
        recruitment=recruitment, starts_at=starts_at, duration_minutes=duration_minutes, confirmed=confirmed
    )
    place = (place or "").strip()
    notes = (notes or "").strip()
    interview = Interview.objects.select_for_update().filter(submission=submission).first()
    fields = {
        "starts_at": starts_at,
        "duration_minutes": duration_minutes,
        "place": place,
        "notes": notes,
        "scheduled_by": actor,
    }
    if interview is None:
        interview = Interview(submission=submission, **fields)
        action = "interview_scheduled"
    else:
        if interview.cancelled_at is None and all(
            getattr(interview, name) == value for name, value in fields.items() if name != "scheduled_by"
        ):
            return interview
        for name, value in fields.items():
            setattr(interview, name, value)
        interview.sequence += 1
        interview.cancelled_at = None
        action = "interview_rescheduled"
    interview.full_clean(exclude=["submission"] if interview.pk else None)
    try:
        with transaction.atomic():
            interview.save()
    except IntegrityError:
        raise RecruitmentError(_("Someone else scheduled this interview at the same time. Please reload.")) from None
    interview.submission = submission
    _interview_event(interview=interview, action=action, actor=actor)
    audit_record(
        actor=actor,
        action=f"interview.{action.removeprefix('interview_')}",
        obj=interview,
        candidate_id=submission.candidate_id,
        detail=f"{interview.starts_at.isoformat()} #{interview.sequence}",
    )
    submission_notify_its_side(
        submission=submission,
        kind=f"recruitment.{action}",
        template="recruitment/emails/interview_scheduled",
        context={"interview": interview, "rescheduled": action == "interview_rescheduled"},
        attachments=[(INTERVIEW_ATTACHMENT, interview_calendar(interview), "text/calendar")],
    )
    _interview_tell_others(interview, action=action)
    return interview
