"""Mapping forms: the responsible provider's KAMs and the employer's contacts see them; only those KAMs write.

The approval page needs no login: the signed token in the URL is the credential.
"""

from tests.access.matrix import REDIRECT, Entry, expect, signed_in
from tests.recruitment.factories import approved_mapping_form, mapping_form, sent_mapping_form


def _employer_a(w):
    return {"uuid": w.employer_a.uuid}


def _form_a(w):
    return {"uuid": mapping_form(employer=w.employer_a, kam=w.kam_a).uuid}


def _version_a(w):
    return {**_form_a(w), "number": 1}


def _position_a(w):
    form = mapping_form(employer=w.employer_a, kam=w.kam_a)
    return {"uuid": form.uuid, "position": form.versions.get().positions.first().uuid}


def _sent_form_a(w):
    form, _, _ = sent_mapping_form(employer=w.employer_a, kam=w.kam_a, contact=w.contact_a)
    return {"uuid": form.uuid}


def _approved_form_a(w):
    return {"uuid": approved_mapping_form(employer=w.employer_a, kam=w.kam_a, contact=w.contact_a).uuid}


def _token_a(w):
    _, _, token = sent_mapping_form(employer=w.employer_a, kam=w.kam_a, contact=w.contact_a)
    return {"token": token}


# Visible to kam_a and the contact of employer A, 404 for everyone else signed in.
READ = signed_in(404, kam_a=200, contact=200)
# KAM-only pages: other roles are refused (403) before the form is fetched; other KAMs cannot see it (404).
WRITE_GET = signed_in(403, kam_a=200, kam_b=404, kam_other=404)
WRITE_POST = signed_in(403, kam_a=REDIRECT, kam_b=404, kam_other=404)

ENTRIES = [
    Entry(
        "recruitment:mapping_list",
        signed_in(403, kam_a=200, kam_b=200, kam_other=200, contact=200),
        note="KAMs and employer contacts; the list shows only what each may see",
    ),
    Entry(
        "recruitment:mapping_employer",
        signed_in(403, kam_a=200, kam_b=200, kam_other=404, contact=200),
        kwargs=_employer_a,
        note="KAMs of the region see the employer; the list holds only the forms each may see",
    ),
    Entry(
        "recruitment:mapping_create",
        signed_in(403, kam_a=200, kam_other=404),
        kwargs=_employer_a,
        note="only KAMs of the responsible provider create",
    ),
    Entry("recruitment:mapping_detail", READ, kwargs=_form_a),
    Entry("recruitment:mapping_version", READ, kwargs=_version_a),
    Entry("recruitment:mapping_pdf", READ, kwargs=_version_a),
    Entry("recruitment:mapping_edit", WRITE_GET, kwargs=_form_a),
    Entry("recruitment:mapping_position_add", WRITE_GET, kwargs=_form_a),
    Entry("recruitment:mapping_position_edit", WRITE_GET, kwargs=_position_a),
    Entry("recruitment:mapping_position_delete", WRITE_POST, method="post", kwargs=_position_a),
    Entry("recruitment:mapping_send", WRITE_GET, kwargs=_form_a),
    Entry("recruitment:mapping_withdraw", WRITE_POST, method="post", kwargs=_sent_form_a),
    Entry("recruitment:mapping_new_version", WRITE_POST, method="post", kwargs=_approved_form_a),
    Entry(
        "recruitment:mapping_approval",
        expect(200),
        kwargs=_token_a,
        note="the signed token is the credential: everyone holding it sees the page",
    ),
    Entry(
        "recruitment:mapping_approval_done",
        expect(REDIRECT),
        kwargs=_token_a,
        note="before the answer the result page sends the link's holder to the form",
    ),
]
