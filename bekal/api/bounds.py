"""Every input of the API bounded, in the published schema and in its validation, from one place.

An input without a bound reached the database: over-length text and NUL bytes broke PostgreSQL, a page number of 10^27
or an id past 2^63 broke SQLite, a year of -84 broke a date lookup, ``amount=1e40`` was stored on SQLite and broke the
budget list. Each is a 500 where the caller should have had a 422 naming the field.

`bound_api` walks every operation's parameter and body models once the routers are registered and constrains each field
that carries no bound of its own:
- text: at most the ``max_length`` of the schema's own model column (``columns_of``/``patch_of``), else of the widest
  model column of the same name, else `TEXT_DEFAULT` (a free-text column) or `NAME_DEFAULT`; and no NUL byte;
- integers: `NAMED_RANGES` by name (page, page_size, year...), else the widest range of the model columns of the same
  name, within a 32-bit integer (every id fits);
- decimals: below the integer digits of the model columns of the same name, never negative (published as a number);
- PATCH bodies (``patch_of``): no null for a column that cannot be empty;
- lists and mappings: at most `LIST_MAX` items, each bounded as above (an id as a key: digits, published).
A field declared with its own bound keeps it. The rebuilt models validate what the schema now publishes, so a request
sent as documented is never refused as malformed, and one outside the bounds gets ninja's 422.
"""

from decimal import Decimal
from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from annotated_types import Le, Lt, MaxLen
from django.apps import apps
from django.db import connection, models
from ninja import NinjaAPI
from pydantic import BaseModel, Field, StringConstraints, WithJsonSchema

from bekal.core.api_types import NO_NUL

NAME_DEFAULT = 200
TEXT_DEFAULT = 4000
INT32 = (-(2**31) + 1, 2**31 - 1)
LIST_MAX = 1000
INT_KEY = r"^[1-9][0-9]{0,8}$"  # an id as a JSON object's key
NAMED_RANGES: dict[str, tuple[int, int]] = {
    "page": (1, 100_000),
    "page_size": (1, 100),
    "year": (1900, 2200),
    "quarter": (1, 4),
    "month": (1, 12),
}
NAMED_LENGTHS: dict[str, int] = {"q": 100}
_UPPER_BOUNDS = (MaxLen, Le, Lt)


def _model_fields(name: str) -> list[models.Field]:
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("bekal."):
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: S112 (a model without this field says nothing about it)
            continue
        if isinstance(field, models.Field) and not field.is_relation:
            found.append(field)
    return found


def _text_length(name: str, owner: type | None) -> int:
    """The longest text a column of this name can hold: the owner's column (``columns_of``/``patch_of`` on the
    schema), else the widest of the columns so named (a value past it fits nowhere; one that fits a wider column
    but not its own is refused by the database, which the API answers with a 422 too)."""
    if name in NAMED_LENGTHS:
        return NAMED_LENGTHS[name]
    fields = _model_fields(name)
    target = getattr(owner, "columns_of", None) or getattr(owner, "patch_of", None)
    if target is not None:
        fields = [f for f in fields if f.model is target] or fields
    lengths = [f.max_length for f in fields if isinstance(f, models.CharField) and f.max_length]
    if lengths:
        return max(lengths)
    if any(isinstance(f, models.TextField) for f in fields):
        return TEXT_DEFAULT
    return TEXT_DEFAULT if name in ("note", "notes", "reason", "description", "summary") else NAME_DEFAULT


def _int_range(name: str) -> tuple[int, int]:
    if name in NAMED_RANGES:
        return NAMED_RANGES[name]
    ranges = [
        connection.ops.integer_field_range(f.get_internal_type())
        for f in _model_fields(name)
        if isinstance(f, models.IntegerField)
    ]
    lows = [r[0] for r in ranges if r[0] is not None]
    highs = [r[1] for r in ranges if r[1] is not None]
    low = max(INT32[0], min(lows)) if lows else INT32[0]
    high = min(INT32[1], max(highs)) if highs else INT32[1]
    return low, high


def _decimal_bounds(name: str) -> tuple[int, int]:
    digits = [(f.max_digits, f.decimal_places) for f in _model_fields(name) if isinstance(f, models.DecimalField)]
    return min(digits) if digits else (15, 2)


