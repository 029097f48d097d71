"""Yearly targets (issue 16 item 6): only a provider admin, for their own provider; a KAM of another provider is a
404. The prospect pipeline's next step on an employer: the KAMs who may edit the employer."""

from datetime import date

from tests.access.matrix import REDIRECT, Entry, signed_in

ADMINS = signed_in(403, admin_a=200, admin_b=200)


def kam_a_target(w):
    return {"year": date.today().year, "kam": str(w.kam_a.uuid)}


def kam_a_target_post(w):
    return {
        "year": str(date.today().year),
        "kam": str(w.kam_a.uuid),
        "placements": "-1",
        "agreements": "2",
        "meetings": "4",
    }


ENTRIES = [
    Entry("recruitment:target_list", ADMINS, note="each admin sees their own provider's targets"),
    Entry("recruitment:target_edit", ADMINS),
    Entry(
        "recruitment:target_edit",
        signed_in(403, admin_a=200, admin_b=404),
        data=kam_a_target,
        note="a KAM of another provider is a 404",
    ),
    Entry(
        "recruitment:target_edit",
        ADMINS,
        method="post",
        data=kam_a_target_post,
        note="a negative target (and, for admin_b, a KAM of another provider): the form comes back, nothing saved",
    ),
    Entry(
        "recruitment:employer_prospect_step",
        signed_in(403, kam_a=REDIRECT, kam_other=404),
        method="post",
        kwargs=lambda w: {"uuid": w.employer_a.uuid},
        data=lambda w: {"action": "hold_meeting"},
        note="kam_b and the coordinator read the employer but cannot move it; the contact never sees it",
    ),
]
