"""Mapping forms built through the services, so their hashes and history are real."""

import datetime

from recruitment.models import MappingForm, PositionKind
from recruitment.services import mapping as services


def position_data(n: int = 1, **overrides) -> dict:
    data = {
        "title": f"Stilling {n} – lagermedarbeider",
        "kind": PositionKind.INTERNSHIP,
        "places": 2,
        "tasks": "Plukk og pakk, varemottak.",
        "qualifications": "Ingen formelle krav",
        "language_requirements": "Norsk muntlig",
        "driving_licence": "",
        "physical_demands": "Løft opptil 15 kg",
        "working_hours": "Dagtid, 07–15",
        "location": "Bergen",
        "earliest_start": datetime.date(2027, 1, 15),
        "permanent_possible": "maybe",
        "adaptations": "Tilpasset arbeidstid i starten",
        "site_contact": "Per Pedersen, 900 00 000",
    }
    data.update(overrides)
    return data


def mapping_form(*, employer, kam, positions: int = 2, title: str = "Kartlegging 2027") -> MappingForm:
    form = services.mapping_form_create(
        employer=employer,
        actor=kam,
        title=title,
        short_term_needs="To praksisplasser i høst.",
        long_term_needs="Fagarbeidere på lager.",
        qualification_cooperation="Truckkurs gjennom tiltaksarrangøren.",
    )
    version = form.versions.get()
    for n in range(1, positions + 1):
        services.mapping_position_add(version=version, actor=kam, **position_data(n))
    return form


def sent_mapping_form(*, employer, kam, contact, positions: int = 2):
    """A form waiting for approval; returns (form, approval_request, token)."""
    form = mapping_form(employer=employer, kam=kam, positions=positions)
    approval_request = services.mapping_form_send_for_approval(version=form.versions.get(), actor=kam, contact=contact)
    return form, approval_request, services.approval_token(approval_request)


def approved_mapping_form(*, employer, kam, contact, positions: int = 2):
    form, approval_request, token = sent_mapping_form(employer=employer, kam=kam, contact=contact, positions=positions)
    services.mapping_approval_answer(token=token, approve=True)
    return form
