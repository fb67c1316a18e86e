"""Types the API's schemas share: bounded pagination and a wall-clock time as the schema can state it.

ninja's own pagination takes any page number, and a page of 10^27 gave a 500 (an offset past the database's integer
range). JSON Schema's ``format: time`` demands a UTC offset ("08:00:00Z"), which Bekal's wall-clock times (a unit's
opening hours, a session's start) never carry: `Clock` publishes them as "HH:MM" or "HH:MM:SS".
"""

from datetime import time
from typing import Annotated

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import WithJsonSchema

MAX_PAGE = 100_000
NO_NUL = r"^[^\x00]*$"  # PostgreSQL stores no NUL byte in text
CLOCK_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"

Clock = Annotated[time, WithJsonSchema({"type": "string", "pattern": CLOCK_PATTERN, "maxLength": 8})]


class BoundedPages(PageNumberPagination):
    """``?page=`` from 1 to `MAX_PAGE`, ``?page_size=`` from 1 to ``NINJA_MAX_PER_PAGE_SIZE``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=getattr(settings, "NINJA_MAX_PER_PAGE_SIZE", 100))
