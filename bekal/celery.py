"""The Celery app: background jobs (bekal.jobs) and the daily scheduler, configured from Django's settings.

Started with ``celery -A bekal worker`` and ``celery -A bekal beat``; with ``BEKAL_REDIS_URL`` unset the tasks run
in-process (``CELERY_TASK_ALWAYS_EAGER``), so nothing needs starting.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bekal.settings")

app = Celery("bekal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
