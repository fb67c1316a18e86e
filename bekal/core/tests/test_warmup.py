"""A web process loads its URL patterns, templates and catalogues before it serves (``core.warmup``, called by
``bekal.wsgi``), not on its first requests."""

import gc

from django.conf import settings
from django.template import engines
from django.urls import get_resolver

from bekal.core.warmup import warm_up


def test_the_warm_up_loads_urls_templates_and_catalogues_without_the_database():
    # No db fixture: a query here would fail the test (a forked worker must not share the master's connection).
    engine = engines["django"].engine
    cached = engine.template_loaders[0]
    cached.reset()
    loaded = warm_up()
    assert get_resolver()._populated
    assert loaded["languages"] == len(settings.LANGUAGES)
    assert loaded["templates"] >= 100  # every page's template of the project, compiled once
    for name in ("base.html", "kpis/dashboard.html", "people/list.html"):
        assert name in cached.get_template_cache, name
    # What is loaded is frozen out of the collector: a full collection no longer walks it.
    # (a frozen object may still be freed by its reference count: the count is read, not compared exactly)
    assert loaded["frozen"] > 100_000
    assert gc.get_freeze_count() > 100_000
    gc.unfreeze()


def test_gunicorn_warms_django_once_in_the_master_for_every_worker():
    # The image and compose run gunicorn with this file: a worker forked from a warm master (a replacement after
    # max_requests too) serves at once, instead of warming itself while the others carry its share.
    import runpy

    config = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    assert config["max_requests"] > 0
