"""The one table of the API: the count of writes to the tables its cached answers read (``api.changes``)."""

from django.db import models


class Change(models.Model):
    """Writes counted per database connection (``pg_backend_pid()``; row 0 holds the counts of closed ones), so
    that writers never wait for each other on one counter row. Written only by the triggers ``api.changes``
    installs; the sum over the rows names the state of the public data (the cached API answers' stamp)."""

    backend = models.IntegerField(primary_key=True, verbose_name="databaseforbindelse")
    writes = models.BigIntegerField(default=0, verbose_name="skrivninger")

    class Meta:
        verbose_name = "ændringstæller"
        verbose_name_plural = "ændringstællere"

    def __str__(self):
        return f"{self.backend}: {self.writes}"
