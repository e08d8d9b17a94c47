"""GET /healthz reports database and broker reachability for the compose healthcheck."""

from collections import namedtuple
from unittest.mock import ANY

import pytest

pytestmark = pytest.mark.django_db


def test_health_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_health_reports_a_broker_outage_in_the_body_but_stays_200(client, settings):
    """Pages work without Redis (what publishing owes waits in the database), so the load balancer keeps
    the web container: the check depends on the database only (docs/operations.md)."""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "fejl", "media": "ok", "media_free_mb": ANY}


def test_health_is_503_when_the_database_is_down(client, monkeypatch):
    from kkr import health

    monkeypatch.setattr(health, "database_ok", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "fejl"


Usage = namedtuple("Usage", "total used free")


def test_health_reports_the_free_space_on_the_media_disk(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # not made yet: the disk it will be on is measured
    body = client.get("/healthz").json()
    assert body["media"] == "ok" and isinstance(body["media_free_mb"], int) and body["media_free_mb"] > 0
    assert "warning" not in body


def test_health_warns_of_a_nearly_full_media_disk_but_stays_200(client, settings, tmp_path, monkeypatch):
    """A full disk is not mended by restarting the web container (the compose healthcheck restarts on 503),
    and every page but a new PDF or bilag still works: 200, with the warning in the body for monitoring."""
    from kkr import health

    settings.MEDIA_ROOT, settings.MEDIA_MIN_FREE_MB = tmp_path, 500
    seen = []
    monkeypatch.setattr(health.shutil, "disk_usage", lambda path: seen.append(path) or Usage(10**10, 0, 120 * 2**20))
    response = client.get("/healthz")
    assert response.status_code == 200 and seen == [tmp_path]
    body = response.json()
    assert body["media"] == "lav" and body["media_free_mb"] == 120
    assert body["warning"] == "Kun 120 MB fri plads til PDF'er og bilag (grænsen er 500 MB)."


def test_health_does_not_measure_a_media_storage_that_is_not_a_local_disk(client, settings):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    body = client.get("/healthz").json()
    assert body["media"] == "ikke målt" and "media_free_mb" not in body
