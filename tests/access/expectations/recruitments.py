"""Recruitments: the coordinating provider's KAMs (kam_a) run them; a supplying KAM (kam_b, once provider B
holds a request) sees the recruitment, answers its request and proposes; the employer's contact sees the
candidate list once it is sent. Everyone else: 403 from the role check, or 404 for what they cannot see.
"""

from recruitment.models import Submission
from recruitment.services import recruitments as services
from tests.access.matrix import LOGIN, REDIRECT, Entry, expect, signed_in
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for, request_to_b


def _employer_a(w):
    return {"uuid": w.employer_a.uuid}


def _recruitment(w):
    return {"uuid": recruitment_for(w).uuid}


def _draft(w):
    return {"uuid": recruitment_for(w, open_it=False).uuid}


def _with_request(w):
    recruitment = recruitment_for(w)
    request_to_b(w, recruitment)
    return {"uuid": recruitment.uuid}


def _request(w):
    return {"uuid": request_to_b(w, recruitment_for(w), accept=False).uuid}


def _submission_b(w):
    recruitment = recruitment_for(w)
    request_to_b(w, recruitment)
    return {"uuid": propose(w, recruitment, proposable_candidate(w, "b")).uuid}


def _submission_b_recruitment(w):
    recruitment = recruitment_for(w)
    request_to_b(w, recruitment)
    propose(w, recruitment, proposable_candidate(w, "b"))
    return {"uuid": recruitment.uuid}


def _decided_b(w):
    recruitment = recruitment_for(w)
    request_to_b(w, recruitment)
    submission = propose(w, recruitment, proposable_candidate(w, "b"))
    services.submission_decide(submission=submission, actor=w.kam_a, shortlist=True)
    return {"uuid": submission.uuid}


def _sent_list(w):
    recruitment = recruitment_for(w)
    request_to_b(w, recruitment)
    submission = propose(w, recruitment, proposable_candidate(w, "b"))
    services.submission_decide(submission=submission, actor=w.kam_a, shortlist=True)
    services.recruitment_send_list(recruitment=recruitment, actor=w.kam_a, contact=w.contact_a)
    return {"uuid": recruitment.uuid}


def _sent_list_terms_accepted(w):
    accept_terms(w.contact_user)
    return _sent_list(w)


def _mapping_with_request(w, number=False):
    recruitment = recruitment_for(w)
    request_to_b(w, recruitment, accept=False)
    kwargs = {"uuid": recruitment.mapping_version.form.uuid}
    if number:
        kwargs["number"] = recruitment.mapping_version.number
    return kwargs


KAM_ONLY = {"kam_b": 404, "kam_other": 404}
MANAGE_GET = signed_in(403, kam_a=200, **KAM_ONLY)
MANAGE_GET_WITH_REQUEST = signed_in(403, kam_a=200, kam_b=403, kam_other=404)
LIST = expect(404, anonymous=LOGIN, kam_a=200, contact=200, kam_b=403)

SUPPLIER_MAPPING = signed_in(404, kam_a=200, contact=200, kam_b=200)

