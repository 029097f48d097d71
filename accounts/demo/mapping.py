"""Demo mapping forms for `make run`: one approved, one waiting for approval. Idempotent."""

import datetime

from django.db import transaction
from django.utils import timezone

from recruitment.models import Contact, Employer, MappingForm, PositionKind

# (employer name, title, needs, positions, approve?)
DEMO_FORMS = [
    (
        "Bergen Sjømat AS",
        "Kartlegging produksjon 2027",
        {
            "short_term_needs": "To praksisplasser i filetavdelingen før sesongen starter.",
            "long_term_needs": "Fem nye fagarbeidere innen tre år; flere går av med pensjon.",
            "qualification_cooperation": "Praksis som kan føre til lærekontrakt i sjømatproduksjon.",
        },
        [
            {
                "title": "Produksjonsmedarbeider filet",
                "kind": PositionKind.INTERNSHIP,
                "places": 2,
                "tasks": "Filetering, pakking og renhold på linjen.",
                "language_requirements": "Norsk muntlig på grunnleggende nivå",
                "physical_demands": "Stående arbeid i kjølig miljø",
                "working_hours": "Dag- og kveldsskift",
                "location": "Bergen",
            },
            {
                "title": "Truckfører lager",
                "kind": PositionKind.TEMPORARY,
                "places": 1,
                "tasks": "Varemottak og utkjøring med truck.",
                "driving_licence": "Truckførerbevis T4",
                "working_hours": "Dagtid",
                "location": "Bergen",
            },
            {
                "title": "Produksjonsmedarbeider pakkeri",
                "kind": PositionKind.INTERNSHIP,
                "places": 1,
                "tasks": "Pakking, merking og klargjøring av forsendelser.",
                "language_requirements": "Norsk muntlig på grunnleggende nivå",
                "working_hours": "Dagtid, 07–15",
                "location": "Bergen",
            },
        ],
        True,
    ),
    (
        "Vestlandske Bygg og Anlegg AS",
        "Kartlegging anlegg våren 2027",
        {
            "short_term_needs": "Hjelpearbeidere til to anleggsprosjekter.",
            "long_term_needs": "Lærlinger i betongfaget.",
            "qualification_cooperation": "Kurs i HMS og stillasbygging gjennom tiltaksarrangøren.",
        },
        [
            {
                "title": "Lærling betongfaget",
                "kind": PositionKind.APPRENTICESHIP,
                "places": 2,
                "tasks": "Forskaling, armering og støping.",
                "driving_licence": "B",
                "physical_demands": "Tungt arbeid utendørs",
                "working_hours": "07–15",
                "location": "Åsane",
            },
        ],
        False,
    ),
]


@transaction.atomic
def seed_mapping_demo() -> None:
    from recruitment.services import mapping as services

    for employer_name, title, needs, positions, approve in DEMO_FORMS:
        employer = Employer.objects.filter(name=employer_name).select_related("responsible_kam").first()
        if employer is None or employer.responsible_kam is None:
            continue
        if MappingForm.objects.filter(employer=employer).exists():
            continue
        contact = Contact.objects.filter(employer=employer).order_by("-is_primary", "pk").first()
        if contact is None:
            continue
        kam = employer.responsible_kam
        form = services.mapping_form_create(employer=employer, actor=kam, title=title, **needs)
        version = form.versions.get()
        for position in positions:
            services.mapping_position_add(
                version=version,
                actor=kam,
                earliest_start=timezone.localdate() + datetime.timedelta(days=30),
                **position,
            )
        approval_request = services.mapping_form_send_for_approval(version=version, actor=kam, contact=contact)
        if approve:
            services.mapping_approval_answer(token=services.approval_token(approval_request), approve=True)
