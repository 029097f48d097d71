"""Work-queue kinds of the employer's contact: lists to answer, interviews, mapping forms to approve."""

from datetime import timedelta

from django.db.models import F
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils.translation import gettext as _

from recruitment.work_queue.items import (
    Part,
    WorkItem,
    _day,
    _fmt,
    _is_contact,
    _when,
    queue_source,
    ranked,
    ranked_rows,
    title_expression,
    uuid_url,
    wanted,
    week_bounds,
)


@queue_source("list_to_answer", who=_is_contact)
def lists_to_answer(user, p, today, now):
    from accounts.policy import recruitments_visible_to
    from recruitment.reminders import lists_waiting_for_answers

    rows = lists_waiting_for_answers().filter(
        employer_id=p.contact_employer_id, pk__in=recruitments_visible_to(user).values("pk")
    )
    rows = rows.only("uuid", "title", "feedback_deadline", "list_sent_at")
    rows, total = ranked_rows(
        rows, kind="list_to_answer", since=TruncDate("list_sent_at"), title=F("title"), today=today
    )
    items = []
    for recruitment in rows:
        overdue = recruitment.feedback_deadline is not None and recruitment.feedback_deadline < today
        why = _("%(count)d candidate(s) wait for your answer") % {"count": recruitment.unanswered_count}
        if recruitment.feedback_deadline:
            why += " " + (_("(the answer was due %(day)s)") if overdue else _("(answer by %(day)s)")) % {
                "day": _fmt(recruitment.feedback_deadline)
            }
        items.append(
            WorkItem(
                kind="list_to_answer",
                title=recruitment.title,
                why=why,
                since=_day(recruitment.list_sent_at),
                url=uuid_url("recruitment:candidate_list", recruitment.uuid),
            )
        )
    yield Part("list_to_answer", items, total)


@queue_source("contact_interview", who=_is_contact)
def contact_interviews(user, p, today, now):
    """Upcoming interviews of the contact's employer, of candidates the portal shows them (no names here)."""
    from accounts.policy import submissions_visible_to
    from recruitment.models import Interview, SubmissionStatus

    start, _end = week_bounds(today)
    rows = Interview.objects.filter(
        submission__in=submissions_visible_to(user).values("pk"),
        submission__status=SubmissionStatus.INTERVIEW,
        cancelled_at__isnull=True,
        starts_at__gte=max(start, now - timedelta(hours=12)),
    ).select_related("submission__recruitment")
    rows = rows.only("starts_at", "place", "submission__recruitment__uuid", "submission__recruitment__title")
    title = _("Interview: %(title)s")
    rows, total = ranked_rows(
        rows,
        kind="contact_interview",
        since=TruncDate("starts_at"),
        title=title_expression(title, title=F("submission__recruitment__title")),
        today=today,
    )
    items = [
        WorkItem(
            kind="contact_interview",
            title=title % {"title": interview.submission.recruitment.title},
            why=_("%(when)s, %(place)s; give your answer afterwards")
            % {"when": _when(interview.starts_at), "place": interview.place},
            since=_day(interview.starts_at),
            url=uuid_url("recruitment:candidate_list", interview.submission.recruitment.uuid),
        )
        for interview in rows
    ]
    yield Part("contact_interview", items, total)


@queue_source("mapping_to_approve", who=_is_contact)
def mapping_forms_to_approve(user, p, today, now):
    from recruitment.models import Employer, MappingStatus
    from recruitment.selectors.mapping import latest_versions

    employer = Employer(pk=p.contact_employer_id)
    rows = latest_versions(user=user, employer=employer).filter(status=MappingStatus.AWAITING_APPROVAL)
    title = _("Mapping form, version %(number)d")
    yield ranked(
        "mapping_to_approve",
        rows if wanted("mapping_to_approve") else [],
        today=today,
        since=lambda version: _day(version.sent_at),
        title=lambda version: title % {"number": version.number},
        make=_mapping_item,
    )


def mapping_items(rows) -> list[WorkItem]:
    """The queue's items for mapping-form versions awaiting the contact's approval (the portal home passes the
    versions it shows, so the queue does not read them again)."""
    title = _("Mapping form, version %(number)d")
    return [_mapping_item(version, title % {"number": version.number}) for version in rows]


def _mapping_item(version, title: str) -> WorkItem:
    sent_on = _day(version.sent_at)
    return WorkItem(
        kind="mapping_to_approve",
        title=title,
        why=_("Sent to you for approval %(day)s") % {"day": _fmt(sent_on)},
        since=sent_on,
        url=reverse("recruitment:portal_home") + f"#waiting-form-{version.form.uuid}",
    )
