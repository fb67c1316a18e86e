"""A background job: who started which kind of work with which parameters, how far it got, and its file."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class JobQuerySet(models.QuerySet["Job"]):
    def of_user(self, user: Any) -> "JobQuerySet":
        """Return the jobs the user started, newest first."""
        return self.filter(user_id=user.pk).order_by("-created_at", "-id")


class Job(models.Model):
    """One run of a registered kind of work (bekal.jobs.registry); its file lives on the default storage."""

    kind = models.CharField(_("kind"), max_length=60)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs")
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The language of the request that started the job: its file, summary and failure message are written in it.
    language = models.CharField(max_length=10, default="id")
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    input_file = models.FileField(upload_to="jobs/input/%Y/%m/", blank=True)
    input_name = models.CharField(max_length=255, blank=True)
    result = models.FileField(upload_to="jobs/result/%Y/%m/", blank=True)
    result_name = models.CharField(max_length=255, blank=True)
    summary = models.JSONField(default=list, blank=True)  # lines shown on the job page ("12 people registered")
    error = models.TextField(_("failure reason"), blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="jobs_job_user_created")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total__isnull=True) | models.Q(done__lte=models.F("total")),
                name="jobs_job_done_within_total",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        """Return True when the job will not change any more (done or failed)."""
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int | None:
        """Return how far the job got, 0-100, or None while its size is unknown."""
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return None
        return min(100, self.done * 100 // self.total)
