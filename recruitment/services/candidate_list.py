"""The employer's candidate list: the e-mail that links to it (no candidate data travels by e-mail),
and the list as one PDF (downloaded in the portal): a cover page, then per candidate a sheet with the
advisor's view, the CV and the application, each only if the candidate's consent covers it.

PDF documents are appended page by page (pypdf); a Word or ODT file cannot be rendered here,
so its sheet says where to open it in the portal.
"""

import hashlib
import io
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.notifications import absolute_url, notify
from kamportal.lib.pdf import html_to_pdf
from kamportal.storage import private_storage
from recruitment.models import Recruitment
from recruitment.selectors.recruitments import candidate_list_for_employer

log = logging.getLogger(__name__)

# Stored list PDFs, one folder per recruitment, named by the list's fingerprint (never swept as orphan documents).
LIST_PDF_PREFIX = "candidate-lists/"


def _pdf_pages(document) -> bytes | None:
    """The document's bytes if it is a readable PDF, else None."""
    from candidates.services import document_open

    if document is None or document.content_type != "application/pdf":
        return None
    try:
        with document_open(document=document) as handle:
            return handle.read()
    except OSError:
        log.warning("document %s is missing from storage", document.pk)
        return None


@dataclass
class _ListPdfParts:
    """The list's pages as HTML (cheap to render) and the documents appended after each sheet."""

    cover: str
    sheets: list[tuple[str, object, object]]  # (sheet html, cv document or None, application document or None)

    @property
    def fingerprint(self) -> str:
        """What the PDF would show: a change to any shown field, consent part, document or language changes it."""
        digest = hashlib.sha256(self.cover.encode())
        for html, cv, application in self.sheets:
            digest.update(b"\x00" + html.encode())
            for document in (cv, application):
                digest.update(b"\x01" + (document.sha256.encode() if document is not None else b"-"))
        return digest.hexdigest()


def _is_pdf(document) -> bool:
    return document is not None and document.content_type == "application/pdf"


def _list_pdf_parts(recruitment: Recruitment, entries: list) -> _ListPdfParts:
    context = {"recruitment": recruitment, "employer": recruitment.employer, "entries": entries}
    sheets = []
    for number, entry in enumerate(entries, start=1):
        cv = entry.submission.cv if entry.parts["cv"] and _is_pdf(entry.submission.cv) else None
        application = (
            entry.submission.application
            if entry.parts["application"] and _is_pdf(entry.submission.application)
            else None
        )
        html = render_to_string(
            "recruitment/recruitments/list_pdf_candidate.html",
            {
                **context,
                "entry": entry,
                "number": number,
                "cv_included": cv is not None,
                "application_included": application is not None,
            },
        )
        sheets.append((html, cv, application))
    return _ListPdfParts(cover=render_to_string("recruitment/recruitments/list_pdf_cover.html", context), sheets=sheets)


def _build_list_pdf(recruitment: Recruitment, parts: _ListPdfParts) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(html_to_pdf(parts.cover))))
    for html, cv, application in parts.sheets:
        writer.append(PdfReader(io.BytesIO(html_to_pdf(html))))
        for document in (cv, application):
            attached = _pdf_pages(document)
            if attached is None:
                continue
            try:
                writer.append(PdfReader(io.BytesIO(attached)))
            except Exception:  # a damaged file must not stop the list; the sheet still names the part
                log.exception("could not append a document to the candidate list of recruitment %s", recruitment.pk)
    writer.add_metadata(
        {
            "/Title": f"{recruitment.title} – {recruitment.employer.name}",
            "/CreationDate": timezone.now().strftime("D:%Y%m%d%H%M%S"),
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _list_pdf_folder(recruitment: Recruitment) -> str:
    return f"{LIST_PDF_PREFIX}{recruitment.uuid.hex}"


def candidate_list_pdf(*, recruitment: Recruitment, entries: list | None = None) -> bytes:
    """The list as one PDF: the stored copy if this exact list (same fingerprint) was built before, else built
    now and stored (older copies of this recruitment's list are deleted: only the current one is kept)."""
    if entries is None:
        entries = candidate_list_for_employer(recruitment=recruitment)
    parts = _list_pdf_parts(recruitment, entries)
    name = f"{_list_pdf_folder(recruitment)}/{parts.fingerprint}.pdf"
    try:
        with private_storage.open(name, "rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError):
        pass
    content = _build_list_pdf(recruitment, parts)
    list_pdfs_forget(recruitment_ids=[recruitment.pk])
    private_storage.save(name, ContentFile(content))
    return content


def list_pdfs_forget(*, recruitment_ids) -> int:
    """Delete the stored list PDFs of these recruitments (after consent withdrawal, anonymisation, a new version)."""
    removed = 0
    for recruitment in Recruitment.objects.filter(pk__in=list(recruitment_ids)).only("uuid"):
        folder = _list_pdf_folder(recruitment)
        try:
            _, files = private_storage.listdir(folder)
        except (FileNotFoundError, OSError):
            continue
        for file_name in files:
            private_storage.delete(f"{folder}/{file_name}")
            removed += 1
    return removed


def candidate_list_pdf_prepare(*, recruitment: Recruitment) -> None:
    """After the list changed (sent, supplemented): build the PDF in a task once the change is committed, so
    the employer's download serves a stored file instead of waiting for weasyprint."""
    from recruitment.tasks import candidate_list_pdf_build

    def queue():
        try:
            candidate_list_pdf_build.delay(recruitment.pk)
        except Exception:  # a broker outage only means the first download builds it
            log.warning("could not queue the list PDF of recruitment %s; it is built on first download", recruitment.pk)

    transaction.on_commit(queue)


def candidate_list_notify(*, recruitment: Recruitment, contact, sender, message: str = "", supplement: int = 0) -> bool:
    """The list e-mail to the contact (a link only), once per recruitment and contact; False if already made.

    `supplement`: the number of candidates added to a list already sent (continuous delivery); each
    supplementary list is told once by its caller (it lists only proposals not yet on the list)."""
    url = reverse("recruitment:candidate_list", kwargs={"uuid": recruitment.uuid})
    if supplement:
        notify(
            recipients=[contact.user or contact.email],
            kind="recruitment.list_supplemented",
            template="recruitment/emails/candidate_list",
            context={
                "recruitment": recruitment,
                "employer": recruitment.employer,
                "contact": contact,
                "kam": sender,
                "message": message,
                "supplement": True,
                "new_count": supplement,
            },
            url=url,
        )
        return True
    if Notification.objects.filter(
        kind="recruitment.list_sent", url=absolute_url(url), email__iexact=contact.email
    ).exists():
        return False
    notify(
        recipients=[contact.user or contact.email],
        kind="recruitment.list_sent",
        template="recruitment/emails/candidate_list",
        context={
            "recruitment": recruitment,
            "employer": recruitment.employer,
            "contact": contact,
            "kam": sender,
            "message": message,
        },
        url=url,
    )
    return True
