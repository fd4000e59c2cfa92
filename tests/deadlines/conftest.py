import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():  # type: ignore[no-untyped-def]
    """The dashboard keeps its drawn filter form in the cache: each test starts without it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
