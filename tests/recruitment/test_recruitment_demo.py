import pytest

from accounts.demo import seed_demo
from recruitment.models import (
    CoordinationRequest,
    Interview,
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
    )


def test_the_demo_has_an_open_multi_provider_recruitment_and_a_list_with_an_interview_and_runs_twice(
    private_root,  # noqa: F811
):
    seed_demo()
    open_one = Recruitment.objects.get(status=RecruitmentStatus.OPEN)
    assert open_one.is_multi_provider
    request = CoordinationRequest.objects.get()
    proposal = Submission.objects.get(recruitment=open_one)
    assert proposal.provider_id == request.supplying_provider_id != open_one.coordinating_provider_id

    interviewing = Recruitment.objects.get(status=RecruitmentStatus.INTERVIEWING)
    assert not interviewing.is_multi_provider and interviewing.list_sent_at is not None
    statuses = sorted(interviewing.submissions.values_list("status", flat=True))
    assert statuses == sorted([SubmissionStatus.INTERVIEW, SubmissionStatus.SHORTLISTED])
    interview = Interview.objects.get()
    assert interview.submission.recruitment == interviewing and interview.cancelled_at is None

    before = _counts()
    assert before == (2, 1, 3, 1)
    seed_demo()
    assert _counts() == before
