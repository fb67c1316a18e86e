"""What a web process loads once, before it serves (``bekal.wsgi``): the URL patterns with every view module and
API router behind them, our templates compiled, the translation catalogues. Django loads each of these on the first
request that needs it. Each one costs a new worker about 0.9 s of CPU in its first requests: 870 ms for the URL
patterns alone, 150 ms more for each page's templates. gunicorn replaces a worker after ``max_requests``, so the
cost recurred, and the replacement answered its first requests seconds late on a capped server. Under
``--preload`` this runs once in the master, and every worker it forks starts warm.

Then what is loaded is frozen out of the garbage collector (``gc.freeze``, as Python's documentation advises before
a fork): a full collection of a warm worker's 317,000 objects cost 176 ms of CPU, 440 ms of wall time on 0.4 of a
core, and came now and then in the middle of a request. The frozen objects are modules, views, templates and
catalogues, which live as long as the process; only what the requests make is collected."""

import gc
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.template import TemplateSyntaxError, engines
from django.template.utils import get_app_template_dirs
from django.urls import get_resolver
from django.utils import translation


def warm_up() -> dict[str, int]:
    """Load the URL patterns, compile every template of the project and load each language's catalogue, then freeze
    what is loaded out of the garbage collector; return what was loaded. Touches no database (and closes any
    connection opened, which a forked worker must not share)."""
    get_resolver().url_patterns  # noqa: B018 - imports the URLconf, every view and API router
    get_resolver()._populate()  # the reverse lookups, built once
    templates = _compile_templates()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")
    connections.close_all()
    gc.collect()
    gc.freeze()
    return {"templates": templates, "languages": len(settings.LANGUAGES), "frozen": gc.get_freeze_count()}


def _compile_templates() -> int:
    """Compile (into the cached loader) every template under the project's own folders; return how many."""
    engine = engines["django"].engine  # type: ignore[attr-defined]
    root = Path(settings.BASE_DIR) / "bekal"
    folders = [Path(d) for d in (*engine.dirs, *get_app_template_dirs("templates"))]
    names = sorted(
        {
            path.relative_to(folder).as_posix()
            for folder in folders
            if root in folder.parents or folder == root
            for path in folder.rglob("*.html")
        }
    )
    compiled = 0
    for name in names:
        try:
            engine.get_template(name)
        except TemplateSyntaxError:  # a broken template fails on its own page, not at the start of every worker
            continue
        compiled += 1
    return compiled
