"""Privacy pages of a candidate: the advisors of the candidate's provider extend the retention; its provider
admin sets the legal hold and erases; provider admins read the record of processing. Everyone else gets 404
for a candidate they cannot see, as on every candidate page."""

from tests.access.matrix import Entry, signed_in
from tests.candidates.factories import candidate_of

ADVISOR_A = signed_in(404, advisor_a=200, kam_a=403, admin_a=403)
ADVISOR_B = signed_in(404, advisor_b=200, kam_b=403, admin_b=403)
ADMIN_A = signed_in(404, admin_a=200, kam_a=403, advisor_a=403)
ADMIN_B = signed_in(404, admin_b=200, kam_b=403, advisor_b=403)


def _candidate(w, side="a"):
    return {"uuid": candidate_of(w, side).uuid}


def _side_b(w):
    return _candidate(w, "b")


def _empty(w):
    return {"reason": ""}


ENTRIES = [
    Entry("candidates:retention_extend", ADVISOR_A, kwargs=_candidate),
    Entry("candidates:retention_extend", ADVISOR_B, kwargs=_side_b, note="(B)"),
    Entry(
        "candidates:retention_extend",
        ADVISOR_A,
        method="post",
        kwargs=_candidate,
        data=_empty,
        note="no reason: the form re-renders with an error; nothing is saved",
    ),
    Entry("candidates:legal_hold", ADMIN_A, kwargs=_candidate),
    Entry("candidates:legal_hold", ADMIN_B, kwargs=_side_b, note="(B)"),
    Entry(
        "candidates:legal_hold",
        ADMIN_A,
        method="post",
        kwargs=_candidate,
        data=lambda w: {"legal_hold": "True", "legal_hold_reason": "", "version": "1"},
        note="a hold without a reason re-renders with an error",
    ),
    Entry("candidates:erase", ADMIN_A, kwargs=_candidate),
    Entry("candidates:erase", ADMIN_B, kwargs=_side_b, note="(B)"),
    Entry(
        "candidates:erase",
        ADMIN_A,
        method="post",
        kwargs=_candidate,
        data=_empty,
        note="no reason: the confirmation re-renders with an error; nothing is erased",
    ),
    Entry("candidates:processing_record", signed_in(403, admin_a=200, admin_b=200)),
]
