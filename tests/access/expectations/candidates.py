"""Candidate pages and files: only the candidate's provider (advisor, KAM, admin); advisors edit; admins audit.

Every object is provider A's; the "(B)" entries show provider A's staff get 404 for provider B's candidates.
Employer contacts, region coordinators, other providers' staff and outsiders get 404 for every candidate page.
"""

from tests.access.matrix import REDIRECT, Entry, expect, signed_in
from tests.candidates.factories import ConsentFactory, candidate_of, document_for

PROVIDER_STAFF = dict.fromkeys(("kam_a", "advisor_a", "admin_a", "kam_b", "advisor_b", "admin_b", "kam_other"), 200)
HOME_READ = signed_in(404, kam_a=200, advisor_a=200, admin_a=200)
HOME_WRITE = signed_in(404, advisor_a=200, kam_a=403, admin_a=403)
HOME_WRITE_POST = signed_in(404, advisor_a=REDIRECT, kam_a=403, admin_a=403)
OTHER_PROVIDER_READ = signed_in(404, kam_b=200, advisor_b=200, admin_b=200)
OTHER_PROVIDER_WRITE = signed_in(404, advisor_b=200, kam_b=403, admin_b=403)
OTHER_PROVIDER_AUDIT = signed_in(404, admin_b=200, kam_b=403, advisor_b=403)


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
    Entry("candidates:audit", signed_in(404, admin_a=200, kam_a=403, advisor_a=403), kwargs=_candidate),
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
