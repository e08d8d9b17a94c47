"""``GET /healthz``: each dependency's state in the body; the status code depends on the database only.

The load balancer (and the compose healthcheck) takes a web container out of service on a 503. Every page
needs the database, so a 503 means "this container can't serve". Pages work without Redis (publishing
records what it owes in the database and celery beat sends it when the broker is back), so a broker outage
is reported in the body (``"broker": "fejl"``) for monitoring but answers 200: taking every web container
out of service because Redis is down would turn a delayed e-mail into a full outage.

The free space on the media disk (local storage only) is reported too, with a warning in the body below
``MEDIA_MIN_FREE_MB``; it also answers 200: a full disk is not mended by restarting the container (what the
compose healthcheck does on a 503), and every page but a new PDF or bilag still works.
"""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False


def broker_ok() -> bool | None:
    """None when no broker is configured (dev mode: tasks run eagerly)."""
    if not settings.CELERY_BROKER_URL:
        return None
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001
        return False


def media_free_mb() -> int | None:
    """Free space (MB) on the disk that holds the media folder (or will: the nearest folder that exists);
    None when media is not on a local disk."""
    if not isinstance(default_storage, FileSystemStorage):
        return None
    path = Path(default_storage.location)
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free // 2**20


def media_status() -> dict:
    try:
        free = media_free_mb()
    except OSError:
        return {"media": "fejl"}
    if free is None:
        return {"media": "ikke målt"}
    if free >= settings.MEDIA_MIN_FREE_MB:
        return {"media": "ok", "media_free_mb": free}
    return {
        "media": "lav",
        "media_free_mb": free,
        "warning": f"Kun {free} MB fri plads til PDF'er og bilag (grænsen er {settings.MEDIA_MIN_FREE_MB} MB).",
    }


@require_GET
def healthz(request):
    checks = {"database": database_ok(), "broker": broker_ok()}
    status = {True: "ok", False: "fejl", None: "ikke konfigureret"}
    body = {key: status[value] for key, value in checks.items()} | media_status()
    return JsonResponse(body, status=200 if checks["database"] else 503)
