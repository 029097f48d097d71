"""A placement's expectation agreement and attendance (the placement of tests/access/expectations/placements.py:
provider B's candidate on a recruitment provider A coordinates).

Staff pages: provider B's staff and kam_a read; advisor_b and kam_b change (kam_a and admin_b: 403); provider
A's advisor and admin and kam_other get 404; the coordinator, contacts and the outsider 403. Portal pages:
the contact of employer A answers; the contact of another employer gets 404; staff 403.
"""

import datetime

from django.utils import timezone

from tests.access.matrix import REDIRECT, Entry, expect, signed_in
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import placement_for

NOT_THEIRS = {"advisor_a": 404, "admin_a": 404, "kam_other": 404}
SEE = signed_in(403, kam_a=200, kam_b=200, advisor_b=200, admin_b=200, **NOT_THEIRS)
EDIT_GET = signed_in(403, kam_b=200, advisor_b=200, **NOT_THEIRS)
EDIT_POST = signed_in(403, kam_b=REDIRECT, advisor_b=REDIRECT, **NOT_THEIRS)
PORTAL_GET = signed_in(403, contact=200)
PORTAL_POST = signed_in(403, contact=REDIRECT)
POINT = {"title": "Oppmøte", "employer_expects": "Presis", "follow_up": "Hver uke"}


def _today():
    return timezone.localdate()


def _placement_obj(w):
    return placement_for(w, "b", start_date=_today() - datetime.timedelta(days=21))


def _placement(w):
    return {"uuid": _placement_obj(w).uuid}


def _export(w):
    return {"uuid": _placement_obj(w).uuid, "fmt": "csv"}


def _point(w, *, send=False):
    from recruitment.services.agreements import agreement_point_add, agreement_send

    placement = _placement_obj(w)
    point = agreement_point_add(placement=placement, actor=w.advisor_b, **POINT)
    if send:
        agreement_send(agreement=point.agreement, actor=w.advisor_b, agreed_on=_today())
    return point


def _draft_point(w):
    return {"uuid": _point(w).uuid}


def _draft(w):
    return {"uuid": _point(w).agreement.uuid}


def _sent(w):
    accept_terms(w.contact_user)
    return {"uuid": _point(w, send=True).agreement.uuid}


def _week(w):
    from recruitment.services.attendance import attendance_week_record

    accept_terms(w.contact_user)
    week = attendance_week_record(
        placement=_placement_obj(w),
        actor=w.advisor_b,
        week_start=_today() - datetime.timedelta(days=7),
        days_present=1,
        hours=7,
    )
    return {"uuid": week.uuid}


def _approved_week(w):
    from recruitment.models import AttendanceWeek
    from recruitment.services.attendance import attendance_week_answer

    kwargs = _week(w)
    attendance_week_answer(week=AttendanceWeek.objects.get(uuid=kwargs["uuid"]), contact=w.contact_a, approve=True)
    return kwargs


def _supervised_obj(w):
    """The placement with employer A's contact named its workplace supervisor (the one who enters weeks)."""
    accept_terms(w.contact_user)
    return placement_for(w, "b", start_date=_today() - datetime.timedelta(days=21), workplace_supervisor=w.contact_a)


def _supervised(w):
    return {"uuid": _supervised_obj(w).uuid}


def _employer_week_obj(w):
    from recruitment.services.attendance import attendance_week_record_by_employer

    return attendance_week_record_by_employer(
        placement=_supervised_obj(w),
        contact=w.contact_a,
        week_start=_today() - datetime.timedelta(days=7),
        days_present=1,
        hours=7,
    )


def _employer_week(w):
    return {"uuid": _employer_week_obj(w).uuid}


def _returned_week(w):
    from recruitment.services.attendance import attendance_week_return

    week = attendance_week_return(week=_employer_week_obj(w), actor=w.advisor_b, comment="Feil timer")
    return {"uuid": week.uuid}


def _portal_placement(w):
    accept_terms(w.contact_user)
    return _placement(w)


def _sent_hash(w):
    from recruitment.models import AgreementVersion

    version = AgreementVersion.objects.order_by("-pk").first()
    return {"content_hash": version.content_hash if version else ""}


