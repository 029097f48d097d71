"""Issue 15: the candidate's own say and the subject-access export.

The consent link is public (the signed token is the credential): everyone gets the same answer.
Consent requests are sent by advisors of the candidate's provider (like recording a consent); the export
is for the candidate's own advisor and the provider's admins, and only the requester downloads it.
"""

from tests.access.matrix import REDIRECT, Entry, expect, signed_in
from tests.candidates.factories import candidate_of

HOME_WRITE = signed_in(404, advisor_a=200, kam_a=403, admin_a=403)
OTHER_PROVIDER_WRITE = signed_in(404, advisor_b=200, kam_b=403, admin_b=403)
EXPORT_POST = signed_in(404, advisor_a=REDIRECT, admin_a=REDIRECT, kam_a=403, team_a=403)  # team_a: not their advisor


def _candidate(w, side="a"):
    return {"uuid": candidate_of(w, side).uuid}


def _request(w):
    from candidates.consent_requests import consent_request_send

    return consent_request_send(candidate=candidate_of(w), employer=w.employer_a, actor=w.advisor_a, parts=["cv"])


def _token(w):
    from candidates.consent_requests import token_for

    return {"token": token_for(_request(w))}


def _built_export(w):
    from candidates.models import SubjectAccessExport
    from candidates.subject_access import export_build

    export = SubjectAccessExport.objects.create(candidate=candidate_of(w), requested_by=w.advisor_a)
    export_build(export_id=export.pk)
    return {"uuid": export.uuid}


ENTRIES = [
    Entry("candidates:consent_request_create", HOME_WRITE, kwargs=_candidate),
    Entry("candidates:consent_request_create", OTHER_PROVIDER_WRITE, kwargs=lambda w: _candidate(w, "b"), note="(B)"),
    Entry(
        "candidates:consent_request_create",
        signed_in(404, advisor_a=200, kam_a=403, admin_a=403),
        method="post",
        kwargs=_candidate,
        data=lambda w: {"employer": ""},
        note="an empty form re-renders with errors; nothing is sent",
    ),
    Entry("candidates:consent_answer", expect(200), kwargs=_token, note="public: the signed link"),
    Entry(
        "candidates:consent_answer",
        expect(200),
        method="post",
        kwargs=_token,
        data=lambda w: {},
        note="no decision: the form re-renders; nothing is saved",
    ),
    Entry(
        "candidates:consent_withdraw_self",
        expect(REDIRECT),
        method="post",
        kwargs=_token,
        note="nothing given yet: refused with a message, back to the link page",
    ),
    Entry("candidates:consent_withdraw_self", expect(405), kwargs=_token, note="GET is not allowed"),
    Entry("candidates:consent_request_statistics", signed_in(403, admin_a=200, admin_b=200)),
    Entry("candidates:export_create", EXPORT_POST, method="post", kwargs=_candidate),
    Entry(
        "candidates:export_create",
        signed_in(404, admin_b=REDIRECT, advisor_b=REDIRECT, kam_b=403),
        method="post",
        kwargs=lambda w: _candidate(w, "b"),
        note="(B)",
    ),
    Entry("candidates:export_create", expect(405), kwargs=_candidate, note="GET is not allowed"),
    Entry("candidates:export_download", signed_in(404, advisor_a=200, team_a=404), method="post", kwargs=_built_export),
    Entry("candidates:export_download", expect(405), kwargs=_built_export, note="GET is not allowed"),
]
