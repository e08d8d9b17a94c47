"""``GET /healthz``: each dependency's state in the body; the status code depends on the database only.

The load balancer (and the compose healthcheck) takes a web container out of service on a 503. Every page
needs the database, so a 503 means "this container can't serve". Pages work without Redis (publishing
records what it owes in the database and celery beat sends it when the broker is back), so a broker outage
is reported in the body (``"broker": "fejl"``) for monitoring but answers 200: taking every web container
out of service because Redis is down would turn a delayed e-mail into a full outage.
"""

from django.conf import settings
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


@require_GET
def healthz(request):
    checks = {"database": database_ok(), "broker": broker_ok()}
    status = {True: "ok", False: "fejl", None: "ikke konfigureret"}
    body = {key: status[value] for key, value in checks.items()}
    return JsonResponse(body, status=200 if checks["database"] else 503)
