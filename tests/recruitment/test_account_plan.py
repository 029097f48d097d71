"""Account plans: versions, the six-monthly review and the PDF."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from accounts.models import AuditEvent
from recruitment.models import AccountPlanVersion
from recruitment.services import account_plan_save
from tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db

PLAN = {
    "vision_strategy": "Bli den foretrukne arbeidsgiveren på Vestlandet",
    "goals_ambition": "Tre praksisplasser i året",
    "image": "Godt omdømme, sterk på samfunnsansvar",
    "social_picture": "Mangfoldig arbeidsstokk",
    "motives": "Rekrutteringsbehov og samfunnsansvar",
    "partner_picture": "Samarbeider med to tiltaksarrangører",
    "target_groups": "Unge under 30, innvandrere",
    "social_return_obligations": "Krav om lærlinger i offentlige anbud",
    "nps": "40",
    "satisfaction_notes": "Fornøyd med oppfølgingen",
    "themes_actions": "1) Flere besøk 2) Felles opplæring",
    "reviewed_on": "2026-05-01",
}


def test_saving_the_plan_twice_keeps_both_versions(client, world):
    client.force_login(world.kam_a)
    url = reverse("recruitment:account_plan_edit", kwargs={"uuid": world.employer_a.uuid})
    assert client.post(url, PLAN).status_code == 302
    assert client.post(url, {**PLAN, "goals_ambition": "Fem praksisplasser"}).status_code == 302
    versions = list(AccountPlanVersion.objects.filter(employer=world.employer_a).order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].goals_ambition == "Tre praksisplasser i året"
    assert versions[1].goals_ambition == "Fem praksisplasser"
    body = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert "Fem praksisplasser" in body
    assert "Tidligere versjoner" in body
    old = client.get(reverse("recruitment:account_plan_version", kwargs={"uuid": world.employer_a.uuid, "version": 1}))
    assert "Tre praksisplasser i året" in old.content.decode()


def test_the_edit_form_starts_from_the_current_version(client, world):
    account_plan_save(actor=world.kam_a, employer=world.employer_a, vision_strategy="Vekst i Bergen")
    client.force_login(world.kam_a)
    body = client.get(reverse("recruitment:account_plan_edit", kwargs={"uuid": world.employer_a.uuid})).content
    assert "Vekst i Bergen" in body.decode()


def test_an_nps_outside_minus_100_to_100_is_refused(client, world):
    client.force_login(world.kam_a)
    url = reverse("recruitment:account_plan_edit", kwargs={"uuid": world.employer_a.uuid})
    response = client.post(url, {**PLAN, "nps": "150"})
    assert response.status_code == 200
    assert "mindre enn eller lik 100" in response.content.decode()
    assert not AccountPlanVersion.objects.exists()


def test_the_next_review_is_six_months_later(world):
    plan = account_plan_save(actor=world.kam_a, employer=world.employer_a, reviewed_on=date(2026, 8, 31))
    assert plan.next_review_on == date(2027, 2, 28)
    assert not plan.review_overdue(date(2027, 2, 28))
    assert plan.review_overdue(date(2027, 3, 1))


@time_machine.travel(date(2026, 11, 23), tick=False)
def test_an_overdue_review_is_flagged_on_the_employer_page(client, world):
    account_plan_save(actor=world.kam_a, employer=world.employer_a, reviewed_on=date(2026, 4, 1))
    client.force_login(world.kam_a)
    body = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert "Gjennomgang forfalt" in body
    assert "1. okt. 2026" in body


@time_machine.travel(date(2026, 11, 23), tick=False)
def test_a_fresh_review_is_not_flagged(client, world):
    account_plan_save(actor=world.kam_a, employer=world.employer_a, reviewed_on=date(2026, 11, 1))
    client.force_login(world.kam_a)
    body = client.get(reverse("recruitment:employer_detail", kwargs={"uuid": world.employer_a.uuid})).content.decode()
    assert "Gjennomgang forfalt" not in body


def test_the_pdf_carries_the_employer_name_with_norwegian_letters(client, world, tmp_path):
    world.employer_a.name = "Ærlige Østlandske Åkerbruk AS"
    world.employer_a.save()
    account_plan_save(actor=world.kam_a, employer=world.employer_a, motives="Samfunnsansvar og rekruttering på Ørsta")
    client.force_login(world.kam_b)  # a KAM of the region may read it too
    response = client.get(reverse("recruitment:account_plan_pdf", kwargs={"uuid": world.employer_a.uuid}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Ærlige Østlandske Åkerbruk AS" in text
    assert "Samfunnsansvar og rekruttering på Ørsta" in text
    assert "Kundeplan" in text
    assert AuditEvent.objects.filter(action="account_plan.pdf", actor=world.kam_b).exists()


def test_without_a_plan_the_pdf_is_404(client, world):
    client.force_login(world.kam_a)
    url = reverse("recruitment:account_plan_pdf", kwargs={"uuid": world.employer_a.uuid})
    assert client.get(url).status_code == 404


def test_the_employer_contact_cannot_download_the_plan(client, world):
    account_plan_save(actor=world.kam_a, employer=world.employer_a)
    client.force_login(world.contact_user)
    url = reverse("recruitment:account_plan_pdf", kwargs={"uuid": world.employer_a.uuid})
    assert client.get(url).status_code == 403


def test_the_reminder_selector_finds_employers_whose_current_plan_is_past_review(world):
    from recruitment.models import Employer
    from recruitment.selectors import employers_with_account_plan_review_due

    account_plan_save(actor=world.kam_a, employer=world.employer_a, reviewed_on=date(2025, 12, 1))
    account_plan_save(actor=world.kam_a, employer=world.employer_a, reviewed_on=date(2026, 8, 31))
    account_plan_save(actor=world.kam_b, employer=world.employer_b, reviewed_on=date(2026, 5, 1))

    def due(today):
        return set(
            employers_with_account_plan_review_due(Employer.objects.all(), today=today).values_list("name", flat=True)
        )

    assert due(date(2026, 11, 2)) == {"Bedrift B AS"}  # employer A's current version is recent
    assert due(date(2027, 2, 28)) == {"Bedrift B AS"}
    assert due(date(2027, 3, 1)) == {"Bedrift B AS", "Bedrift Æ AS"}
