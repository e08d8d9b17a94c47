"""Operations: the compose stack restarts what stops and keeps Redis's queue on a volume; the broker
never hands an unfinished render to a second worker; the fault-test pause point does nothing in production."""

import re
from pathlib import Path

from django.conf import settings

from kkr.celery import app
from tests.test_settings import LOAD_SETTINGS, PRODUCTION, run

ROOT = Path(__file__).resolve().parent.parent


def compose_services() -> dict[str, str]:
    """Each service's block of docker-compose.yml (two-space indented keys under ``services:``)."""
    text = (ROOT / "docker-compose.yml").read_text()
    services = text.split("\nservices:\n", 1)[1].split("\nvolumes:\n", 1)[0]
    return dict(re.findall(r"^  ([a-z]+):\n((?:(?:    .*)?\n)*)", services + "\n", flags=re.MULTILINE))


def test_web_worker_and_beat_restart_when_they_stop_and_redis_keeps_its_queue_on_a_volume():
    services = compose_services()
    for name in ("web", "worker", "beat", "postgres", "redis"):
        assert "restart: unless-stopped" in services[name], name
    assert "--appendonly yes" in services["redis"] and re.search(r"volumes: \[\w+:/data\]", services["redis"])
    assert services["beat"].count("celery -A kkr beat") == 1 and "--beat" not in services["worker"]  # one beat


def test_redis_does_not_hand_a_render_to_a_second_worker_while_its_lease_holds():
    """Redis gives an unacknowledged task to another worker after the visibility timeout (default one hour):
    it is longer than the longest render (the hard time limit) and the lease, and the lease, renewed while
    the render runs, not Redis, decides the takeover."""
    timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert timeout >= max(settings.CELERY_TASK_TIME_LIMIT, settings.PUBLICATION_RENDER_LEASE_SECONDS) + 300


def test_the_fault_test_pause_point_is_off_in_production():
    show = LOAD_SETTINGS + "; from django.conf import settings; print(repr(settings.PUBLICATION_RENDER_PAUSE_FILE))"
    result = run(["-c", show], **PRODUCTION, PUBLICATION_RENDER_PAUSE_FILE="/tmp/pause")
    assert result.returncode == 0 and result.stdout.strip() == "''", result.stderr
