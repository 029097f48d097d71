"""CSV and XLSX exports of the list pages: the same rows and columns as the page for the same filter, formula
injection neutralised, candidate rows audited, and a query count that does not grow with the rows."""

import csv
import datetime
import io
from html.parser import HTMLParser

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from kamportal.exports import export_response, safe_cell
from recruitment.services.contact_log import contact_log_add
from tests.candidates.factories import candidate_of
from tests.factories import EmployerFactory
from tests.recruitment.recruitment_factories import placement_for, recruitment_for


class _Table(HTMLParser):
    """The first <table>'s header texts and, per body row, the text of its first link."""

    def __init__(self):
        super().__init__()
        self.headers, self.rows = [], []
        self.part = None  # "thead", "tbody", "done"
        self.capture = None  # "th" or "a" while collecting text
        self.text = ""
        self.row_link = None

    def handle_starttag(self, tag, attrs):
        if self.part == "done":
            return
        if tag in ("thead", "tbody"):
            self.part = tag
        elif tag == "th" and self.part == "thead":
            self.capture, self.text = "th", ""
        elif tag == "tr" and self.part == "tbody":
            self.row_link = None
        elif tag == "a" and self.part == "tbody" and self.row_link is None:
            self.capture, self.text = "a", ""

    def handle_endtag(self, tag):
        if self.part == "done":
            return
        if tag == self.capture:
            text = " ".join(self.text.split())
            if tag == "th":
                self.headers.append(text)
            else:
                self.row_link = text
            self.capture = None
        elif tag == "tr" and self.part == "tbody":
            self.rows.append(self.row_link)
        elif tag == "table":
            self.part = "done"

    def handle_data(self, data):
        if self.capture:
            self.text += data


def page_table(html: str):
    parser = _Table()
    parser.feed(html)
    return parser.headers, parser.rows


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "no-store, private"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response):
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [["" if v is None else v for v in row] for row in book.active.iter_rows(values_only=True)]


def assert_same_as_page(client, url, params):
    headers, firsts = page_table(client.get(url, params).content.decode())
    assert headers and firsts, "the page shows a table"
    for rows in (
        csv_rows(client.get(url, {**params, "format": "csv"})),
        xlsx_rows(client.get(url, {**params, "format": "xlsx"})),
    ):
        assert rows[0] == headers
        assert [row[0] for row in rows[1:]] == [safe_cell(first) for first in firsts]
    return firsts


# --- the exporter ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+47 99", "-2+3", "@SUM(A1)", "\t=x", "\r=x"])
def test_text_a_spreadsheet_would_run_is_prefixed(text):
    assert safe_cell(text) == "'" + text


def test_plain_values_stay_as_they_are():
    assert safe_cell("Bergen Sjømat") == "Bergen Sjømat"
    assert safe_cell(-3) == -3
    assert safe_cell(None) == ""
    assert safe_cell(datetime.date(2026, 1, 5)) == datetime.date(2026, 1, 5)


def test_a_formula_never_reaches_the_xlsx_as_a_formula():
    response = export_response(fmt="xlsx", filename="t", columns=["=A"], rows=[['=HYPERLINK("x")', 1]])
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = list(book.active.iter_rows())
    assert all(cell.data_type != "f" for row in cells for cell in row)
    assert cells[1][0].value == '\'=HYPERLINK("x")'


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError):
        export_response(fmt="pdf", filename="t", columns=[], rows=[])


# --- the lists --------------------------------------------------------------------------------------------


def test_the_employer_list_exports_its_filtered_rows(client, world):
    EmployerFactory(name="=cmd|' /C calc'!A0 Bedrift", region=world.region)
    EmployerFactory(name="Annen AS", region=world.region)
    client.force_login(world.kam_a)
    url = reverse("recruitment:employer_list")
    firsts = assert_same_as_page(client, url, {"q": "Bedrift", "order": "-name"})
    assert len(firsts) == 3 and "Annen AS" not in firsts
    rows = csv_rows(client.get(url, {"q": "calc", "format": "csv"}))
    assert rows[1][0] == "'=cmd|' /C calc'!A0 Bedrift"


def test_the_recruitment_list_exports_its_rows(client, world):
    recruitment_for(world)
    recruitment_for(world)
    client.force_login(world.kam_a)
    firsts = assert_same_as_page(client, reverse("recruitment:recruitment_list"), {"all": "1"})
    assert len(firsts) == 2


def test_the_candidate_list_exports_its_rows_and_audits_each_candidate(client, world):
    shown = [candidate_of(world, "a", full_name=f"Kari Nummer{n}") for n in range(3)]
    candidate_of(world, "a", full_name="Ola Annen")
    candidate_of(world, "b", full_name="Kari Fra B")
    client.force_login(world.kam_a)
    url = reverse("candidates:list")
    firsts = assert_same_as_page(client, url, {"q": "Kari"})
    assert firsts == [c.full_name for c in shown]
    before = AuditEvent.objects.count()
    client.get(url, {"q": "Kari", "format": "csv"})
    events = AuditEvent.objects.order_by("id")[before:]
    assert sorted((e.action, e.candidate_id) for e in events) == sorted(("candidate.exported", c.pk) for c in shown)


