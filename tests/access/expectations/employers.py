"""Employers and account management (recruitment app, issue 3)."""

from datetime import date

from tests.access.matrix import REDIRECT, Entry, signed_in

KAMS = {"kam_a": 200, "kam_b": 200, "kam_other": 200}
READERS = {**KAMS, "coordinator": 200}
# employer_a is held by provider A in region Vest: kam_b reads it, kam_other (region Nord) does not see it.
WRITE_A = signed_in(403, kam_a=200, kam_other=404)
# Contacts never see account management (403); the employer is fetched through the policy first, so a
# contact of another employer gets 404.
# Provider staff who are not KAMs see the employer only as members of its client team (team_a); the
# others get 404 (issue 21).
NOT_ON_TEAM = {"advisor_a": 404, "admin_a": 404, "advisor_b": 404, "admin_b": 404}
READ_ACCOUNT_A = signed_in(
    403, kam_a=200, kam_b=200, coordinator=200, team_a=200, kam_other=404, contact_other=404, **NOT_ON_TEAM
)


def employer_a(w):
    return {"uuid": w.employer_a.uuid}


def plan_of_a(w):
    from recruitment.services import account_plan_save

    account_plan_save(actor=w.kam_a, employer=w.employer_a, vision_strategy="Vekst på Vestlandet")
    return {"uuid": w.employer_a.uuid}


def plan_version_of_a(w):
    return {**plan_of_a(w), "version": 1}


def planned_visit_of_a(w):
    from recruitment.models import ContactLogEntry

    entry = ContactLogEntry.objects.create(
        employer=w.employer_a, kam=w.kam_a, kind="visit", occurred_on=date.today(), planned=True
    )
    return {"uuid": entry.uuid}


ENTRIES = [
    Entry("recruitment:employer_list", signed_in(403, **READERS)),
    Entry("recruitment:employer_create", signed_in(403, **KAMS)),
    Entry(
        "recruitment:employer_create",
        signed_in(403, kam_a=200, kam_b=200, kam_other=200),
        method="post",
        data=lambda w: {"name": "", "org_number": "123"},
        note="invalid data: the form comes back with errors, nothing saved",
    ),
    Entry("recruitment:employer_import", signed_in(403, **KAMS)),
    Entry(
        "recruitment:employer_import_confirm",
        signed_in(403, kam_a=REDIRECT, kam_b=REDIRECT, kam_other=REDIRECT),
        method="post",
        data=lambda w: {"token": "nothing-previewed"},
        note="without a preview in the session the KAM is sent back to upload",
    ),
    Entry("recruitment:portfolios", signed_in(403, **READERS)),
    Entry(
        "recruitment:portfolios",
        signed_in(403, kam_a=REDIRECT, kam_b=REDIRECT, kam_other=REDIRECT),
        method="post",
        data=lambda w: {"sector": "seafood", "kam": ""},
        note="a coordinator reads portfolios but cannot change them",
    ),
    Entry("recruitment:weekly_plan", signed_in(403, **KAMS)),
    Entry(
        "recruitment:employer_detail",
        signed_in(403, kam_a=200, kam_b=200, coordinator=200, contact=200, team_a=200, kam_other=404, **NOT_ON_TEAM),
        kwargs=employer_a,
        note="the employer's contact sees the company, not the account management; a client-team member both",
    ),
    Entry("recruitment:employer_edit", WRITE_A, kwargs=employer_a),
    Entry("recruitment:contact_create", WRITE_A, kwargs=employer_a),
    Entry("recruitment:employer_reassign", WRITE_A, kwargs=employer_a),
    Entry("recruitment:contact_edit", WRITE_A, kwargs=lambda w: {"uuid": w.contact_a.uuid}),
    Entry(
        "recruitment:contact_mark_left",
        signed_in(403, kam_a=200, admin_a=200, kam_b=404, kam_other=404, admin_b=404),
        kwargs=lambda w: {"uuid": w.contact_a.uuid},
        note="the KAMs of the responsible provider and its administrator; staff of other providers get 404",
    ),
    Entry(
        "recruitment:contact_left_undo",
        signed_in(403, kam_a=REDIRECT, admin_a=REDIRECT, kam_b=404, kam_other=404, admin_b=404),
        method="post",
        kwargs=lambda w: {"uuid": w.contact_a.uuid},
        note="refused (the contact has not left) and flashed on the employer page",
    ),
    Entry("recruitment:pyramid_edit", WRITE_A, kwargs=employer_a),
    Entry("recruitment:tier_override", WRITE_A, kwargs=employer_a),
    Entry("recruitment:account_plan_edit", WRITE_A, kwargs=employer_a),
    Entry("recruitment:contact_log_create", WRITE_A, kwargs=employer_a),
    Entry(
        "recruitment:contact_log_create",
        signed_in(403, kam_a=REDIRECT, kam_other=404),
        method="post",
        kwargs=employer_a,
        data=lambda w: {"kind": "meeting", "occurred_on": date.today().isoformat(), "participants": "Kari"},
    ),
    Entry(
        "recruitment:contact_log_mark_held",
        signed_in(403, kam_a=REDIRECT, kam_other=404),
        method="post",
        kwargs=planned_visit_of_a,
        note="kam_b and the coordinator read the log but cannot change it; the contact never sees it",
    ),
    Entry("recruitment:account_plan_version", READ_ACCOUNT_A, kwargs=plan_version_of_a),
    Entry("recruitment:account_plan_pdf", READ_ACCOUNT_A, kwargs=plan_of_a),
]
