from django.db import models


class WorkerHeartbeat(models.Model):
    """Written by the beat-scheduled heartbeat task: proof that the scheduler and a worker run."""

    hostname = models.CharField(max_length=255, unique=True)
    beat_at = models.DateTimeField()
    count = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"{self.hostname} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
