"""Consent: recorded and withdrawn by the advisor; `may_see` is the one answer, and a withdrawal counts at once."""

import datetime

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from accounts.policy import candidates as policy
from accounts.policy import consent_employer_choices, may_see
from candidates.models import Consent, DossierPart
from tests.candidates.factories import ConsentFactory, candidate_of
from tests.factories import EmployerFactory
from tests.recruitment.portal_factories import accept_terms

pytestmark = pytest.mark.django_db

ALL_PARTS = list(DossierPart.values)


def _consent_data(world, **overrides):
    data = {
        "employer": world.employer_a.pk,
        "given_on": timezone.localdate().isoformat(),
        "method": Consent.Method.SIGNED_FORM,
        "text_version": "2026-1",
        "covers_cv": "on",
        "covers_assessment": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_advisor_records_a_consent_with_date_method_text_version_and_parts(client, world):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)

    response = client.post(reverse("candidates:consent_create", kwargs={"uuid": candidate.uuid}), _consent_data(world))

    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.employer == world.employer_a
    assert consent.recorded_by == world.advisor_a
    assert consent.covered_parts == [DossierPart.CV, DossierPart.ASSESSMENT]
    assert consent.is_active
    assert AuditEvent.objects.filter(action="consent.recorded", candidate_id=candidate.pk).count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"covers_cv": None, "covers_assessment": None}, "Velg minst én del av mappen som samtykket gjelder."),
        ({"employer": None}, "Velg bedriften samtykket gjelder."),
        ({"method": None}, "Velg hvordan samtykket ble gitt."),
        ({"given_on": "2999-01-01"}, "Samtykket kan ikke være gitt fram i tid."),
        ({"given_on": "i går"}, "Oppgi en gyldig dato."),
    ],
)
def test_a_bad_consent_form_says_why_in_norwegian_and_saves_nothing(client, world, overrides, message):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    response = client.post(
        reverse("candidates:consent_create", kwargs={"uuid": candidate.uuid}), _consent_data(world, **overrides)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consent.objects.exists()


def test_the_advisor_can_only_name_employers_of_their_own_region(client, world):
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    assert set(consent_employer_choices(world.advisor_a)) == {world.employer_a, world.employer_b}
    assert not consent_employer_choices(world.kam_a).exists()

    response = client.post(
        reverse("candidates:consent_create", kwargs={"uuid": candidate.uuid}),
        _consent_data(world, employer=world.employer_other.pk),
    )
    assert response.status_code == 200
    assert not Consent.objects.exists()


def test_the_advisor_withdraws_a_consent_with_one_click(client, world):
    candidate = candidate_of(world)
    consent = ConsentFactory(candidate=candidate, employer=world.employer_a)
    client.force_login(world.advisor_a)

    response = client.post(
        reverse("candidates:consent_withdraw", kwargs={"uuid": consent.uuid}), {"note": "Ringte og trakk det"}
    )

    assert response.status_code == 302
    consent.refresh_from_db()
    assert not consent.is_active
    assert consent.withdrawn_by == world.advisor_a and consent.withdrawal_note == "Ringte og trakk det"
    again = client.post(reverse("candidates:consent_withdraw", kwargs={"uuid": consent.uuid}), follow=True)
    assert "allerede trukket tilbake" in again.content.decode()
    assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1


@pytest.mark.parametrize("role", ["advisor_a", "kam_a", "admin_a"])
def test_the_candidates_own_provider_sees_every_part(world, role):
    candidate = candidate_of(world)
    assert all(may_see(getattr(world, role), candidate, part) for part in ALL_PARTS)


@pytest.mark.parametrize(
    "role", ["advisor_b", "kam_b", "admin_b", "kam_other", "coordinator", "contact_user", "outsider"]
)
def test_nobody_else_sees_any_part_today(world, role):
    candidate = candidate_of(world)
    ConsentFactory(candidate=candidate, employer=world.employer_a, covers_assessment=True, covers_accommodation=True)
    assert not any(may_see(getattr(world, role), candidate, part) for part in ALL_PARTS)


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not may_see(AnonymousUser(), candidate_of(world), DossierPart.PROFILE)


def test_once_shortlisted_the_contact_sees_exactly_the_consented_parts_until_withdrawal(world, monkeypatch):
    """The recruitments issue fills in the shortlist hook; the consent rule is already in force."""
    accept_terms(world.contact_user)  # a contact sees candidates only after accepting the terms of use
    monkeypatch.setattr(policy, "_shortlisted_for_employer", lambda p, candidate: True)
    candidate = candidate_of(world)
    contact = world.contact_user
    assert not any(may_see(contact, candidate, part) for part in ALL_PARTS)  # shortlisted, but no consent

    consent = ConsentFactory(candidate=candidate, employer=world.employer_a, covers_cv=True, covers_application=False)
    ConsentFactory(candidate=candidate, employer=world.employer_b, covers_assessment=True)  # another employer's

    seen = {part for part in ALL_PARTS if may_see(contact, candidate, part)}
    assert seen == {DossierPart.PROFILE, DossierPart.CV}

    from candidates import services

    services.consent_withdraw(consent=consent, actor=world.advisor_a)
    assert not any(may_see(contact, candidate, part) for part in ALL_PARTS)


def test_a_coordinating_kam_sees_the_parts_for_a_submission_but_never_other_documents(world, monkeypatch):
    monkeypatch.setattr(policy, "_kam_coordinates_a_submission_of", lambda p, candidate: True)
    candidate = candidate_of(world)
    assert may_see(world.kam_b, candidate, DossierPart.CV)
    assert not may_see(world.kam_b, candidate, DossierPart.OTHER_DOCUMENTS)
    assert not may_see(world.advisor_b, candidate, DossierPart.CV)


def test_consent_covers_only_active_consents_for_that_employer_and_part(world):
    candidate = candidate_of(world)
    other_employer = EmployerFactory(region=world.region)
    ConsentFactory(candidate=candidate, employer=world.employer_a, covers_cv=True, covers_application=False)
    ConsentFactory(
        candidate=candidate,
        employer=other_employer,
        covers_application=True,
        withdrawn_at=timezone.now(),
        withdrawn_by=world.advisor_a,
    )
    assert policy.consent_covers(candidate=candidate, employer_id=world.employer_a.pk, part=DossierPart.CV)
    assert not policy.consent_covers(candidate=candidate, employer_id=world.employer_a.pk, part="application")
    assert not policy.consent_covers(candidate=candidate, employer_id=other_employer.pk, part="application")
    assert not policy.consent_covers(candidate=candidate, employer_id=world.employer_a.pk, part="other_documents")


def test_the_database_refuses_a_consent_that_covers_nothing(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.create(
            candidate=candidate_of(world),
            employer=world.employer_a,
            given_on=datetime.date(2026, 1, 5),
            method=Consent.Method.ORAL,
            recorded_by=world.advisor_a,
        )


def test_a_shortlisted_contact_gets_404_on_the_staff_dossier_and_only_consented_files_in_the_portal(
    client, world, monkeypatch
):
    """Contacts see candidates only through portal pages: every staff candidate URL is a 404 for them, and the
    portal's download gives only the parts the consent for their employer covers."""
    accept_terms(world.contact_user)  # a contact sees candidates only after accepting the terms of use
    from candidates.models import Assessment
    from tests.candidates.factories import document_for

    candidate = candidate_of(world, full_name="Ola Delt")
    monkeypatch.setattr(policy, "_shortlisted_for_employer", lambda p, c: c.pk == candidate.pk)
    monkeypatch.setattr(policy, "_contact_shortlist_condition", lambda p: Q(pk=candidate.pk))
    cv = document_for(candidate, name="ola-cv.pdf")
    application = document_for(candidate, kind="application", name="ola-soknad.pdf")
    Assessment.objects.create(
        candidate=candidate, updated_by=world.advisor_a, punctuality="Presis", accommodation_needs="Hev-senk-bord"
    )
    ConsentFactory(
        candidate=candidate, employer=world.employer_a, covers_cv=True, covers_application=False, covers_assessment=True
    )
    ConsentFactory(candidate=candidate, employer=world.employer_b, covers_accommodation=True)
    client.force_login(world.contact_user)

    for name in ("detail", "edit", "assessment_edit", "consent_create", "audit", "document_upload"):
        assert client.get(reverse(f"candidates:{name}", kwargs={"uuid": candidate.uuid})).status_code == 404, name
    assert client.get(reverse("candidates:document_download", kwargs={"uuid": cv.uuid})).status_code == 404

    download = client.get(reverse("recruitment:portal_document_download", kwargs={"uuid": cv.uuid}))
    assert download.status_code == 200 and "ola-cv.pdf" in download["Content-Disposition"]
    not_consented = reverse("recruitment:portal_document_download", kwargs={"uuid": application.uuid})
    assert client.get(not_consented).status_code == 404