ENTRIES = [
    Entry("recruitment:placement_agreement", SEE, kwargs=_placement),
    Entry("recruitment:placement_agreement", expect(405), method="post", kwargs=_placement, note="GET only"),
    Entry(
        "recruitment:placement_agreement_point_add",
        EDIT_POST,
        method="post",
        kwargs=_placement,
        data=lambda w: POINT,
        note="the coordinating KAM and provider B's admin only read (403)",
    ),
    Entry("recruitment:placement_agreement_point_add", expect(405), kwargs=_placement, note="POST only"),
    Entry("recruitment:placement_agreement_new_version", EDIT_POST, method="post", kwargs=_placement),
    Entry("recruitment:placement_agreement_new_version", expect(405), kwargs=_placement, note="POST only"),
    Entry("recruitment:placement_agreement_point_edit", EDIT_GET, kwargs=_draft_point),
    Entry("recruitment:placement_agreement_point_remove", EDIT_POST, method="post", kwargs=_draft_point),
    Entry("recruitment:placement_agreement_point_remove", expect(405), kwargs=_draft_point, note="POST only"),
    Entry(
        "recruitment:placement_agreement_send",
        EDIT_POST,
        method="post",
        kwargs=_draft,
        data=lambda w: {"agreed_on": _today().isoformat()},
    ),
    Entry("recruitment:placement_agreement_send", expect(405), kwargs=_draft, note="POST only"),
    Entry(
        "recruitment:placement_agreement_candidate",
        EDIT_POST,
        method="post",
        kwargs=_sent,
        data=lambda w: {"confirmed_on": _today().isoformat()},
    ),
    Entry("recruitment:placement_agreement_candidate", expect(405), kwargs=_sent, note="POST only"),
    Entry("recruitment:placement_attendance", SEE, kwargs=_placement),
    Entry("recruitment:placement_attendance", expect(405), method="post", kwargs=_placement, note="GET only"),
    Entry(
        "recruitment:placement_attendance_add",
        EDIT_POST,
        method="post",
        kwargs=_placement,
        data=lambda w: {
            "week_start": (_today() - datetime.timedelta(days=7)).isoformat(),
            "days_present": "1",
            "hours": "7",
        },
    ),
    Entry("recruitment:placement_attendance_add", expect(405), kwargs=_placement, note="POST only"),
    Entry("recruitment:placement_attendance_export", SEE, kwargs=_export, note="payroll and benefits: staff only"),
    Entry("recruitment:placement_attendance_edit", EDIT_GET, kwargs=_week),
    Entry("recruitment:placement_attendance_check", EDIT_POST, method="post", kwargs=_approved_week),
    Entry("recruitment:placement_attendance_check", expect(405), kwargs=_approved_week, note="POST only"),
    Entry(
        "recruitment:portal_placement",
        PORTAL_GET,
        kwargs=_portal_placement,
        note="the contact of employer A; another employer's contact gets 404; staff 403",
    ),
    Entry("recruitment:portal_placement", expect(405), method="post", kwargs=_portal_placement, note="GET only"),
    Entry("recruitment:portal_agreement_confirm", PORTAL_POST, method="post", kwargs=_sent, data=_sent_hash),
    Entry("recruitment:portal_agreement_confirm", expect(405), kwargs=_sent, note="POST only"),
    Entry(
        "recruitment:portal_attendance_answer",
        PORTAL_POST,
        method="post",
        kwargs=_week,
        data=lambda w: {"decision": "approve"},
    ),
    Entry("recruitment:portal_attendance_answer", expect(405), kwargs=_week, note="POST only"),
    Entry(
        "recruitment:portal_agreement_request_changes",
        PORTAL_POST,
        method="post",
        kwargs=_sent,
        data=lambda w: {**_sent_hash(w), "comment": "Arbeidstiden må endres"},
        note="the contact answers for the placement (no workplace supervisor named)",
    ),
    Entry("recruitment:portal_agreement_request_changes", expect(405), kwargs=_sent, note="POST only"),
    Entry(
        "recruitment:portal_attendance_add",
        PORTAL_POST,
        method="post",
        kwargs=_supervised,
        data=lambda w: {
            "week_start": (_today() - datetime.timedelta(days=7)).isoformat(),
            "days_present": "1",
            "hours": "7",
        },
        note="the workplace supervisor (employer A's contact) enters a week; other employers' contacts 404",
    ),
    Entry("recruitment:portal_attendance_add", expect(405), kwargs=_supervised, note="POST only"),
    Entry(
        "recruitment:portal_attendance_correct",
        PORTAL_GET,
        kwargs=_returned_week,
        note="the supervisor corrects a week the advisor returned",
    ),
    Entry(
        "recruitment:placement_attendance_return",
        EDIT_POST,
        method="post",
        kwargs=_employer_week,
        data=lambda w: {"comment": "Timene stemmer ikke"},
        note="the advisor returns a week the employer entered",
    ),
    Entry("recruitment:placement_attendance_return", expect(405), kwargs=_employer_week, note="POST only"),
]
