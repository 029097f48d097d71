"""Reading the audit trail: a user's own history ("my access history") and a candidate's access log.

Both are pages of AuditEvent rows, newest first, two queries a page (the count and the rows with their actor)
whatever the page holds. Each row gets a translated `label` for its action and `what` for its object type;
an action without a label shows its code.
"""

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent, User

PAGE_SIZE = 50

ACTION_LABELS = {
    "access.denied": _("Tried to open something not theirs to see (refused)"),
    "candidate.created": _("Registered the candidate"),
    "candidate.updated": _("Changed the candidate"),
    "candidate.status_changed": _("Changed the candidate's status"),
    "candidate.viewed": _("Viewed the dossier"),
    "candidate.listed": _("Saw the candidate in a list"),
    "candidate.edit_viewed": _("Opened the candidate for editing"),
    "candidate.audit_viewed": _("Read the candidate's access log"),
    "assessment.edit_viewed": _("Opened the assessment for editing"),
    "assessment.saved": _("Saved the assessment"),
    "document.uploaded": _("Uploaded a document"),
    "document.downloaded": _("Downloaded a document"),
    "document.reviewed": _("Marked a document as reviewed"),
    "consent.recorded": _("Recorded a consent"),
    "consent.withdrawn": _("Withdrew a consent"),
    "candidate.search_listed": _("Saw the candidate in search results"),
    "candidate.exported": _("Exported the candidate in a list"),
    "submission.proposed": _("Proposed the candidate"),
    "submission.viewed": _("Saw the proposal"),
    "candidate_list.viewed": _("Viewed the candidate list"),
    "candidate_list.downloaded": _("Downloaded the candidate list (PDF)"),
    "placement.viewed": _("Viewed the placement"),
    "placement.listed": _("Saw the placement in a list"),
    "placement.viewed_in_portal": _("Viewed the placement in the employer portal"),
    "contact.left": _("Recorded that a contact left the employer"),
    "contact.left_undone": _("Undid a contact's departure"),
    "contact.erased": _("Erased a contact who left (retention)"),
    "export_job.requested": _("Asked for an export"),
    "export_job.downloaded": _("Downloaded an export"),
    "employer_prospect.hold_meeting": _("Recorded the first meeting with a prospect"),
    "employer_prospect.sign": _("Recorded a signed agreement with a prospect"),
    "target.save": _("Saved yearly targets"),
}


def _labelled(events: list[AuditEvent]) -> list[AuditEvent]:
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)
        try:
            event.what = apps.get_model(event.object_type)._meta.verbose_name
        except (LookupError, ValueError):
            event.what = event.object_type
    return events


def history_page(events: QuerySet, page_number) -> Page:
    page = Paginator(events.select_related("actor").order_by("-at", "-id"), PAGE_SIZE).get_page(page_number)
    page.object_list = _labelled(list(page.object_list))
    return page


def user_history_page(*, user: User, page_number=None) -> Page:
    """What the user read and did: every audit event with the user as actor."""
    return history_page(AuditEvent.objects.filter(actor=user), page_number)


def candidate_history_page(*, candidate_id: int, page_number=None) -> Page:
    """Who read or changed the candidate's data, and the refused attempts: every event naming the candidate."""
    return history_page(AuditEvent.objects.filter(candidate_id=candidate_id), page_number)
