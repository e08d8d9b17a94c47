"""The anonymous rate limit of the API (docs/api.md): ninja's sliding window per client address, counted in
Django's cache. One instance serves the operations (``api.views``) and the cached answers (``api.cache``), so a
client is counted once per request, whichever answers it."""

import logging

from django.conf import settings
from ninja.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


class AnonymousRate(SimpleRateThrottle):
    """Requests per client address, counted in Django's cache (``settings.API_RATE_LIMIT``, e.g. "120/m"); the
    rate is read on each request so that a test can lower it."""

    scope = "api"

    def __init__(self):
        super().__init__(rate="1/s")

    def allow_request(self, request, *, history: list | None = None) -> bool:
        """ninja's sliding window; ``history``: the client's request times when the caller has read them from the
        cache already (``api.cache`` reads them with the answer, in one round trip), else they are read here."""
        self.num_requests, self.duration = self.parse_rate(settings.API_RATE_LIMIT)
        try:
            if history is None:
                return super().allow_request(request)
            self.key, self.history, self.now = self.get_cache_key(request), history, self.timer()
            while self.history and self.history[-1] <= self.now - self.duration:
                self.history.pop()
            if len(self.history) >= self.num_requests:
                return self.throttle_failure()
            return self.throttle_success()
        except Exception:  # noqa: BLE001 - a cache outage (Redis) costs the limit, never the API (as the pages)
            logger.warning("Cachen svarer ikke; API'et svarer uden hastighedsgrænse", exc_info=True)
            return True

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


RATE = AnonymousRate()
