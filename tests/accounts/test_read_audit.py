"""Issue 14, the read audit: every page, PDF and file that shows a candidate writes exactly one audit event per
candidate shown per request, in one INSERT, as the persona who reads it.

PAGES is the table: a row is a page, the persona who may see it, and a builder that makes the data and returns
the URL with the candidates the page shows. A new page that shows candidates is one more row.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from candidates.models import Candidate
from recruitment.models import EmployerAnswer
from recruitment.services import recruitments as services
from tests.candidates.conftest import private_root  # noqa: F401
from tests.candidates.factories import candidate_of, document_for
from tests.recruitment.hiring_factories import answer, sent_list
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import (
    chosen_submission,
    placement_for,
    proposable_candidate,
    propose,
    recruitment_for,
    request_to_b,
)

pytestmark = pytest.mark.django_db


def _url(name: str, obj=None) -> str:
    return reverse(name, kwargs={"uuid": obj.uuid} if obj is not None else None)


def _ids(*things) -> list[int]:
    return [getattr(t, "candidate_id", None) or t.pk for t in things]


# --- builders: world -> (url, ids of the candidates the page shows) -------------------------------------------


def _candidate_page(name):
    def build(w):
        candidate = candidate_of(w)
        return _url(name, candidate), [candidate.pk]

    return build


def _candidate_list(w):
    for _ in range(3):
        candidate_of(w)
    candidate_of(w, "b")
    return _url("candidates:list") + "?scope=all", list(
        Candidate.objects.filter(provider=w.provider_a).values_list("pk", flat=True)
    )


def _document(w):
    document = document_for(candidate_of(w))
    return _url("candidates:document_download", document), [document.candidate_id]


def _sent(w, name):
    recruitment, submissions = sent_list(w, a=1, b=1)
    return _url(name, recruitment), _ids(*submissions)


def _sent_as_supplier(w):
    recruitment, [_, b] = sent_list(w, a=1, b=1)
    return _url("recruitment:recruitment_detail", recruitment), _ids(b)


def _request_as_supplier(w):
    recruitment = recruitment_for(w)
    coordination_request = request_to_b(w, recruitment)
    propose(w, recruitment, proposable_candidate(w, "a"))
    submission = propose(w, recruitment, proposable_candidate(w, "b"))
    return _url("recruitment:request_detail", coordination_request), _ids(submission)


def _shortlisted_not_sent(w):
    recruitment = recruitment_for(w)
    request_to_b(w, recruitment)
    kept = [propose(w, recruitment, proposable_candidate(w, side)) for side in ("a", "b")]
    dropped = propose(w, recruitment, proposable_candidate(w, "a"))
    for submission in kept:
        services.submission_decide(submission=submission, actor=w.kam_a, shortlist=True)
    services.submission_decide(submission=dropped, actor=w.kam_a, shortlist=False, feedback="Ikke nå.")
    return recruitment, kept, dropped


def _board(w):
    """Every column of the board: proposed, shortlisted, and the collapsed "rejected or withdrawn"."""
    recruitment, kept, dropped = _shortlisted_not_sent(w)
    waiting = propose(w, recruitment, proposable_candidate(w, "b"))
    withdrawn = propose(w, recruitment, proposable_candidate(w, "b"))
    services.submission_withdraw(submission=withdrawn, actor=w.kam_b)
    return _url("recruitment:recruitment_detail", recruitment), _ids(*kept, dropped, waiting, withdrawn)


def _board_as_supplier(w):
    recruitment, kept, _dropped = _shortlisted_not_sent(w)
    return _url("recruitment:recruitment_detail", recruitment), _ids(kept[1])


def _send_list(w):
    recruitment, kept, _dropped = _shortlisted_not_sent(w)
    return _url("recruitment:send_list", recruitment), _ids(*kept)


def _proposals(w):
    recruitment, kept, dropped = _shortlisted_not_sent(w)
    return _url("recruitment:proposals", recruitment), _ids(*kept, dropped)


def _proposal_create(w):
    recruitment = recruitment_for(w)
    propose(w, recruitment, proposable_candidate(w, "a"))  # already proposed: not in the choice
    choice = [proposable_candidate(w, "a") for _ in range(2)]
    candidate_of(w, "b")  # another provider's: not in the choice
    return _url("recruitment:proposal_create", recruitment), _ids(*choice)


def _interview(w):
    recruitment, [_, b] = sent_list(w, a=1, b=1)
    answer(w, b, EmployerAnswer.INTERVIEW)
    return _url("recruitment:interview_schedule", b), _ids(b)


def _placement_page(name):
    def build(w):
        placement = placement_for(w)
        return _url(name, placement), _ids(placement)

    return build


def _my_placements(w):
    placements = [placement_for(w), placement_for(w)]
    return _url("recruitment:my_placements"), _ids(*placements)


def _employer_page(w):
    placements = [placement_for(w, "a"), placement_for(w, "b")]
    return _url("recruitment:employer_detail", w.employer_a), _ids(*placements)


def _employer_page_for_contact(w):
    accept_terms(w.contact_user)
    return _employer_page(w)


def _placement_create(w):
    submission = chosen_submission(w)
    return _url("recruitment:placement_create", submission), _ids(submission)


def _portal_home(w):
    placement = placement_for(w)
    accept_terms(w.contact_user)
    return _url("recruitment:portal_home"), _ids(placement)


def _portal_document(w):
    _recruitment, [a] = sent_list(w, a=1, b=0)
    return _url("recruitment:portal_document_download", a.cv), _ids(a)


def _portal_placement(w):
    placement = placement_for(w)
    accept_terms(w.contact_user)
    return _url("recruitment:portal_placement", placement), _ids(placement)


def _portal_week_to_correct(w):
    import datetime

    from django.utils import timezone

    from recruitment.services.attendance import attendance_week_record_by_employer, attendance_week_return

    accept_terms(w.contact_user)
    today = timezone.localdate()
    placement = placement_for(w, start_date=today - datetime.timedelta(days=21), workplace_supervisor=w.contact_a)
    week = attendance_week_record_by_employer(
        placement=placement,
        contact=w.contact_a,
        week_start=today - datetime.timedelta(days=7),
        days_present=1,
        hours=7,
    )
    attendance_week_return(week=week, actor=w.advisor_b, comment="Feil timer")
    return _url("recruitment:portal_attendance_correct", week), _ids(placement)


def _candidate_audit(w):
    candidate = candidate_of(w)
    return _url("candidates:audit", candidate), [candidate.pk]


@dataclass(frozen=True)
class Page:
    name: str
    persona: str
    build: Callable


PAGES = [
    Page("candidate list", "advisor_a", _candidate_list),
    Page("dossier", "kam_a", _candidate_page("candidates:detail")),
    Page("dossier edit", "advisor_a", _candidate_page("candidates:edit")),
    Page("assessment edit", "advisor_a", _candidate_page("candidates:assessment_edit")),
    Page("candidate access log (admin)", "admin_a", _candidate_audit),
    Page("candidate access log (advisor)", "advisor_a", _candidate_audit),
    Page("document download", "advisor_a", _document),
    Page("recruitment (coordinating KAM)", "kam_a", lambda w: _sent(w, "recruitment:recruitment_detail")),
    Page("recruitment (supplying KAM)", "kam_b", _sent_as_supplier),
    Page("recruitment board, every column (coordinating KAM)", "kam_a", _board),
    Page("recruitment board (supplying KAM: its own candidates)", "kam_b", _board_as_supplier),
    Page("coordination request (supplying KAM)", "kam_b", _request_as_supplier),
    Page("proposals review", "kam_a", _proposals),
    Page("propose a candidate", "kam_a", _proposal_create),
    Page("send the list", "kam_a", _send_list),
    Page("candidate list as the employer sees it (KAM)", "kam_a", lambda w: _sent(w, "recruitment:candidate_list")),
    Page("candidate list (employer)", "contact", lambda w: _sent(w, "recruitment:candidate_list")),
    Page("candidate list PDF (employer)", "contact", lambda w: _sent(w, "recruitment:candidate_list_pdf")),
    Page("candidate list PDF (KAM)", "kam_a", lambda w: _sent(w, "recruitment:candidate_list_pdf")),
    Page("interview scheduling", "kam_a", _interview),
    Page("placement", "advisor_b", _placement_page("recruitment:placement_detail")),
    Page("placement edit", "advisor_b", _placement_page("recruitment:placement_edit")),
    Page("expectation agreement", "advisor_b", _placement_page("recruitment:placement_agreement")),
    Page("my placements", "advisor_b", _my_placements),
    Page("new placement", "advisor_b", _placement_create),
    Page("portal home (placements)", "contact", _portal_home),
    Page("employer page, placements (coordinating KAM)", "kam_a", _employer_page),
    Page("employer page, placements (contact)", "contact", _employer_page_for_contact),
    Page("portal document download", "contact", _portal_document),
    Page("portal placement", "contact", _portal_placement),
    Page("portal attendance correction (workplace supervisor)", "contact", _portal_week_to_correct),
]


@pytest.mark.parametrize("row", PAGES, ids=lambda row: row.name)
def test_each_page_showing_candidates_logs_one_event_per_candidate_in_one_insert(client, world, private_root, row):  # noqa: F811
    url, shown = row.build(world)
    assert shown, "the row must show at least one candidate, or it proves nothing"
    user = world.persona(row.persona)
    client.force_login(user)
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, REMOTE_ADDR="10.9.8.7")

    assert response.status_code == 200, (url, response.status_code)
    events = list(AuditEvent.objects.filter(id__gt=last))
    assert Counter(e.candidate_id for e in events) == Counter(shown), row.name
    assert {(e.actor_id, e.ip) for e in events} == {(user.pk, "10.9.8.7")}
    assert len({e.request_id for e in events}) == 1 and events[0].request_id
    inserts = [q for q in queries.captured_queries if q["sql"].startswith('INSERT INTO "accounts_auditevent"')]
    assert len(inserts) == 1, f"{row.name}: {len(inserts)} INSERTs for {len(shown)} candidates"


def test_a_second_request_logs_again(client, world):
    url, shown = _sent(world, "recruitment:proposals")
    client.force_login(world.kam_a)
    client.get(url)
    client.get(url)
    assert Counter(
        AuditEvent.objects.filter(action="submission.viewed").values_list("candidate_id", flat=True)
    ) == dict.fromkeys(shown, 2)


def test_a_form_page_posted_with_errors_logs_nothing_more_than_its_save(client, world):
    """The GET of a form page logs the read; a refused POST (nothing saved) logs no read."""
    placement = placement_for(world)
    client.force_login(world.advisor_b)
    before = AuditEvent.objects.count()
    response = client.post(_url("recruitment:placement_edit", placement), {"start_date": "not a date", "version": "1"})
    assert response.status_code == 200
    assert AuditEvent.objects.count() == before


def test_a_candidate_list_export_built_by_a_task_logs_one_event_per_candidate_in_one_insert(world, private_root):  # noqa: F811
    """The large export (accounts/export_jobs.py) audits when it writes the file, as the requester."""
    from accounts.export_jobs import export_job_create
    from accounts.tasks import build_export_job

    url, shown = _candidate_list(world)
    job = export_job_create(actor=world.advisor_a, list_name="candidates", query=url.split("?", 1)[1], fmt="csv")
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with CaptureQueriesContext(connection) as queries:
        assert build_export_job.apply(args=[job.pk]).get() == "ready"
    events = list(AuditEvent.objects.filter(id__gt=last, action="candidate.exported"))
    assert Counter(e.candidate_id for e in events) == Counter(shown)
    assert {(e.actor_id, e.origin) for e in events} == {(world.advisor_a.pk, "task:accounts.build_export_job")}
    inserts = [
        q
        for q in queries.captured_queries
        if q["sql"].startswith('INSERT INTO "accounts_auditevent"') and "candidate.exported" in q["sql"]
    ]
    assert len(inserts) == 1, f"{len(inserts)} INSERTs for {len(shown)} candidates"
