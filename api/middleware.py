"""HTTP for the API (docs/api.md): a strong ETag on every GET answer with conditional GET (304), and CORS for
GET and HEAD (any origin, never with credentials: the API is anonymous and the same for everyone)."""

from django.utils.cache import get_conditional_response, set_response_etag

PREFIX = "/api/"
READ = ("GET", "HEAD")


class ApiHttpMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        response = self.get_response(request)
        if request.method in READ:
            if response.status_code == 200 and not response.streaming and response.content:
                # The ETag names the body: a client that has it gets 304 without the body (RFC 9110 13.1.2).
                set_response_etag(response)
                response = get_conditional_response(request, etag=response["ETag"], response=response)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        return response
