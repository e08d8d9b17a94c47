"""Settings for the test suite: the project's settings plus a fast password hasher.

Hashing with PBKDF2 cost half the suite's CPU time; MD5 is fine for throw-away test users and is never
used outside the tests.
"""

from kkr.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
