"""Registering and editing employers and contacts, and the employer page."""

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from recruitment.models import Contact, Employer, PortfolioAssignment
from tests.factories import valid_org_number

pytestmark = pytest.mark.django_db


def _valid(**overrides):
    data = {
        "name": "Sjøbris Fiskemottak AS",
        "org_number": valid_org_number(900),
        "is_member": "on",
        "sector": "seafood",
        "size_band": "10-49",
        "address": "Kaiveien 1",
        "postal_code": "5003",
        "postal_place": "Bergen",
        "municipality": "Bergen",
        "website": "https://sjobris.example.no",
        "agreement_signed_on": "2026-03-01",
    }
    data.update(overrides)
    return data


def test_a_kam_registers_an_employer_held_by_their_provider(client, world):
    client.force_login(world.kam_a)
    response = client.post(reverse("recruitment:employer_create"), _valid())
    employer = Employer.objects.get(name="Sjøbris Fiskemottak AS")
    assert response.status_code == 302
    assert response["Location"] == reverse("recruitment:employer_detail", kwargs={"uuid": employer.uuid})
    assert employer.responsible_provider == world.provider_a
    assert employer.responsible_kam == world.kam_a
    assert employer.coordinating_kam == world.kam_a
    assert employer.region == world.region
    assert PortfolioAssignment.objects.get(employer=employer, ended_on=None).kam == world.kam_a
    assert AuditEvent.objects.filter(action="employer.create", object_id=str(employer.pk)).exists()


def test_the_org_number_may_be_typed_with_spaces(client, world):
    client.force_login(world.kam_a)
    number = valid_org_number(901)
    client.post(reverse("recruitment:employer_create"), _valid(org_number=f"{number[:3]} {number[3:6]} {number[6:]}"))
    assert Employer.objects.filter(org_number=number).exists()


def test_a_wrong_check_digit_is_refused_with_a_clear_message(client, world):
    client.force_login(world.kam_a)
    number = valid_org_number(902)
    wrong = number[:8] + str((int(number[8]) + 1) % 10)
    response = client.post(reverse("recruitment:employer_create"), _valid(org_number=wrong))
    assert response.status_code == 200
    assert "er ikke et gyldig organisasjonsnummer" in response.content.decode()
    assert not Employer.objects.filter(name="Sjøbris Fiskemottak AS").exists()


def test_an_org_number_with_too_few_digits_is_refused(client, world):
    client.force_login(world.kam_a)
    response = client.post(reverse("recruitment:employer_create"), _valid(org_number="12345"))
    assert "nøyaktig 9 sifre" in response.content.decode()
    assert not Employer.objects.filter(name="Sjøbris Fiskemottak AS").exists()


def test_a_duplicate_org_number_is_refused(client, world):
    client.force_login(world.kam_a)
    response = client.post(reverse("recruitment:employer_create"), _valid(org_number=world.employer_b.org_number))
    assert "Det finnes allerede en bedrift med dette organisasjonsnummeret" in response.content.decode()
    assert not Employer.objects.filter(name="Sjøbris Fiskemottak AS").exists()


def test_a_bad_postal_code_and_a_missing_name_are_refused(client, world):
    client.force_login(world.kam_a)
    response = client.post(reverse("recruitment:employer_create"), _valid(name="", postal_code="50"))
    body = response.content.decode()
    assert "Et postnummer har 4 sifre" in body
    assert "Feltet er påkrevet" in body
    assert Employer.objects.count() == 3


def test_the_responsible_kam_edits_the_employer(client, world):
    client.force_login(world.kam_a)
    data = _valid(name="Bedrift Æ og Ø AS", org_number=world.employer_a.org_number)
    response = client.post(reverse("recruitment:employer_edit", kwargs={"uuid": world.employer_a.uuid}), data)
    assert response.status_code == 302
    world.employer_a.refresh_from_db()
    assert world.employer_a.name == "Bedrift Æ og Ø AS"
    assert world.employer_a.sector == "seafood"


def test_a_new_primary_contact_makes_the_old_one_secondary(client, world):
    client.force_login(world.kam_a)
    url = reverse("recruitment:contact_create", kwargs={"uuid": world.employer_a.uuid})
    response = client.post(
        url, {"full_name": "Per Ås", "title": "Daglig leder", "email": "Per@Bedrift-a.no", "is_primary": "on"}
    )
    assert response.status_code == 302
    assert Contact.objects.get(email="per@bedrift-a.no").is_primary
    world.contact_a.refresh_from_db()
    assert not world.contact_a.is_primary


def test_a_contact_with_an_existing_email_or_a_bad_email_is_refused(client, world):
    client.force_login(world.kam_a)
    url = reverse("recruitment:contact_create", kwargs={"uuid": world.employer_a.uuid})
    response = client.post(url, {"full_name": "Kari To", "email": "contact@bedrift-a.no"})
    assert "har allerede en kontaktperson med denne e-postadressen" in response.content.decode()
    response = client.post(url, {"full_name": "Kari To", "email": "ikke-en-adresse"})
    assert "gyldig e-postadresse" in response.content.decode()
    assert world.employer_a.contacts.count() == 1


def test_the_employer_page_shows_contacts_agreement_tier_and_empty_placements(client, world):
    client.force_login(world.kam_a)
    response = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid}))
    body = response.content.decode()
    assert "Bedrift Æ AS" in body
    assert "Kari Kontakt" in body
    assert "Koordinerende KAM" in body
    assert "Ikke vurdert" in body
    assert "Ingen formidlinger registrert ennå" in body


def test_the_employer_contact_sees_the_company_but_no_account_management(client, world):
    client.force_login(world.contact_user)
    response = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bedrift Æ AS" in body
    assert "Kundepyramide" not in body
    assert "Kontaktlogg" not in body


def test_a_kam_of_another_provider_reads_but_cannot_edit(client, world):
    client.force_login(world.kam_b)
    response = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid}))
    assert response.status_code == 200
    assert reverse("recruitment:employer_edit", kwargs={"uuid": world.employer_a.uuid}) not in response.content.decode()


def test_the_responsible_kam_edits_a_contact(client, world):
    client.force_login(world.kam_a)
    url = reverse("recruitment:contact_edit", kwargs={"uuid": world.contact_a.uuid})
    data = {"full_name": "Kari Kontakt-Ødegård", "title": "HR-sjef", "email": "contact@bedrift-a.no"}
    data["is_primary"] = "on"
    assert client.post(url, data).status_code == 302
    world.contact_a.refresh_from_db()
    assert world.contact_a.full_name == "Kari Kontakt-Ødegård"
    assert world.contact_a.user == world.contact_user  # the login stays tied to the contact


def test_editing_a_contact_to_another_contacts_email_is_refused(client, world):
    from tests.factories import ContactFactory

    ContactFactory(employer=world.employer_a, email="per@bedrift-a.no", is_primary=False)
    client.force_login(world.kam_a)
    url = reverse("recruitment:contact_edit", kwargs={"uuid": world.contact_a.uuid})
    response = client.post(url, {"full_name": "Kari", "email": "per@bedrift-a.no"})
    assert "har allerede en kontaktperson med denne e-postadressen" in response.content.decode()
    world.contact_a.refresh_from_db()
    assert world.contact_a.email == "contact@bedrift-a.no"
