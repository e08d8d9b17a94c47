"""``GET /healthz``: each dependency's state in the body; the status code depends on the database only.

The load balancer (and the compose healthcheck) takes a web container out of service on a 503. Every page
needs the database, so a 503 means "this container can't serve". Pages work without Redis (publishing
records what it owes in the database and celery beat sends it when the broker is back), so a broker outage
is reported in the body (``"broker": "fejl"``) for monitoring but answers 200: taking every web container
out of service because Redis is down would turn a delayed e-mail into a full outage.

The free space on the media disk (``MEDIA_STORAGE=file``) is reported too, with a warning in the body below
``MEDIA_MIN_FREE_MB``; on S3 storage (``MEDIA_STORAGE=s3``), which has no free space to measure, whether the
bucket answers. Either answers 200: a full disk or an unreachable storage server is not mended by restarting
the container (what the compose healthcheck does on a 503), and every page but a PDF or bilag still works.
"""

import functools
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


# One quick try: the load balancer's health check must not wait out the storage client's retries.
S3_PROBE_TIMEOUT = 2


@functools.cache
def _s3_probe(endpoint_url: str, region: str, access_key: str, secret_key: str):
    import boto3
    from botocore.config import Config

    quick = Config(connect_timeout=S3_PROBE_TIMEOUT, read_timeout=S3_PROBE_TIMEOUT, retries={"total_max_attempts": 1})
    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=region,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=quick,
    )


def bucket_answers(storage) -> bool:
    """A HEAD on the S3 storage's bucket: reachable, the bucket there and the key allowed to use it."""
    try:
        probe = _s3_probe(storage.endpoint_url, storage.region_name, storage.access_key, storage.secret_key)
        probe.head_bucket(Bucket=storage.bucket_name)
        return True
    except Exception:  # noqa: BLE001 - unreachable, no such bucket, refused: each means "can't store"
        return False


def s3_status(storage) -> dict:
    if bucket_answers(storage):
        return {"media": "ok", "media_storage": "s3"}
    return {
        "media": "fejl",
        "media_storage": "s3",
        "warning": "S3-lageret svarer ikke: nye PDF'er og bilag kan hverken gemmes eller hentes.",
    }


def media_status() -> dict:
    if getattr(default_storage, "bucket_name", None):  # django-storages' S3Storage (MEDIA_STORAGE=s3)
        return s3_status(default_storage)
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
