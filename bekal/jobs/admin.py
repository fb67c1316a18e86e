from django.contrib import admin

from bekal.accounts.admin_base import ReadOnlyAdmin
from bekal.jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """Read-only: jobs are started on the pages and the API and moved by the worker (bekal.jobs.services)."""

    list_display = ["id", "kind", "user", "status", "done", "total", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["kind", "user__username"]
    date_hierarchy = "created_at"
