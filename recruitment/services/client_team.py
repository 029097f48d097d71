"""Writes for the client team of an employer, proposals to its account plan and plan reviews."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import PROVIDER_ROLES, User
from accounts.notifications import notify
from recruitment.models import (
    PLAN_THEMES,
    AccountPlanProposal,
    AccountPlanReview,
    AccountPlanVersion,
    ClientTeamMember,
    Employer,
    ReviewDecision,
)

from .accounts_mgmt import ACCOUNT_PLAN_FIELDS
from .proposal_transitions import proposal_move

THEMES = dict(PLAN_THEMES)


def _check_same_provider(employer: Employer, users) -> None:
    for user in users:
        if user.provider_id != employer.responsible_provider_id:
            raise ValidationError(
                _(
                    "%(name)s works at another provider. Only people at %(provider)s, which holds this "
                    "employer, can be on its client team or take part in its account-plan reviews."
                )
                % {"name": user.full_name, "provider": employer.responsible_provider.name}
            )
        if not user.is_active or not user.memberships.filter(role__in=PROVIDER_ROLES).exists():
            raise ValidationError(
                _("%(name)s has no active role at the provider and cannot be named.") % {"name": user.full_name}
            )


@transaction.atomic
def client_team_member_add(
    *, actor: User, employer: Employer, user: User, role: str, speciality: str = ""
) -> ClientTeamMember:
    """Name someone from the employer's responsible provider to its client team."""
    _check_same_provider(employer, [user])
    if employer.client_team.filter(user=user).exists():
        raise ValidationError(_("%(name)s is already on the client team.") % {"name": user.full_name})
    member = ClientTeamMember(employer=employer, user=user, role=role, speciality=speciality.strip(), added_by=actor)
    member.full_clean()
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:
        raise ValidationError(_("%(name)s is already on the client team.") % {"name": user.full_name}) from None
    audit_record(actor=actor, action="client_team.add", obj=employer, detail=f"{user.pk}: {role}")
    return member


@transaction.atomic
def client_team_member_remove(*, actor: User, member: ClientTeamMember) -> None:
    employer = member.employer
    audit_record(actor=actor, action="client_team.remove", obj=employer, detail=str(member.user_id))
    member.delete()


@transaction.atomic
def plan_proposal_create(*, actor: User, employer: Employer, theme: str, text: str) -> AccountPlanProposal:
    """A team member proposes a change to one theme of the plan; the responsible KAM is told."""
    if not text.strip():
        raise ValidationError({"text": _("Describe the change you propose.")})
    proposal = AccountPlanProposal(employer=employer, theme=theme, text=text.strip(), proposed_by=actor)
    proposal.full_clean()
    proposal.save()
    audit_record(actor=actor, action="account_plan.propose", obj=proposal, detail=theme)
    kam = employer.responsible_kam
    if kam is not None and kam.is_active and kam.pk != actor.pk:
        notify(
            recipients=[kam],
            kind="account_plan.proposal",
            template="recruitment/emails/plan_proposal",
            context={"employer": employer, "proposal": proposal, "theme": THEMES[theme], "by": actor.full_name},
            url=reverse("recruitment:account_plan_edit", kwargs={"uuid": employer.uuid}),
        )
    return proposal


def plan_proposal_answer(*, actor: User, proposal: AccountPlanProposal, adopt: bool) -> AccountPlanProposal:
    """The KAM adopts or declines an open proposal; answering twice is refused (ProposalError)."""
    action = "adopt" if adopt else "decline"
    return proposal_move(actor=actor, proposal=proposal, action=action, at=timezone.now())


@transaction.atomic
def account_plan_review_record(
    *,
    actor: User,
    employer: Employer,
    held_on: date,
    participants: list[User],
    other_participants: str = "",
    decisions: dict[str, str],
) -> AccountPlanReview:
    """Record the half-yearly review: a new plan version (reviewed on the review date) with who took part
    and the decision per theme. The plan's texts are carried over; themes are changed by editing the plan."""
    Employer.objects.select_for_update().filter(pk=employer.pk).first()
    current = employer.account_plans.order_by("-version").first()
    if current is None:
        raise ValidationError(_("Write the account plan before recording a review of it."))
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A review cannot be recorded before it is held.")})
    if not participants:
        raise ValidationError({"participants": _("Name at least one participant from the provider.")})
    _check_same_provider(employer, participants)
    unknown = set(decisions) - set(THEMES)
    if unknown:
        raise TypeError(f"unknown themes: {sorted(unknown)}")
    decisions = {theme: text.strip() for theme, text in decisions.items() if text and text.strip()}
    if not decisions:
        raise ValidationError(_("Write the decision for at least one theme."))
    latest = employer.account_plans.aggregate(v=Max("version"))["v"]
    plan = AccountPlanVersion(
        employer=employer,
        version=latest + 1,
        reviewed_on=held_on,
        created_by=actor,
        **{name: getattr(current, name) for name in ACCOUNT_PLAN_FIELDS},
    )
    plan.full_clean()
    plan.save()
    review = AccountPlanReview.objects.create(
        plan=plan, held_on=held_on, other_participants=other_participants.strip(), recorded_by=actor
    )
    review.participants.set(participants)
    ReviewDecision.objects.bulk_create(
        [ReviewDecision(review=review, theme=theme, decision=text) for theme, text in decisions.items()]
    )
    audit_record(actor=actor, action="account_plan.review", obj=plan, detail=f"v{plan.version}")
    return review
