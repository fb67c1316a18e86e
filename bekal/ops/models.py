from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """A client-made key (an ``Idempotency-Key`` header or hidden field) and the answer its write gave: a replay of
    the same key by the same user returns that answer instead of writing twice. Written in the transaction of the
    write it guards, so a key is stored exactly when its write is."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("key"), max_length=100)
    # What the key was used for (e.g. "training.attendance") and a hash of the request: the same key sent for
    # another entry is a conflict, never a silent replay of the first one's answer.
    scope = models.CharField(_("scope"), max_length=80)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    response = models.JSONField(_("response"), default=dict)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
