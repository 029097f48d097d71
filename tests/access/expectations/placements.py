"""Placements: the candidate comes from provider B (advisor_b, through kam_b's coordination request) to a
recruitment that provider A (kam_a) coordinates.

Provider B's staff and kam_a see the placement; advisor_b and kam_b change it; kam_a may also record the
hiring or the end; admin_b only reads. Provider A's advisor and admin and kam_other get 404; the region
coordinator, the employer's contact (who sees placements in the portal instead) and the outsider get 403.
"""

import datetime

from django.utils import timezone

from tests.access.matrix import REDIRECT, Entry, expect, signed_in
from tests.recruitment.recruitment_factories import chosen_submission, placement_for

NOT_THEIRS = {"advisor_a": 404, "admin_a": 404, "kam_other": 404}
SEE = signed_in(403, kam_a=200, kam_b=200, advisor_b=200, admin_b=200, **NOT_THEIRS)
EDIT_GET = signed_in(403, kam_b=200, advisor_b=200, **NOT_THEIRS)
EDIT_POST = signed_in(403, kam_b=REDIRECT, advisor_b=REDIRECT, **NOT_THEIRS)
OUTCOME_POST = signed_in(403, kam_a=REDIRECT, kam_b=REDIRECT, advisor_b=REDIRECT, **NOT_THEIRS)


def _placement(w):
    return {"uuid": placement_for(w, "b").uuid}


def _hired(w):
    from recruitment.services.placements import placement_hire

    today = timezone.localdate()
    placement = placement_for(w, "b", start_date=today - datetime.timedelta(days=3))
    placement_hire(placement=placement, actor=w.kam_a, hired_on=today, employment_kind="permanent")
    return {"uuid": placement.uuid}


def _submission(w):
    return {"uuid": chosen_submission(w, "b").uuid}


ENTRIES = [
    Entry(
        "recruitment:my_placements",
        signed_in(403, kam_a=200, advisor_a=200, kam_b=200, advisor_b=200, kam_other=200),
        note="advisors and KAMs; provider admins, coordinators, contacts and outsiders have no such list",
    ),
    Entry(
        "recruitment:placement_create",
        signed_in(403, kam_a=200, kam_b=200, advisor_b=200, **NOT_THEIRS),
        kwargs=_submission,
        note="the candidate's advisor, its provider's KAM and the coordinating KAM; admin_b may not (403)",
    ),
    Entry(
        "recruitment:placement_create",
        signed_in(403, kam_a=200, kam_b=200, advisor_b=200, **NOT_THEIRS),
        method="post",
        kwargs=_submission,
        data=lambda w: {"start_date": ""},
        note="an empty form re-renders with errors",
    ),
    Entry("recruitment:placement_detail", SEE, kwargs=_placement),
    Entry("recruitment:placement_detail", expect(405), method="post", kwargs=_placement, note="POST is not allowed"),
    Entry(
        "recruitment:placement_edit",
        EDIT_GET,
        kwargs=_placement,
        note="the coordinating KAM records the outcome only (403)",
    ),
    Entry(
        "recruitment:placement_note_add",
        EDIT_POST,
        method="post",
        kwargs=_placement,
        data=lambda w: {"occurred_on": "2026-01-05", "text": "Går fint."},
    ),
    Entry("recruitment:placement_note_add", expect(405), kwargs=_placement, note="GET is not allowed"),
    Entry("recruitment:placement_start", EDIT_POST, method="post", kwargs=_placement),
    Entry("recruitment:placement_start", expect(405), kwargs=_placement, note="GET is not allowed"),
    Entry(
        "recruitment:placement_hire",
        OUTCOME_POST,
        method="post",
        kwargs=_placement,
        data=lambda w: {"hired_on": timezone.localdate().isoformat(), "employment_kind": "permanent"},
        note="the coordinating KAM may record the hiring too",
    ),
    Entry("recruitment:placement_hire", expect(405), kwargs=_placement, note="GET is not allowed"),
    Entry(
        "recruitment:placement_end",
        OUTCOME_POST,
        method="post",
        kwargs=_placement,
        data=lambda w: {"ended_on": "2026-01-05", "reason": "candidate"},
    ),
    Entry("recruitment:placement_end", expect(405), kwargs=_placement, note="GET is not allowed"),
    Entry(
        "recruitment:placement_correct_hire",
        signed_in(403, kam_a=200, kam_b=200, advisor_b=200, **NOT_THEIRS),
        kwargs=_hired,
        note="those who record the hiring may correct it",
    ),
    Entry(
        "recruitment:placement_correct_hire",
        OUTCOME_POST,
        method="post",
        kwargs=_hired,
        data=lambda w: {"hired_on": timezone.localdate().isoformat(), "employment_kind": "temporary", "version": "2"},
    ),
]
