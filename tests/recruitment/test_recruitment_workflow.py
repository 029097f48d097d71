"""Recruitments through the services: progress plan, state machines, coordination and proposals."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts import policy
from accounts.models import AuditEvent
from candidates.models import Candidate, DossierPart
from candidates.services import consent_withdraw
from recruitment.models import (
    ContactLogEntry,
    Recruitment,
    RecruitmentEvent,
    RecruitmentStatus,
    RequestStatus,
    SubmissionStatus,
)
from recruitment.services import recruitments as services
from recruitment.services.recruitments import RecruitmentError
from tests.candidates.conftest import private_root  # noqa: F401
from tests.candidates.factories import ConsentFactory
from tests.recruitment.factories import mapping_form
from tests.recruitment.portal_factories import accept_terms
from tests.recruitment.recruitment_factories import (
    proposable_candidate,
    propose,
    recruitment_for,
    request_to_b,
)

pytestmark = pytest.mark.django_db


def _en(error) -> str:
    with translation.override("en"):
        return " ".join(error.value.messages)


def test_a_recruitment_starts_as_a_draft_with_the_employers_coordinating_kam_and_a_history(world):
    recruitment = recruitment_for(world, open_it=False)
    assert recruitment.status == RecruitmentStatus.DRAFT
    assert recruitment.coordinating_kam == world.kam_a
    assert recruitment.coordinating_provider == world.provider_a
    services.recruitment_open(recruitment=recruitment, actor=world.kam_a)
    assert Recruitment.objects.get(pk=recruitment.pk).status == RecruitmentStatus.OPEN
    actions = list(recruitment.events.values_list("action", flat=True))
    assert actions == ["created", "open"]
    event = recruitment.events.get(action="open")
    assert event.actor == world.kam_a and event.from_status == "draft" and event.to_status == "open"
    assert AuditEvent.objects.filter(action="recruitment.open").count() == 1


def test_only_positions_of_an_approved_form_can_be_recruited_for(world):
    draft = mapping_form(employer=world.employer_a, kam=world.kam_a)
    with pytest.raises(ValidationError) as error:
        services.recruitment_create(
            employer=world.employer_a,
            position=draft.versions.get().positions.first(),
            actor=world.kam_a,
            cv_deadline=timezone.localdate() + datetime.timedelta(days=14),
        )
    assert "approved" in _en(error)


def test_the_plan_refuses_a_deadline_in_the_past(world):
    with pytest.raises(ValidationError):
        recruitment_for(world, cv_deadline=timezone.localdate() - datetime.timedelta(days=1))


def test_a_transition_not_in_the_table_is_refused_and_changes_nothing(world):
    recruitment = recruitment_for(world)
    with pytest.raises(RecruitmentError):
        services.recruitment_transition(recruitment=recruitment, action="fill", actor=world.kam_a)
    assert Recruitment.objects.get(pk=recruitment.pk).status == RecruitmentStatus.OPEN


def test_a_lost_race_is_an_error_not_an_overwrite(world):
    recruitment = recruitment_for(world)
    Recruitment.objects.filter(pk=recruitment.pk).update(status=RecruitmentStatus.CANCELLED)
    with pytest.raises(RecruitmentError):
        services.recruitment_transition(recruitment=recruitment, action="send_list", actor=world.kam_a)


def test_every_state_machine_table_names_only_real_states():
    from recruitment.models import RecruitmentStatus as R
    from recruitment.models import RequestStatus as Q
    from recruitment.models import SubmissionStatus as S

    for table, states in (
        (services.RECRUITMENT_TRANSITIONS, R.values),
        (services.REQUEST_TRANSITIONS, Q.values),
        (services.SUBMISSION_TRANSITIONS, S.values),
    ):
        for from_states, to_state in table.values():
            assert set(from_states) <= set(states) and to_state in states


def test_closing_unfilled_needs_a_reason(world):
    recruitment = recruitment_for(world)
    with pytest.raises(ValidationError):
        services.recruitment_close(recruitment=recruitment, actor=world.kam_a, action="close_unfilled")
    services.recruitment_close(
        recruitment=recruitment, actor=world.kam_a, action="close_unfilled", reason="Stillingen ble trukket"
    )
    recruitment.refresh_from_db()
    assert recruitment.status == RecruitmentStatus.CLOSED_UNFILLED and recruitment.closed_reason


def test_the_coordinating_kam_proposes_own_candidates_in_single_provider_mode(
    world, django_capture_on_commit_callbacks
):
    recruitment = recruitment_for(world)
    candidate = proposable_candidate(world)
    submission = propose(world, recruitment, candidate)
    assert submission.status == SubmissionStatus.PROPOSED
    assert submission.cv.is_reviewed and submission.advisor == world.advisor_a
    assert submission.advisor_email == world.advisor_a.email
    assert Candidate.objects.get(pk=candidate.pk).status == Candidate.Status.IN_PROCESS
    assert AuditEvent.objects.filter(action="submission.proposed", candidate_id=candidate.pk).exists()


def test_a_proposal_without_a_reviewed_cv_is_refused_with_a_clear_message(world):
    from tests.candidates.factories import candidate_of, document_for

    recruitment = recruitment_for(world)
    candidate = candidate_of(world)
    document_for(candidate, reviewed=False)
    ConsentFactory(candidate=candidate, employer=world.employer_a)
    with pytest.raises(ValidationError) as error:
        propose(world, recruitment, candidate)
    assert "ikke gjennomgått" in " ".join(error.value.messages)
    assert not recruitment.submissions.exists()


def test_a_proposal_without_consent_for_this_employer_is_refused(world):
    recruitment = recruitment_for(world)
    candidate = proposable_candidate(world, employer=world.employer_b)
    with pytest.raises(ValidationError) as error:
        propose(world, recruitment, candidate)
    assert "samtykke dekker ikke" in " ".join(error.value.messages)


def test_a_consent_for_another_recruitment_of_the_employer_does_not_cover_this_one(world):
    recruitment = recruitment_for(world)
    other = recruitment_for(world)
    candidate = proposable_candidate(world, recruitment=other)
    with pytest.raises(ValidationError):
        propose(world, recruitment, candidate)
    assert propose(world, other, candidate).status == SubmissionStatus.PROPOSED


def test_the_same_candidate_cannot_be_proposed_twice(world):
    recruitment = recruitment_for(world)
    candidate = proposable_candidate(world)
    propose(world, recruitment, candidate)
    with pytest.raises(ValidationError) as error:
        propose(world, recruitment, candidate)
    assert "already proposed" in _en(error)


def test_a_request_goes_to_the_supplying_kam_by_email_with_the_mapping_form_and_in_the_portal(
    world, django_capture_on_commit_callbacks
):
    recruitment = recruitment_for(world, open_it=False)
    with django_capture_on_commit_callbacks(execute=True):
        coordination_request = request_to_b(world, recruitment, accept=False)
    recruitment.refresh_from_db()
    assert recruitment.status == RecruitmentStatus.OPEN and recruitment.is_multi_provider
    [message] = [m for m in mail.outbox if m.to == [world.kam_b.email]]
    assert recruitment.title in message.subject
    assert str(coordination_request.uuid) in message.body
    assert message.attachments[0][0].endswith(".pdf") and message.attachments[0][1].startswith(b"%PDF")
    assert world.kam_b.notifications.filter(kind="recruitment.request_sent").exists()
    # The supplying KAM now sees the mapping form the request is based on.
    assert policy.mapping_forms_visible_to(world.kam_b).filter(pk=recruitment.mapping_version.form_id).exists()
    assert not policy.mapping_forms_visible_to(world.kam_other).exists()


def test_only_other_providers_of_the_region_can_be_asked_and_each_once(world):
    recruitment = recruitment_for(world)
    with pytest.raises(ValidationError):
        services.coordination_requests_send(recruitment=recruitment, actor=world.kam_a, kams=[world.kam_other])
    with pytest.raises(ValidationError):
        services.coordination_requests_send(recruitment=recruitment, actor=world.kam_a, kams=[world.kam_a])
    request_to_b(world, recruitment, accept=False)
    with pytest.raises(ValidationError):
        services.coordination_requests_send(recruitment=recruitment, actor=world.kam_a, kams=[world.kam_b])


def test_a_supplying_kam_must_accept_before_proposing_and_the_first_proposal_marks_the_request(world):
    recruitment = recruitment_for(world)
    coordination_request = request_to_b(world, recruitment, accept=False)
    candidate = proposable_candidate(world, "b")
    with pytest.raises(RecruitmentError):
        propose(world, recruitment, candidate)
    services.coordination_request_answer(coordination_request=coordination_request, actor=world.kam_b, answer="accept")
    submission = propose(world, recruitment, candidate)
    assert submission.coordination_request == coordination_request
    coordination_request.refresh_from_db()
    assert coordination_request.status == RequestStatus.CANDIDATES_SUBMITTED


def test_a_supplying_kam_cannot_propose_another_providers_candidate(world):
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    with pytest.raises(ValidationError):
        propose(world, recruitment, proposable_candidate(world, "a"), kam=world.kam_b)


def test_declining_or_no_candidates_needs_a_reason_and_tells_the_coordinating_kam(world):
    recruitment = recruitment_for(world)
    coordination_request = request_to_b(world, recruitment, accept=False)
    with pytest.raises(ValidationError):
        services.coordination_request_answer(
            coordination_request=coordination_request, actor=world.kam_b, answer="no_candidates"
        )
    services.coordination_request_answer(
        coordination_request=coordination_request,
        actor=world.kam_b,
        answer="no_candidates",
        comment="Ingen med truckførerbevis",
    )
    assert coordination_request.status == RequestStatus.NO_CANDIDATES
    assert world.kam_a.notifications.filter(kind="recruitment.request_no_candidates").exists()


def test_a_supplying_kam_sees_only_their_own_providers_proposals(world):
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    own = propose(world, recruitment, proposable_candidate(world, "a"))
    theirs = propose(world, recruitment, proposable_candidate(world, "b"))
    assert set(policy.submissions_visible_to(world.kam_a)) == {own, theirs}
    assert set(policy.submissions_visible_to(world.kam_b)) == {theirs}
    assert not policy.submissions_visible_to(world.contact_user).exists()
    # The coordinating KAM sees the other provider's candidate through the proposal, not the reverse.
    assert policy.candidates_visible_to(world.kam_a).filter(pk=theirs.candidate_id).exists()
    assert not policy.candidates_visible_to(world.kam_b).filter(pk=own.candidate_id).exists()
    assert policy.may_see(world.kam_a, theirs.candidate, DossierPart.CV)


def _ready_to_send(world):
    recruitment = recruitment_for(world)
    request_to_b(world, recruitment)
    shortlisted = propose(world, recruitment, proposable_candidate(world, "a", covers_assessment=True))
    other = propose(world, recruitment, proposable_candidate(world, "b"))
    dropped = propose(world, recruitment, proposable_candidate(world, "b"))
    services.submission_decide(submission=shortlisted, actor=world.kam_a, shortlist=True)
    services.submission_decide(submission=other, actor=world.kam_a, shortlist=True)
    return recruitment, shortlisted, other, dropped


def test_not_shortlisting_needs_feedback(world):
    recruitment, _, _, dropped = _ready_to_send(world)
    with pytest.raises(ValidationError):
        services.submission_decide(submission=dropped, actor=world.kam_a, shortlist=False)


def test_the_list_cannot_go_out_while_a_proposal_is_undecided(world):
    recruitment, _, _, _ = _ready_to_send(world)
    with pytest.raises(RecruitmentError):
        services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)


def test_sending_the_list_emails_the_contact_a_link_only_and_sends_feedback_for_the_rest(
    world, django_capture_on_commit_callbacks
):
    accept_terms(world.contact_user)  # a contact sees candidates only after accepting the terms of use
    recruitment, shortlisted, other, dropped = _ready_to_send(world)
    mail.outbox.clear()
    # The feedback goes out with the decision (not only when the list is sent).
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_decide(submission=dropped, actor=world.kam_a, shortlist=False, feedback="Mangler førerkort")
    with django_capture_on_commit_callbacks(execute=True):
        services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    recruitment.refresh_from_db()
    assert recruitment.status == RecruitmentStatus.SHORTLIST_SENT
    assert recruitment.list_sent_at and recruitment.feedback_deadline > timezone.localdate()
    assert set(recruitment.coordination_requests.values_list("status", flat=True)) == {RequestStatus.CLOSED}
    [to_contact] = [m for m in mail.outbox if m.to == [world.contact_a.email]]
    assert f"/recruitments/{recruitment.uuid}/list/" in to_contact.body
    assert to_contact.attachments == []  # candidate data stays in the portal, under policy and audit
    feedback = [m for m in mail.outbox if "Mangler førerkort" in m.body]
    assert {m.to[0] for m in feedback} == {dropped.advisor.email, world.kam_b.email}
    assert ContactLogEntry.objects.filter(employer=world.employer_a, kind="email").exists()
    # Now the contact sees exactly the shortlisted candidates, with the consented parts.
    contact = world.contact_user
    visible = set(policy.candidates_visible_to(contact))
    assert visible == {shortlisted.candidate, other.candidate}
    assert policy.may_see(contact, shortlisted.candidate, DossierPart.ASSESSMENT)
    assert not policy.may_see(contact, other.candidate, DossierPart.ASSESSMENT)
    assert policy.may_see(contact, other.candidate, DossierPart.CV)
    assert not policy.may_see(contact, dropped.candidate, DossierPart.PROFILE)


def test_a_withdrawn_consent_takes_the_candidate_off_what_the_contact_sees(world, django_capture_on_commit_callbacks):
    recruitment, shortlisted, other, dropped = _ready_to_send(world)
    services.submission_decide(submission=dropped, actor=world.kam_a, shortlist=False, feedback="Nei")
    with django_capture_on_commit_callbacks(execute=True):
        services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    consent = other.candidate.consents.get()
    consent_withdraw(consent=consent, actor=other.candidate.advisor)
    assert not policy.may_see(world.contact_user, other.candidate, DossierPart.PROFILE)
    assert not policy.may_see(world.contact_user, other.candidate, DossierPart.CV)


def test_a_status_update_is_emailed_and_logged_on_the_employers_contact_log(world, django_capture_on_commit_callbacks):
    recruitment = recruitment_for(world)
    text = services.status_update_text(recruitment, proposals=0)
    assert recruitment.title in text
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.recruitment_send_status_update(
            recruitment=recruitment, actor=world.kam_a, contact=world.contact_a, message=text
        )
    assert entry.employer == world.employer_a and entry.kind == "email" and text in entry.notes
    assert [m for m in mail.outbox if m.to == [world.contact_a.email] and text.split("\n")[0] in m.body]
    assert RecruitmentEvent.objects.filter(recruitment=recruitment, action="status_update").exists()


def test_a_consent_scoped_to_another_recruitment_does_not_show_the_candidate_on_this_list(
    world, django_capture_on_commit_callbacks
):
    recruitment = recruitment_for(world)
    other = recruitment_for(world)
    candidate = proposable_candidate(world)
    submission = propose(world, recruitment, candidate)
    services.submission_decide(submission=submission, actor=world.kam_a, shortlist=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.recruitment_send_list(recruitment=recruitment, actor=world.kam_a, contact=world.contact_a)
    employer_wide = candidate.consents.get()
    ConsentFactory(candidate=candidate, employer=world.employer_a, recruitment=other, covers_assessment=True)
    consent_withdraw(consent=employer_wide, actor=candidate.advisor)
    contact = world.contact_user
    # Shortlisted here, but the only consent left names another recruitment of the same employer.
    assert not policy.may_see(contact, candidate, DossierPart.PROFILE, recruitment=recruitment)
    assert not policy.may_see(contact, candidate, DossierPart.CV)


def test_the_advisor_scopes_a_consent_to_one_recruitment_through_the_form(client, world):
    from django.urls import reverse

    from tests.candidates.factories import candidate_of

    recruitment = recruitment_for(world)
    candidate = candidate_of(world)
    client.force_login(world.advisor_a)
    url = reverse("candidates:consent_create", kwargs={"uuid": candidate.uuid})
    data = {
        "employer": world.employer_b.pk,
        "recruitment": recruitment.pk,
        "given_on": timezone.localdate().isoformat(),
        "method": "signed_form",
        "text_version": "2026-1",
        "covers_cv": "on",
    }
    response = client.post(url, data)
    assert "Rekrutteringen må høre til den valgte bedriften." in response.content.decode()
    assert not candidate.consents.exists()
    client.post(url, {**data, "employer": world.employer_a.pk})
    consent = candidate.consents.get()
    assert consent.recruitment == recruitment
    assert policy.consent_covers(
        candidate=candidate, employer_id=world.employer_a.pk, part=DossierPart.CV, recruitment_id=recruitment.pk
    )
    assert not policy.consent_covers(candidate=candidate, employer_id=world.employer_a.pk, part=DossierPart.CV)
