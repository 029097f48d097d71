import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.policy import can_edit_employer, employers_visible_to, get_employer_for_user, principal_for

pytestmark = pytest.mark.django_db


def test_kams_read_the_employers_of_their_region_only(world):
    assert set(employers_visible_to(world.kam_a)) == {world.employer_a, world.employer_b}
    assert set(employers_visible_to(world.kam_other)) == {world.employer_other}


def test_advisors_admins_and_outsiders_see_no_employers(world):
    for user in (world.advisor_a, world.admin_a, world.outsider):
        assert not employers_visible_to(user).exists()


def test_an_employer_contact_sees_only_their_own_employer(world):
    assert list(employers_visible_to(world.contact_user)) == [world.employer_a]


def test_the_region_coordinator_reads_the_region(world):
    assert set(employers_visible_to(world.coordinator)) == {world.employer_a, world.employer_b}


def test_only_the_responsible_providers_kams_may_edit(world):
    assert can_edit_employer(world.kam_a, world.employer_a)
    assert not can_edit_employer(world.kam_b, world.employer_a)
    assert not can_edit_employer(world.contact_user, world.employer_a)
    with pytest.raises(PermissionDenied):
        get_employer_for_user(world.kam_b, world.employer_a.uuid, write=True)
    with pytest.raises(Http404):
        get_employer_for_user(world.kam_other, world.employer_a.uuid)


def test_the_principal_is_loaded_once_per_user_object(world, django_assert_num_queries):
    principal_for(world.kam_a)
    with django_assert_num_queries(0):
        p = principal_for(world.kam_a)
    assert p.is_kam and not p.is_advisor and p.region_id == world.region.pk


def test_an_inactive_user_has_no_roles(world):
    world.kam_a.is_active = False
    assert not principal_for(world.kam_a).is_kam
