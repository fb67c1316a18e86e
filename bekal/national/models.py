from django.db import models


class GeneratedDataset(models.Model):
    """A record that the database holds a generated nation: how it was made and what it holds."""

    seed = models.IntegerField()
    scale = models.FloatField()
    anchor_date = models.DateField()
    counts = models.JSONField(default=dict)
    seconds = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"seed {self.seed}, scale {self.scale}, {self.counts.get('people', 0)} people"