def test_the_placement_list_exports_its_rows_and_audits_each_candidate(client, world):
    placement = placement_for(world, "a")
    client.force_login(world.advisor_a)
    firsts = assert_same_as_page(client, reverse("recruitment:my_placements"), {})
    assert firsts == [placement.candidate.full_name]
    before = AuditEvent.objects.count()
    client.get(reverse("recruitment:my_placements"), {"format": "xlsx"})
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [(e.action, e.candidate_id, e.object_id) for e in events] == [
        ("candidate.exported", placement.candidate_id, str(placement.pk))
    ]


def test_the_weekly_contact_log_exports_the_weeks_entries(client, world):
    today = timezone.localdate()
    contact_log_add(actor=world.kam_a, employer=world.employer_a, kind="visit", occurred_on=today, participants="=x")
    contact_log_add(actor=world.kam_a, employer=world.employer_b, kind="call", occurred_on=today, planned=True)
    contact_log_add(
        actor=world.kam_a, employer=world.employer_b, kind="call", occurred_on=today - datetime.timedelta(days=8)
    )
    client.force_login(world.kam_a)
    url = reverse("recruitment:weekly_plan")
    html = client.get(url).content.decode()
    rows = csv_rows(client.get(url, {"format": "csv"}))
    assert rows[0] == ["Dato", "Type", "Bedrift", "Planlagt, ikke holdt ennå", "Deltakere"]
    assert sorted(row[2] for row in rows[1:]) == ["Bedrift B AS", "Bedrift Æ AS"]
    assert all(row[2] in html for row in rows[1:])
    assert "'=x" in [row[4] for row in rows[1:]]
    assert xlsx_rows(client.get(url, {"format": "xlsx"}))[0] == rows[0]


def test_an_export_follows_the_pages_access(client, world):
    client.force_login(world.advisor_a)
    assert client.get(reverse("recruitment:employer_list"), {"format": "csv"}).status_code == 403
    client.force_login(world.coordinator)
    assert client.get(reverse("candidates:list"), {"format": "xlsx"}).status_code == 403


def test_an_unknown_format_shows_the_page(client, world):
    client.force_login(world.kam_a)
    response = client.get(reverse("recruitment:employer_list"), {"format": "pdf"})
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "url_name, user, grow",
    [
        ("recruitment:employer_list", "kam_a", lambda w: EmployerFactory(region=w.region)),
        ("candidates:list", "advisor_a", lambda w: candidate_of(w, "a")),
        ("recruitment:recruitment_list", "kam_a", lambda w: recruitment_for(w)),
        ("recruitment:my_placements", "advisor_a", lambda w: placement_for(w, "a")),
        (
            "recruitment:weekly_plan",
            "kam_a",
            lambda w: contact_log_add(
                actor=w.kam_a, employer=w.employer_a, kind="call", occurred_on=timezone.localdate()
            ),
        ),
    ],
)
def test_the_export_query_count_does_not_grow_with_the_rows(client, world, url_name, user, grow, fmt):
    client.force_login(getattr(world, user))
    url = reverse(url_name)

    def count():
        client.get(url, {"format": fmt, "all": "1"})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"format": fmt, "all": "1"}).status_code == 200
        return len(queries)

    grow(world)
    small = count()
    grow(world)
    grow(world)
    assert count() == small


@pytest.mark.parametrize("url_name", ["recruitment:employer_list", "candidates:list", "recruitment:recruitment_list"])
def test_an_export_over_the_row_limit_is_refused_with_a_message_and_nothing_audited(client, world, settings, url_name):
    for n in range(3):
        EmployerFactory(name=f"Grensebedrift {n}", region=world.region)
        candidate_of(world, "a", full_name=f"Grense Kandidat {n}")
        recruitment_for(world)
    settings.EXPORT_MAX_ROWS = 2
    client.force_login(world.kam_a)
    url = reverse(url_name)
    before = AuditEvent.objects.count()
    response = client.get(url, {"format": "xlsx", "all": "1"})
    assert response.status_code == 302 and "format" not in response["Location"]
    assert "all=1" in response["Location"]
    assert AuditEvent.objects.count() == before  # nothing exported, nothing audited
    page = client.get(response["Location"]).content.decode()
    assert "Eksporten ville hatt mer enn 2 rader" in page
    settings.EXPORT_MAX_ROWS = 100
    assert client.get(url, {"format": "xlsx", "all": "1"})["Content-Type"].startswith("application/vnd.openxml")
