import pytest

from accounts.demo import seed_demo
from recruitment.models import (
    AgreementVersion,
    CoordinationRequest,
    Interview,
    Placement,
    PlacementStatus,
    Recruitment,
    RecruitmentStatus,
    Submission,
    SubmissionStatus,
)
from tests.candidates.conftest import private_root  # noqa: F401

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Recruitment.objects.count(),
        CoordinationRequest.objects.count(),
        Submission.objects.count(),
        Interview.objects.count(),
        Placement.objects.count(),
    )


def test_the_demo_has_an_open_recruitment_a_list_with_an_interview_and_a_placement_and_runs_twice(
    private_root,  # noqa: F811
):
    seed_demo()
    open_one = Recruitment.objects.get(status=RecruitmentStatus.OPEN)
    assert open_one.is_multi_provider
    request = CoordinationRequest.objects.get(recruitment=open_one)
    proposal = Submission.objects.get(recruitment=open_one)
    assert proposal.provider_id == request.supplying_provider_id != open_one.coordinating_provider_id

    interviewing = Recruitment.objects.get(status=RecruitmentStatus.INTERVIEWING)
    assert not interviewing.is_multi_provider and interviewing.list_sent_at is not None
    statuses = sorted(interviewing.submissions.values_list("status", flat=True))
    assert statuses == sorted([SubmissionStatus.INTERVIEW, SubmissionStatus.SHORTLISTED])
    interview = Interview.objects.get()
    assert interview.submission.recruitment == interviewing and interview.cancelled_at is None

    placement = Placement.objects.get()
    assert placement.status == PlacementStatus.ACTIVE
    assert placement.recruitment.status == RecruitmentStatus.CANDIDATE_CHOSEN
    assert placement.provider_id not in (open_one.coordinating_provider_id, request.supplying_provider_id)
    assert AgreementVersion.objects.filter(placement=placement).exists() and placement.notes.count() == 1
    assert placement.notes.get().assessments.count() == 2

    before = _counts()
    assert before == (3, 2, 4, 1, 1)
    seed_demo()
    assert _counts() == before
