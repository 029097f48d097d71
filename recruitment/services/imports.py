"""Import employers and contacts from CSV or XLSX: parse, check every row, then save all or nothing.

One row is one employer with (optionally) one contact. Several rows with the same
organisation number add several contacts to that employer; the first row's contact
becomes the primary one and the first row's employer columns count.
"""

import contextlib
import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Provider, User
from kamportal.lib.orgnr import normalise_org_number
from kamportal.workflow import WorkflowError
from recruitment import rules
from recruitment.models import Contact, Employer, Sector, SizeBand

from .employers import contact_add, employer_create

MAX_ROWS = 2000

# Accepted column headings (lower-case) -> field. Norwegian first, English second.
HEADERS = {
    "organisasjonsnummer": "org_number",
    "orgnr": "org_number",
    "org_number": "org_number",
    "organisation number": "org_number",
    "navn": "name",
    "bedrift": "name",
    "name": "name",
    "bransje": "sector",
    "sektor": "sector",
    "sector": "sector",
    "størrelse": "size_band",
    "size": "size_band",
    "size_band": "size_band",
    "adresse": "address",
    "address": "address",
    "postnummer": "postal_code",
    "postal_code": "postal_code",
    "poststed": "postal_place",
    "postal_place": "postal_place",
    "kommune": "municipality",
    "municipality": "municipality",
    "nettside": "website",
    "website": "website",
    "medlem": "is_member",
    "member": "is_member",
    "kontaktperson": "contact_name",
    "contact_name": "contact_name",
    "stilling": "contact_title",
    "contact_title": "contact_title",
    "e-post": "contact_email",
    "epost": "contact_email",
    "contact_email": "contact_email",
    "telefon": "contact_phone",
    "contact_phone": "contact_phone",
}
EMPLOYER_COLUMNS = [
    "org_number",
    "name",
    "sector",
    "size_band",
    "address",
    "postal_code",
    "postal_place",
    "municipality",
    "website",
]
CONTACT_COLUMNS = ["contact_name", "contact_title", "contact_email", "contact_phone"]


class ImportFileError(WorkflowError, ValueError):
    """The file as a whole cannot be read (wrong type, no header, too many rows)."""


@dataclass
class ImportRow:
    line: int  # the row number as the user sees it in the spreadsheet (header = 1)
    values: dict
    errors: list[str] = field(default_factory=list)


def _choice(value: str, choices) -> str | None:
    wanted = value.strip().lower()
    if not wanted:
        return ""
    for code, label in choices.choices:
        if wanted in (str(code).lower(), str(label).lower()):
            return code
    return None


