"""One way to write a duration kept in minutes (community-service hours, training time) for a person to read."""


def hours_minutes(minutes: int | None) -> str:
    """Return minutes as hours and minutes, ``7:30`` (``-0:45`` below zero, ``0:00`` for none)."""
    value = int(minutes or 0)
    sign = "-" if value < 0 else ""
    value = abs(value)
    return f"{sign}{value // 60}:{value % 60:02d}"
