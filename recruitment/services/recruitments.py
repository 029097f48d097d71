"""Recruitments, their coordination requests and proposals: the only code that writes them.

Status moves go through recruitment.services.transitions (tables, engine, history rows); this module
holds the actions around them (create, plan, send requests, propose, decide, send the list).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.audit import audit_record
from accounts.models import Role, User
from accounts.notifications import notify
from accounts.policy import can_manage_recruitment, consent_covers, supplying_request_for
from candidates.models import Candidate, Document, DossierPart
from candidates.services import candidate_check_proposable, candidate_set_status
from kamportal.lib.workdays import add_working_days
from kamportal.workflow import version_claim
from recruitment import rules
from recruitment.models import (
    ACTIVE_RECRUITMENT_STATES,
    Contact,
    ContactKind,
    CoordinationRequest,
    DeliveryMode,
    Employer,
    MappingPosition,
    MappingStatus,
    ProviderMode,
    Recruitment,
    RecruitmentEvent,
    RecruitmentStatus,
    RequestStatus,
    Submission,
    SubmissionStatus,
)
from recruitment.services.candidate_list import candidate_list_notify, candidate_list_pdf_prepare
from recruitment.services.candidate_messages import candidate_tell
from recruitment.services.contact_log import contact_log_add
from recruitment.services.transitions import (  # noqa: F401  (the tables and errors are read from here too)
    EMPLOYER_VISIBLE_RECRUITMENT_ACTIONS,
    RECRUITMENT_TRANSITIONS,
    REQUEST_TRANSITIONS,
    SUBMISSION_TRANSITIONS,
    RecruitmentError,
    coordination_request_transition,
    event_record,
    recruitment_transition,
    submission_transition,
)

R, Q_, S = RecruitmentStatus, RequestStatus, SubmissionStatus
OPEN_RECRUITMENT = ACTIVE_RECRUITMENT_STATES
REQUEST_ANSWERS = ("accept", "decline", "no_candidates")

# Requests that may still bring candidates.
REQUEST_CAN_PROPOSE = frozenset({Q_.ACCEPTED, Q_.CANDIDATES_SUBMITTED})
# Requests not closed.
REQUEST_OPEN = frozenset(set(Q_) - {Q_.CLOSED})
FEEDBACK_WORKING_DAYS = 10


def _event(*, recruitment: Recruitment, action: str, actor: User, comment: str = "") -> RecruitmentEvent:
    """A timeline entry that is not a status change (a changed plan, a message to the employer)."""
    return event_record(
        recruitment=recruitment,
        subject=RecruitmentEvent.Subject.RECRUITMENT,
        subject_id=recruitment.pk,
        action=action,
        actor=actor,
        comment=comment,
    )


def submission_notify_its_side(
    *, submission: Submission, kind: str, template: str, context: dict | None = None, attachments=()
) -> None:
    """Tell the candidate's advisor, and the supplying KAM when the candidate came through a request, how it
    goes for the candidate; the link opens the candidate's page, where the feedback and history are."""
    recruitment = submission.recruitment
    coordination_request = submission.coordination_request
    recipients = [submission.advisor]
    if coordination_request is not None:
        recipients.append(coordination_request.supplying_kam)
    notify(
        recipients=recipients,
        kind=kind,
        template=template,
        context={
            "submission": submission,
            "recruitment": recruitment,
            "employer": recruitment.employer,
            "candidate": submission.candidate,
            **(context or {}),
        },
        url=reverse("candidates:detail", kwargs={"uuid": submission.candidate.uuid}),
        attachments=attachments,
        about=submission.candidate_id,
    )


# --- creating and planning -----------------------------------------------------------------------

PLAN_FIELDS = (
    "openings",
    "cv_deadline",
    "interview_date",
    "interview_week",
    "approximate_start",
    "candidates_wanted",
    "delivery_mode",
)


def _check_plan(fields: dict, *, today: datetime.date, check_deadline: bool = True) -> None:
    rules.plan_check(fields, today=today, check_deadline=check_deadline)


