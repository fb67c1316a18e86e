"""A race between two requests ends in one row and a clear refusal, never a 500.

A service checks a rule before it writes ("certificate number X is already recorded"); two requests at once may both
pass the check, and the database's unique constraint stops the second. ``refuse_duplicate`` turns that stop into
the same refusal the check would have given, so the page shows it on the form and the API answers 422.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


@contextmanager
def refuse_duplicate(*, constraint: tuple[str, ...], field: str, message: str) -> Iterator[None]:
    """Run the block in a savepoint; if the database refuses it on the constraint, raise ``ValidationError({field:
    message})`` instead. ``constraint`` holds the words each database names it by (PostgreSQL the constraint's
    name, SQLite ``table.column``). Any other integrity error is not a race this code knows about, and goes on."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        if not any(word in str(error) for word in constraint):
            raise
        raise ValidationError({field: message}) from error
