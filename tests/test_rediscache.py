"""``kkr.rediscache``: Django's Redis cache backend with one client object per connection pool (Django builds a
new one, with its reply callbacks, for every cache call), storing and reading as Django's does."""

import os
import uuid

import pytest
import redis

from kkr.rediscache import RedisCache

URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def backend():
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("Redis svarer ikke")
    cache = RedisCache(URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    cache.delete_many(["a", "b"])


def test_one_client_serves_every_call_and_values_round_trip(backend):
    assert backend._cache.get_client() is backend._cache.get_client(write=True)
    backend.set("a", (1, [("Content-Type", "application/json")], b"{}"), 30)
    backend.set("b", [1.5, 2.5], 30)
    assert backend.get("a") == (1, [("Content-Type", "application/json")], b"{}")
    assert backend.get_many(["a", "b", "c"]) == {
        "a": (1, [("Content-Type", "application/json")], b"{}"),
        "b": [1.5, 2.5],
    }
