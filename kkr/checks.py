"""System checks of the deployment (``manage.py check``, and ``migrate`` at every deploy, run them).

``kkr.W001``: in production, several web processes (gunicorn's ``WEB_CONCURRENCY``) or several hosts (media on
shared S3 storage) without ``CACHE_URL``. Each process then keeps its own cache in memory: the API's rate limit
is counted per process (a client gets the limit once per process) and each process renders the public pages
again for itself. Nothing shown is wrong (every cache key names what it shows), so it is a warning, not an
error: docs/scaling.md."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches)
def shared_cache_for_several_web_processes(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    several = settings.WEB_CONCURRENCY > 1 or settings.MEDIA_STORAGE == "s3"
    if settings.DEBUG or settings.CACHE_URL or not several:
        return []
    return [
        checks.Warning(
            f"Mere end én webproces (WEB_CONCURRENCY={settings.WEB_CONCURRENCY}, MEDIA_STORAGE="
            f"{settings.MEDIA_STORAGE}) uden CACHE_URL: hver proces har sin egen cache, så API'ets "
            "grænse for forespørgsler tælles pr. proces, og de offentlige sider dannes i hver proces for sig.",
            hint="Sæt CACHE_URL til en Redis, som alle webprocesser deler (fx redis://redis:6379/1).",
            id="kkr.W001",
        )
    ]
