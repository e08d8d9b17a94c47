"""Django's Redis cache backend, with one Redis client object per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call, and each one builds
its table of reply callbacks again: for a cached answer (the API's, ``api.cache``) that was more CPU than the
rest of the work. A ``redis.Redis`` is safe to share between threads (it takes a connection from its pool for
each command), so one per pool is kept."""

from functools import cache

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._client = cache(self._client)  # called with the pool only: one client per pool


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
