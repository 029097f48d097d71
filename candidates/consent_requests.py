"""The candidate's own say: the advisor e-mails a consent request, the candidate answers through a signed link.

The link names one ConsentRequest (a `django.core.signing` token, salted for this purpose) and needs no
account. While the request waits (status `sent`, before `answer_by`) the candidate accepts some of the
asked parts, or declines; the answer is taken once (the status moves through the engine with a
conditional UPDATE, so a second submit or a second tab finds it answered and saves nothing). Accepting
records a Consent through `consent_record`, exactly as when the advisor records one (method "digital",
recorded by the advisor who sent the request, whom the law treats as the controller's hand); the same
link later lets the candidate withdraw it through `consent_withdraw`, whose signal reaches interviews,
lists and the coordinating KAM. A request nobody answered expires in the periodic sweep.

The link works until the request is settled, not for SIGNED_LINK_MAX_AGE_DAYS: the candidate must be able
to withdraw long after consenting, so the row's state, not the token's age, decides.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_record
from accounts.models import User
from accounts.notifications import notify
from candidates.models import Candidate, ConsentRequest
from candidates.models.candidate import CONSENTABLE_PARTS
from candidates.models.consent import CURRENT_CONSENT_TEXT_VERSION, Consent
from candidates.models.privacy import ASK_FIELDS
from candidates.privacy_transitions import ConsentRequestError, consent_request_transition
from candidates.services import consent_record, consent_scope_detail, consent_withdraw
from kamportal.lib.context import current_ip
from kamportal.lib.signed_links import LinkRefused, is_uuid

SALT = "candidates.consent_request"
S = ConsentRequest.Status

# The text the candidate agrees to, by version (the consent's `text_version`); exported with their consents.
CONSENT_TEXTS = {
    "2026-1": _(
        "I agree that my advisor may share the parts of my information I have ticked with the employer named "
        "above, for the recruitment named above (or, if none is named, for the employer's recruitments). "
        "My name and contact details go with any part I share, so that the employer can reach me. "
        "I can withdraw my consent at any time, through the same link or by telling my advisor; "
        "the employer then no longer sees my information in the portal. Nothing is shared until I agree."
    ),
    "2026-2": _(
        "I agree that my advisor may share the parts of my information I have ticked with the employer named "
        "above, for the recruitment named above (or, if none is named, for the employer's recruitments). "
        "My name goes with any part I share. My phone number, e-mail address and postal address are shared "
        "only if I tick my contact details; otherwise the employer reaches me through my advisor. "
        "I can withdraw my consent at any time, through the same link or by telling my advisor; "
        "the employer then no longer sees my information in the portal. Nothing is shared until I agree."
    ),
}


def consent_text(version: str) -> str:
    text = CONSENT_TEXTS.get(version)
    return str(text) if text is not None else ""


def token_for(consent_request: ConsentRequest) -> str:
    return signing.dumps({"q": str(consent_request.uuid)}, salt=SALT)


def link_path(consent_request: ConsentRequest) -> str:
    return reverse("candidates:consent_answer", kwargs={"token": token_for(consent_request)})


def request_from_token(token: str) -> ConsentRequest:
    """The request a link names, or LinkRefused("invalid") for a tampered or foreign link."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        raise LinkRefused("invalid") from None
    key = data.get("q") if isinstance(data, dict) else None
    if not isinstance(key, str) or not is_uuid(key):
        raise LinkRefused("invalid")
    consent_request = (
        ConsentRequest.objects.select_related("candidate__advisor", "employer", "recruitment", "sent_by", "consent")
        .filter(uuid=key)
        .first()
    )
    if consent_request is None:
        raise LinkRefused("invalid")
    return consent_request


def is_open(consent_request: ConsentRequest, now: datetime | None = None) -> bool:
    return consent_request.status == S.SENT and (now or timezone.now()) < consent_request.answer_by