ENTRIES = [
    Entry(
        "recruitment:mapping_detail",
        SUPPLIER_MAPPING,
        kwargs=_mapping_with_request,
        note="a supplying KAM sees the mapping form its request is based on",
    ),
    Entry("recruitment:mapping_pdf", SUPPLIER_MAPPING, kwargs=lambda w: _mapping_with_request(w, number=True)),
    Entry(
        "recruitment:mapping_edit",
        signed_in(403, kam_a=REDIRECT, kam_b=403, kam_other=404),
        kwargs=_mapping_with_request,
        note="but may not change it (kam_a is sent back: an approved version is frozen)",
    ),
    Entry("recruitment:recruitment_list", signed_in(403, kam_a=200, kam_b=200, kam_other=200)),
    Entry(
        "recruitment:recruitment_create",
        signed_in(403, kam_a=200, kam_other=404),
        kwargs=_employer_a,
        note="KAMs of the responsible provider; kam_b sees the employer but may not write (403)",
    ),
    Entry(
        "recruitment:recruitment_create",
        signed_in(403, kam_a=200, kam_other=404),
        method="post",
        kwargs=_employer_a,
        data=lambda w: {"cv_deadline": ""},
        note="an empty form re-renders with errors",
    ),
    Entry("recruitment:recruitment_detail", MANAGE_GET, kwargs=_recruitment),
    Entry(
        "recruitment:recruitment_detail",
        signed_in(403, kam_a=200, kam_b=200, kam_other=404),
        kwargs=_with_request,
        note="a supplying KAM sees the recruitment it holds a request for",
    ),
    Entry("recruitment:recruitment_plan", MANAGE_GET, kwargs=_recruitment),
    Entry("recruitment:recruitment_plan", MANAGE_GET_WITH_REQUEST, kwargs=_with_request),
    Entry("recruitment:recruitment_open", signed_in(403, kam_a=REDIRECT, **KAM_ONLY), method="post", kwargs=_draft),
    Entry("recruitment:recruitment_open", expect(405), kwargs=_draft, note="GET is not allowed"),
    Entry("recruitment:recruitment_close", MANAGE_GET, kwargs=_recruitment),
    Entry("recruitment:request_create", MANAGE_GET_WITH_REQUEST, kwargs=_with_request),
    Entry("recruitment:proposal_create", MANAGE_GET, kwargs=_recruitment),
    Entry(
        "recruitment:proposal_create",
        signed_in(403, kam_a=200, kam_b=200, kam_other=404),
        kwargs=_with_request,
        note="the supplying KAM proposes its own provider's candidates",
    ),
    Entry("recruitment:proposals", MANAGE_GET_WITH_REQUEST, kwargs=_with_request),
    Entry("recruitment:send_list", MANAGE_GET_WITH_REQUEST, kwargs=_with_request),
    Entry("recruitment:status_update", MANAGE_GET_WITH_REQUEST, kwargs=_with_request),
    Entry(
        "recruitment:candidate_list",
        LIST,
        kwargs=_sent_list_terms_accepted,
        note="the employer's contact once sent, and the coordinating KAMs; the supplying KAM may not (403)",
    ),
    Entry(
        "recruitment:candidate_list",
        {**LIST, "contact": REDIRECT},
        kwargs=_sent_list,
        note="a contact who has not accepted the terms of use is sent to the terms page first",
    ),
    Entry(
        "recruitment:candidate_list",
        expect(404, anonymous=LOGIN, kam_a=200),
        kwargs=lambda w: (accept_terms(w.contact_user), _recruitment(w))[1],
        note="not sent: a contact who accepted the terms still gets 404",
    ),
    Entry("recruitment:candidate_list_pdf", LIST, kwargs=_sent_list_terms_accepted),
    Entry(
        "recruitment:close_unanswered",
        signed_in(403, kam_a=REDIRECT, kam_b=403, kam_other=404),
        method="post",
        kwargs=_sent_list,
        data=lambda w: {"feedback": "Ingen svar fra arbeidsgiveren på fire uker."},
        note="the coordinating provider closes the list for the unanswered; the supplying KAM sees it (403)",
    ),
    Entry("recruitment:close_unanswered", expect(405), kwargs=_sent_list, note="GET is not allowed"),
    Entry("recruitment:candidate_list_pdf", {**LIST, "contact": REDIRECT}, kwargs=_sent_list),
    Entry(
        "recruitment:request_detail",
        signed_in(403, kam_a=200, kam_b=200, kam_other=404),
        kwargs=_request,
        note="both sides of the request",
    ),
    Entry(
        "recruitment:request_answer",
        signed_in(403, kam_b=REDIRECT, kam_a=403, kam_other=404),
        method="post",
        kwargs=_request,
        data=lambda w: {"answer": "accept"},
        note="only the supplying provider answers",
    ),
    Entry("recruitment:request_answer", expect(405), kwargs=_request, note="GET is not allowed"),
    Entry(
        "recruitment:proposal_decide",
        signed_in(403, kam_a=REDIRECT, kam_b=403, kam_other=404),
        method="post",
        kwargs=_submission_b,
        data=lambda w: {"decision": "shortlist"},
        note="only the coordinating provider decides; the supplying KAM sees its own proposal (403)",
    ),
    Entry("recruitment:proposal_decide", expect(405), kwargs=_submission_b, note="GET is not allowed"),
    Entry(
        "recruitment:proposals_decide_selected",
        signed_in(403, kam_a=REDIRECT, kam_b=403, kam_other=404),
        method="post",
        kwargs=_submission_b_recruitment,
        data=lambda w: {
            "decision": "shortlist",
            "proposals": [str(s.uuid) for s in Submission.objects.filter(provider=w.provider_b)],
        },
        note="the board's bulk decision: only the coordinating provider; the supplying KAM sees the recruitment (403)",
    ),
    Entry(
        "recruitment:proposals_decide_selected",
        expect(405),
        kwargs=_submission_b_recruitment,
        note="GET is not allowed",
    ),
    Entry(
        "recruitment:proposal_undo",
        signed_in(403, kam_a=REDIRECT, kam_b=403, kam_other=404),
        method="post",
        kwargs=_decided_b,
    ),
    Entry("recruitment:proposal_undo", expect(405), kwargs=_decided_b, note="GET is not allowed"),
    Entry(
        "recruitment:proposal_withdraw",
        signed_in(403, kam_b=REDIRECT, kam_a=403, kam_other=404),
        method="post",
        kwargs=_submission_b,
        note="only the proposing provider withdraws",
    ),
    Entry("recruitment:proposal_withdraw", expect(405), kwargs=_submission_b, note="GET is not allowed"),
]
