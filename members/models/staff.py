"""Who was made secretariat staff of which council, by whom and when. The right itself is the
guardian object permission ``members.manage_council``; guardian keeps no history, so every grant and
removal made through ``members.services.staff`` is recorded here."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from .reference import Council


class StaffGrantQuerySet(models.QuerySet):
    def open(self):
        return self.filter(revoked_at__isnull=True)


class StaffGrant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="staff_grants", verbose_name="bruger"
    )
    council = models.ForeignKey(Council, models.PROTECT, related_name="staff_grants", verbose_name="KKR")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="givet af"
    )
    granted_at = models.DateTimeField("givet", null=True, blank=True, help_text="Tom: givet før historikken.")
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="fjernet af"
    )
    revoked_at = models.DateTimeField("fjernet", null=True, blank=True)
    history = HistoricalRecords()
    objects = StaffGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at", "-pk"]
        verbose_name = "sekretariatsret"
        verbose_name_plural = "sekretariatsrettigheder"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "council"], condition=models.Q(revoked_at__isnull=True), name="staffgrant_one_open"
            )
        ]

    def __str__(self):
        return f"{self.user} – sekretariat for {self.council}"

    @property
    def is_open(self) -> bool:
        return self.revoked_at is None
