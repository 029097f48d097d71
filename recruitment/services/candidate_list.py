"""The employer's candidate list: the e-mail that links to it (no candidate data travels by e-mail),
and the list as one PDF (downloaded in the portal): a cover page, then per candidate a sheet with the
advisor's view, the CV and the application, each only if the candidate's consent covers it.

PDF documents are appended page by page (pypdf); a Word or ODT file cannot be rendered here,
so its sheet says where to open it in the portal.
"""

import io
import logging

from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.notifications import absolute_url, notify
from kamportal.lib.pdf import render_pdf
from recruitment.models import Recruitment
from recruitment.selectors.recruitments import candidate_list_for_employer

log = logging.getLogger(__name__)


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


def candidate_list_pdf(*, recruitment: Recruitment) -> bytes:
    from pypdf import PdfReader, PdfWriter

    entries = candidate_list_for_employer(recruitment=recruitment)
    context = {"recruitment": recruitment, "employer": recruitment.employer, "entries": entries}
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(render_pdf("recruitment/recruitments/list_pdf_cover.html", context))))
    for number, entry in enumerate(entries, start=1):
        cv = _pdf_pages(entry.submission.cv) if entry.parts["cv"] else None
        application = _pdf_pages(entry.submission.application) if entry.parts["application"] else None
        sheet = render_pdf(
            "recruitment/recruitments/list_pdf_candidate.html",
            {
                **context,
                "entry": entry,
                "number": number,
                "cv_included": cv is not None,
                "application_included": application is not None,
            },
        )
        writer.append(PdfReader(io.BytesIO(sheet)))
        for attached in (cv, application):
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
