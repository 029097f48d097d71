"""Demo account-management data for `make run`: sectors, pyramid tiers, account plans, contact log.

Called from accounts.demo.seed_demo after the employers exist. Idempotent: it fills in
only what is missing, so running it twice changes nothing.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.demo.organisations import demo_org_numbers
from recruitment.models import ContactKind, ContactLogEntry, Employer, PortfolioAssignment, PyramidAssessment

# org-number order of accounts.demo.EMPLOYERS -> (sector, size band, scores, soft-filter yes count)
PROFILES = [
    ("seafood", "50-249", (4, 3, 3, 3), 5),
    ("construction", "250+", (4, 4, 2, 2), 3),
    ("hospitality", "10-49", (2, 3, 2, 2), 2),
    ("industry", "10-49", (2, 2, 1, 2), 1),
    ("transport", "50-249", (3, 3, 3, 4), 4),
    ("health", "250+", (4, 4, 3, 3), 2),
    ("industry", "10-49", (2, 2, 2, 1), 3),
    ("industry", "10-49", (2, 1, 1, 1), 2),
    ("retail", "10-49", (2, 3, 1, 1), 4),
    ("services", "1-9", (1, 2, 1, 1), 1),
]

PLANS = {
    0: {
        "vision_strategy": "Vil være en ledende sjømatbedrift på Vestlandet med lokal arbeidskraft.",
        "goals_ambition": "Fire praksisplasser i produksjonen hvert år; to fast ansatt.",
        "image": "Godt omdømme i Bergen, kjent for samfunnsansvar.",
        "social_picture": "Mange ansatte med annet morsmål enn norsk; god erfaring med språkpraksis.",
        "motives": "Rekrutteringsbehov i høysesong og ønske om å ta samfunnsansvar.",
        "partner_picture": "Samarbeider også med NAV og videregående skole.",
        "target_groups": "Unge voksne, minoritetsspråklige.",
        "social_return_obligations": "Krav om lærlinger i anbud fra fylkeskommunen.",
        "nps": 50,
        "themes_actions": "1) Bruke god relasjon til mer samarbeid. 2) Flere besøk i høysesong.",
    },
    4: {
        "vision_strategy": "Vekst innen lager og logistikk på Askøy.",
        "goals_ambition": "Tre kandidater i truckførerkurs i 2027.",
        "motives": "Mangel på sertifiserte truckførere.",
        "target_groups": "Langtidsledige, unge under 30.",
        "nps": 20,
        "themes_actions": "Øke tilfredsheten med flere oppfølgingsmøter.",
    },
}


def seed_account_management() -> None:
    today = timezone.localdate()
    from recruitment.pyramid import compute_tier
    from recruitment.services import account_plan_save
    from recruitment.services.prospect_transitions import employer_prospect_transition

    numbers = demo_org_numbers(len(PROFILES))
    employers = {
        e.org_number: e for e in Employer.objects.filter(org_number__in=numbers).select_related("responsible_kam")
    }
    for index, (number, (sector, size, scores, soft_yes)) in enumerate(zip(numbers, PROFILES, strict=True)):
        employer = employers.get(number)
        if employer is None or employer.responsible_kam is None:
            continue
        kam = employer.responsible_kam
        if not employer.sector:
            Employer.objects.filter(pk=employer.pk).update(sector=sector, size_band=size)
            if employer.is_prospect:  # a client with an agreement: moved out of the prospects by the engine
                employer_prospect_transition(
                    employer=employer, action="sign", on=today - timedelta(days=400 + 30 * index), actor=kam
                )
        if not PortfolioAssignment.objects.filter(employer=employer).exists():
            PortfolioAssignment.objects.create(
                employer=employer, kam=kam, started_on=today - timedelta(days=400 + 30 * index)
            )
        if not PyramidAssessment.objects.filter(employer=employer).exists():
            soft = tuple(i < soft_yes for i in range(5))
            tier = compute_tier(excluded=False, scores=scores, soft=soft).tier
            PyramidAssessment.objects.create(
                employer=employer,
                size_score=scores[0],
                vacancies_score=scores[1],
                fulfilled_score=scores[2],
                continuity_score=scores[3],
                intent_to_cooperate=soft[0],
                willing_to_invest=soft[1],
                culture_fits_target_group=soft[2],
                positive_image=soft[3],
                open_to_several_groups=soft[4],
                computed_tier=tier,
                assessed_by=kam,
                assessed_at=timezone.now(),
            )
            Employer.objects.filter(pk=employer.pk).update(tier=tier)
        if index in PLANS and not employer.account_plans.exists():
            reviewed = today - timedelta(days=200 if index == 4 else 30)  # the second one is overdue
            account_plan_save(actor=kam, employer=employer, reviewed_on=reviewed, **PLANS[index])
        if index < 5 and not ContactLogEntry.objects.filter(employer=employer).exists():
            ContactLogEntry.objects.create(
                employer=employer,
                kam=kam,
                kind=ContactKind.MEETING,
                occurred_on=today - timedelta(days=20 + 40 * index),
                participants=f"{kam.full_name}, {employer.name}",
                notes="Kvartalsmøte: gjennomgang av rekrutteringsbehov og praksisplasser.",
                next_step="Sende oppdatert kartleggingsskjema",
                next_step_due=today + timedelta(days=3 + index),
            )
            ContactLogEntry.objects.create(
                employer=employer,
                kam=kam,
                kind=ContactKind.VISIT if index % 2 == 0 else ContactKind.CALL,
                occurred_on=today + timedelta(days=1 + index),
                planned=True,
                participants=kam.full_name,
                notes="Planlagt oppfølging.",
            )
    seed_client_team(employers.get(numbers[0]))


def seed_client_team(employer: Employer | None) -> None:
    """The first demo employer gets an advisor of its provider on its client team (issue 21); its contact
    is offered the half-yearly satisfaction survey in the portal. Only what is missing."""
    from accounts.models import Role, User
    from recruitment.models import ClientTeamMember, TeamRole

    if employer is None or employer.responsible_kam is None:
        return
    advisor = (
        User.objects.filter(provider_id=employer.responsible_provider_id, memberships__role=Role.ADVISOR)
        .order_by("pk")
        .first()
    )
    if advisor is not None and not employer.client_team.exists():
        ClientTeamMember.objects.create(
            employer=employer,
            user=advisor,
            role=TeamRole.ADVISOR,
            speciality="Oppfølging i praksis",
            added_by=employer.responsible_kam,
        )
