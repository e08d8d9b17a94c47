"""A PDF asked for on a council's page and rendered by the worker (the composition's calculation, the
appointments register): what was asked, by whom, how far it got, and the file. The request never renders;
the file is served only through the page's own permission-checked view.

It lives here, the lowest app with councils and periods, so the apps above share one job row, one
lifecycle (``members.services.documents``) and one status page."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from kkr.files import random_name

from .people import choice_in
from .reference import Council, ElectionPeriod


def document_upload_to(instance, filename: str) -> str:
    return random_name("dokumenter")


class DocumentKind(models.TextChoices):
    COMPOSITION = "composition", "Sammensætningens beregning"
    REGISTER = "register", "Udpegningsregister"


class DocumentState(models.TextChoices):
    QUEUED = "queued", "I kø"
    RENDERING = "rendering", "Dannes"
    READY = "ready", "Klar"
    FAILED = "failed", "Fejlet"


ACTIVE = (DocumentState.QUEUED, DocumentState.RENDERING)


def stuck_after() -> timedelta:
    """A job neither finished nor failed this long after it was asked for was lost (a worker killed, the
    broker lost it): the worker's own time limit has long stopped any render by then."""
    return timedelta(seconds=settings.CELERY_TASK_SOFT_TIME_LIMIT + 120)


class DocumentJob(models.Model):
    Kind = DocumentKind
    State = DocumentState

    kind = models.CharField("dokument", max_length=20, choices=Kind.choices)
    council = models.ForeignKey(Council, models.CASCADE, related_name="document_jobs", verbose_name="KKR")
    period = models.ForeignKey(ElectionPeriod, models.PROTECT, related_name="+", verbose_name="valgperiode")
    day = models.DateField("pr. dato")
    # The page's own choices (its filters, the result set shown), as a canonical query string: the same
    # request gives the same text, so a second click while the first renders finds it.
    options = models.CharField("valg på siden", max_length=500, blank=True)
    filename = models.CharField("filnavn ved hentning", max_length=200)
    state = models.CharField("tilstand", max_length=10, choices=State.choices, default=State.QUEUED)
    file = models.FileField("PDF", upload_to=document_upload_to, blank=True)
    error = models.TextField("fejl", blank=True)
    requested_at = models.DateTimeField("bestilt", default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="bestilt af"
    )
    started_at = models.DateTimeField("påbegyndt", null=True, blank=True)
    finished_at = models.DateTimeField("færdig", null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = "PDF-bestilling"
        verbose_name_plural = "PDF-bestillinger"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "council", "period", "day", "options"],
                condition=models.Q(state__in=ACTIVE),
                name="documentjob_one_running_per_request",
            ),
            choice_in("kind", DocumentKind, prefix="documentjob"),
            choice_in("state", DocumentState, prefix="documentjob"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.council} {self.period} ({self.get_state_display()})"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY

    @property
    def is_failed(self) -> bool:
        return self.state == self.State.FAILED

    def is_stuck(self, now=None) -> bool:
        return self.is_active and self.requested_at < (now or timezone.now()) - stuck_after()
