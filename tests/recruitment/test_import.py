"""Importing employers and contacts from CSV or XLSX: preview with errors per row, then all or nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recruitment.models import Contact, Employer
from recruitment.services import check_rows, employers_import, read_table
from tests.factories import valid_org_number

pytestmark = pytest.mark.django_db

HEADER = "organisasjonsnummer;navn;bransje;størrelse;kommune;kontaktperson;stilling;e-post;telefon"


def _csv(*lines: str, name="bedrifter.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join([HEADER, *lines]) + "\n").encode("utf-8"), content_type="text/csv")


def _good_lines():
    a, b = valid_org_number(700), valid_org_number(701)
    return [
        f"{a};Ålesund Fisk AS;Sjømat og havbruk;10-49;Ålesund;Øyvind Ås;HR-sjef;oyvind@alesundfisk.no;99887766",
        f"{a};Ålesund Fisk AS;;;;Berit Ø;Daglig leder;berit@alesundfisk.no;",
        f"{b};Bømlo Bygg AS;construction;250+;Bømlo;;;;",
    ]


def _upload(client, upload):
    return client.post(reverse("recruitment:employer_import"), {"file": upload})


def test_a_valid_csv_is_previewed_and_nothing_is_saved_before_confirming(client, world):
    client.force_login(world.kam_a)
    response = _upload(client, _csv(*_good_lines()))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Alle 3 rader er gyldige" in body
    assert "Ålesund Fisk AS" in body
    assert Employer.objects.count() == 3


def test_confirming_saves_every_row_in_one_go(client, world):
    client.force_login(world.kam_a)
    response = _upload(client, _csv(*_good_lines()))
    token = response.context["token"]
    response = client.post(reverse("recruitment:employer_import_confirm"), {"token": token})
    assert response.status_code == 302
    fisk = Employer.objects.get(name="Ålesund Fisk AS")
    assert fisk.sector == "seafood" and fisk.size_band == "10-49"
    assert fisk.responsible_provider == world.provider_a and fisk.responsible_kam == world.kam_a
    assert list(fisk.contacts.values_list("full_name", "is_primary")) == [("Øyvind Ås", True), ("Berit Ø", False)]
    assert Employer.objects.get(name="Bømlo Bygg AS").sector == "construction"
    # the token is used up
    again = client.post(reverse("recruitment:employer_import_confirm"), {"token": token})
    assert again.status_code == 302 and Employer.objects.count() == 5


def test_errors_are_shown_per_row_in_norwegian_and_nothing_can_be_confirmed(client, world):
    client.force_login(world.kam_a)
    good = _good_lines()
    bad_check = valid_org_number(702)[:8] + str((int(valid_org_number(702)[8]) + 1) % 10)
    lines = [
        good[0],
        f"{bad_check};Feil Kontrollsiffer AS;;;;;;;",
        f"{world.employer_a.org_number};Finnes Fra Før AS;;;;;;;",
        f"{valid_org_number(703)};;Romfart;;;Ola;;ikke-epost;",
    ]
    response = _upload(client, _csv(*lines))
    body = response.content.decode()
    assert "3 rader har feil" in body
    assert "ikke et gyldig organisasjonsnummer" in body
    assert "Det finnes allerede en bedrift med dette organisasjonsnummeret" in body
    assert "«Romfart» er ikke et av valgene" in body
    assert "gyldig e-postadresse" in body
    assert response.context["token"] is None
    rows = response.context["rows"]
    assert [bool(r.errors) for r in rows] == [False, True, True, True]
    assert [r.line for r in rows] == [2, 3, 4, 5]
    response = client.post(reverse("recruitment:employer_import_confirm"), {"token": "forged"})
    assert response.status_code == 302
    assert Employer.objects.count() == 3


def test_the_service_saves_nothing_when_one_row_is_bad(world):
    a = valid_org_number(704)
    rows = [
        {"org_number": a, "name": "God Bedrift AS", "contact_name": "Kari", "contact_email": "kari@god.no"},
        {"org_number": "123", "name": "Dårlig Bedrift AS"},
    ]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        employers_import(actor=world.kam_a, provider=world.provider_a, rows=rows)
    assert "Rad 3" in str(exc.value)
    assert not Employer.objects.filter(name="God Bedrift AS").exists()
    assert not Contact.objects.filter(email="kari@god.no").exists()


def test_a_contact_twice_for_the_same_employer_is_an_error():
    a = valid_org_number(705)
    rows = [
        {"org_number": a, "name": "To Ganger AS", "contact_name": "Kari", "contact_email": "kari@to.no"},
        {"org_number": a, "name": "To Ganger AS", "contact_name": "Kari", "contact_email": "KARI@to.no"},
    ]
    checked = check_rows(rows)
    assert not checked[0].errors
    assert "to ganger" in checked[1].errors[0]


def test_an_xlsx_file_is_read_like_a_csv(client, world):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Organisasjonsnummer", "Navn", "Kommune", "Kontaktperson", "E-post"])
    sheet.append([int(valid_org_number(706)), "Årdal Aluminium AS", "Årdal", "Åse Ødegård", "ase@ardal.no"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(world.kam_a)
    upload = SimpleUploadedFile("liste.xlsx", buffer.getvalue())
    response = _upload(client, upload)
    assert "Alle 1 rader er gyldige" in response.content.decode() or "1 rad er gyldig" in response.content.decode()
    client.post(reverse("recruitment:employer_import_confirm"), {"token": response.context["token"]})
    employer = Employer.objects.get(name="Årdal Aluminium AS")
    assert employer.contacts.get().full_name == "Åse Ødegård"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("liste.txt", b"navn\nx"), "Last opp en CSV-fil (.csv) eller en Excel-arbeidsbok"),
        (SimpleUploadedFile("liste.xlsx", b"not a zip"), "kunne ikke leses som en Excel-arbeidsbok"),
        (SimpleUploadedFile("liste.csv", b""), "Filen er tom"),
        (SimpleUploadedFile("liste.csv", b"foo;bar\n1;2\n"), "Første rad må navngi kolonnene"),
    ],
)
def test_an_unreadable_file_is_refused_with_a_message(client, world, upload, message):
    client.force_login(world.kam_a)
    response = _upload(client, upload)
    assert message in response.content.decode()
    assert Employer.objects.count() == 3


def test_a_csv_with_commas_and_windows_encoding_is_read():
    content = f"organisasjonsnummer,navn,kommune\n{valid_org_number(707)},Tromsø Torg AS,Tromsø\n"
    rows = read_table("liste.csv", content.encode("cp1252"))
    assert rows[0]["name"] == "Tromsø Torg AS"


def test_the_same_org_number_with_another_name_is_an_error():
    a = valid_org_number(708)
    checked = check_rows([{"org_number": a, "name": "Første AS"}, {"org_number": a, "name": "Andre AS"}])
    assert "samme organisasjonsnummer som rad 2" in checked[1].errors[0].lower()


def test_numbers_from_a_spreadsheet_keep_their_digits(world):
    workbook = openpyxl.Workbook()
    workbook.active.append(["orgnr", "navn", "postnummer"])
    workbook.active.append([float(valid_org_number(709)), "Oslo Ost AS", 150])
    buffer = io.BytesIO()
    workbook.save(buffer)
    checked = check_rows(read_table("x.xlsx", buffer.getvalue()))
    assert not checked[0].errors
    assert checked[0].values["org_number"] == valid_org_number(709)
    assert checked[0].values["postal_code"] == "0150"
