"""Log records that say which request, user and unit they belong to, and never carry a NIK.

`RequestContext` (middleware.py) puts the request id, user id and unit id in context variables for the length of a
request; `RequestContextFilter` copies them onto every record (``-`` outside a request); `MaskNikFilter` replaces any
run of exactly 16 digits (the length of a NIK) in the message and in the traceback.
"""

import logging
import re
from contextvars import ContextVar
from typing import Any

request_id_var: ContextVar[str] = ContextVar("bekal_request_id", default="-")
user_id_var: ContextVar[str] = ContextVar("bekal_user_id", default="-")
unit_id_var: ContextVar[str] = ContextVar("bekal_unit_id", default="-")

NIK_PATTERN = re.compile(r"(?<!\d)\d{16}(?!\d)")
NIK_MASK = "****************"


def mask_nik(text: str) -> str:
    """Return the text with every run of exactly 16 digits masked."""
    return NIK_PATTERN.sub(NIK_MASK, text)


class RequestContextFilter(logging.Filter):
    """Add request_id, user_id and unit_id to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.user_id = user_id_var.get()
        record.unit_id = unit_id_var.get()
        return True


class MaskNikFilter(logging.Filter):
    """Mask NIKs in the formatted message and the traceback before any handler writes them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_nik(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_nik(record.exc_text)
            # The JSON formatter formats exc_info itself; the masked text above is all a handler may write.
            record.exc_info = None
        if record.stack_info:
            record.stack_info = mask_nik(record.stack_info)
        return True


def _mask_all(value: Any) -> Any:
    if isinstance(value, str):
        return mask_nik(value)
    if isinstance(value, dict):
        return {key: _mask_all(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_mask_all(item) for item in value]
    return value


def sentry_before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Return the error event with every NIK masked (messages, exception values, local variables)."""
    return _mask_all(event)
