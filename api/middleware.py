"""HTTP for the API (docs/api.md): a strong ETag on every GET answer with conditional GET (304), HEAD as GET
without the body, CORS for GET and HEAD (any origin, never with credentials: the API is anonymous and the same
for everyone, so a browser's preflight is answered here), and a Danish JSON 405 for any other method.

It sits outside the session, authentication and other middleware, so a cached answer (``api.cache``) is served
from here without them, and gets the ETag, 304, HEAD and CORS from the same lines as any other answer."""

from django.http import HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, set_response_etag

from . import cache

PREFIX = "/api/"
READ = ("GET", "HEAD")
ALLOW = "GET, HEAD, OPTIONS"


class ApiHttpMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            return self._preflight()
        head = request.method == "HEAD"
        if head:
            request.method = "GET"  # the operations are declared for GET; HEAD is the same answer without body
        response = cache.hit(request) if request.method == "GET" else None
        if response is None:
            response = self.get_response(request)
            if request.method not in READ:
                return self._not_allowed() if response.status_code == 405 else response
            cache.store(request, response)
        if response.status_code == 200 and not response.streaming and response.content:
            # The ETag names the body: a client that has it gets 304 without the body (RFC 9110 13.1.2).
            set_response_etag(response)
            response = get_conditional_response(request, etag=response["ETag"], response=response)
        if head and not response.streaming:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        return response

    @staticmethod
    def _preflight():
        response = HttpResponse(status=204)
        response["Allow"] = ALLOW
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD"
        response["Access-Control-Allow-Headers"] = "If-None-Match"
        response["Access-Control-Max-Age"] = "86400"
        return response

    @staticmethod
    def _not_allowed():
        response = JsonResponse({"detail": "API'et kan kun læses: brug GET eller HEAD."}, status=405)
        response["Allow"] = ALLOW
        return response
