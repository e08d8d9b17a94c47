"""``GET /healthz``: database and broker reachability, for load balancers and the compose healthcheck."""

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
    healthy = all(value is not False for value in checks.values())
    status = {True: "ok", False: "fejl", None: "ikke konfigureret"}
    return JsonResponse({key: status[value] for key, value in checks.items()}, status=200 if healthy else 503)