@transaction.atomic
def recruitment_create(
    *,
    employer: Employer,
    position: MappingPosition,
    actor: User,
    cv_deadline: datetime.date,
    openings: int = 1,
    interview_date: datetime.date | None = None,
    interview_week: datetime.date | None = None,
    approximate_start: datetime.date | None = None,
    candidates_wanted: int = 3,
    delivery_mode: str = DeliveryMode.TOGETHER,
) -> Recruitment:
    """A recruitment (a draft) for a position of an approved mapping form of the employer."""
    version = position.version
    if version.form.employer_id != employer.pk:
        raise ValidationError({"position": _("The position must belong to a mapping form of this employer.")})
    if version.status != MappingStatus.APPROVED:
        raise ValidationError({"position": _("Only positions of an approved mapping form can be recruited for.")})
    if employer.responsible_provider_id is None:
        raise ValidationError(_("The employer has no responsible provider, so nobody can coordinate."))
    plan = {
        "openings": openings,
        "cv_deadline": cv_deadline,
        "interview_date": interview_date,
        "interview_week": interview_week,
        "approximate_start": approximate_start,
        "candidates_wanted": candidates_wanted,
        "delivery_mode": delivery_mode,
    }
    _check_plan(plan, today=timezone.localdate())
    recruitment = Recruitment(
        employer=employer,
        mapping_version=version,
        position=position,
        title=position.title,
        coordinating_provider_id=employer.responsible_provider_id,
        coordinating_kam=employer.coordinating_kam or actor,
        created_by=actor,
        **plan,
    )
    recruitment.full_clean()
    recruitment.save()
    _event(recruitment=recruitment, action="created", actor=actor)
    audit_record(actor=actor, action="recruitment.created", obj=recruitment, detail=str(employer))
    return recruitment


@transaction.atomic
def recruitment_update_plan(
    *, recruitment: Recruitment, actor: User, version: int | None = None, **fields
) -> Recruitment:
    """Change the progress plan; `version` is the one the form was loaded with (StaleVersion if newer)."""
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise TypeError(f"not progress plan fields: {sorted(unknown)}")
    version_claim(recruitment, version)
    if recruitment.status not in (R.DRAFT, R.OPEN):
        raise RecruitmentError(_("The progress plan can only be changed before the candidate list is sent."))
    changed = [name for name, value in fields.items() if getattr(recruitment, name) != value]
    if not changed:
        return recruitment
    # The whole plan as it would be saved; an unchanged deadline may lie in the past by now.
    check = {name: fields.get(name, getattr(recruitment, name)) for name in PLAN_FIELDS}
    _check_plan(check, today=timezone.localdate(), check_deadline="cv_deadline" in changed)
    for name in changed:
        setattr(recruitment, name, fields[name])
    recruitment.full_clean()
    recruitment.save(update_fields=[*changed, "updated_at"])
    _event(recruitment=recruitment, action="plan_changed", actor=actor, comment=", ".join(changed))
    audit_record(actor=actor, action="recruitment.plan_changed", obj=recruitment)
    return recruitment


def recruitment_open(*, recruitment: Recruitment, actor: User) -> Recruitment:
    return recruitment_transition(recruitment=recruitment, action="open", actor=actor)


@transaction.atomic
def recruitment_close(*, recruitment: Recruitment, actor: User, action: str, reason: str = "") -> Recruitment:
    """Close without a hire (`close_unfilled`, reason required) or cancel; open requests are closed too."""
    if action not in ("close_unfilled", "cancel"):
        raise ValueError(action)
    reason = reason.strip()
    if action == "close_unfilled" and not reason:
        raise ValidationError({"reason": _("Please give the reason the recruitment closes without a hire.")})
    recruitment_transition(
        recruitment=recruitment,
        action=action,
        actor=actor,
        comment=reason,
        updates={"closed_reason": reason},
    )
    _close_requests(recruitment=recruitment, actor=actor)
    return recruitment


# --- coordination between providers ----------------------------------------------------------------


