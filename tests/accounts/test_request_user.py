"""accounts.request_user: the signed-in user and its facts in one query, compiled once per connection."""

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Notification, TermsAcceptance, User
from accounts.policy.portal import _TERMS_ATTR
from accounts.policy.principal import _CACHE_ATTR, principal_for
from accounts.request_user import (
    _COMPILED_ATTR,
    has_confirmed_totp,
    load_user_with_facts,
    unread_notifications,
)
from accounts.terms import TERMS_VERSION
from tests.twofactor import totp_device_for

pytestmark = pytest.mark.django_db


def _stock_principal(user_id):
    """What the policy's own (slower) query says about the user."""
    return principal_for(User.objects.get(pk=user_id))


def test_the_user_row_and_its_provider_are_the_models_own(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        user = load_user_with_facts(str(world.kam_a.pk))  # the session keeps the id as text
    stored = User.objects.get(pk=world.kam_a.pk)
    for field in User._meta.concrete_fields:
        assert getattr(user, field.attname) == getattr(stored, field.attname), field.name
    assert user._state.db == "default" and not user._state.adding
    with django_assert_num_queries(0):  # read with the user, as select_related would
        assert user.provider == world.provider_a and user.provider.region_id == world.region.pk


@pytest.mark.parametrize("persona", ["kam_a", "advisor_a", "admin_a", "coordinator", "contact_user", "outsider"])
def test_the_principal_is_the_policys_own(world, persona):
    user = getattr(world, persona)
    assert getattr(load_user_with_facts(user.pk), _CACHE_ATTR) == _stock_principal(user.pk)


def test_a_user_without_provider_has_none(world, django_assert_num_queries):
    user = load_user_with_facts(world.coordinator.pk)
    with django_assert_num_queries(0):
        assert user.provider is None
    assert getattr(user, _CACHE_ATTR).coordinator_region_ids == {world.region.pk}


def test_unread_count_device_and_terms_come_with_the_user(world):
    Notification.objects.create(user=world.kam_a, email=world.kam_a.email, kind="t", subject="a", body="a")
    Notification.objects.create(
        user=world.kam_a, email=world.kam_a.email, kind="t", subject="b", body="b", read_at=timezone.now()
    )
    device = totp_device_for(world.kam_a)
    user = load_user_with_facts(world.kam_a.pk)
    assert unread_notifications(user) == 1
    assert has_confirmed_totp(user) is True and user._kam_confirmed_totp_pk == device.pk
    assert load_user_with_facts(world.outsider.pk)._kam_confirmed_totp_pk is None
    assert getattr(load_user_with_facts(world.contact_user.pk), _TERMS_ATTR) is False
    TermsAcceptance.objects.create(user=world.contact_user, version=TERMS_VERSION)
    assert getattr(load_user_with_facts(world.contact_user.pk), _TERMS_ATTR) is True
    assert getattr(load_user_with_facts(world.contact_other.pk), _TERMS_ATTR) is True
    assert getattr(load_user_with_facts(world.kam_a.pk), _TERMS_ATTR) is False


def test_a_contact_who_left_is_no_contact(world):
    world.contact_a.left_on = timezone.localdate()
    world.contact_a.save(update_fields=["left_on"])
    principal = getattr(load_user_with_facts(world.contact_user.pk), _CACHE_ATTR)
    assert principal == _stock_principal(world.contact_user.pk)
    assert not principal.is_employer_contact


def test_an_inactive_user_gets_no_principal(world):
    User.objects.filter(pk=world.kam_a.pk).update(is_active=False)
    user = load_user_with_facts(world.kam_a.pk)
    assert user.is_active is False and not hasattr(user, _CACHE_ATTR)


@pytest.mark.parametrize("bad", ["abc", None, "", [1]])
def test_a_bad_or_unknown_id_is_no_user(world, bad):
    assert load_user_with_facts(bad) is None
    assert load_user_with_facts(10**12) is None


def test_the_query_is_compiled_once_per_connection(world, monkeypatch):
    from accounts import request_user

    load_user_with_facts(world.kam_a.pk)
    assert getattr(connection, _COMPILED_ATTR).sql

    def no_compiling(user_id):
        raise AssertionError("compiled again")

    monkeypatch.setattr(request_user, "facts_queryset", no_compiling)
    assert load_user_with_facts(world.kam_b.pk).pk == world.kam_b.pk
    assert getattr(load_user_with_facts(world.kam_b.pk), _CACHE_ATTR) == _stock_principal(world.kam_b.pk)
