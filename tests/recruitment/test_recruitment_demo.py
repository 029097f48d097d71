import pytest

from accounts.demo import seed_demo
from recruitment.models import CoordinationRequest, Recruitment, RecruitmentStatus, Submission
from tests.candidates.conftest import private_root  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_open_multi_provider_recruitment_with_a_request_and_a_proposal_and_runs_twice(
    private_root,  # noqa: F811
):
    seed_demo()
    recruitment = Recruitment.objects.get()
    assert recruitment.status == RecruitmentStatus.OPEN and recruitment.is_multi_provider
    request = CoordinationRequest.objects.get()
    submission = Submission.objects.get()
    assert submission.provider_id == request.supplying_provider_id != recruitment.coordinating_provider_id
    seed_demo()
    assert (Recruitment.objects.count(), CoordinationRequest.objects.count(), Submission.objects.count()) == (1, 1, 1)
