import pytest

from accounts.demo import seed_demo
from candidates.models import Candidate, Consent, Document
from tests.candidates.conftest import stored_files

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_candidates_with_checked_cvs_and_some_consents_and_is_idempotent(private_root):
    seed_demo()
    counts = (Candidate.objects.count(), Document.objects.count(), Consent.objects.count())
    assert counts == (9, 9, 6)  # three from the candidates demo, one for each demo recruitment
    assert Document.objects.filter(reviewed_on__isnull=False).count() == 6
    assert all(c.advisor.provider_id == c.provider_id for c in Candidate.objects.select_related("advisor"))
    assert len(stored_files(private_root)) == 9

    seed_demo()
    assert (Candidate.objects.count(), Document.objects.count(), Consent.objects.count()) == counts
    assert len(stored_files(private_root)) == 9
