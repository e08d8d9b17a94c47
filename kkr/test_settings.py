"""Settings for the test suite: the project's settings plus a fast password hasher.

Hashing with PBKDF2 cost half the suite's CPU time; MD5 is fine for throw-away test users and is never
used outside the tests.
"""

from kkr.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The suite's clients all come from 127.0.0.1; the API's rate limit is tested where a test lowers it
# (tests/api/test_http.py).
API_RATE_LIMIT = "100000/m"
