"""Issue 15: a notification is linked to the candidate it is about (`notify(about=...)`, NotificationSubject),
and the subject-access export and the anonymisation follow that link, never a match by name."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import Notification, NotificationSubject
from accounts.notifications import notify
from candidates.anonymise import REDACTED, candidate_anonymise
from candidates.consent_requests import consent_request_answer, consent_request_send, token_for
from candidates.models import Candidate, CandidateRetention, DossierPart
from candidates.subject_access import export_data
from recruitment.models import EmployerAnswer
from recruitment.services.placements import placement_create
from tests.candidates.factories import candidate_of
from tests.recruitment.hiring_factories import answer, fresh, schedule, sent_list

pytestmark = pytest.mark.django_db


def _namesakes(world):
    """Two candidates of provider A with the same name (different e-mail addresses), each asked for consent and
    each declining: the advisor gets a message naming "Ola Nordmann" about each of them."""
    first = candidate_of(world, full_name="Ola Nordmann", email="ola.en@example.no")
    second = candidate_of(world, full_name="Ola Nordmann", email="ola.to@example.no")
    for candidate in (first, second):
        sent = consent_request_send(
            candidate=candidate, employer=world.employer_a, actor=world.advisor_a, parts=[DossierPart.CV]
        )
        consent_request_answer(token=token_for(sent), accept=False, parts=[])
    return first, second


def _linked_ids(candidate) -> set[int]:
    return set(NotificationSubject.objects.filter(candidate_id=candidate.pk).values_list("notification_id", flat=True))


def test_notify_records_the_candidates_it_is_about_once_per_notification(world):
    candidate = candidate_of(world)
    other = candidate_of(world)
    made = notify(
        recipients=[world.advisor_a, world.kam_a],
        kind="test.about",
        template="candidates/emails/retention_warning",
        context={"candidate": candidate, "due": timezone.localdate(), "days": 1},
        about=[candidate, other.pk, candidate.pk],  # a repeat counts once
    )
    assert len(made) == 2
    for notification in made:
        assert set(notification.subjects.values_list("candidate_id", flat=True)) == {candidate.pk, other.pk}
    plain = notify(
        recipients=[world.advisor_a],
        kind="test.plain",
        template="candidates/emails/retention_warning",
        context={"candidate": candidate, "due": timezone.localdate(), "days": 1},
    )
    assert not plain[0].subjects.exists()


def test_the_export_of_one_namesake_holds_none_of_the_others_notifications(world):
    first, second = _namesakes(world)
    named = Notification.objects.filter(body__contains="Ola Nordmann")
    assert named.count() >= 4  # each candidate's answer reached the advisor naming "Ola Nordmann"

    exported = {(n["kind"], n["to"], n["created_at"]) for n in export_data(first)["notifications"]}
    mine = Notification.objects.filter(pk__in=_linked_ids(first))
    theirs = Notification.objects.filter(pk__in=_linked_ids(second))
    assert mine.exists() and theirs.exists()
    assert {(n.kind, n.email, n.created_at) for n in mine} <= exported
    assert not {(n.kind, n.email, n.created_at) for n in theirs} & exported
    # The request e-mailed to the candidate is in their own export and not in the namesake's.
    kinds_to = {(n["kind"], n["to"]) for n in export_data(first)["notifications"]}
    assert ("consent_request.sent", "ola.en@example.no") in kinds_to
    assert ("consent_request.sent", "ola.to@example.no") not in kinds_to


def test_an_older_message_without_a_link_counts_by_the_candidates_address_or_a_page_of_theirs(world):
    first, second = _namesakes(world)
    NotificationSubject.objects.filter(candidate_id=first.pk).delete()  # as made before the links existed
    data = export_data(first)
    exported = {(n["kind"], n["to"], n["url"]) for n in data["notifications"]}
    assert ("consent_request.sent", "ola.en@example.no") in {(kind, to) for kind, to, _url in exported}
    advisor = {url for kind, to, url in exported if to == world.advisor_a.email}
    assert advisor and all(str(first.uuid) in url for url in advisor)  # the advisor's message opens her page
    assert not any(str(second.uuid) in url for _kind, _to, url in exported)  # never the namesake's


def test_anonymising_one_namesake_leaves_the_others_messages_alone(world):
    first, second = _namesakes(world)
    candidate_anonymise(candidate=first, actor=None, cause=CandidateRetention.Cause.RETENTION)
    for notification in Notification.objects.filter(pk__in=_linked_ids(first)):
        assert "Ola Nordmann" not in notification.subject + notification.body
    theirs = Notification.objects.filter(pk__in=_linked_ids(second), user=world.advisor_a)
    assert theirs.exists()
    for notification in theirs:
        assert "Ola Nordmann" in notification.subject + notification.body
        assert REDACTED not in notification.subject
    assert Candidate.objects.get(pk=second.pk).full_name == "Ola Nordmann"


# --- every notification of the main workflow that concerns a candidate is linked to them ----------------------

# Kinds made in the workflow below that are about no single candidate (requests, the employer's list e-mail,
# which names nobody). Every other kind must be linked to the candidate(s) it concerns.
NOT_ABOUT_A_CANDIDATE = {
    "recruitment.request_sent",
    "recruitment.request_accept",
    "recruitment.list_sent",
    "mapping_form.sent",
    "mapping_form.approved",
}


def _named(notification, candidates) -> set[int]:
    text = f"{notification.subject}\n{notification.body}"
    named = {c.pk for c in candidates if re.search(rf"\b{re.escape(c.full_name)}\b", text)}
    named |= {c.pk for c in candidates if notification.email.lower() == c.email.lower()}
    return named


def test_every_notification_of_the_main_workflow_about_a_candidate_is_linked_to_them(world):
    recruitment, [own, theirs] = sent_list(world, a=1, b=1, openings=1)
    answer(world, theirs, EmployerAnswer.INTERVIEW)
    schedule(world, theirs)
    answer(world, own, EmployerAnswer.NOT_RELEVANT, reason="qualifications")
    answer(world, theirs, EmployerAnswer.HIRED)
    placement_create(
        submission=fresh(theirs),
        actor=theirs.candidate.advisor,
        start_date=timezone.localdate(),
        workplace_contact_name="Per Leder",
    )
    candidates = [own.candidate, theirs.candidate]
    made = list(Notification.objects.prefetch_related("subjects").order_by("pk"))
    kinds = {n.kind for n in made}
    # The workflow did run: proposals, decisions, the list, the answers, the interview, the choice.
    assert {"recruitment.proposed", "recruitment.shortlisted", "recruitment.on_list", "recruitment.invited"} <= kinds
    assert {"recruitment.interview_scheduled_contact", "recruitment.rejected", "recruitment.chosen"} <= kinds
    unlinked_kinds = set()
    for notification in made:
        linked = {s.candidate_id for s in notification.subjects.all()}
        assert _named(notification, candidates) <= linked, (notification.kind, notification.email)
        if not linked:
            unlinked_kinds.add(notification.kind)
    assert unlinked_kinds <= NOT_ABOUT_A_CANDIDATE, unlinked_kinds - NOT_ABOUT_A_CANDIDATE
    # The employer's interview e-mail names nobody, yet it is about the candidate: linked.
    [ics] = [n for n in made if n.kind == "recruitment.interview_scheduled_contact"]
    assert {s.candidate_id for s in ics.subjects.all()} == {theirs.candidate_id}
    # The supplying KAM's "list sent" message is linked to their candidates on it, not to the other provider's.
    [supplier] = [n for n in made if n.kind == "recruitment.list_sent_supplier"]
    assert {s.candidate_id for s in supplier.subjects.all()} == {theirs.candidate_id}


# --- every notify() call in the services passes about=, unless it is about no candidate ------------------------

ROOT = Path(settings.BASE_DIR)
# (file, function) of notify() calls about no single candidate, and why.
NOTIFY_WITHOUT_ABOUT = {
    ("accounts/services.py", "staff_user_invite"): "a new staff user",
    ("recruitment/services/portal.py", "contact_invite"): "an employer contact",
    ("recruitment/services/mapping.py", "mapping_form_send_for_approval"): "the employer's mapping form",
    ("recruitment/services/mapping.py", "_record_answer"): "the employer's mapping form",
    ("recruitment/services/client_team.py", "plan_proposal_create"): "the account plan",
    ("recruitment/services/recruitments.py", "coordination_requests_send"): "a request to a provider",
    ("recruitment/services/recruitments.py", "coordination_request_answer"): "a provider's answer",
    ("recruitment/services/recruitments.py", "recruitment_send_status_update"): "the KAM's free text to the employer",
    ("recruitment/services/candidate_list.py", "candidate_list_notify"): "a link to the list, naming nobody",
    ("accounts/export_jobs.py", "_tell"): "the requester's own export is ready or failed (a link, naming nobody)",
}


class _Calls(ast.NodeVisitor):
    """notify(...) calls with the innermost function they are in and their keyword names."""

    def visit_FunctionDef(self, node):
        self.stack.append(node.name)
        self.generic_visit(node)
        self.stack.pop()

    def __init__(self, path, name="notify"):
        self.path, self.name, self.stack, self.found = path, name, [], []

    def visit_Call(self, node):
        if getattr(node.func, "id", None) == self.name:
            self.found.append((self.path, self.stack[-1] if self.stack else "", {k.arg for k in node.keywords}))
        self.generic_visit(node)


def _notify_calls() -> list:
    calls = []
    for folder in ("accounts", "candidates", "recruitment"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts or path.name == "notifications.py":
                continue
            visitor = _Calls(str(path.relative_to(ROOT)))
            visitor.visit(ast.parse(path.read_text()))
            calls += visitor.found
    return calls


def test_every_notify_call_names_the_candidate_it_is_about_or_is_known_to_be_about_none():
    calls = _notify_calls()
    assert len(calls) >= 20  # the walk found the services' calls
    missing = {(path, name) for path, name, keywords in calls if "about" not in keywords}
    assert missing <= set(NOTIFY_WITHOUT_ABOUT), sorted(missing - set(NOTIFY_WITHOUT_ABOUT))
    assert set(NOTIFY_WITHOUT_ABOUT) <= missing, "a stale entry in NOTIFY_WITHOUT_ABOUT"


# Reminder finders (recruitment/reminders) whose reminders are about a recruitment, an employer or a form, not a
# candidate; every other finder's Due(...) names the candidate with about=.
DUE_WITHOUT_ABOUT = {"accounts.py", "employers.py", "mapping.py", "recruitments.py"}


def test_every_reminder_about_a_candidate_names_them():
    found = []
    for path in sorted((ROOT / "recruitment" / "reminders").glob("*.py")):
        visitor = _Calls(path.name, name="Due")
        visitor.visit(ast.parse(path.read_text()))
        found += visitor.found
    about = {path for path, _name, keywords in found if "about" in keywords}
    assert {"interviews.py", "placements.py"} <= about
    missing = {(path, name) for path, name, keywords in found if "about" not in keywords}
    assert {path for path, _name in missing} <= DUE_WITHOUT_ABOUT, sorted(missing)
