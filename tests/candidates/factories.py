import factory

from candidates import services
from candidates.models import Candidate, Consent
from tests.candidates.files import good_pdf


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    full_name = factory.Sequence(lambda n: f"Kandidat Nummer{n}")
    email = factory.Sequence(lambda n: f"kandidat{n}@example.no")
    phone = "+47 400 00 000"
    provider = factory.SelfAttribute("advisor.provider")
    desired_work = "Lager, butikk"
    competences = "Truckførerbevis"
    languages = "norsk, engelsk"
    driving_licence = "B"


def candidate_of(world, side: str = "a", **kwargs) -> Candidate:
    """A candidate of provider A (advisor_a) or B (advisor_b)."""
    return CandidateFactory(advisor=getattr(world, f"advisor_{side}"), **kwargs)


def document_for(candidate, *, kind: str = "cv", name: str = "cv.pdf", data: bytes | None = None, reviewed=False):
    document = services.document_upload(
        candidate=candidate, kind=kind, filename=name, data=data or good_pdf(), actor=candidate.advisor
    )
    if reviewed:
        services.document_mark_reviewed(document=document, actor=candidate.advisor)
    return document


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    given_on = factory.Faker("past_date")
    method = Consent.Method.SIGNED_FORM
    covers_cv = True
    covers_application = True
    recorded_by = factory.SelfAttribute("candidate.advisor")
