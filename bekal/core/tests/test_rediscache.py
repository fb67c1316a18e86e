"""The Redis cache keeps one client per connection pool, and still answers as Django's does, from many threads."""

import os
import threading

import pytest

from bekal.core.rediscache import RedisCache

REDIS_URL = os.environ.get("BEKAL_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


@pytest.fixture
def cache() -> RedisCache:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis answers at {REDIS_URL}: start redis-server to run the cache test")
    return RedisCache(REDIS_URL, {"KEY_PREFIX": f"bekal-test-{os.getpid()}"})


def test_one_client_per_pool(cache: RedisCache) -> None:
    kept = cache._cache  # type: ignore[attr-defined]  # Django's own, not in its stubs
    client = kept.get_client()
    assert kept.get_client("any key") is client
    assert kept.get_client(write=True) is client  # one server: reads and writes share its pool


def test_it_answers_as_django_s_cache_from_many_threads(cache: RedisCache) -> None:
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for i in range(50):
                cache.set(f"k{n}:{i}", (n, i), 30)
                assert cache.get(f"k{n}:{i}") == (n, i)
            assert cache.get_many([f"k{n}:0", f"k{n}:49", "missing"]) == {f"k{n}:0": (n, 0), f"k{n}:49": (n, 49)}
            cache.delete_many([f"k{n}:{i}" for i in range(50)])
            assert cache.get(f"k{n}:1") is None
        except BaseException as error:  # reported to the test's thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert cache.add("once", 1, 30) and not cache.add("once", 2, 30) and cache.get("once") == 1
    cache.delete("once")
