"""No way around the rules (SPEC §2): rows only the membership services may change are read-only in the
Django admin, which links to the council's page where the secretariat's forms apply the rules."""

import pytest
from django.urls import reverse

from members.models import Membership
from tests.builders import (
    action,
    chair_role,
    leave,
    observer,
    politician,
    seat,
    snapshot,
    substitute,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(nordjylland, period):
    member = seat(nordjylland, period, politician("Vera Venstre"))
    return {
        "membership": member,
        "substituteassignment": substitute(member, politician("Søren Suppleant")),
        "leave": leave(member),
        "chairrole": chair_role(member),
        "observer": observer(nordjylland, politician("Olga Observatør", "Hjørring", letter="A")),
        "action": action(nordjylland),
    }


MODELS = ["membership", "substituteassignment", "leave", "chairrole", "observer", "action"]


@pytest.mark.parametrize("model", MODELS)
def test_an_admin_can_see_but_not_add_change_or_delete_service_rows(client, admin_user_kl, rows, model):
    client.force_login(admin_user_kl)
    obj = rows[model]
    before = snapshot()
    changelist = client.get(reverse(f"admin:members_{model}_changelist"))
    assert changelist.status_code == 200
    assert "ændringer registreres i KKR-sekretariatets formularer" in changelist.content.decode()
    assert client.get(reverse(f"admin:members_{model}_add")).status_code == 403
    view = client.get(reverse(f"admin:members_{model}_change", args=[obj.pk]))
    assert view.status_code == 200
    page = view.content.decode()
    assert 'name="_save"' not in page
    target = "portal:council-dashboard" if model == "action" else "members:roster-detail"
    assert reverse(target, args=["nordjylland"]) in page
    assert client.post(reverse(f"admin:members_{model}_change", args=[obj.pk]), {}).status_code == 403
    assert client.post(reverse(f"admin:members_{model}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
    assert snapshot() == before


def test_the_admin_bulk_delete_action_is_not_offered_for_memberships(client, admin_user_kl, rows):
    client.force_login(admin_user_kl)
    page = client.get(reverse("admin:members_membership_changelist")).content.decode()
    assert "delete_selected" not in page
    assert Membership.objects.count() == 1
