"""Client team, proposals to the account plan, plan reviews, the satisfaction survey and its statistics (issue 21).

`team_a` (an advisor at provider A on employer A's client team) sees what the region's KAMs see of the
employer's account management; `advisor_a` and `admin_a` (same provider, not on the team, not KAMs) do not
see the employer at all (404), nor does anyone of provider B who is not a KAM.
"""

from tests.access.matrix import REDIRECT, Entry, signed_in

NOT_ON_TEAM = {"advisor_a": 404, "admin_a": 404, "advisor_b": 404, "admin_b": 404, "kam_other": 404}
TEAM_READ = signed_in(403, kam_a=200, kam_b=200, coordinator=200, team_a=200, **NOT_ON_TEAM)
PROPOSE = signed_in(403, kam_a=200, team_a=200, **NOT_ON_TEAM)
WRITE_A = signed_in(403, kam_a=200, kam_other=404)


def employer_a(w):
    return {"uuid": w.employer_a.uuid}


def team_member_of_a(w):
    return {"uuid": w.employer_a.client_team.get(user=w.team_a).uuid}


def proposal_of_a(w):
    from recruitment.services.client_team import plan_proposal_create

    proposal = plan_proposal_create(actor=w.team_a, employer=w.employer_a, theme="goals_ambition", text="Flere")
    return {"uuid": proposal.uuid}


def _terms(w):
    from tests.recruitment.portal_factories import accept_terms

    accept_terms(w.contact_user)
    return {}


def ended_recruitment_of_a(w):
    from recruitment.services.unanswered import recruitment_close_unanswered
    from tests.recruitment.hiring_factories import sent_list

    recruitment, _ = sent_list(w, a=1, b=0)
    recruitment_close_unanswered(recruitment=recruitment, actor=w.kam_a, feedback="Stillingen ble trukket.")
    return {"uuid": recruitment.uuid}


ENTRIES = [
    Entry("recruitment:client_team", TEAM_READ, kwargs=employer_a),
    Entry(
        "recruitment:client_team",
        signed_in(403, kam_a=REDIRECT, team_a=403, **NOT_ON_TEAM),
        method="post",
        kwargs=employer_a,
        data=lambda w: {"user": w.advisor_a.pk, "role": "advisor"},
        note="kam_b, the coordinator and team members read the team; only the responsible provider's KAMs name it",
    ),
    Entry(
        "recruitment:client_team_remove",
        signed_in(403, kam_a=REDIRECT, kam_other=404),
        method="post",
        kwargs=team_member_of_a,
    ),
    Entry("recruitment:plan_proposal_create", PROPOSE, kwargs=employer_a),
    Entry(
        "recruitment:plan_proposal_create",
        signed_in(403, kam_a=REDIRECT, team_a=REDIRECT, **NOT_ON_TEAM),
        method="post",
        kwargs=employer_a,
        data=lambda w: {"theme": "target_groups", "text": "Ta med unge uføre."},
    ),
    Entry(
        "recruitment:plan_proposal_answer",
        signed_in(403, kam_a=REDIRECT, kam_other=404),
        method="post",
        kwargs=proposal_of_a,
        data=lambda w: {"decision": "adopt"},
        note="a team member proposes; only the responsible provider's KAMs adopt or decline",
    ),
    Entry("recruitment:account_plan_review", WRITE_A, kwargs=employer_a),
    Entry(
        "recruitment:account_plan_review",
        signed_in(403, kam_a=200, kam_other=404),
        method="post",
        kwargs=employer_a,
        data=lambda w: {"held_on": ""},
        note="invalid: the form comes back with its errors, nothing saved",
    ),
    Entry(
        "recruitment:satisfaction_survey",
        signed_in(403, contact=200, contact_other=200),
        kwargs=_terms,
        note="each contact answers for their own employer; the half-yearly survey names no object",
    ),
    Entry(
        "recruitment:satisfaction_survey",
        signed_in(403, contact=REDIRECT),
        method="post",
        data=lambda w: {**_terms(w), "score": "9", "comment": "Bra"},
        note="contact_other answers its own survey too (derived: the same as contact)",
    ),
    Entry(
        "recruitment:satisfaction_survey_recruitment",
        signed_in(403, contact=200),
        kwargs=ended_recruitment_of_a,
        note="the contact of another employer gets 404",
    ),
    Entry(
        "recruitment:satisfaction_statistics",
        signed_in(403, coordinator=200, admin_a=200, admin_b=200),
        note="counts and NPS only, never names",
    ),
]
