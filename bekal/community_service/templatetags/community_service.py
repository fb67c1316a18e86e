from django import template

from bekal.core.durations import hours_minutes

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    """Return minutes as hours and minutes, ``7:30`` (bekal.core.durations)."""
    return hours_minutes(minutes)
