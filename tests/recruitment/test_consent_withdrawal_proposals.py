"""Issue 14 leftover: a withdrawn consent moves the candidate's proposals to that employer that are still in the
running, and that no other consent covers, to withdrawn through the engine; chosen ones and those another
consent covers stay as they are."""

import pytest

from accounts.models import AuditEvent
from candidates.services import consent_withdraw
from recruitment.models import EmployerAnswer, RecruitmentEvent, SubmissionStatus
from recruitment.selectors.recruitments import recruitment_page
from tests.candidates.factories import ConsentFactory
from tests.recruitment.hiring_factories import answer, fresh, sent_list
from tests.recruitment.recruitment_factories import chosen_submission, proposable_candidate, propose, recruitment_for

pytestmark = pytest.mark.django_db


def test_proposals_in_the_running_are_withdrawn_and_no_longer_counted(world):
    recruitment, [staying, leaving] = sent_list(world, a=1, b=1, openings=2)
    answer(world, leaving, EmployerAnswer.INTERVIEW)
    before = recruitment_page(recruitment=recruitment, user=world.kam_a)
    assert before.counts[SubmissionStatus.INTERVIEW] == 1

    consent_withdraw(consent=leaving.candidate.consents.get(), actor=world.advisor_b)

    leaving, staying = fresh(leaving), fresh(staying)
    assert (leaving.status, staying.status) == (SubmissionStatus.WITHDRAWN, SubmissionStatus.SHORTLISTED)
    after = recruitment_page(recruitment=recruitment, user=world.kam_a)
    assert after.counts[SubmissionStatus.INTERVIEW] == 0 and after.counts[SubmissionStatus.WITHDRAWN] == 1
    assert leaving not in after.unanswered
    event = RecruitmentEvent.objects.get(subject="submission", subject_id=leaving.pk, action="withdraw_consent")
    assert event.actor == world.advisor_b and not event.shared_with_employer
    assert AuditEvent.objects.filter(action="submission.withdraw_consent", candidate_id=leaving.candidate_id).exists()


def test_a_proposal_not_yet_on_a_list_is_withdrawn_too(world):
    recruitment = recruitment_for(world)
    submission = propose(world, recruitment, proposable_candidate(world, "a"))
    consent_withdraw(consent=submission.candidate.consents.get(), actor=world.advisor_a)
    assert fresh(submission).status == SubmissionStatus.WITHDRAWN


def test_another_consent_that_still_covers_the_recruitment_keeps_the_proposal(world):
    recruitment = recruitment_for(world)
    submission = propose(world, recruitment, proposable_candidate(world, "a"))
    first = submission.candidate.consents.get()
    ConsentFactory(candidate=submission.candidate, employer=world.employer_a, recruitment=recruitment)
    consent_withdraw(consent=first, actor=world.advisor_a)
    assert fresh(submission).status == SubmissionStatus.PROPOSED


def test_a_consent_for_another_employer_leaves_the_proposal(world):
    recruitment = recruitment_for(world)
    submission = propose(world, recruitment, proposable_candidate(world, "a"))
    other = ConsentFactory(candidate=submission.candidate, employer=world.employer_b)
    consent_withdraw(consent=other, actor=world.advisor_a)
    assert fresh(submission).status == SubmissionStatus.PROPOSED


def test_a_chosen_candidate_stays_chosen(world):
    submission = chosen_submission(world)
    consent_withdraw(consent=submission.candidate.consents.get(), actor=world.advisor_b)
    assert fresh(submission).status == SubmissionStatus.CHOSEN
