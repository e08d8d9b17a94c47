"""Who may do what with a council (SPEC §6): the permission helpers; the page matrix is in tests/portal."""

import pytest

from members import permissions

pytestmark = pytest.mark.django_db


def test_a_secretariat_user_manages_only_their_own_council(staff_user, nordjylland, hovedstaden):
    assert list(permissions.managed_councils(staff_user)) == [nordjylland]
    assert permissions.can_manage(staff_user, nordjylland)
    assert not permissions.can_manage(staff_user, hovedstaden)
    assert not permissions.can_read_closed(staff_user, hovedstaden)


def test_a_member_reads_closed_material_of_their_council_only(member_user, nordjylland, hovedstaden):
    assert permissions.can_read_closed(member_user, nordjylland)
    assert not permissions.can_read_closed(member_user, hovedstaden)
    assert not permissions.can_manage(member_user, nordjylland)


def test_a_former_member_loses_access_the_day_after_the_membership_ends(member_user, nordjylland):
    from datetime import date

    membership = member_user.person.memberships.get()
    membership.ends_on, membership.end_reason = date(2026, 6, 30), "left_party"
    membership.save()
    assert permissions.member_councils(member_user, on=date(2026, 6, 30)).filter(pk=nordjylland.pk).exists()
    assert not permissions.member_councils(member_user, on=date(2026, 7, 1)).exists()


# --- the roles once per request -------------------------------------------------------------------


def test_the_roles_are_one_query_and_then_none_and_agree_with_guardian(
    staff_user, member_user, nordjylland, hovedstaden, django_assert_num_queries
):
    from guardian.shortcuts import get_objects_for_user

    with django_assert_num_queries(1):
        mine = permissions.roles_of(staff_user)
    with django_assert_num_queries(0):  # the navigation, the access check and the council lookup share it
        assert permissions.roles_of(staff_user) is mine
        assert permissions.can_manage(staff_user, nordjylland) and not permissions.can_manage(staff_user, hovedstaden)
        assert permissions.get_council("nordjylland", staff_user) == nordjylland
    assert mine.managed == list(get_objects_for_user(staff_user, permissions.MANAGE, klass=type(nordjylland)))
    assert permissions.roles_of(member_user).member_of == [nordjylland]
    assert permissions.roles_of(member_user).seated_in == {nordjylland.pk}


def test_a_groups_object_permission_makes_staff_as_guardian_says(plain_user, hovedstaden):
    from django.contrib.auth.models import Group
    from guardian.shortcuts import assign_perm

    group = Group.objects.create(name="Sekretariatet i Hovedstaden")
    assign_perm(permissions.MANAGE, group, hovedstaden)
    plain_user.groups.add(group)
    assert plain_user.has_perm(permissions.MANAGE, hovedstaden)
    assert permissions.roles_of(plain_user).managed == [hovedstaden]


def test_a_kl_admin_manages_every_council_and_a_visitor_none(admin_user_kl, reference_data):
    from django.contrib.auth.models import AnonymousUser

    from members.models import Council

    assert permissions.roles_of(admin_user_kl).managed == list(Council.objects.order_by("name"))
    assert permissions.roles_of(AnonymousUser()) == permissions.NOBODY


def test_a_personal_substitute_sits_in_the_council_but_holds_no_seat(nordjylland, period, member_user):
    from members.models import Membership, SubstituteAssignment
    from tests.builders import make_user

    user = make_user("stedfortraeder")
    person = member_user.person.__class__.objects.create(name="Stedfortræder", user=user)
    SubstituteAssignment.objects.create(
        membership=Membership.objects.get(person=member_user.person), person=person, starts_on=period.starts_on
    )
    mine = permissions.roles_of(user)
    assert mine.member_of == [nordjylland] and not mine.seated_in and not mine.managed
    assert permissions.sits_in(user, nordjylland)


def test_a_grant_in_the_same_request_is_seen_at_once(plain_user, admin_user_kl, nordjylland):
    from members.services.staff import grant_staff, revoke_staff

    assert not permissions.can_manage(plain_user, nordjylland)  # the roles are now kept on the user
    grant_staff(plain_user, nordjylland, actor=admin_user_kl)
    assert permissions.can_manage(plain_user, nordjylland)
    revoke_staff(plain_user, nordjylland, actor=admin_user_kl)
    assert not permissions.can_manage(plain_user, nordjylland)


def test_a_deactivated_secretariat_user_manages_nothing_as_has_perm_says(staff_user, nordjylland):
    staff_user.is_active = False
    assert not staff_user.has_perm(permissions.MANAGE, nordjylland)
    assert not permissions.can_manage(staff_user, nordjylland)
