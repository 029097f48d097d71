"""The advisor's pages: my candidates, registering and editing a candidate, the assessment."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent, Role
from candidates.models import Assessment, Candidate
from tests.candidates.factories import CandidateFactory, ConsentFactory, candidate_of, document_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _candidate_data(world, **overrides):
    data = {
        "full_name": "  Ola   Nordmann ",
        "advisor": world.advisor_a.pk,
        "email": "ola@example.no",
        "phone": "+47 912 34 567",
        "address": "Strandgaten 1, 5013 Bergen",
        "available_from": "2026-12-01",
        "desired_work": "Lager",
        "competences": "Truck",
        "languages": "norsk, arabisk",
        "driving_licence": "B",
        "status": Candidate.Status.AVAILABLE,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_advisor_registers_a_candidate_at_their_own_provider(client, world):
    client.force_login(world.advisor_a)

    response = client.post(reverse("candidates:create"), _candidate_data(world))

    candidate = Candidate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("candidates:detail", kwargs={"uuid": candidate.uuid})
    assert candidate.full_name == "Ola Nordmann"
    assert candidate.provider == world.provider_a
    assert candidate.advisor == world.advisor_a
    assert AuditEvent.objects.filter(action="candidate.created", candidate_id=candidate.pk).count() == 1


def test_a_candidate_has_no_field_for_a_national_identity_number():
    names = {field.name for field in Candidate._meta.get_fields()}
    assert not names & {"national_id", "fodselsnummer", "personal_number", "ssn", "birth_number"}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"full_name": "   "}, "Skriv inn kandidatens navn."),
        ({"full_name": None}, "Skriv inn kandidatens navn."),
        ({"email": "ikke-en-adresse"}, "Oppgi en gyldig e-postadresse"),
        ({"available_from": "32.13.2026"}, "Oppgi en gyldig dato."),
        ({"status": "hired"}, "Velg et gyldig valg."),
    ],
)
def test_a_bad_candidate_form_says_why_in_norwegian_and_saves_nothing(client, world, overrides, message):
    client.force_login(world.advisor_a)
    response = client.post(reverse("candidates:create"), _candidate_data(world, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Candidate.objects.exists()


def test_an_advisor_of_another_provider_cannot_be_chosen(client, world):
    client.force_login(world.advisor_a)
    response = client.post(reverse("candidates:create"), _candidate_data(world, advisor=world.advisor_b.pk))
    assert response.status_code == 200
    assert not Candidate.objects.exists()


def test_the_advisor_edits_a_candidate_and_the_change_is_audited(client, world):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    url = reverse("candidates:edit", kwargs={"uuid": candidate.uuid})
    assert client.get(url).status_code == 200

    response = client.post(url, _candidate_data(world, full_name="Kari Nordmann", status="in_process"))

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.full_name, candidate.status) == ("Kari Nordmann", "in_process")
    event = AuditEvent.objects.filter(action="candidate.updated").get()
    assert "full_name" in event.detail and "status" in event.detail


def test_my_candidates_shows_the_advisors_own_and_all_shows_the_whole_provider(client, world):
    mine = candidate_of(world, full_name="Min Kandidat")
    colleague_advisor = UserFactory(provider=world.provider_a, roles=[Role.ADVISOR])
    colleague = CandidateFactory(advisor=colleague_advisor, full_name="Kollegas Kandidat")
    other_provider = candidate_of(world, "b", full_name="Annen Arrangør")
    client.force_login(world.advisor_a)

    mine_page = client.get(reverse("candidates:list"))
    all_page = client.get(reverse("candidates:list") + "?scope=all")

    assert list(mine_page.context["candidates"]) == [mine]
    assert set(all_page.context["candidates"]) == {mine, colleague}
    assert other_provider.full_name not in all_page.content.decode()


def _add_candidates(world, count):
    for i in range(count):
        candidate = candidate_of(world)
        if i % 2:
            document_for(candidate, reviewed=bool(i % 4 == 1))
            ConsentFactory(candidate=candidate, employer=world.employer_a)


def _list_queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("candidates:list"))
    return len(response.context["candidates"]), len(queries)


def test_the_list_page_costs_the_same_number_of_queries_for_5_and_50_candidates(client, world):
    client.force_login(world.kam_a)
    client.get(reverse("candidates:list"))  # warm the session
    _add_candidates(world, 5)
    rows_5, queries_5 = _list_queries(client)
    _add_candidates(world, 45)
    rows_50, queries_50 = _list_queries(client)

    assert (rows_5, rows_50) == (5, 50)
    assert queries_5 == queries_50 <= 10


def test_the_dossier_page_shows_profile_documents_assessment_and_consents(client, world):
    candidate = candidate_of(world, full_name="Ola Dossier")
    document_for(candidate, name="ola-cv.pdf")
    Assessment.objects.create(candidate=candidate, updated_by=world.advisor_a, punctuality="Alltid presis")
    ConsentFactory(candidate=candidate, employer=world.employer_a)
    client.force_login(world.kam_a)

    page = client.get(reverse("candidates:detail", kwargs={"uuid": candidate.uuid})).content.decode()

    for text in ("Ola Dossier", "ola-cv.pdf", "Alltid presis", "Bedrift Æ AS", "Den nyeste CV-en er ikke gjennomgått"):
        assert text in page
    assert "Rediger kandidat" not in page  # a KAM reads, the advisor edits


def test_the_advisor_writes_the_assessment(client, world):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    url = reverse("candidates:assessment_edit", kwargs={"uuid": candidate.uuid})
    fields = {
        "experience_with_person": "Stabil og motivert",
        "personal_qualities": "Rolig",
        "particular_challenges": "Lese- og skrivevansker",
        "punctuality": "Presis",
        "attendance": "95 %",
        "experience_at_provider": "Arbeidsleder: svært god på lager",
        "accommodation_needs": "Hev-senk-bord",
        "planned_absence": "Uke 30",
    }

    response = client.post(url, {**fields, "version": 0})
    assert response.status_code == 302
    assessment = Assessment.objects.get(candidate=candidate)
    assert assessment.version == 1
    assert all(getattr(assessment, name) == value for name, value in fields.items())

    response = client.post(url, {**fields, "punctuality": "Alltid presis", "version": 1})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.version, assessment.punctuality) == (2, "Alltid presis")


def test_a_stale_assessment_is_not_overwritten(client, world):
    candidate = candidate_of(world)
    Assessment.objects.create(candidate=candidate, updated_by=world.advisor_a, punctuality="Presis", version=3)
    client.force_login(world.advisor_a)

    response = client.post(
        reverse("candidates:assessment_edit", kwargs={"uuid": candidate.uuid}), {"punctuality": "Sen", "version": 2}
    )

    assert response.status_code == 200
    assert "Noen andre lagret dette mens du redigerte" in response.content.decode()
    assert "Lagret i mellomtiden av en annen: Presis" in response.content.decode()
    assert Assessment.objects.get().punctuality == "Presis"


def test_the_dossier_speaks_english_to_an_english_user(client, world):
    candidate = candidate_of(world)
    world.kam_a.language = "en"
    world.kam_a.save(update_fields=["language"])
    client.force_login(world.kam_a)
    page = client.get(reverse("candidates:detail", kwargs={"uuid": candidate.uuid})).content.decode()
    assert "Vocational assessment" in page and "No CV yet." in page
    assert "Attføringsfaglig vurdering" not in page


def test_another_feature_changes_the_status_with_an_audit_event_and_never_overwrites_a_race(world):
    from django.core.exceptions import ValidationError

    from candidates import services

    candidate = candidate_of(world)
    services.candidate_set_status(candidate=candidate, status=Candidate.Status.IN_PROCESS, actor=world.kam_a)
    assert Candidate.objects.get().status == "in_process"
    assert AuditEvent.objects.filter(action="candidate.status_changed", detail="available -> in_process").exists()

    stale = Candidate.objects.get()
    Candidate.objects.update(status=Candidate.Status.INACTIVE)
    with pytest.raises(ValidationError):
        services.candidate_set_status(candidate=stale, status=Candidate.Status.PLACED, actor=world.kam_a)
    assert Candidate.objects.get().status == "inactive"


def test_the_list_is_paginated_and_searchable_by_name_and_status(client, world):
    client.force_login(world.kam_a)
    for i in range(55):
        candidate_of(world, full_name=f"Kandidat {i:02d}")
    candidate_of(world, full_name="Åse Ørnes", status="placed")

    first = client.get(reverse("candidates:list"))
    assert len(first.context["candidates"]) == 50
    assert first.context["page"].paginator.count == 56
    second = client.get(reverse("candidates:list") + "?page=2")
    assert len(second.context["candidates"]) == 6

    found = client.get(reverse("candidates:list") + "?q=ørnes")
    assert [c.full_name for c in found.context["candidates"]] == ["Åse Ørnes"]
    placed = client.get(reverse("candidates:list") + "?status=placed")
    assert [c.full_name for c in placed.context["candidates"]] == ["Åse Ørnes"]
    nothing = client.get(reverse("candidates:list") + "?q=finnes-ikke")
    assert "Ingen kandidater passer til søket." in nothing.content.decode()


def test_an_unknown_status_filter_is_ignored_with_the_form_error(client, world):
    client.force_login(world.kam_a)
    candidate_of(world, full_name="Ola Nordmann")
    response = client.get(reverse("candidates:list") + "?status=nonsense")
    assert response.status_code == 200
    assert [c.full_name for c in response.context["candidates"]] == ["Ola Nordmann"]
