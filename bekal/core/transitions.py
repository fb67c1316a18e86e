"""Status moves as data: one table per status field, one helper that checks and records a move.

A table lists, for every status of a ``TextChoices``, the statuses it may move to (an empty set: final). Services
call ``table.move(obj, new)`` (or ``table.check(old, new)`` where the row is written otherwise); a move the table
does not hold is refused with a message naming both statuses, in the user's language.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.utils.translation import gettext as _


class Transitions:
    """The allowed moves of one status field: {from: {to, ...}} over every value of ``choices``."""

    def __init__(
        self, choices: type[models.TextChoices], moves: Mapping[str, Iterable[str]], *, field: str = "status"
    ) -> None:
        values = set(choices.values)
        missing = values - set(moves)
        unknown = (set(moves) | {to for targets in moves.values() for to in targets}) - values
        if missing or unknown:
            # A new status without a row, or a typo, fails at import: every status must say where it may go.
            raise ImproperlyConfigured(
                f"{choices.__name__} transitions: no row for {sorted(missing)}, unknown statuses {sorted(unknown)}"
            )
        self.choices = choices
        self.field = field
        self.moves: dict[str, frozenset[str]] = {str(k): frozenset(str(t) for t in v) for k, v in moves.items()}

    def allowed(self, current: str) -> frozenset[str]:
        """Return the statuses ``current`` may move to."""
        return self.moves[current]

    __getitem__ = allowed  # the table reads as the mapping it is: TABLE[status] -> the statuses it may move to

    def next_of(self, current: str) -> str:
        """Return the one status ``current`` may move to, or "" when it may move to none or to several."""
        targets = self.moves.get(current, frozenset())
        return next(iter(targets)) if len(targets) == 1 else ""

    def can_move(self, current: str, new: str) -> bool:
        """Return True when the table allows moving from ``current`` to ``new``."""
        return new in self.moves.get(current, frozenset())

    def is_final(self, status: str) -> bool:
        """Return True when nothing may follow the status."""
        return not self.moves[status]

    def check(self, current: str, new: str) -> None:
        """Raise a ValidationError on the field naming both statuses unless the table allows the move."""
        if self.can_move(current, new):
            return
        labels = dict(self.choices.choices)
        raise ValidationError(
            {
                self.field: _("Status cannot change from %(old)s to %(new)s")
                % {"old": labels.get(current, current), "new": labels.get(new, new)}
            }
        )

    def move(self, obj: Any, new: str, *, attr: str = "status") -> str:
        """Check the move of ``obj``'s status to ``new``, set it (unsaved) and return the old status."""
        old = getattr(obj, attr)
        self.check(old, new)
        setattr(obj, attr, new)
        return str(old)
