"""Settings for the test suite: the project's settings plus a fast password hasher.

Hashing with PBKDF2 cost half the suite's CPU time; MD5 is fine for throw-away test users and is never
used outside the tests.
"""

import os

from kkr.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The suite's clients all come from 127.0.0.1; the API's rate limit is tested where a test lowers it
# (tests/api/test_http.py).
API_RATE_LIMIT = "100000/m"


def _own_redis_database(url: str, worker: str) -> str:
    """``url`` with its Redis database number moved on by the pytest-xdist worker's number (``gw1``: +1)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    number = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    return parts._replace(path=f"/{number}").geturl()


# With pytest-xdist (``make test TEST_PROCESSES=2``) each test process has a broker database of its own: a real
# worker started by one process's test must never take the tasks of another's. Celery reads these two from the
# environment before the settings, so they move there too.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and (CELERY_BROKER_URL or "").startswith("redis"):  # noqa: F405
    CELERY_BROKER_URL = _own_redis_database(CELERY_BROKER_URL, _worker)  # noqa: F405
    os.environ["CELERY_BROKER_URL"] = CELERY_BROKER_URL
if _worker.startswith("gw") and (CELERY_RESULT_BACKEND or "").startswith("redis"):  # noqa: F405
    CELERY_RESULT_BACKEND = _own_redis_database(CELERY_RESULT_BACKEND, _worker)  # noqa: F405
    os.environ["CELERY_RESULT_BACKEND"] = CELERY_RESULT_BACKEND
# The cache too, when it is Redis: each test starts by emptying it (tests/conftest.py's ``empty_cache``), which must
# not empty the other process's in the middle of its test.
if _worker.startswith("gw") and CACHE_URL:  # noqa: F405
    CACHE_URL = _own_redis_database(CACHE_URL, _worker)  # noqa: F405
    CACHES = {"default": {**CACHES["default"], "LOCATION": CACHE_URL}}  # noqa: F405
