"""Project middleware.

- ``DatabaseUnavailableMiddleware``: a Danish 503 page with ``Retry-After`` while the database is unreachable,
  instead of a 500. ``process_exception`` catches it in views; ``kkr.urls.handler500``
  (``database_unavailable_or_500``) catches it where it surfaces in a middleware (the session, the user). The
  page is rendered without a request context: the context processors would query the database again. After a
  form was sent (any method but GET/HEAD/OPTIONS) it says that what was sent is not saved and must be sent again:
  the request's transaction was rolled back, so telling that user "nothing is lost" would lose their input.
- ``PrivateCacheMiddleware`` (docs/security.md): no shared cache keeps a signed-in user's page.
- ``stored_file_response``: how every permission-checked view hands over a stored PDF (404, 503, private).
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.views.defaults import server_error

log = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
PRIVATE = {"private": True, "no_store": True}


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def unavailable_response(request=None, *, storage: bool = False) -> HttpResponse:
    """The Danish 503 page with ``Retry-After``: the database is down, or (``storage``) the media storage did
    not hand over a file (an S3 server that does not answer)."""
    sent = request is not None and request.method not in SAFE_METHODS
    response = HttpResponse(render_to_string("503.html", {"sent": sent, "storage": storage}), status=503)
    response["Retry-After"] = str(getattr(settings, "DATABASE_DOWN_RETRY_AFTER", 30))
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except DATABASE_ERRORS:  # raised past Django's handlers (tests with raise_request_exception)
            return unavailable_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return unavailable_response(request)
        return None


def database_unavailable_or_500(request, *args, **kwargs):
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return unavailable_response(request)
    return server_error(request, *args, **kwargs)


def mark_private(response):
    """``Cache-Control: private, no-store`` on a response meant for one signed-in person (pages, PDFs, CSV,
    personal iCal); views that serve such files call it explicitly too."""
    if "public" in response.get("Cache-Control", ""):
        del response["Cache-Control"]
    patch_cache_control(response, **PRIVATE)
    return response


def stored_file_response(
    request, open_file, *, filename: str, missing: str, what: str, private: bool, as_attachment: bool = True
):
    """A stored PDF through a permission-checked view: ``open_file()`` opens it; a file gone from storage is a
    Danish 404 (``missing``), a storage that did not answer (an S3 server) a Danish 503 to try again shortly,
    and the response is private (``mark_private``) unless the file is public. ``what`` names it in the log."""
    try:
        stream = open_file()
    except FileNotFoundError:
        raise Http404(missing) from None
    except Exception:
        log.exception("%s kunne ikke hentes fra lageret", what)
        return unavailable_response(request, storage=True)
    response = FileResponse(stream, as_attachment=as_attachment, filename=filename, content_type="application/pdf")
    return mark_private(response) if private else response


class PrivateCacheMiddleware:
    """Every response to a signed-in user is private and never stored (a proxy or a shared computer's cache
    must not keep a member's agenda); anonymous responses are left to the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            mark_private(response)
        return response
