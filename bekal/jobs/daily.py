"""The daily jobs (``bekal.core.registry.daily_jobs``): each in its own transaction; one failing does not stop the
others. Run by the ``run_daily_jobs`` task (Celery beat, 01:00 Asia/Jakarta) and the command of the same name."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekal.core import registry

logger = logging.getLogger(__name__)


def daily_jobs_run(*, today: date, only: str = "") -> dict[str, int | None]:
    """Run every daily job (or the one named ``only``) for the day; return each one's count, None when it failed."""
    jobs = [job for job in registry.daily_jobs if not only or job.name == only]
    if only and not jobs:
        known = ", ".join(sorted(job.name for job in registry.daily_jobs))
        raise ValidationError(_("%(name)s is not a daily job; known: %(known)s") % {"name": only, "known": known})
    counts: dict[str, int | None] = {}
    for job in jobs:
        try:
            with transaction.atomic():
                counts[job.name] = job.func(today=today)
        except Exception:
            logger.exception("daily job %s failed for %s", job.name, today)
            counts[job.name] = None
            continue
        logger.info("daily job %s for %s: %s", job.name, today, counts[job.name])
    return counts
