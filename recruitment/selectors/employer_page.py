"""The employer page in at most ten queries of its own, whatever the user's role and however much the employer
has (tests/recruitment/test_employer_page_queries.py; with the session and the user, twelve per request).

The one-row facts (the last follow-up meeting, the NPS counts, the years of hires, whether the viewer is in the
client team) and the small lists (who held the employer, the client team, the open proposals) are read with the
employer itself: scalar subqueries and JSON arrays on its row (`json_rows`). The longer lists (contacts, plan
versions, reviews, the contact log, survey answers, recruitments, placements) are one query each, with what
they show of their relations joined or aggregated into the same row.
"""

import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from accounts.models import User
from accounts.policy import placements_visible_to, principal_for
from accounts.policy.employers import CLIENT_TEAM_MEMBER_ATTR
from recruitment.models import (
    AccountPlanProposal,
    ClientTeamMember,
    Contact,
    ContactInvitation,
    Employer,
    Placement,
    PlacementStatus,
    PortfolioAssignment,
    ProposalStatus,
    SatisfactionAnswer,
)

from .json_rows import json_rows

# How many recruitments and placements the page lists; the rest are behind a link to the filtered list.
LATEST_RECRUITMENTS = 10
LATEST_PLACEMENTS = 10


def _count(queryset) -> Coalesce:
    counted = queryset.order_by().values("employer_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def _date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_date(str(value)[:10])


def _datetime(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    parsed = parse_datetime(str(value))
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


def employer_annotations(*, user, today: date) -> tuple[dict, tuple]:
    """What get_employer_for_user reads with the employer for its page: (annotations, select_related)."""
    from .employers import follow_ups
    from .satisfaction import DETRACTOR, NPS_WINDOW_DAYS, PROMOTER, _start_of

    p = principal_for(user)
    since = _start_of(today - timedelta(days=NPS_WINDOW_DAYS))
    answers = SatisfactionAnswer.objects.filter(employer_id=OuterRef("pk"), answered_at__gte=since)
    hires = Placement.objects.filter(employer_id=OuterRef("pk"), status=PlacementStatus.HIRED, hired_on__isnull=False)
    annotations = {
        "page_last_follow_up": Subquery(follow_ups(today).order_by("-occurred_on").values("occurred_on")[:1]),
        "page_nps_answers": _count(answers),
        "page_nps_promoters": _count(answers.filter(PROMOTER)),
        "page_nps_detractors": _count(answers.filter(DETRACTOR)),
        "page_hire_years": json_rows(hires, group="employer_id", year=ExtractYear("hired_on")),
        "page_viewer_in_team": Exists(ClientTeamMember.objects.filter(employer_id=OuterRef("pk"), user_id=p.user_id)),
        "page_assignments": json_rows(
            PortfolioAssignment.objects.filter(employer_id=OuterRef("pk")),
            group="employer_id",
            id=F("id"),
            kam=F("kam__full_name"),
            started_on=F("started_on"),
            ended_on=F("ended_on"),
            reason=F("reason"),
        ),
        "page_team": json_rows(
            ClientTeamMember.objects.filter(employer_id=OuterRef("pk")),
            group="employer_id",
            name=F("user__full_name"),
            role=F("role"),
            speciality=F("speciality"),
        ),
        "page_open_proposals": json_rows(
            AccountPlanProposal.objects.filter(employer_id=OuterRef("pk"), status=ProposalStatus.OPEN),
            group="employer_id",
            id=F("id"),
            uuid=F("uuid"),
            theme=F("theme"),
            text=F("text"),
            proposed_by=F("proposed_by__full_name"),
            proposed_at=F("proposed_at"),
        ),
    }
    return annotations, ("pyramid__sensitive_handler",)


def remember_viewer(employer: Employer, user) -> None:
    """The policy's client-team question for this viewer is answered by the row (no query)."""
    setattr(employer, CLIENT_TEAM_MEMBER_ATTR, (principal_for(user).user_id, bool(employer.page_viewer_in_team)))


def _user(name) -> User:
    return User(full_name=name or "")


def hires_per_year(employer: Employer) -> list[tuple[int, int]]:
    """(year, hires), newest year first: what selectors.employers.placements_per_year counts."""
    years = Counter(int(row["year"]) for row in employer.page_hire_years or [])
    return sorted(years.items(), reverse=True)


def assignments(employer: Employer) -> list[PortfolioAssignment]:
    rows = sorted(
        employer.page_assignments or [], key=lambda r: (str(r["started_on"]), r["id"]), reverse=True
    )  # the model's order: -started_on, -id
    result = []
    for row in rows:
        item = PortfolioAssignment(
            id=row["id"], started_on=_date(row["started_on"]), ended_on=_date(row["ended_on"]), reason=row["reason"]
        )
        item.kam = _user(row["kam"])
        result.append(item)
    return result


def team(employer: Employer) -> list[ClientTeamMember]:
    result = []
    for row in sorted(employer.page_team or [], key=lambda r: r["name"] or ""):
        member = ClientTeamMember(role=row["role"], speciality=row["speciality"])
        member.user = _user(row["name"])
        result.append(member)
    return result


def open_proposals(employer: Employer) -> list[AccountPlanProposal]:
    result = []
    for row in employer.page_open_proposals or []:
        proposal = AccountPlanProposal(
            id=row["id"],
            uuid=uuid.UUID(str(row["uuid"])),
            theme=row["theme"],
            text=row["text"],
            proposed_at=_datetime(row["proposed_at"]),
        )
        proposal.proposed_by = _user(row["proposed_by"])
        result.append(proposal)
    return sorted(result, key=lambda p: (p.proposed_at, p.id))


def contacts_with_invitations(employer: Employer) -> list[Contact]:
    """The employer's contacts, each with `open_invitations` (the newest link that still may work, if any): one
    query, the invitation's two shown fields read by subqueries."""
    invitation = ContactInvitation.objects.filter(
        contact_id=OuterRef("pk"), used_at__isnull=True, revoked_at__isnull=True
    ).order_by("-sent_at", "-id")
    contacts = list(
        employer.contacts.annotate(
            open_invitation_sent_at=Subquery(invitation.values("sent_at")[:1]),
            open_invitation_expires_at=Subquery(invitation.values("expires_at")[:1]),
        )
    )
    for contact in contacts:
        contact.open_invitations = (
            [ContactInvitation(sent_at=contact.open_invitation_sent_at, expires_at=contact.open_invitation_expires_at)]
            if contact.open_invitation_sent_at is not None
            else []
        )
    return contacts


def recruitments(*, user, employer: Employer) -> list:
    """The latest recruitments of the employer the user sees, with the counts of the recruitment list."""
    from .recruitments import recruitment_list

    return list(
        recruitment_list(user=user).filter(employer=employer).order_by("-created_at", "-id")[: LATEST_RECRUITMENTS + 1]
    )


def placements(*, user, employer: Employer) -> list[Placement]:
    """The latest placements at the employer the user sees (one more than shown, to know whether to link on)."""
    return list(
        placements_visible_to(user)
        .filter(employer=employer)
        .select_related("candidate", "recruitment")
        .order_by("-start_date", "-id")[: LATEST_PLACEMENTS + 1]
    )


def pyramid_of(employer: Employer):
    try:
        return employer.pyramid
    except Employer.pyramid.RelatedObjectDoesNotExist:
        return None


def employer_page(*, user, employer: Employer, today: date, with_account: bool, show_answers: bool) -> dict:
    """Everything the employer page shows below its head; `employer` came from get_employer_for_user with
    `employer_annotations`. Contacts, recruitments and placements for everyone who sees the page; the account
    management sections (internal to the providers) with `with_account`."""
    from recruitment.services import pyramid_result

    from .client_team import plan_versions_with_reviews
    from .employers import follow_up_status
    from .satisfaction import NpsFigure, employer_answers

    shown_recruitments = recruitments(user=user, employer=employer)
    shown_placements = placements(user=user, employer=employer)
    context = {
        "contacts": contacts_with_invitations(employer),
        "recruitments": shown_recruitments[:LATEST_RECRUITMENTS],
        "more_recruitments": len(shown_recruitments) > LATEST_RECRUITMENTS,
        "employer_placements": shown_placements[:LATEST_PLACEMENTS],
        "more_placements": len(shown_placements) > LATEST_PLACEMENTS,
    }
    if not with_account:
        return context
    pyramid = pyramid_of(employer)
    plans = plan_versions_with_reviews(employer)
    context.update(
        pyramid=pyramid,
        tier_result=pyramid_result(pyramid) if pyramid else None,
        plan=plans[0] if plans else None,
        plan_versions=plans,
        log=list(employer.contact_log.select_related("kam").order_by("-occurred_on", "-id")[:50]),
        follow_up=follow_up_status(employer.page_last_follow_up, today=today),
        placements=hires_per_year(employer),
        assignments=assignments(employer),
        team=team(employer),
        open_proposals=open_proposals(employer),
        employer_nps=NpsFigure(
            answers=employer.page_nps_answers,
            promoters=employer.page_nps_promoters,
            detractors=employer.page_nps_detractors,
        ),
        answers=employer_answers(employer=employer) if show_answers else [],
    )
    return context
