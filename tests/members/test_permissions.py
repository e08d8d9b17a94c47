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
