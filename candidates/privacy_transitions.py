"""The status tables of consent requests and subject-access exports, run by the one engine
(accounts/transitions.py). Every status write of these two models happens here."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.transitions import Machine, WorkflowError, transition
from candidates.models import ConsentRequest, SubjectAccessExport

Q = ConsentRequest.Status
CONSENT_REQUEST_TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "give": (frozenset({Q.SENT}), Q.GIVEN),
    "decline": (frozenset({Q.SENT}), Q.DECLINED),
    "expire": (frozenset({Q.SENT}), Q.EXPIRED),
    "withdraw": (frozenset({Q.GIVEN}), Q.WITHDRAWN),
}

X = SubjectAccessExport.Status
EXPORT_TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "build": (frozenset({X.QUEUED}), X.READY),
    "fail": (frozenset({X.QUEUED}), X.FAILED),
    "download": (frozenset({X.READY}), X.DOWNLOADED),
    "expire": (frozenset({X.QUEUED, X.READY}), X.EXPIRED),
}


class ConsentRequestError(WorkflowError, ValidationError):
    """A move the consent request table refuses, or lost to another answer."""


class ExportError(WorkflowError, ValidationError):
    """A move the export table refuses, or lost to another download."""


CONSENT_REQUEST_MACHINE = Machine(
    "consent_request",
    CONSENT_REQUEST_TRANSITIONS,
    ConsentRequestError,
    _("This consent request is %(status)s, so that cannot be done."),
    _("This consent request was answered at the same moment. Nothing was saved."),
)

EXPORT_MACHINE = Machine(
    "subject_access",
    EXPORT_TRANSITIONS,
    ExportError,
    _("This export is %(status)s, so that cannot be done."),
    _("This export was downloaded or changed at the same moment."),
)


def consent_request_transition(
    *, consent_request: ConsentRequest, action: str, actor: User | None, updates: dict | None = None, detail: str = ""
) -> ConsentRequest:
    return transition(
        CONSENT_REQUEST_MACHINE,
        consent_request,
        action,
        actor=actor,
        updates=updates,
        candidate_id=consent_request.candidate_id,
        audit_detail=(lambda move: f"{move.old} -> {move.new}" + (f": {detail}" if detail else "")),
    )


def export_transition(
    *, export: SubjectAccessExport, action: str, actor: User | None, updates: dict | None = None
) -> SubjectAccessExport:
    return transition(EXPORT_MACHINE, export, action, actor=actor, updates=updates, candidate_id=export.candidate_id)
