"""The shared signed-link helper behind approval links and portal invitations."""

import datetime

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from kamportal.lib.signed_links import LinkRefused, is_uuid, link_dumps, link_loads, link_max_age


def test_a_link_reads_back_its_payload():
    token = link_dumps({"a": "1", "b": "2"}, salt="test.purpose")
    assert link_loads(token, salt="test.purpose", keys=("a", "b")) == {"a": "1", "b": "2"}


def test_a_link_of_another_purpose_is_invalid():
    token = link_dumps({"a": "1"}, salt="test.purpose")
    with pytest.raises(LinkRefused) as refused:
        link_loads(token, salt="test.other", keys=("a",))
    assert refused.value.reason == "invalid" and refused.value.status_code == 400


def test_a_link_without_the_expected_keys_is_invalid():
    with pytest.raises(LinkRefused):
        link_loads(signing.dumps(["a"], salt="s"), salt="s", keys=("a",))
    with pytest.raises(LinkRefused):
        link_loads(link_dumps({"a": 1}, salt="s"), salt="s", keys=("a",))


def test_a_link_expires_after_the_configured_days(settings):
    settings.SIGNED_LINK_MAX_AGE_DAYS = 3
    assert link_max_age() == datetime.timedelta(days=3)
    token = link_dumps({"a": "1"}, salt="s")
    later = timezone.now() + datetime.timedelta(days=3, seconds=5)
    with time_machine.travel(later), pytest.raises(LinkRefused) as refused:
        link_loads(token, salt="s", keys=("a",))
    assert refused.value.reason == "expired" and refused.value.status_code == 410


def test_uuid_check():
    assert is_uuid("6f1c1f8e-8b0a-4c55-9d0e-2b7a4a0c1f11")
    assert not is_uuid("x") and not is_uuid(None)