def supplying_kams_for(recruitment: Recruitment) -> QuerySet:
    """KAMs of the other providers in the employer's region: who can be asked for candidates."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__role=Role.KAM,
            provider__region_id=recruitment.employer.region_id,
        )
        .exclude(provider_id=recruitment.coordinating_provider_id)
        .select_related("provider")
        .order_by("provider__name", "full_name")
        .distinct()
    )


def _request_context(coordination_request: CoordinationRequest) -> dict:
    recruitment = coordination_request.recruitment
    return {
        "coordination_request": coordination_request,
        "recruitment": recruitment,
        "employer": recruitment.employer,
        "position": recruitment.position,
        "version": recruitment.mapping_version,
        "kam": recruitment.coordinating_kam,
        "mapping_url": reverse(
            "recruitment:mapping_version",
            kwargs={"uuid": recruitment.mapping_version.form.uuid, "number": recruitment.mapping_version.number},
        ),
    }


@transaction.atomic
def coordination_requests_send(
    *, recruitment: Recruitment, actor: User, kams: list, message: str = ""
) -> list[CoordinationRequest]:
    """Ask other providers' KAMs for candidates, one request per provider, by e-mail and in the portal.

    The e-mail carries the mapping form as PDF; the link opens the request, from which the
    supplying KAM reaches the mapping form's page. A draft recruitment opens.
    """
    if not kams:
        raise ValidationError({"kams": _("Choose at least one KAM to ask.")})
    allowed = {kam.pk: kam for kam in supplying_kams_for(recruitment)}
    providers = [kam.provider_id for kam in kams]
    if any(kam.pk not in allowed for kam in kams):
        raise ValidationError({"kams": _("Only KAMs of other providers in the employer's region can be asked.")})
    if len(set(providers)) != len(providers):
        raise ValidationError({"kams": _("Choose one KAM per provider.")})
    asked = set(recruitment.coordination_requests.values_list("supplying_provider_id", flat=True))
    again = [kam for kam in kams if kam.provider_id in asked]
    if again:
        raise ValidationError(
            {"kams": _("%(provider)s has already been asked.") % {"provider": again[0].provider.name}}
        )
    if recruitment.status == R.DRAFT:
        recruitment_open(recruitment=recruitment, actor=actor)
    if recruitment.status != R.OPEN:
        raise RecruitmentError(_("Requests can only be sent while the recruitment is open."))
    if recruitment.mode != ProviderMode.MULTI:
        Recruitment.objects.filter(pk=recruitment.pk).update(mode=ProviderMode.MULTI)
        recruitment.mode = ProviderMode.MULTI
    from kamportal.lib.pdf import render_pdf
    from recruitment.selectors.mapping import approval_stamp, mapping_form_page

    version = recruitment.mapping_version
    page = mapping_form_page(form=version.form, number=version.number)
    pdf = render_pdf(
        "recruitment/mapping/pdf.html",
        {"version": page.version, "employer": recruitment.employer, "stamp": approval_stamp(page.version)},
    )
    now = timezone.now()
    created = []
    for kam in kams:
        coordination_request = CoordinationRequest(
            recruitment=recruitment,
            supplying_provider_id=kam.provider_id,
            supplying_kam=kam,
            message=message.strip(),
            sent_by=actor,
            sent_at=now,
        )
        coordination_request.full_clean()
        coordination_request.save()
        event_record(
            recruitment=recruitment,
            subject=RecruitmentEvent.Subject.REQUEST,
            subject_id=coordination_request.pk,
            provider_id=kam.provider_id,
            action="sent",
            to_status=Q_.SENT,
            actor=actor,
            at=now,
            comment=f"{kam.full_name} ({kam.provider.name})",
        )
        audit_record(actor=actor, action="request.sent", obj=coordination_request, detail=kam.provider.name)
        notify(
            recipients=[kam],
            kind="recruitment.request_sent",
            template="recruitment/emails/coordination_request",
            context=_request_context(coordination_request),
            url=reverse("recruitment:request_detail", kwargs={"uuid": coordination_request.uuid}),
            attachments=[(f"kartleggingsskjema-v{version.number}.pdf", pdf, "application/pdf")],
        )
        created.append(coordination_request)
    return created


@transaction.atomic
def coordination_request_answer(
    *, coordination_request: CoordinationRequest, actor: User, answer: str, comment: str = ""
) -> CoordinationRequest:
    """The supplying KAM accepts, declines, or answers that there are no suitable candidates."""
    if answer not in REQUEST_ANSWERS:
        raise ValueError(answer)
    recruitment = coordination_request.recruitment
    if not recruitment.takes_candidates:
        raise RecruitmentError(_("The recruitment is no longer open for candidates."))
    comment = comment.strip()
    if answer in ("decline", "no_candidates") and not comment:
        raise ValidationError({"comment": _("Please give the coordinating KAM a short reason.")})
    coordination_request_transition(
        coordination_request=coordination_request,
        action=answer,
        actor=actor,
        comment=comment,
        updates={"answered_at": timezone.now(), "answer_comment": comment},
    )
    notify(
        recipients=[recruitment.coordinating_kam],
        kind=f"recruitment.request_{answer}",
        template="recruitment/emails/request_answered",
        context={**_request_context(coordination_request), "answer": answer, "comment": comment, "actor": actor},
        url=reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid}),
    )
    return coordination_request


def _close_requests(*, recruitment: Recruitment, actor) -> None:
    for coordination_request in recruitment.coordination_requests.exclude(status=Q_.CLOSED):
        coordination_request.recruitment = recruitment
        coordination_request_transition(coordination_request=coordination_request, action="close", actor=actor)


# --- proposals -------------------------------------------------------------------------------------


def newest_application(candidate: Candidate) -> Document | None:
    return candidate.documents.filter(kind=Document.Kind.APPLICATION).order_by("-uploaded_at", "-id").first()


@transaction.atomic
def submission_propose(
    *,
    recruitment: Recruitment,
    candidate: Candidate,
    actor: User,
    suitability: str,
    advisor_comments: str = "",
) -> Submission:
    """Propose a candidate of the actor's own provider, with the reviewed CV, the application and the advisor's view.

    Refused (ValidationError with a message for the user) if the CV is not reviewed, the consent
    does not cover this employer (and this recruitment), or the candidate is already proposed.
    """
    if not recruitment.takes_candidates:
        raise RecruitmentError(_("Candidates can only be proposed while the recruitment is open."))
    if candidate.provider_id != actor.provider_id:
        raise ValidationError({"candidate": _("You can only propose candidates of your own provider.")})
    coordination_request = None
    if not can_manage_recruitment(actor, recruitment):
        coordination_request = supplying_request_for(actor, recruitment)
        if coordination_request is None or coordination_request.status not in REQUEST_CAN_PROPOSE:
            raise RecruitmentError(_("Accept the coordination request before proposing candidates."))
    try:
        cv = candidate_check_proposable(candidate=candidate)
    except ValidationError as error:
        raise ValidationError({"candidate": error.messages}) from None
    if not consent_covers(
        candidate=candidate, employer_id=recruitment.employer_id, part=DossierPart.CV, recruitment_id=recruitment.pk
    ):
        raise ValidationError(
            {
                "candidate": _(
                    "The candidate's consent does not cover sharing the CV with %(employer)s. "
                    "Ask the advisor to record the candidate's consent first."
                )
                % {"employer": recruitment.employer.name}
            }
        )
    if Submission.objects.filter(recruitment=recruitment, candidate=candidate).exists():
        raise ValidationError({"candidate": _("This candidate is already proposed for this recruitment.")})
    if not suitability.strip():
        raise ValidationError({"suitability": _("Describe how the candidate suits this job.")})
    advisor = candidate.advisor
    submission = Submission(
        recruitment=recruitment,
        candidate=candidate,
        provider_id=candidate.provider_id,
        coordination_request=coordination_request,
        cv=cv,
        application=newest_application(candidate),
        suitability=suitability.strip(),
        advisor_comments=advisor_comments.strip(),
        advisor=advisor,
        advisor_email=advisor.email,
        advisor_phone=advisor.phone,
        proposed_by=actor,
        proposed_at=timezone.now(),
    )
    submission.full_clean()
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:
        raise ValidationError({"candidate": _("This candidate is already proposed for this recruitment.")}) from None
    event_record(
        recruitment=recruitment,
        subject=RecruitmentEvent.Subject.SUBMISSION,
        subject_id=submission.pk,
        provider_id=submission.provider_id,
        action="proposed",
        to_status=S.PROPOSED,
        actor=actor,
        at=submission.proposed_at,
        comment=candidate.full_name,
    )
    audit_record(actor=actor, action="submission.proposed", obj=submission, candidate_id=candidate.pk)
    if coordination_request is not None and coordination_request.status == Q_.ACCEPTED:
        coordination_request.recruitment = recruitment
        coordination_request_transition(coordination_request=coordination_request, action="submit", actor=actor)
    if candidate.status == Candidate.Status.AVAILABLE:
        candidate_set_status(candidate=candidate, status=Candidate.Status.IN_PROCESS, actor=actor)
    if coordination_request is not None:
        notify(
            recipients=[recruitment.coordinating_kam],
            kind="recruitment.proposed",
            template="recruitment/emails/proposal_received",
            context={"recruitment": recruitment, "employer": recruitment.employer, "submission": submission},
            url=reverse("recruitment:proposals", kwargs={"uuid": recruitment.uuid}),
            about=candidate,
        )
    candidate_tell(submission=submission, event="proposed")
    return submission


@transaction.atomic
def submission_decide(*, submission: Submission, actor: User, shortlist: bool, feedback: str = "") -> Submission:
    """The coordinating KAM puts a proposal on the list or not (with feedback to the advisor)."""
    recruitment = submission.recruitment
    if not recruitment.takes_candidates or submission.listed_at is not None:
        raise RecruitmentError(_("The list is already sent; decisions can no longer change here."))
    feedback = feedback.strip()
    if not shortlist and not feedback:
        raise ValidationError({"feedback": _("Please write feedback for the advisor: why not this candidate?")})
    if shortlist and not consent_covers(
        candidate=submission.candidate,
        employer_id=recruitment.employer_id,
        part=DossierPart.CV,
        recruitment_id=recruitment.pk,
    ):
        raise ValidationError(
            _("The candidate's consent no longer covers this employer, so the candidate cannot be shortlisted.")
        )
    submission_transition(
        submission=submission,
        action="shortlist" if shortlist else "not_shortlist",
        actor=actor,
        comment=feedback,
        updates={"feedback": feedback, "decided_at": timezone.now()},
    )
    # Told at once, in this transaction: a second click finds the proposal decided and is refused above.
    submission_notify_its_side(
        submission=submission,
        kind=f"recruitment.{submission.status}",
        template=f"recruitment/emails/{submission.status}",
    )
    if not shortlist:
        candidate_tell(submission=submission, event="not_shortlisted")
    return submission


@transaction.atomic
def submission_undo_decision(*, submission: Submission, actor: User) -> Submission:
    listed = Submission.objects.filter(pk=submission.pk, listed_at__isnull=False).exists()  # read anew
    if not submission.recruitment.takes_candidates or listed:
        raise RecruitmentError(_("The list is already sent; decisions can no longer change here."))
    return submission_transition(
        submission=submission,
        action="undo_decision",
        actor=actor,
        updates={"feedback": "", "decided_at": None},
    )


@transaction.atomic
def submission_withdraw(*, submission: Submission, actor: User, reason: str = "") -> Submission:
    """The proposing provider takes the candidate back (before the coordinating KAM has decided)."""
    if submission.provider_id != actor.provider_id:
        raise RecruitmentError(_("Only the candidate's own provider can withdraw the proposal."))
    return submission_transition(
        submission=submission,
        action="withdraw",
        actor=actor,
        comment=reason.strip(),
        updates={"feedback": reason.strip(), "decided_at": timezone.now()},
    )


# --- the final candidate list --------------------------------------------------------------------


def _keeps_requests_open(recruitment: Recruitment) -> bool:
    """Continuous delivery keeps the coordination requests open after a list, until the CV deadline."""
    return recruitment.delivery_mode == DeliveryMode.CONTINUOUS and recruitment.cv_deadline >= timezone.localdate()


def _tell_list_went_out(*, recruitment: Recruitment, listed: list[Submission], supplement: bool) -> None:
    """The advisors and supplying KAMs of the candidates now on the list, the candidates themselves, and every
    supplying KAM asked (with or without candidates on it) hear that the list went out."""
    for submission in listed:
        submission.recruitment = recruitment
        submission_notify_its_side(
            submission=submission,
            kind="recruitment.on_list",
            template="recruitment/emails/on_list",
            context={"supplement": supplement},
        )
        candidate_tell(submission=submission, event="on_list")
    ours: dict[int, list[str]] = {}
    for submission in listed:
        ours.setdefault(submission.provider_id, []).append(submission.candidate.full_name)
    still_open = recruitment.is_supplementing or (not supplement and _keeps_requests_open(recruitment))
    for coordination_request in recruitment.coordination_requests.select_related("supplying_kam").order_by("id"):
        kam = coordination_request.supplying_kam
        if not kam.is_active:
            continue
        notify(
            recipients=[kam],
            kind="recruitment.list_sent_supplier",
            template="recruitment/emails/list_sent_supplier",
            context={
                "recruitment": recruitment,
                "employer": recruitment.employer,
                "ours": ours.get(coordination_request.supplying_provider_id, []),
                "supplement": supplement,
                "still_open": still_open and coordination_request.status != Q_.CLOSED,
            },
            url=reverse("recruitment:recruitment_detail", kwargs={"uuid": recruitment.uuid}),
            about=[s.candidate_id for s in listed if s.provider_id == coordination_request.supplying_provider_id],
        )


@transaction.atomic
def recruitment_send_list(*, recruitment: Recruitment, actor: User, contact: Contact, message: str = "") -> Recruitment:
    """Send the employer's contact the final list: an e-mail with a link to it in the portal.

    Every proposal must be decided first. The shortlisted ones go on the list (`listed_at`); their advisors,
    supplying KAMs and the candidates are told, and so is every supplying KAM asked. Open coordination
    requests close, except under continuous delivery before the CV deadline (then the list can grow:
    `recruitment_send_supplement`). The e-mail is an outbox row written in this transaction and carries no
    candidate data (the portal applies policy and audit).
    """
    if contact.employer_id != recruitment.employer_id:
        raise ValidationError({"contact": _("The contact must belong to this employer.")})
    if contact.left_on is not None:
        raise ValidationError({"contact": _("This contact has left the employer. Choose another contact.")})
    submissions = list(
        recruitment.submissions.select_related(
            "candidate", "advisor", "provider", "coordination_request__supplying_kam"
        )
    )
    if any(s.status == S.PROPOSED for s in submissions):
        raise RecruitmentError(_("Decide on every proposal (shortlisted or not) before sending the list."))
    shortlisted = [s for s in submissions if s.status == S.SHORTLISTED]
    if not shortlisted:
        raise RecruitmentError(_("Shortlist at least one candidate before sending the list."))
    today = timezone.localdate()
    now = timezone.now()
    recruitment_transition(
        recruitment=recruitment,
        action="send_list",
        actor=actor,
        comment=contact.email,
        shared_with_employer=True,
        updates={
            "list_sent_at": now,
            "list_sent_to": contact,
            "feedback_deadline": add_working_days(today, FEEDBACK_WORKING_DAYS),
        },
    )
    Submission.objects.filter(pk__in=[s.pk for s in shortlisted], listed_at__isnull=True).update(listed_at=now)
    if not _keeps_requests_open(recruitment):
        _close_requests(recruitment=recruitment, actor=actor)
    contact_log_add(
        actor=actor,
        employer=recruitment.employer,
        kind=ContactKind.EMAIL,
        occurred_on=today,
        participants=contact.full_name,
        notes=str(
            ngettext(
                "Candidate list for %(title)s sent: %(count)s candidate.",
                "Candidate list for %(title)s sent: %(count)s candidates.",
                len(shortlisted),
            )
            % {"title": recruitment.title, "count": len(shortlisted)}
        )
        + (f"\n\n{message.strip()}" if message.strip() else ""),
    )
    candidate_list_notify(recruitment=recruitment, contact=contact, sender=actor, message=message.strip())
    candidate_list_pdf_prepare(recruitment=recruitment)
    _tell_list_went_out(recruitment=recruitment, listed=shortlisted, supplement=False)
    return recruitment


def unlisted_shortlisted(recruitment: Recruitment) -> QuerySet:
    """Shortlisted proposals not yet on a list sent: what a supplementary list would add."""
    return recruitment.submissions.filter(status=S.SHORTLISTED, listed_at__isnull=True)


@transaction.atomic
def recruitment_send_supplement(*, recruitment: Recruitment, actor: User, message: str = "") -> list[Submission]:
    """Continuous delivery: add the proposals shortlisted since the last list to the employer's list.

    The employer sees one list growing, the new ones marked (listed after the first list). Refused before the
    first list, in batch delivery, after the CV deadline or when nothing new is shortlisted (so a second click
    sends nothing). The contact gets a link, never candidate data.
    """
    recruitment = (
        Recruitment.objects.select_for_update(of=("self",))
        .select_related("employer", "list_sent_to__user")
        .get(pk=recruitment.pk)
    )
    if not can_manage_recruitment(actor, recruitment):
        raise RecruitmentError(_("Only the coordinating KAM sends candidates to the employer."))
    if not recruitment.is_supplementing:
        raise RecruitmentError(
            _("More candidates can only be sent under continuous delivery, after the list and before the CV deadline.")
        )
    new = list(
        unlisted_shortlisted(recruitment)
        .select_related("candidate", "advisor", "provider", "coordination_request__supplying_kam")
        .order_by("proposed_at", "id")
    )
    if not new:
        raise RecruitmentError(_("No newly shortlisted candidate waits to be sent."))
    now = timezone.now()
    updated = Submission.objects.filter(pk__in=[s.pk for s in new], listed_at__isnull=True).update(listed_at=now)
    if updated != len(new):
        raise RecruitmentError(_("Someone else changed this recruitment at the same time. Please reload."))
    # The employer's timeline shows it (without names: the list page names whom the employer may see).
    event_record(
        recruitment=recruitment,
        subject=RecruitmentEvent.Subject.RECRUITMENT,
        subject_id=recruitment.pk,
        action="list_supplemented",
        actor=actor,
        at=now,
        shared_with_employer=True,
    )
    audit_record(actor=actor, action="recruitment.list_supplemented", obj=recruitment, detail=str(len(new)))
    contact = recruitment.list_sent_to
    if contact is not None and contact.left_on is None:  # a contact who left hears nothing more
        candidate_list_notify(
            recruitment=recruitment, contact=contact, sender=actor, message=message.strip(), supplement=len(new)
        )
    _tell_list_went_out(recruitment=recruitment, listed=new, supplement=True)
    candidate_list_pdf_prepare(recruitment=recruitment)
    return new


@transaction.atomic
def recruitment_close_requests(*, recruitment: Recruitment, actor: User | None) -> int:
    """Close the coordination requests still open (continuous delivery: the coordinating KAM, or the CV deadline
    passing); their supplying KAMs can no longer propose. Returns how many closed."""
    if actor is not None and not can_manage_recruitment(actor, recruitment):
        raise RecruitmentError(_("Only the coordinating KAM closes the requests."))
    open_requests = list(recruitment.coordination_requests.exclude(status=Q_.CLOSED))
    if not open_requests:
        raise RecruitmentError(_("No coordination request is open."))
    _close_requests(recruitment=recruitment, actor=actor)
    return len(open_requests)


def requests_close_after_deadline(*, today: datetime.date | None = None) -> int:
    """The sweep: requests kept open by continuous delivery close once the CV deadline has passed."""
    today = today or timezone.localdate()
    due = Recruitment.objects.filter(
        list_sent_at__isnull=False, cv_deadline__lt=today, coordination_requests__status__in=list(REQUEST_OPEN)
    ).distinct()
    closed = 0
    for recruitment in due:
        with transaction.atomic():
            _close_requests(recruitment=recruitment, actor=None)
            closed += 1
    return closed


def status_update_text(recruitment: Recruitment, *, proposals: int) -> str:
    """The template for telling the employer where the search stands: it reads the recruitment's state, so a
    chosen or hired candidate is not followed by "we have not found enough candidates"."""
    values = {"title": recruitment.title, "count": proposals, "wanted": recruitment.candidates_wanted}
    if recruitment.status == R.FILLED or recruitment.placements.filter(status="hired").exists():
        return str(
            _(
                "The candidate you chose for %(title)s is now hired. Thank you for the cooperation. The advisor "
                "follows up as agreed; tell us if you need anything or have new positions to fill."
            )
            % values
        )
    if recruitment.status == R.CANDIDATE_CHOSEN:
        return str(
            _(
                "You have chosen a candidate for %(title)s. We now plan the placement with you and the advisor, "
                "and we contact you about the start date and the expectation agreement."
            )
            % values
        )
    if recruitment.status in (R.SHORTLIST_SENT, R.INTERVIEWING):
        return str(
            _(
                "You have the candidate list for %(title)s. Please answer for each candidate in the portal: "
                "to interview, not relevant, or want to hire. We arrange the interviews you ask for."
            )
            % values
        )
    if proposals >= recruitment.candidates_wanted:
        return str(
            ngettext(
                "We have %(count)s suitable candidate for %(title)s and are preparing the candidate list; you "
                "receive it by the deadline for CVs.",
                "We have %(count)s suitable candidates for %(title)s and are preparing the candidate list; you "
                "receive it by the deadline for CVs.",
                proposals,
            )
            % values
        )
    return str(
        _(
            "We have not yet found enough suitable candidates for %(title)s (%(count)s so far; you wanted to "
            "interview %(wanted)s).\n\nWhat we do next: we keep searching among the candidates of our providers "
            "in the region, and we contact you again within two weeks, or as soon as we have suitable candidates."
        )
        % values
    )


@transaction.atomic
def recruitment_send_status_update(*, recruitment: Recruitment, actor: User, contact: Contact, message: str):
    """Tell the employer where the search stands; logged on the employer's contact log and the timeline."""
    if contact.employer_id != recruitment.employer_id:
        raise ValidationError({"contact": _("The contact must belong to this employer.")})
    if contact.left_on is not None:
        raise ValidationError({"contact": _("This contact has left the employer. Choose another contact.")})
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Please write the message to the employer.")})
    if recruitment.status not in OPEN_RECRUITMENT:
        raise RecruitmentError(_("The recruitment is closed."))
    notify(
        recipients=[contact.user or contact.email],
        kind="recruitment.status_update",
        template="recruitment/emails/status_update",
        context={"recruitment": recruitment, "employer": recruitment.employer, "message": message, "kam": actor},
    )
    entry = contact_log_add(
        actor=actor,
        employer=recruitment.employer,
        kind=ContactKind.EMAIL,
        occurred_on=timezone.localdate(),
        participants=contact.full_name,
        notes=str(_("Status update on %(title)s:") % {"title": recruitment.title}) + "\n\n" + message,
    )
    _event(recruitment=recruitment, action="status_update", actor=actor, comment=message)
    audit_record(actor=actor, action="recruitment.status_update", obj=recruitment)
    return entry
