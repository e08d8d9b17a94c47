"""The dashboard's values are kept per council (portal.dashboard): never stale after a write through the app, and
never the HTML (each page keeps its own CSRF token)."""

import pytest
from django.core.cache import cache as django_cache
from django.urls import reverse

from members.services import resolve_action
from portal import dashboard
from tests.builders import action
from tests.portal.test_panels import plan

pytestmark = pytest.mark.django_db


def dashboard_page(client):
    return client.get(reverse("portal:council-dashboard", args=["nordjylland"])).content.decode()


def test_a_follow_up_added_or_resolved_shows_on_the_next_request(client, staff_user, nordjylland):
    client.force_login(staff_user)
    assert "Ingen åbne opfølgninger" in dashboard_page(client)
    added = action(nordjylland, "Venstre vælger ny stedfortræder")
    assert "Løs: Venstre vælger ny stedfortræder" in dashboard_page(client)
    resolve_action(added, actor=staff_user, resolution="Valgt")
    assert "Ingen åbne opfølgninger" in dashboard_page(client)


def test_a_meeting_planned_through_the_service_shows_on_the_next_request(client, staff_user, nordjylland):
    client.force_login(staff_user)
    assert "Der er ingen møder planlagt" in dashboard_page(client)
    plan(nordjylland, staff_user, 30)
    page = dashboard_page(client)
    assert "Frist for medlemsforslag (FO 3.2)" in page and "Der er ingen møder planlagt" not in page


def test_only_plain_values_are_kept_never_the_page(client, staff_user, nordjylland, monkeypatch):
    action(nordjylland, "Tjek noget")
    kept = []
    store = django_cache.set

    def keep(key, value, *args):
        kept.append(value)
        store(key, value, *args)

    monkeypatch.setattr(django_cache, "set", keep)
    client.force_login(staff_user)
    first, second = dashboard_page(client), dashboard_page(client)
    assert len(kept) == 1 and isinstance(kept[0], dict)
    assert "csrf" not in repr(kept[0]).lower() and "<a " not in repr(kept[0])
    assert first != second  # a fresh CSRF token on each page


def test_the_stamp_changes_with_a_write_and_the_cache_failing_only_costs_speed(
    client, staff_user, nordjylland, monkeypatch
):
    before = dashboard.dashboard_stamp()
    action(nordjylland, "Tjek noget")
    assert dashboard.dashboard_stamp() != before

    def down(*args, **kwargs):
        raise ConnectionError("Redis er nede")

    monkeypatch.setattr(django_cache, "get", down)
    monkeypatch.setattr(django_cache, "set", down)
    client.force_login(staff_user)
    assert "Løs: Tjek noget" in dashboard_page(client)
