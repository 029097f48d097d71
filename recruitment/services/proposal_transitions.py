"""The state machine of a proposal to the account plan, on the shared engine (accounts.transitions).

AccountPlanProposal:  open → adopted | declined (by a KAM of the responsible provider).
"""

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.transitions import Machine, WorkflowError, transition
from recruitment.models import AccountPlanProposal, ProposalStatus


class ProposalError(WorkflowError):
    """A proposal that cannot be answered (already answered); the message is for the user."""


PROPOSAL_TRANSITIONS = {
    "adopt": (frozenset({ProposalStatus.OPEN}), ProposalStatus.ADOPTED),
    "decline": (frozenset({ProposalStatus.OPEN}), ProposalStatus.DECLINED),
}

PROPOSAL_MACHINE = Machine(
    name="account_plan_proposal",
    table=PROPOSAL_TRANSITIONS,
    error=ProposalError,
    refused=_("This proposal has already been answered (%(status)s)."),
    busy=_("This proposal has already been answered."),
)


def proposal_move(*, actor: User, proposal: AccountPlanProposal, action: str, at) -> AccountPlanProposal:
    return transition(
        PROPOSAL_MACHINE, proposal, action, actor=actor, updates={"answered_by": actor, "answered_at": at}
    )
