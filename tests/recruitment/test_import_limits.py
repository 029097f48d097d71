"""The import stops reading at the row cap: a small XLSX with a million rows is refused within a second or so."""

import io
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from recruitment.models import Employer
from recruitment.services import ImportFileError, read_table
from recruitment.services.imports import MAX_ROWS

pytestmark = pytest.mark.django_db

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>organisasjonsnummer</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>navn</t></is></c></row>'
)


def _sheet_xlsx(row_xml: str, rows: int, *, dimension: bool) -> bytes:
    """A workbook written part by part (no openpyxl), so it can hold a million rows in a few hundred KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?>')
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            if dimension:
                sheet.write(f'<dimension ref="A1:B{rows + 1}"/>'.encode())
            sheet.write(b"<sheetData>" + HEADER_ROW.encode())
            chunk = (row_xml * 50_000).encode()
            for _ in range(rows // 50_000):
                sheet.write(chunk)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def million_blank_rows() -> bytes:
    """A million rows that hold nothing, and no <dimension>: small packed and unpacked, slow to walk."""
    return _sheet_xlsx("<row/>", 1_000_000, dimension=False)


@pytest.fixture(scope="module")
def million_rows() -> bytes:
    """A million rows with a value each (rows and cells numbered by position, as the format allows)."""
    return _sheet_xlsx("<row><c><v>1</v></c></row>", 1_000_000, dimension=True)


def _refused_quickly(name: str, content: bytes) -> float:
    started = time.monotonic()
    with pytest.raises(ImportFileError) as refused:
        read_table(name, content)
    elapsed = time.monotonic() - started
    assert f"Høyst {MAX_ROWS} rader" in str(refused.value) or f"At most {MAX_ROWS} rows" in str(refused.value)
    return elapsed


def test_a_small_xlsx_with_a_million_rows_is_refused_within_a_second_or_so(million_rows):
    assert len(million_rows) < 300 * 1024  # far below the upload form's size limit
    assert _refused_quickly("liste.xlsx", million_rows) < 3


def test_a_million_blank_rows_without_a_dimension_are_refused_at_the_row_cap(million_blank_rows):
    assert len(million_blank_rows) < 300 * 1024
    assert _refused_quickly("liste.xlsx", million_blank_rows) < 3


def test_a_csv_with_a_million_rows_is_refused_quickly():
    content = ("organisasjonsnummer;navn\n" + "123456785;Bedrift AS\n" * 1_000_000).encode()
    assert _refused_quickly("liste.csv", content) < 3


def test_one_row_over_the_cap_is_refused_and_the_cap_itself_is_accepted():
    def workbook(rows):
        book = openpyxl.Workbook()
        book.active.append(["organisasjonsnummer", "navn"])
        for n in range(rows):
            book.active.append([f"9{n:08d}", f"Bedrift {n} AS"])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    assert len(read_table("liste.xlsx", workbook(MAX_ROWS))) == MAX_ROWS
    _refused_quickly("liste.xlsx", workbook(MAX_ROWS + 1))


def test_the_import_page_refuses_the_million_row_workbook_with_a_message_and_saves_nothing(client, world, million_rows):
    client.force_login(world.kam_a)
    before = Employer.objects.count()
    response = client.post(
        reverse("recruitment:employer_import"), {"file": SimpleUploadedFile("liste.xlsx", million_rows)}
    )
    assert f"Høyst {MAX_ROWS} rader kan importeres om gangen" in response.content.decode()
    assert Employer.objects.count() == before


def test_an_xlsx_with_an_external_entity_is_not_read():
    book = openpyxl.Workbook()
    book.active.append(["organisasjonsnummer", "navn"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    hostile = io.BytesIO()
    with zipfile.ZipFile(hostile, "w") as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"<worksheet", b'<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet', 1
                )
            archive.writestr(info, data)
    with pytest.raises(ImportFileError):
        read_table("liste.xlsx", hostile.getvalue())
