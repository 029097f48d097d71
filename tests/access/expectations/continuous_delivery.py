"""Continuous delivery (issue 17.2): after the list, the coordinating provider's KAMs (kam_a) send the
candidates shortlisted since as a supplementary list, and close the coordination requests. A supplying KAM
(kam_b) sees the recruitment but may do neither (403); everyone else: 403 from the role check or 404."""

from recruitment.models import DeliveryMode
from recruitment.services import recruitments as services
from tests.access.matrix import REDIRECT, Entry, expect, signed_in
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for, request_to_b


def _continuous_sent(w):
    recruitment = recruitment_for(w, delivery_mode=DeliveryMode.CONTINUOUS)
    request_to_b(w, recruitment)
    submission = propose(w, recruitment, proposable_candidate(w, "b"))
    services.submission_decide(submission=submission, actor=w.kam_a, shortlist=True)
    services.recruitment_send_list(recruitment=recruitment, actor=w.kam_a, contact=w.contact_a)
    recruitment.refresh_from_db()
    more = propose(w, recruitment, proposable_candidate(w, "b"))
    services.submission_decide(submission=more, actor=w.kam_a, shortlist=True)
    return {"uuid": recruitment.uuid}


ENTRIES = [
    Entry(
        "recruitment:send_supplement",
        signed_in(403, kam_a=REDIRECT, kam_b=403, kam_other=404),
        method="post",
        kwargs=_continuous_sent,
        note="the coordinating provider sends the supplementary list; the supplying KAM sees the recruitment (403)",
    ),
    Entry("recruitment:send_supplement", expect(405), kwargs=_continuous_sent, note="GET is not allowed"),
    Entry(
        "recruitment:close_requests",
        signed_in(403, kam_a=REDIRECT, kam_b=403, kam_other=404),
        method="post",
        kwargs=_continuous_sent,
        note="the coordinating provider closes the requests kept open by continuous delivery",
    ),
    Entry("recruitment:close_requests", expect(405), kwargs=_continuous_sent, note="GET is not allowed"),
]
