"""Every schema class of the API has a name of its own.

The OpenAPI document keys its components by class name: two classes called ``PlacementOut`` in two apps overwrite
each other there, and the operations of the one that lost are published with the other's body or response (a client
that sends what the document says then gets a 422).
"""

from collections import defaultdict

from ninja import Schema
from pydantic import BaseModel

from bekal.api import api


def _bekal_schema_classes() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    stack: list[type[BaseModel]] = list(Schema.__subclasses__())
    while stack:
        cls = stack.pop()
        if cls.__module__.startswith("bekal."):
            found.append(cls)
        stack.extend(cls.__subclasses__())
    return found


def _by_name(classes: list[type[BaseModel]]) -> dict[str, set[str]]:
    names: dict[str, set[str]] = defaultdict(set)
    for cls in classes:
        names[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    return names


def test_no_two_schema_classes_share_a_name() -> None:
    assert api.get_openapi_schema()  # every router registered, so every app's schemas are imported
    classes = _bekal_schema_classes()
    assert len(classes) > 50
    clashes = {name: sorted(paths) for name, paths in _by_name(classes).items() if len(paths) > 1}
    assert clashes == {}


def test_the_check_sees_a_clash() -> None:
    first = type("ClashOut", (Schema,), {"__module__": "bekal.one.api", "__annotations__": {"a": int}})
    second = type("ClashOut", (Schema,), {"__module__": "bekal.two.api", "__annotations__": {"b": int}})
    assert _by_name([first, second]) == {"ClashOut": {"bekal.one.api.ClashOut", "bekal.two.api.ClashOut"}}


def test_every_component_is_the_class_of_its_name() -> None:
    """The published components carry each class's own fields: the people and placement bodies among them."""
    components = api.get_openapi_schema()["components"]["schemas"]
    assert "nik" in components["PersonIn"]["properties"]
    assert "nik_masked" in components["PersonOut"]["properties"]
    assert "site" in components["SitePlacementIn"]["properties"]
    assert "employer" in components["PlacementIn"]["properties"]
