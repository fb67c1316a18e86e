"""A figure: a numerator out of a denominator, kept exact; shared by every page and report that states a rate."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Figure:
    """A numerator out of a denominator, exact; percentages half up (one decimal for machines, whole for people)."""

    count: int | Decimal
    total: int | Decimal

    @property
    def percent(self) -> Decimal | None:
        """Return 100 * count / total with one decimal, half up, or None when there is nothing to count."""
        if not self.total:
            return None
        return (Decimal(100) * Decimal(self.count) / Decimal(self.total)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def whole(self) -> int | None:
        """Return the percentage rounded half up to a whole number, as the reports state it (72%, 58%)."""
        percent = self.percent
        if percent is None:
            return None
        return int(percent.quantize(Decimal("1"), rounding=ROUND_HALF_UP))

    @property
    def display(self) -> str:
        """Return the whole percentage with its sign, or a dash when there is nothing to count."""
        return "–" if self.whole is None else f"{self.whole}%"
