"""Demo candidates for `make run`: three per provider, each with a small generated PDF CV, some with consent.

Idempotent: a candidate is looked up by provider and e-mail first; files are only written for new candidates.
"""

import datetime

from django.utils import timezone

from accounts.models import Provider, Role, User
from candidates import services
from candidates.models import Candidate, Consent
from kamportal.lib.minipdf import text_pdf

# (name, desired work, competences, languages, driving licence)
DEMO_CANDIDATES = [
    ("Amina Hassan", "Butikk, kasse og varepåfylling", "Kundeservice, kassesystem", "norsk, somali, engelsk", ""),
    ("Jonas Berge", "Lager og logistikk", "Truckførerbevis T1/T2, plukk og pakk", "norsk", "B"),
    ("Marta Kowalska", "Renhold og kantine", "Renholdsoperatør, mattrygghet", "polsk, norsk, engelsk", "B"),
    (
        "Ahmad Rahimi",
        "Verksted og mekanisk industri",
        "Sveising (MIG/MAG), bilmekaniker",
        "dari, norsk",
        "",
    ),
    ("Ingvild Tveit", "Helse og omsorg, assistent", "Førstehjelp, praksis fra sykehjem", "norsk, engelsk", "B"),
    ("Tomas Lunde", "Bygg og anlegg, hjelpearbeider", "Maskinførerbevis M2, HMS-kort", "norsk", "B, BE"),
    ("Fatima Ali", "Hotell og resepsjon", "Booking, kundeservice", "arabisk, norsk, engelsk", ""),
    ("Erik Haugen", "Sjømat og produksjon", "Fiskeforedling, hygieneopplæring", "norsk", "B"),
    ("Sara Mohammed", "Kontor og administrasjon", "Office, arkiv, sentralbord", "tigrinja, norsk, engelsk", ""),
]


def _email(name: str, slug: str) -> str:
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})
    return f"{name.lower().translate(table).replace(' ', '.')}@kandidat-{slug}.demo.no"


def _cv_pdf(name: str, desired: str, competences: str, languages: str) -> bytes:
    return text_pdf(
        [
            f"CV – {name}",
            "",
            f"Ønsket arbeid: {desired}",
            f"Kompetanse: {competences}",
            f"Språk: {languages}",
            "",
            "Arbeidserfaring",
            "2023–2025: Praksis hos tiltaksarrangør, arbeid med ordre, plukk og kundekontakt.",
            "2019–2022: Ulike deltidsjobber.",
        ],
        title=f"CV {name}",
    )


def seed_candidates(*, providers: dict, employers_by_provider: dict) -> None:
    """`providers`: slug -> Provider; `employers_by_provider`: slug -> list of that provider's employers."""
    today = timezone.localdate()
    for index, (slug, provider) in enumerate(providers.items()):
        advisor = _advisor(provider)
        if advisor is None:
            continue
        for offset, (name, desired, competences, languages, licence) in enumerate(
            DEMO_CANDIDATES[index * 3 : index * 3 + 3]
        ):
            email = _email(name, slug)
            if Candidate.objects.filter(provider=provider, email=email).exists():
                continue
            candidate = services.candidate_create(
                actor=advisor,
                advisor=advisor,
                full_name=name,
                email=email,
                phone=f"+47 900 0{index}{offset} 00",
                available_from=today + datetime.timedelta(days=14 * (offset + 1)),
                desired_work=desired,
                competences=competences,
                languages=languages,
                driving_licence=licence,
            )
            cv = services.document_upload(
                candidate=candidate,
                kind="cv",
                filename=f"CV {name}.pdf",
                data=_cv_pdf(name, desired, competences, languages),
                actor=advisor,
            )
            if offset < 2:
                services.document_mark_reviewed(document=cv, actor=advisor)
            employers = employers_by_provider.get(slug) or []
            if offset == 0 and employers:
                services.consent_record(
                    candidate=candidate,
                    employer=employers[0],
                    given_on=today - datetime.timedelta(days=3),
                    method=Consent.Method.SIGNED_FORM,
                    text_version="2026-1",
                    covers_contact_details=True,  # the 2026-1 text shares contact details with any part
                    covers_cv=True,
                    covers_application=True,
                    covers_assessment=True,
                    covers_accommodation=False,
                    actor=advisor,
                )


def _advisor(provider: Provider) -> User | None:
    return User.objects.filter(provider=provider, memberships__role=Role.ADVISOR).order_by("id").first()
