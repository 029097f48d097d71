"""The prospect pipeline of an employer, on the shared engine (accounts.transitions).

    Employer.prospect_stage:  contacted → meeting_held → agreement_signed; contacted → agreement_signed too
                              (an agreement signed at the first meeting).

The engine writes the audit row of each move (the history of a prospect is its audit trail).
"""

from datetime import date

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.transitions import Machine, WorkflowError, transition
from recruitment.models import Employer, ProspectStage

PS = ProspectStage


class ProspectError(WorkflowError):
    """A move in the prospect pipeline that is not allowed; the message is shown to the user."""


PROSPECT_TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "hold_meeting": (frozenset({PS.CONTACTED}), PS.MEETING_HELD),
    "sign": (frozenset({PS.CONTACTED, PS.MEETING_HELD}), PS.SIGNED),
}

# The date field each move stamps.
PROSPECT_DATES = {"hold_meeting": "prospect_meeting_on", "sign": "agreement_signed_on"}

PROSPECT_MACHINE = Machine(
    "employer_prospect",
    PROSPECT_TRANSITIONS,
    ProspectError,
    _("This employer is at the stage “%(status)s”, so that step cannot be taken now."),
    _("Someone else moved this employer at the same time. Please reload the page."),
    field="prospect_stage",
)


def employer_prospect_transition(*, employer: Employer, action: str, on: date, actor: User | None) -> Employer:
    """Move the employer by `action`, stamping `on` as the date of the step; refuses a move the table lacks."""
    return transition(
        PROSPECT_MACHINE,
        employer,
        action,
        actor=actor,
        updates={PROSPECT_DATES[action]: on, "version": employer.version + 1},
        audit_detail=lambda move: f"{move.old} → {move.new} on {on.isoformat()}",
    )
