from django import template

from bekal.core.formats import duration

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    """Return minutes as hours and minutes, "3 jam 30 menit" (bekal.core.formats.duration)."""
    return duration(minutes)
