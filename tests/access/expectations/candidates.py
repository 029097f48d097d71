"""Candidate pages and files: only the candidate's provider (advisor, KAM, admin); advisors edit; admins audit.

Every object is provider A's; the "(B)" entries show provider A's staff get 404 for provider B's candidates.
Employer contacts, region coordinators, other providers' staff and outsiders get 404 for every candidate page.
The "(shared)" entries: even a candidate on a list sent to the contact's employer, with consent standing, is a
404 on every staff candidate URL for the contact, who sees it only through the portal pages.
"""

from tests.access.matrix import REDIRECT, Entry, expect, signed_in
from tests.candidates.factories import ConsentFactory, candidate_of, document_for

PROVIDER_STAFF = dict.fromkeys(("kam_a", "advisor_a", "admin_a", "kam_b", "advisor_b", "admin_b", "kam_other"), 200)
HOME_READ = signed_in(404, kam_a=200, advisor_a=200, admin_a=200)
HOME_WRITE = signed_in(404, advisor_a=200, kam_a=403, admin_a=403)
HOME_WRITE_POST = signed_in(404, advisor_a=REDIRECT, kam_a=403, admin_a=403)
OTHER_PROVIDER_READ = signed_in(404, kam_b=200, advisor_b=200, admin_b=200)
OTHER_PROVIDER_WRITE = signed_in(404, advisor_b=200, kam_b=403, admin_b=403)
OTHER_PROVIDER_AUDIT = signed_in(404, admin_b=200, kam_b=403, advisor_b=200)  # advisor_b: the candidate's advisor


def _candidate(w, side="a"):
    return {"uuid": candidate_of(w, side).uuid}


def _document(w, side="a"):
    return {"uuid": document_for(candidate_of(w, side)).uuid}


def _consent(w):
    candidate = candidate_of(w)
    return {"uuid": ConsentFactory(candidate=candidate, employer=w.employer_a).uuid}


ENTRIES = [
    Entry("candidates:list", signed_in(403, **PROVIDER_STAFF)),
    Entry("candidates:create", signed_in(403, advisor_a=200, advisor_b=200)),
    Entry(
        "candidates:create",
        signed_in(403, advisor_a=200, advisor_b=200),
        method="post",
        data=lambda w: {"full_name": ""},
        note="an empty form re-renders with errors; nothing is saved",
    ),
    Entry("candidates:detail", HOME_READ, kwargs=_candidate),
    Entry("candidates:detail", OTHER_PROVIDER_READ, kwargs=lambda w: _candidate(w, "b"), note="(B)"),
    Entry("candidates:edit", HOME_WRITE, kwargs=_candidate),
    Entry("candidates:edit", OTHER_PROVIDER_WRITE, kwargs=lambda w: _candidate(w, "b")),
    Entry("candidates:document_upload", HOME_WRITE, kwargs=_candidate),
    Entry(
        "candidates:document_upload",
        HOME_WRITE,
        method="post",
        kwargs=_candidate,
        data=lambda w: {"kind": "cv"},
        note="no file: the form re-renders with an error",
    ),
    Entry("candidates:assessment_edit", HOME_WRITE, kwargs=_candidate),
    Entry("candidates:consent_create", HOME_WRITE, kwargs=_candidate),
    Entry(
        "candidates:audit",
        signed_in(404, admin_a=200, kam_a=403, advisor_a=200, team_a=403),
        kwargs=_candidate,
        note="advisor_a is the candidate's advisor; team_a, another advisor at A, is not",
    ),
    Entry("candidates:audit", OTHER_PROVIDER_AUDIT, kwargs=lambda w: _candidate(w, "b")),
    Entry("candidates:document_download", HOME_READ, kwargs=_document),
    Entry("candidates:document_download", OTHER_PROVIDER_READ, kwargs=lambda w: _document(w, "b"), note="(B)"),
    Entry("candidates:document_review", HOME_WRITE_POST, method="post", kwargs=_document),
    Entry(
        "candidates:document_review",
        signed_in(404, advisor_b=REDIRECT, kam_b=403, admin_b=403),
        method="post",
        kwargs=lambda w: _document(w, "b"),
    ),
    Entry("candidates:document_review", expect(405), kwargs=_document, note="GET is not allowed"),
    Entry("candidates:consent_withdraw", HOME_WRITE_POST, method="post", kwargs=_consent),
    Entry("candidates:consent_withdraw", expect(405), kwargs=_consent, note="GET is not allowed"),
]


def _shared_submission(w):
    """Provider B's candidate, shortlisted on the list sent to employer A (its consent stands, terms accepted)."""
    from recruitment.services import recruitments as services
    from tests.recruitment.portal_factories import accept_terms
    from tests.recruitment.recruitment_factories import proposable_candidate, propose, recruitment_for, request_to_b

    accept_terms(w.contact_user)
    recruitment = recruitment_for(w)
    request_to_b(w, recruitment)
    submission = propose(w, recruitment, proposable_candidate(w, "b"))
    services.submission_decide(submission=submission, actor=w.kam_a, shortlist=True)
    services.recruitment_send_list(recruitment=recruitment, actor=w.kam_a, contact=w.contact_a)
    return submission


def _shared_candidate(w):
    return {"uuid": _shared_submission(w).candidate.uuid}


def _shared_cv(w):
    return {"uuid": _shared_submission(w).cv.uuid}


def _shared_consent(w):
    return {"uuid": _shared_submission(w).candidate.consents.get().uuid}


SHARED_READ = {**OTHER_PROVIDER_READ, "kam_a": 200}  # kam_a coordinates the recruitment
ENTRIES += [
    Entry("candidates:detail", SHARED_READ, kwargs=_shared_candidate, note="(shared)"),
    Entry("candidates:edit", {**OTHER_PROVIDER_WRITE, "kam_a": 403}, kwargs=_shared_candidate, note="(shared)"),
    Entry(
        "candidates:document_upload", {**OTHER_PROVIDER_WRITE, "kam_a": 403}, kwargs=_shared_candidate, note="(shared)"
    ),
    Entry(
        "candidates:assessment_edit", {**OTHER_PROVIDER_WRITE, "kam_a": 403}, kwargs=_shared_candidate, note="(shared)"
    ),
    Entry(
        "candidates:consent_create", {**OTHER_PROVIDER_WRITE, "kam_a": 403}, kwargs=_shared_candidate, note="(shared)"
    ),
    Entry("candidates:audit", {**OTHER_PROVIDER_AUDIT, "kam_a": 403}, kwargs=_shared_candidate, note="(shared)"),
    Entry("candidates:document_download", SHARED_READ, kwargs=_shared_cv, note="(shared)"),
    Entry(
        "candidates:document_review",
        signed_in(404, advisor_b=REDIRECT, kam_b=403, admin_b=403, kam_a=403),
        method="post",
        kwargs=_shared_cv,
        note="(shared)",
    ),
    Entry(
        "candidates:consent_withdraw",
        signed_in(404, advisor_b=REDIRECT, kam_b=403, admin_b=403, kam_a=403),
        method="post",
        kwargs=_shared_consent,
        note="(shared)",
    ),
]
