"""Celery tasks for recruitments: thin, idempotent."""

from celery import shared_task


@shared_task
def send_candidate_list(recruitment_id: int, contact_id: int, sender_id: int, message: str = "") -> bool:
    """For messages queued before the list e-mail became an outbox row: make that row if it is missing."""
    from accounts.models import User
    from recruitment.models import Contact, Recruitment
    from recruitment.services.candidate_list import candidate_list_notify

    recruitment = Recruitment.objects.select_related("employer").filter(pk=recruitment_id).first()
    contact = Contact.objects.filter(pk=contact_id).select_related("user").first()
    if recruitment is None or contact is None or recruitment.list_sent_at is None:
        return False
    sender = User.objects.filter(pk=sender_id).first()
    return candidate_list_notify(recruitment=recruitment, contact=contact, sender=sender, message=message)


@shared_task
def candidate_list_pdf_build(recruitment_id: int) -> bool:
    """Build and store the list PDF of a sent list (skipped if this exact version is already stored)."""
    from django.conf import settings
    from django.utils import translation

    from recruitment.models import Recruitment
    from recruitment.services.candidate_list import candidate_list_pdf

    recruitment = Recruitment.objects.select_related("employer").filter(pk=recruitment_id).first()
    if recruitment is None or recruitment.list_sent_at is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):  # most downloads are in the default language
        candidate_list_pdf(recruitment=recruitment)
    return True


@shared_task(name="recruitment.close_requests_after_deadline")
def close_requests_after_deadline() -> int:
    """Daily: coordination requests kept open by continuous delivery close once the CV deadline has passed.
    (Proposals stop at the deadline anyway: `Recruitment.takes_candidates`; this makes the requests say so.)"""
    from recruitment.services.recruitments import requests_close_after_deadline

    return requests_close_after_deadline()
