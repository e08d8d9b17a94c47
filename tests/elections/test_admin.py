"""Result sets, compositions and constituent meetings change only through the elections services: the admin
shows them read-only (docs/architecture.md), and the database refuses a state outside the choices."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from elections import services
from elections.models import ChairElection, CompositionLine, CompositionSnapshot, ElectionResultSet
from tests.elections.test_services import imported

pytestmark = pytest.mark.django_db

READ_ONLY = [ElectionResultSet, CompositionSnapshot]


@pytest.mark.parametrize("model", READ_ONLY, ids=lambda m: m.__name__)
def test_the_admin_shows_service_rows_read_only(client, admin_user_kl, nordjylland, period, staff_user, model):
    services.confirm_composition(imported(nordjylland, period, staff_user), actor=staff_user)
    client.force_login(admin_user_kl)
    name = f"admin:elections_{model._meta.model_name}"
    row = model.objects.get()
    assert client.get(reverse(f"{name}_changelist")).status_code == 200
    page = client.get(reverse(f"{name}_change", args=[row.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert client.get(reverse(f"{name}_add")).status_code == 403
    assert client.post(reverse(f"{name}_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", ["constituentmeeting", "chairelection"])
def test_the_constituent_records_cannot_be_added_in_the_admin(client, admin_user_kl, model):
    client.force_login(admin_user_kl)
    assert client.get(reverse(f"admin:elections_{model}_add")).status_code == 403


def test_a_bound_outside_the_choices_is_refused_by_the_database(nordjylland, period, staff_user):
    services.confirm_composition(imported(nordjylland, period, staff_user), actor=staff_user)
    with pytest.raises(IntegrityError), transaction.atomic():
        CompositionLine.objects.filter(pk=CompositionLine.objects.first().pk).update(bound_by="by_hand")


def test_a_chair_election_state_outside_the_choices_is_refused_by_the_database():
    constraint = {c.name: c for c in ChairElection._meta.constraints}["chair_election_state_valid"]
    assert set(constraint.condition.children[0][1]) == set(ChairElection.State.values)
