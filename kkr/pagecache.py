"""Whole pages for anonymous visitors, kept in Django's cache under a key that names everything they show.

What the public sees can't change without something in its key changing (a published version is never edited: a change
makes a new version), so the page is rendered once per key and then served from the cache.

Safety, because the cache is shared by every visitor (Redis in production, ``CACHE_URL``):
- only an anonymous visitor's request is read from or written to the cache; a signed-in user's page (their
  navigation, their members' material) never is;
- a page is stored only when it carries no CSRF token and sets no cookie, and not while a message waits for
  the visitor (it would be shown to everyone or lost);
- the key also holds the release's digest (templates and Python code), so any deploy that could change a page
  starts with new keys;
- the cache failing (Redis down) only costs the speed: the page is rendered as without a cache.
"""

import hashlib
import logging
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache as django_cache
from django.http import HttpResponse
from django.templatetags.static import static

logger = logging.getLogger(__name__)


# What a deploy changes that can change a rendered page: the templates and the code that builds their values.
RELEASE_SOURCES = ("templates", "kkr", "members", "meetings", "elections", "appointments", "portal", "api")


@cache
def release() -> str:
    """A digest of the project's templates, Python code and stylesheet address: new keys for every cached page
    and dashboard when a deploy changes any of them (computed once per process)."""
    digest = hashlib.sha256(static("css/app.css").encode())
    for folder in RELEASE_SOURCES:
        for path in sorted(Path(settings.BASE_DIR, folder).rglob("*")):
            if path.suffix in (".html", ".py") and "migrations" not in path.parts:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def page_key(name: str, *parts) -> str:
    """``kkr:page:<name>:<digest of the release and parts>``; ``parts`` must name everything the page shows."""
    digest = hashlib.sha256(repr((release(), parts)).encode()).hexdigest()[:32]
    return f"page:{name}:{digest}"


def is_cacheable(request) -> bool:
    """An anonymous visitor's GET without a message waiting."""
    if request.method != "GET" or request.user.is_authenticated:
        return False
    return not len(get_messages(request))


def anonymous_page(request, key: str | None, render_page) -> HttpResponse:
    """The cached page under ``key`` for an anonymous visitor, else ``render_page()`` (stored when it may be).
    ``key`` None: the page is not cached (e.g. the object does not exist; ``render_page`` answers 404)."""
    if key is None or not is_cacheable(request):
        return render_page()
    html = cache_get(key)
    if html is not None:
        return HttpResponse(html)
    response = render_page()
    if _may_store(request, response):
        cache_set(key, response.content, settings.PAGE_CACHE_SECONDS)
    return response


def _may_store(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "text/html" in response.get("Content-Type", "")
    )


def cache_get(key, *, what: str = "siden"):
    """The cached value, or None when there is none or the cache is down: a cache outage (Redis) must never take a
    page down, only cost its speed (also ``portal.dashboard``). ``what`` names the thing in the log."""
    try:
        return django_cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage must not take the page down
        logger.warning("Cachen svarer ikke; %s dannes uden cache", what, exc_info=True)
        return None


def cache_get_many(keys, *, what: str = "siden") -> dict:
    """The cached values of ``keys`` that are there, in one round trip; {} when the cache is down (``cache_get``)."""
    try:
        return django_cache.get_many(keys)
    except Exception:  # noqa: BLE001 - a cache outage must not take the page down
        logger.warning("Cachen svarer ikke; %s dannes uden cache", what, exc_info=True)
        return {}


def cache_set(key, value, seconds: int, *, what: str = "siden") -> None:
    """Keep ``value``; a cache outage is logged and otherwise ignored (see ``cache_get``)."""
    try:
        django_cache.set(key, value, seconds)
    except Exception:  # noqa: BLE001
        logger.warning("Cachen svarer ikke; %s gemmes ikke", what, exc_info=True)