def _has_bound(metadata: list[Any]) -> bool:
    """Whether a field declares its own upper bound (a lower one alone, as ``ge=1``, bounds nothing)."""
    return any(
        isinstance(item, _UPPER_BOUNDS) or any(getattr(item, key, None) is not None for key in ("max_length", "le"))
        for item in metadata
    )


def _bounded(annotation: Any, name: str, seen: set[type], owner: type | None = None) -> Any:
    origin = get_origin(annotation)
    if origin is Annotated:
        inner, *metadata = get_args(annotation)
        if _has_bound(metadata):
            return annotation
        return Annotated[(_bounded(inner, name, seen, owner), *metadata)]
    if origin in (Union, UnionType):
        options = tuple(_bounded(option, name, seen, owner) for option in get_args(annotation))
        return Union[options]  # noqa: UP007 (built from a tuple)
    if origin is list:
        (item,) = get_args(annotation)
        return Annotated[list[_bounded(item, name, seen, owner)], Field(max_length=LIST_MAX)]  # type: ignore[misc]
    if origin is tuple:
        return tuple[tuple(_bounded(item, name, seen, owner) for item in get_args(annotation))]  # type: ignore[misc]
    if origin is dict:
        key, value = get_args(annotation)
        keys: dict[str, Any] = {"pattern": INT_KEY} if key is int else {"maxLength": NAME_DEFAULT}
        bounded_key, bounded_value = _bounded(key, name, seen, owner), _bounded(value, name, seen, owner)
        extra: dict[str, Any] = {"propertyNames": keys}
        return Annotated[dict[bounded_key, bounded_value], Field(max_length=LIST_MAX, json_schema_extra=extra)]  # type: ignore[valid-type]
    if annotation is str:
        return Annotated[str, StringConstraints(max_length=_text_length(name, owner), pattern=NO_NUL)]
    if annotation is int:
        low, high = _int_range(name)
        return Annotated[int, Field(ge=low, le=high)]
    if annotation is Decimal:
        digits, places = _decimal_bounds(name)
        top = 10 ** (digits - places) - 1
        number = {"type": "number", "minimum": 0, "maximum": top}
        return Annotated[Decimal, Field(ge=0, le=top), WithJsonSchema(number)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        bound_model(annotation, seen)
    return annotation


def _not_null_in_patch(model: type[BaseModel], name: str, annotation: Any) -> Any:
    """A PATCH body (``patch_of = SomeModel``) leaves out what it does not change; a null for a column that cannot be
    empty is no change either, so the schema does not offer it (it was a 500: NOT NULL constraint failed)."""
    target = getattr(model, "patch_of", None)
    if target is None or get_origin(annotation) not in (Union, UnionType):
        return annotation
    try:
        column = target._meta.get_field(name)
    except Exception:
        return annotation
    if getattr(column, "null", True) or column.many_to_many:
        return annotation
    options = tuple(option for option in get_args(annotation) if option is not NoneType)
    return options[0] if len(options) == 1 else Union[options]  # noqa: UP007


def bound_model(model: type[BaseModel], seen: set[type]) -> None:
    """Bound every field of ``model`` (and of the models it holds) that has no bound of its own; rebuild it."""
    if model in seen:
        return
    seen.add(model)
    changed = False
    for name, field in model.model_fields.items():
        not_null = _not_null_in_patch(model, name, field.annotation)
        if not_null is not field.annotation:
            field.annotation = not_null
            changed = True
    for name, field in model.model_fields.items():
        if field.annotation is None or field.annotation is NoneType or _has_bound(field.metadata):
            continue
        bounded = _bounded(field.annotation, field.alias or name, seen, model)
        if bounded is not field.annotation:
            field.annotation = bounded
            changed = True
    if changed or any(isinstance(f.annotation, type) for f in model.model_fields.values()):
        model.model_rebuild(force=True)


def bound_api(api: NinjaAPI) -> int:
    """Bound the inputs of every operation of ``api``; return how many models were looked at."""
    seen: set[type] = set()
    for bound_router in api._get_bound_routers():
        for path_view in bound_router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    bound_model(model, seen)
                    # The parameter model holds the body model: rebuilt after it, so it validates with its bounds.
                    model.model_rebuild(force=True)
    return len(seen)
