"""a KL admin grants and removes secretariat staff rights in the app, each grant and removal kept
in the history (who, when), and invites new users by e-mail with a set-password link."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from guardian.shortcuts import assign_perm

from kkr.errors import RuleViolation
from members.models import StaffGrant
from members.permissions import can_manage
from members.services.staff import grant_staff, invite_staff, revoke_staff
from tests.builders import make_user

pytestmark = pytest.mark.django_db


def test_a_grant_gives_the_right_and_is_kept_with_who_and_when(nordjylland, admin_user_kl, plain_user):
    grant = grant_staff(plain_user, nordjylland, actor=admin_user_kl)
    assert can_manage(get_user_model().objects.get(pk=plain_user.pk), nordjylland)
    assert (grant.granted_by, grant.revoked_at) == (admin_user_kl, None) and grant.granted_at is not None
    with pytest.raises(RuleViolation, match="allerede sekretariat"):
        grant_staff(plain_user, nordjylland, actor=admin_user_kl)
    revoke_staff(plain_user, nordjylland, actor=admin_user_kl)
    assert not can_manage(get_user_model().objects.get(pk=plain_user.pk), nordjylland)
    grant.refresh_from_db()
    assert grant.revoked_by == admin_user_kl and grant.revoked_at is not None
    assert grant.history.count() == 2


def test_only_a_kl_admin_grants_and_nothing_changes_when_refused(nordjylland, staff_user, plain_user):
    with pytest.raises(RuleViolation, match="KL-administrator"):
        grant_staff(plain_user, nordjylland, actor=staff_user)
    assert not StaffGrant.objects.exists()
    assert not can_manage(plain_user, nordjylland)


def test_removing_a_right_given_before_the_history_records_the_removal(nordjylland, admin_user_kl, plain_user):
    assign_perm("members.manage_council", plain_user, nordjylland)  # e.g. in the guardian admin
    grant = revoke_staff(plain_user, nordjylland, actor=admin_user_kl)
    assert grant.granted_at is None and grant.revoked_by == admin_user_kl
    with pytest.raises(RuleViolation, match="ikke sekretariat"):
        revoke_staff(plain_user, nordjylland, actor=admin_user_kl)


def test_an_invitation_mails_a_set_password_link_that_works(client, nordjylland, admin_user_kl, settings):
    settings.SITE_URL = "https://kkr.example"
    with pytest.raises(RuleViolation):
        invite_staff(email="kl-admin@kkr.example", name="Dublet", council=nordjylland, actor=admin_user_kl)
    from django.db import transaction

    with transaction.atomic():
        grant = invite_staff(email="Ny.Ansat@KKR.example", name="Ny Ansat", council=nordjylland, actor=admin_user_kl)
    user = grant.user
    assert (user.username, user.has_usable_password(), user.first_name) == ("ny.ansat@kkr.example", False, "Ny")
    assert can_manage(user, nordjylland)


def test_the_invitation_email(client, nordjylland, admin_user_kl, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://kkr.example"
    client.force_login(admin_user_kl)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:staff-invite"), {"name": "Ny Ansat", "email": "ny@kkr.example", "council": nordjylland.pk}
        )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["ny@kkr.example"] and "KKR Nordjylland" in message.subject
    link = re.search(r"https://kkr\.example(/\S+)", message.body).group(1)
    client.logout()
    page = client.get(link, follow=True)
    assert page.status_code == 200
    set_password = page.redirect_chain[-1][0]
    done = client.post(set_password, {"new_password1": "Nyt-kodeord-2026!", "new_password2": "Nyt-kodeord-2026!"})
    assert done.status_code == 302
    # Through the login page (django-axes needs the request; Client.login has none).
    login = client.post(reverse("login"), {"username": "ny@kkr.example", "password": "Nyt-kodeord-2026!"})
    assert login.status_code == 302


def test_the_page_grants_and_shows_the_grant_in_the_history(client, nordjylland, admin_user_kl):
    newcomer = make_user("ny-sekretaer")
    client.force_login(admin_user_kl)
    response = client.post(reverse("members:staff-grant"), {"user": newcomer.pk, "council": nordjylland.pk})
    assert response.status_code == 302
    page = client.get(reverse("members:staff-rights"))
    assert page.status_code == 200
    [grant] = page.context["page"].object_list
    assert (grant.user, grant.granted_by) == (newcomer, admin_user_kl)
    assert "ny-sekretaer" in page.text and "Sekretariatsrettigheder" in page.text
    revoke = {"user": newcomer.pk, "council": nordjylland.pk}
    asked = client.get(reverse("members:staff-revoke"), revoke)  # removing asks first
    assert asked.status_code == 200 and "Fjern rettigheden" in asked.text
    assert client.post(reverse("members:staff-revoke"), revoke).status_code == 200  # not confirmed: asks again
    assert StaffGrant.objects.get().revoked_at is None
    response = client.post(reverse("members:staff-revoke"), {**revoke, "confirmed": "1"})
    assert response.status_code == 302
    assert StaffGrant.objects.get().revoked_by == admin_user_kl


def test_a_refused_grant_shows_the_danish_error(client, nordjylland, admin_user_kl, staff_user):
    client.force_login(admin_user_kl)
    response = client.post(reverse("members:staff-grant"), {"user": staff_user.pk, "council": nordjylland.pk})
    assert response.status_code == 400 and "allerede sekretariat" in response.text
    response = client.post(reverse("members:staff-grant"), {"user": "x", "council": ""})
    assert response.status_code == 400


@pytest.mark.parametrize("name", ["staff-rights"])
def test_the_page_is_for_kl_admins_only(client, name, staff_user, plain_user):
    assert client.get(reverse(f"members:{name}")).status_code == 302  # to the login
    client.force_login(staff_user)
    assert client.get(reverse(f"members:{name}")).status_code == 403
    assert client.post(reverse("members:staff-grant"), {"user": plain_user.pk}).status_code == 403
