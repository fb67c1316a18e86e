"""Which API module (a TokenModule value: the router's tag, spaces as hyphens) an operation belongs to, so a token
limited to some modules is refused on the others (`TokenAuth`)."""

import functools
import re

from django.http import HttpRequest


def _module(tags: list[str] | None) -> str | None:
    return tags[0].replace(" ", "-") if tags else None


@functools.cache
def operation_modules() -> dict[str, str | None]:
    """Every operation as "METHOD /api/v1/path" (path parameters as {name}), with its module."""
    from bekal.api import api

    found: dict[str, str | None] = {}
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            full = "/api/v1/" + "/".join(part.strip("/") for part in (bound.prefix, path) if part.strip("/"))
            full = re.sub(r"{[^}:]+:", "{", full)
            for operation in path_view.operations:
                for method in operation.methods:
                    found[f"{method} {full}"] = _module(operation.tags)
    return found


def request_module(request: HttpRequest) -> str | None:
    """The module of the operation the request's URL resolved to; None when it has none."""
    match = request.resolver_match
    if match is None:
        return None
    path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", match.route).rstrip("/")
    method = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
    modules = operation_modules()
    return modules.get(f"{method} {path}") or modules.get(f"{method} {path}/")