def _check_open(consent_request: ConsentRequest) -> None:
    if consent_request.status == S.EXPIRED or (
        consent_request.status == S.SENT and timezone.now() >= consent_request.answer_by
    ):
        raise LinkRefused("expired", consent_request)
    if consent_request.status != S.SENT:
        raise LinkRefused("used", consent_request)


def _told(consent_request: ConsentRequest) -> list[User]:
    """Who hears the answer: the advisor who asked, the candidate's advisor and the coordinating KAM."""
    kam = (
        consent_request.recruitment.coordinating_kam
        if consent_request.recruitment_id
        else consent_request.employer.responsible_kam
    )
    return [u for u in (consent_request.sent_by, consent_request.candidate.advisor, kam) if u is not None]


def _tell(consent_request: ConsentRequest, kind: str) -> None:
    notify(
        recipients=_told(consent_request),
        kind=f"consent_request.{kind}",
        template="candidates/emails/consent_request_answered",
        context={"request": consent_request, "kind": kind},
        url=reverse("candidates:detail", kwargs={"uuid": consent_request.candidate.uuid}),
        about=consent_request.candidate_id,
    )


# --- the advisor --------------------------------------------------------------------------------------


@transaction.atomic
def consent_request_send(
    *,
    candidate: Candidate,
    employer,
    actor: User,
    parts: list[str],
    recruitment=None,
    message: str = "",
    answer_days: int | None = None,
    now: datetime | None = None,
) -> ConsentRequest:
    """E-mail the candidate a signed link to answer, by `answer_days` days from now, which parts may go where."""
    if not candidate.email:
        raise ValidationError(
            _("The candidate has no e-mail address. Add one to the candidate before sending a consent request."),
            code="no_email",
        )
    parts = [p for p in parts if p in ASK_FIELDS]
    if not parts:
        raise ValidationError(_("Choose at least one part to ask about."), code="no_parts")
    if recruitment is not None and recruitment.employer_id != employer.pk:
        raise ValidationError({"recruitment": _("The recruitment must be one of the chosen employer's.")})
    days = settings.CONSENT_REQUEST_ANSWER_DAYS if answer_days is None else answer_days
    if not 1 <= days <= 60:
        raise ValidationError({"answer_days": _("The answer deadline must be between 1 and 60 days.")})
    now = now or timezone.now()
    consent_request = ConsentRequest(
        candidate=candidate,
        employer=employer,
        recruitment=recruitment,
        email=candidate.email,
        message=message.strip(),
        sent_by=actor,
        sent_at=now,
        answer_by=now + timedelta(days=days),
        text_version=CURRENT_CONSENT_TEXT_VERSION,
        **{ASK_FIELDS[p]: True for p in parts},
    )
    consent_request.full_clean()
    consent_request.save()
    audit_record(
        actor=actor,
        action="consent_request.sent",
        obj=consent_request,
        candidate_id=candidate.pk,
        detail=consent_scope_detail(employer=employer, recruitment=recruitment, parts=parts),
    )
    notify(
        recipients=[candidate.email],
        kind="consent_request.sent",
        template="candidates/emails/consent_request",
        context={"request": consent_request, "candidate": candidate, "advisor": actor, "employer": employer},
        url=link_path(consent_request),
        about=candidate,
    )
    return consent_request


# --- the candidate, through the link --------------------------------------------------------------------


