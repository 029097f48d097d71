"""The employer portal: only employer contacts use it, each for their own employer; invitations by token.

Staff get 403 on the portal pages (they are not contacts). The `contact` persona is the
contact of employer A: a mapping form of employer B answers 404 to them. Until the
contact has accepted the terms of use, the portal sends them to the terms page.
"""

from tests.access.matrix import REDIRECT, Entry, expect, signed_in
from tests.recruitment.factories import sent_mapping_form
from tests.recruitment.portal_factories import accept_terms, contact_user, invitable_contact, invitation


def _terms_accepted(w):
    accept_terms(w.contact_user)
    return {}


def _sent_form_a(w):
    accept_terms(w.contact_user)
    form, _, _ = sent_mapping_form(employer=w.employer_a, kam=w.kam_a, contact=w.contact_a)
    return {"uuid": form.uuid}


def _sent_form_b(w):
    """A form of employer B, waiting for its own contact: the contact of employer A must not reach it."""
    accept_terms(w.contact_user)
    contact_b = contact_user(employer=w.employer_b)
    form, _, _ = sent_mapping_form(employer=w.employer_b, kam=w.kam_b, contact=contact_b)
    return {"uuid": form.uuid}


def _contact_without_account_a(w):
    return {"uuid": invitable_contact(employer=w.employer_a, email="ny.kontakt@bedrift-a.no").uuid}


def _invitation_token(w):
    _, token = invitation(employer=w.employer_a, kam=w.kam_a, email="invitert@bedrift-a.no")
    return {"token": token}


ENTRIES = [
    Entry(
        "recruitment:portal_home",
        signed_in(403, contact=200, contact_other=200),
        kwargs=_terms_accepted,
        note="only employer contacts; each sees their own employer",
    ),
    Entry(
        "recruitment:portal_home",
        signed_in(403, contact=REDIRECT, contact_other=200),
        note="a contact who has not accepted the terms of use is sent to the terms page (contact_other has)",
    ),
    Entry("recruitment:portal_terms", signed_in(403, contact=200)),
    Entry(
        "recruitment:portal_mapping_answer",
        signed_in(403, contact=REDIRECT),
        method="post",
        kwargs=_sent_form_a,
        data=lambda w: {"decision": "approve"},
        note="the employer's contact approves in the portal without the e-mailed token",
    ),
    Entry(
        "recruitment:portal_mapping_answer",
        signed_in(403, contact=404, contact_other=REDIRECT),
        method="post",
        kwargs=_sent_form_b,
        data=lambda w: {"decision": "approve"},
        note="a contact of another employer cannot see the form; employer B's own contact answers it",
    ),
    Entry(
        "recruitment:contact_invite",
        signed_in(403, kam_a=REDIRECT, kam_other=404),
        method="post",
        kwargs=_contact_without_account_a,
        note="KAMs of the responsible provider invite; kam_b sees the employer but may not write (403)",
    ),
    Entry(
        "recruitment:contact_invitation",
        expect(200),
        kwargs=_invitation_token,
        note="the signed token is the credential: everyone holding it sees the page",
    ),
]


def _shared_cv(w):
    from tests.access.expectations.candidates import _shared_submission

    return {"uuid": _shared_submission(w).cv.uuid}


def _unshared_cv(w):
    """Provider A's candidate, never proposed: nothing of it is shared with employer A."""
    from tests.candidates.factories import candidate_of, document_for

    accept_terms(w.contact_user)
    return {"uuid": document_for(candidate_of(w)).uuid}


ENTRIES += [
    Entry(
        "recruitment:portal_document_download",
        signed_in(403, contact=200),
        kwargs=_shared_cv,
        note="the contact downloads a shared CV here; staff use the candidate pages",
    ),
    Entry("recruitment:portal_document_download", signed_in(403, contact=404), kwargs=_unshared_cv),
]
