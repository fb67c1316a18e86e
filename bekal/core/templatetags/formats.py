"""Filters for the formats of ``bekal.core.formats``, built into every template (TEMPLATES "builtins").

``{{ count|number }}`` 216.098, ``{{ rate|percent }}`` 72,5%, ``{{ amount|money }}`` Rp5.000.000,
``{{ minutes|duration }}`` 3 jam 30 menit, ``{{ day|date_long }}`` 5 Februari 2027, ``{{ day|date_short }}``
5 Feb 2027, ``{{ day|date_weekday }}`` Sen, 5 Feb 2027, ``{{ moment|datetime_short }}`` 5 Feb 2027 09:45,
``{{ flag|yes_no }}`` Ya.
"""

from collections.abc import Callable
from typing import Any

from django import template

from bekal.core import formats

register = template.Library()


def _filter(func: Callable[[Any], str]) -> Callable[[Any], str]:
    def apply(value: Any) -> str:
        # A missing variable reaches a filter as "": it stays empty rather than failing the page.
        return "" if value == "" else func(value)

    apply.__doc__ = func.__doc__
    return apply


for _name in (
    "number",
    "percent",
    "money",
    "duration",
    "date_long",
    "date_short",
    "date_weekday",
    "datetime_short",
    "clock",
    "yes_no",
):
    register.filter(_name, _filter(getattr(formats, _name)))
