"""Celery tasks for recruitments: thin, idempotent."""

from celery import shared_task
from django.urls import reverse


@shared_task(acks_late=True)
def send_candidate_list(recruitment_id: int, contact_id: int, sender_id: int, message: str = "") -> bool:
    """E-mail the employer's contact the link to the candidate list, with the list as PDF.

    Idempotent: a list already notified to this contact for this recruitment is not sent again.
    """
    from accounts.models import Notification, User
    from accounts.notifications import absolute_url, notify
    from recruitment.models import Contact, Recruitment
    from recruitment.services.candidate_list import candidate_list_pdf

    recruitment = Recruitment.objects.select_related("employer").filter(pk=recruitment_id).first()
    contact = Contact.objects.filter(pk=contact_id).select_related("user").first()
    if recruitment is None or contact is None or recruitment.list_sent_at is None:
        return False
    url = reverse("recruitment:candidate_list", kwargs={"uuid": recruitment.uuid})
    if Notification.objects.filter(
        kind="recruitment.list_sent", url=absolute_url(url), email__iexact=contact.email
    ).exists():
        return False
    pdf = candidate_list_pdf(recruitment=recruitment)
    notify(
        recipients=[contact.user or contact.email],
        kind="recruitment.list_sent",
        template="recruitment/emails/candidate_list",
        context={
            "recruitment": recruitment,
            "employer": recruitment.employer,
            "contact": contact,
            "kam": User.objects.filter(pk=sender_id).first(),
            "message": message,
        },
        url=url,
        attachments=[(f"kandidatliste-{recruitment.uuid.hex[:8]}.pdf", pdf, "application/pdf")],
    )
    return True
