from django import template

register = template.Library()


@register.filter
def hours(minutes: int | None) -> str:
    """Return minutes as hours and minutes, ``7:30``."""
    value = int(minutes or 0)
    sign = "-" if value < 0 else ""
    value = abs(value)
    return f"{sign}{value // 60}:{value % 60:02d}"
