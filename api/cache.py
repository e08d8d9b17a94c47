"""The API's cached answers, kept like the public pages (``kkr.pagecache``), and served before the heavy
middleware (docs/api.md, docs/performance.md).

An operation that is cached calls ``keep(request)`` before it reads anything: the request then carries the
stamp of the data (``api.changes``) and today's date. ``api.middleware`` keeps the answer the rest of the stack
made under the request's full address: the stamp, the headers the inner middleware set (content type, CSP,
frame options, length, ``Vary``, language) and the body. A later request for that address is answered from it by
``hit`` inside ``api.middleware`` while the stamp is the same, after the rate limit, and then gets the ETag,
conditional GET, HEAD, CORS and the security headers from the same code as an uncached answer: the same bytes
and headers. Only requests without a session cookie are kept or answered from the cache (a signed-in user's
answers are marked private by the middleware a hit skips). A cache outage only costs the speed."""

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from kkr import pagecache

from . import changes
from .throttle import RATE

WHAT = "API-svaret"
STAMP = "api_cache_stamp"  # on the request: the stamp read by ``hit``, or the one ``keep`` keeps the answer under


def current_stamp() -> tuple | None:
    """The stamp of the data and the date (an answer may show "today"); None: nothing is cached."""
    state = changes.stamp()
    return None if state is None else (state, timezone.localdate().isoformat())


def _key(request) -> str:
    return pagecache.page_key("api", request.build_absolute_uri())


def _anonymous(request) -> bool:
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def keep(request) -> None:
    """Mark the request of a cached operation: its answer is kept under the stamp read now, before the data."""
    if not _anonymous(request):
        return
    stamp = getattr(request, STAMP, None) or current_stamp()
    if stamp is not None:
        request.api_keep = stamp


def hit(request) -> HttpResponse | None:
    """The kept answer for this address while the data is unchanged and the client within the rate limit; else
    None (a client past the limit gets its 429 from the operation, as without the cache)."""
    if not _anonymous(request):
        return None
    key, counted = _key(request), RATE.get_cache_key(request)
    found = pagecache.cache_get_many([key, counted], what=WHAT)
    if key not in found:
        return None
    stamp, headers, body = found[key]
    current = current_stamp()
    if stamp != current:
        setattr(request, STAMP, current)
        return None
    if not RATE.allow_request(request, history=found.get(counted, [])):
        return None
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    return response


def store(request, response) -> None:
    """Keep the answer the stack made for a request ``keep`` marked (a 200 without cookies)."""
    stamp = getattr(request, "api_keep", None)
    if stamp is None or response.status_code != 200 or response.streaming or response.cookies:
        return
    entry = (stamp, list(response.items()), response.content)
    pagecache.cache_set(_key(request), entry, settings.PAGE_CACHE_SECONDS, what=WHAT)