def _cell_text(cell) -> str:
    """Spreadsheet cells as text; whole numbers stored as floats lose their ".0"."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def read_table(filename: str, content: bytes) -> list[dict]:
    """Rows of the first sheet (XLSX) or the CSV file as dicts keyed by field name.

    Reading stops at the row cap: a file with more rows is refused without reading the rest, and an
    XLSX whose parts unpack to more than MAX_XLSX_UNPACKED_BYTES is refused before it is parsed.
    """
    name = filename.lower()
    if name.endswith(".xlsx"):
        raw = _xlsx_rows(content)
    elif name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252")
        dialect = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        raw = _capped([cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect))
    else:
        raise ImportFileError(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."))
    if not raw:
        raise ImportFileError(_("The file is empty."))
    header = [HEADERS.get(h.strip().lower()) for h in raw[0]]
    if "org_number" not in header or "name" not in header:
        raise ImportFileError(_("The first row must name the columns, at least “organisasjonsnummer” and “navn”."))
    rows = []
    for cells in raw[1:]:
        rows.append({key: (cells[i] if i < len(cells) else "") for i, key in enumerate(header) if key})
    return rows


# A sheet of MAX_ROWS rows with every column filled unpacks to a few MB; far more is not an employer list.
MAX_XLSX_UNPACKED_BYTES = 20 * 1024 * 1024
# Blank rows are skipped but still read; past this many rows read in all, reading stops.
MAX_ROWS_READ = 3 * MAX_ROWS


def _too_many_rows() -> ImportFileError:
    return ImportFileError(_("At most %(max)s rows can be imported at a time.") % {"max": MAX_ROWS})


def _capped(rows) -> list[list[str]]:
    """The non-blank rows (header and at most MAX_ROWS more), reading no further than needed to know."""
    kept = []
    for read, row in enumerate(rows, start=1):
        if read > MAX_ROWS_READ:
            raise _too_many_rows()
        if any(row):
            kept.append(row)
            if len(kept) > MAX_ROWS + 1:
                raise _too_many_rows()
    return kept


def _count_row_elements(archive) -> None:
    """Count <row> elements in every XML part with a streaming parser, stopping past the cap, before openpyxl
    opens the sheet: it walks a sheet without a <dimension> in full, and skips rows without cells silently,
    so a million `<row/>` would be read to the end."""
    from defusedxml.ElementTree import iterparse

    for info in archive.infolist():
        if not info.filename.lower().endswith(".xml"):
            continue
        rows = 0
        with archive.open(info) as part:
            for event, element in iterparse(part, events=("start", "end"), forbid_dtd=True):
                if element.tag != "row" and not element.tag.endswith("}row"):
                    continue
                if event == "end":
                    element.clear()
                    continue
                rows += 1
                if rows > MAX_ROWS_READ:
                    raise _too_many_rows()


def _xlsx_rows(content: bytes) -> list[list[str]]:
    import zipfile

    import openpyxl  # parses XML through defusedxml when it is installed (it is: requirements.txt)

    unreadable = ImportFileError(_("The file could not be read as an Excel workbook (.xlsx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_XLSX_UNPACKED_BYTES:
                raise _too_many_rows()
            _count_row_elements(archive)
    except ImportFileError:
        raise
    except Exception as exc:  # zipfile and the XML parser raise many kinds for a broken or hostile file
        raise unreadable from exc
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise unreadable from exc
    try:
        sheet = workbook.active
        declared = sheet.max_row  # from the sheet's <dimension>, when it has one: nothing is read yet
        if declared and declared > MAX_ROWS_READ:
            raise _too_many_rows()
        return _capped([_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True))
    except ImportFileError:
        raise
    except Exception as exc:
        raise unreadable from exc
    finally:
        workbook.close()


def check_rows(rows: list[dict]) -> list[ImportRow]:
    """Normalise and check each row; errors are sentences the KAM can act on."""
    checked: list[ImportRow] = []
    seen_contacts: set[tuple[str, str]] = set()
    first_row_of: dict[str, int] = {}
    for index, raw in enumerate(rows):
        row = ImportRow(
            line=index + 2, values={k: str(raw.get(k, "")).strip() for k in EMPLOYER_COLUMNS + CONTACT_COLUMNS}
        )
        values = row.values
        values["org_number"] = normalise_org_number(values["org_number"])
        values["is_member"] = str(raw.get("is_member", "")).strip().lower() not in ("nei", "no", "n", "0", "false")
        for column, choices in (("sector", Sector), ("size_band", SizeBand)):
            code = _choice(values[column], choices)
            if code is None:
                row.errors.append(
                    _("%(field)s: “%(value)s” is not one of the choices.")
                    % {"field": Employer._meta.get_field(column).verbose_name, "value": values[column]}
                )
                values[column] = ""
            else:
                values[column] = code
        if values["postal_code"].isdigit() and len(values["postal_code"]) < 4:
            values["postal_code"] = values["postal_code"].zfill(4)  # "0150" read as the number 150
        org = values["org_number"]
        if org in first_row_of:
            first = checked[first_row_of[org] - 2].values
            if values["name"] and values["name"] != first["name"]:
                row.errors.append(
                    _("Same organisation number as row %(line)s, but another name.") % {"line": first_row_of[org]}
                )
        else:
            first_row_of[org] = row.line
            employer = Employer(**{k: values[k] for k in EMPLOYER_COLUMNS}, is_member=values["is_member"])
            try:
                employer.full_clean(exclude=["region", "responsible_provider", "responsible_kam"])
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    label = Employer._meta.get_field(name).verbose_name if name != "__all__" else ""
                    row.errors.extend(f"{label}: {m}" if label else m for m in messages)
        if any(values[c] for c in CONTACT_COLUMNS):
            if not values["contact_name"]:
                row.errors.append(_("Contact: the name is missing."))
            try:
                values["contact_phone"] = rules.phone_clean(values["contact_phone"])
            except ValidationError as exc:
                row.errors.extend(exc.messages)
            contact = Contact(
                full_name=values["contact_name"] or "-",
                title=values["contact_title"],
                email=values["contact_email"].lower(),
                phone=values["contact_phone"],
            )
            try:
                contact.full_clean(exclude=["employer", "user"])
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    label = Contact._meta.get_field(name).verbose_name if name != "__all__" else ""
                    row.errors.extend(
                        _("Contact %(field)s: %(message)s") % {"field": label, "message": m} for m in messages
                    )
            key = (org, values["contact_email"].lower())
            if key in seen_contacts:
                row.errors.append(_("This contact appears twice for the same employer in the file."))
            seen_contacts.add(key)
        checked.append(row)
    return checked


@transaction.atomic
def employers_import(*, actor: User, provider: Provider, rows: list[dict]) -> list[Employer]:
    """Check every row again and save them all, or raise ValidationError and save nothing."""
    checked = check_rows(rows)
    bad = [row for row in checked if row.errors]
    if bad:
        raise ValidationError(
            [_("Row %(line)s: %(errors)s") % {"line": r.line, "errors": "; ".join(r.errors)} for r in bad]
        )
    created: dict[str, Employer] = {}
    for row in checked:
        values = row.values
        org = values["org_number"]
        employer = created.get(org)
        if employer is None:
            employer = employer_create(
                actor=actor,
                provider=provider,
                is_member=values["is_member"],
                **{k: values[k] for k in EMPLOYER_COLUMNS},
            )
            created[org] = employer
            primary = True
        else:
            primary = False
        if values["contact_name"]:
            contact_add(
                actor=actor,
                employer=employer,
                full_name=values["contact_name"],
                title=values["contact_title"],
                email=values["contact_email"],
                phone=values["contact_phone"],
                is_primary=primary,
            )
    return list(created.values())