@transaction.atomic
def consent_request_answer(*, token: str, accept: bool, parts: list[str]) -> ConsentRequest:
    """Record the candidate's answer once: a Consent for the accepted parts, or a decline. Tells the advisor."""
    consent_request = request_from_token(token)
    _check_open(consent_request)
    accepted = [p for p in parts if p in consent_request.asked_parts]
    if accept and not accepted:
        raise ValidationError(
            _("Tick at least one part you agree to share, or choose “Do not share anything”."), code="no_parts"
        )
    now = timezone.now()
    updates = {"answered_at": now, "answered_ip": current_ip()}
    if accept:
        consent = consent_record(
            candidate=consent_request.candidate,
            employer=consent_request.employer,
            recruitment=consent_request.recruitment,
            given_on=timezone.localdate(now),
            method=Consent.Method.DIGITAL,
            text_version=consent_request.text_version,
            actor=consent_request.sent_by,
            **{f"covers_{p}": p in accepted for p in CONSENTABLE_PARTS},
        )
        updates["consent"] = consent
    try:
        consent_request_transition(
            consent_request=consent_request,
            action="give" if accept else "decline",
            actor=None,
            updates=updates,
            detail=("by the candidate through the link: " + ", ".join(accepted)) if accept else "by the candidate",
        )
    except ConsentRequestError:
        raise LinkRefused("used", consent_request) from None
    _tell(consent_request, "given" if accept else "declined")
    return consent_request


@transaction.atomic
def consent_request_withdraw(*, token: str) -> ConsentRequest:
    """The candidate withdraws a consent given through the link: the ordinary withdrawal, which reaches all."""
    consent_request = request_from_token(token)
    if consent_request.status != S.GIVEN:
        raise ConsentRequestError(_("There is no consent from this request to withdraw."))
    now = timezone.now()
    consent_request_transition(
        consent_request=consent_request,
        action="withdraw",
        actor=None,
        updates={"withdrawn_at": now},
        detail="by the candidate",
    )
    if consent_request.consent.withdrawn_at is None:
        consent_withdraw(
            consent=consent_request.consent,
            actor=consent_request.sent_by,
            note=gettext("Withdrawn by the candidate through the consent link."),
        )
    _tell(consent_request, "withdrawn")
    return consent_request


def consent_request_record_view(*, consent_request: ConsentRequest) -> None:
    """The link page shows the candidate's name and the request: one audit event per view (no actor: the
    candidate has no account; the IP and request id come from the work context)."""
    audit_record(
        actor=None, action="consent_request.opened", obj=consent_request, candidate_id=consent_request.candidate_id
    )


# --- the sweep and the statistics -------------------------------------------------------------------------


def consent_requests_expire(*, now: datetime | None = None) -> int:
    """Requests still waiting past their deadline expire (each in its own transaction; a lost race is skipped)."""
    now = now or timezone.now()
    count = 0
    due = ConsentRequest.objects.filter(status=S.SENT, answer_by__lte=now).select_related(
        "candidate__advisor", "employer__responsible_kam", "recruitment__coordinating_kam", "sent_by"
    )
    for consent_request in due:
        try:
            with transaction.atomic():
                consent_request_transition(consent_request=consent_request, action="expire", actor=None)
                _tell(consent_request, "expired")
        except ConsentRequestError:
            continue
        count += 1
    return count


@dataclass(frozen=True)
class ConsentRequestCounts:
    sent: int = 0
    given: int = 0
    declined: int = 0
    expired: int = 0
    withdrawn: int = 0


def consent_request_counts(*, provider_id: int) -> ConsentRequestCounts:
    """How the provider's consent requests ended, as counts only (no names): one query."""
    rows = (
        ConsentRequest.objects.filter(candidate__provider_id=provider_id)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return ConsentRequestCounts(**{row["status"]: row["n"] for row in rows})


def consent_part_counts(*, provider_id: int) -> list[tuple[str, int]]:
    """The provider's consents in force, counted per part they cover (contact details first), then the total:
    counts only, one query. [(label, count), ...]."""
    from candidates.models.consent import PART_FIELDS

    totals = Consent.objects.filter(candidate__provider_id=provider_id, withdrawn_at__isnull=True).aggregate(
        total=Count("id"), **{part: Count("id", filter=Q(**{field: True})) for part, field in PART_FIELDS.items()}
    )
    return [(str(part.label), totals[part]) for part in CONSENTABLE_PARTS] + [
        (gettext("All consents in force"), totals["total"])
    ]
