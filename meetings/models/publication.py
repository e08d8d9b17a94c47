"""Published documents: each rendered version of an agenda, Tillæg or minutes (FO 3.3, FO 3.4) and the members'
e-mail of it, one row per recipient."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from kkr.files import publication_upload_to

from .meeting import Meeting, one_of


class PublicationQuerySet(models.QuerySet):
    def ready(self):
        return self.filter(state=Publication.State.READY)


class PublicationKind(models.TextChoices):
    AGENDA = "agenda", "Dagsorden"
    MINUTES = "minutes", "Referat"
    SUPPLEMENT = "supplement", "Tillæg til dagsorden"  # only the items added after the agenda was sent


class PublicationAudience(models.TextChoices):
    MEMBERS = "members", "Medlemsudgave (med lukkede punkter)"
    PUBLIC = "public", "Offentlig udgave"


class PublicationState(models.TextChoices):
    QUEUED = "queued", "I kø"
    RENDERING = "rendering", "Dannes"
    READY = "ready", "Klar"
    FAILED = "failed", "Fejlet"


class Publication(models.Model):
    """One rendered version of an agenda (FO 3.3), a supplementary agenda (Tillæg) or minutes (FO 3.4) for
    members or the public.

    ``content`` is the snapshot taken when publishing: the PDF and the public pages show exactly what was
    published, and a retry renders the same thing. Re-publishing makes a new version; old ones stay.
    """

    Kind = PublicationKind
    Audience = PublicationAudience
    State = PublicationState

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="publications", verbose_name="møde")
    kind = models.CharField("art", max_length=10, choices=Kind.choices)
    audience = models.CharField("målgruppe", max_length=10, choices=Audience.choices)
    version = models.PositiveSmallIntegerField("version")
    content = models.JSONField("indhold (øjebliksbillede)")
    state = models.CharField("tilstand", max_length=10, choices=State.choices, default=State.QUEUED)
    file = models.FileField("PDF", upload_to=publication_upload_to, blank=True)
    error = models.TextField("fejl", blank=True)
    requested_at = models.DateTimeField("bestilt")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="bestilt af"
    )
    rendered_at = models.DateTimeField("dannet", null=True, blank=True)
    late_reason = models.TextField("begrundelse for sen udsendelse (FO 3.3)", blank=True)
    change_note = models.TextField("hvad er ændret (ny version)", blank=True)
    is_draft = models.BooleanField("udkast (kun til medlemmerne)", default=False)
    request_token = models.UUIDField("bestillingsnøgle (én version pr. klik)", null=True, blank=True)
    # Owed side effects: the render is owed while ``state`` is not ready; the members' e-mail is owed while
    # ``notify_owed`` is set and ``notified_at`` is empty. ``tasks.requeue_publications`` retries both.
    notify_owed = models.BooleanField("e-mail til medlemmerne skyldes", default=False)
    notified_at = models.DateTimeField("medlemmer underrettet", null=True, blank=True)
    lease_until = models.DateTimeField("dannelse reserveret til", null=True, blank=True)
    # The Celery task id holding the lease: a retry of that task (same id, after a database error) resumes
    # its own render at once instead of waiting for the lease to run out.
    lease_holder = models.CharField("dannes af (opgave)", max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField("forsøg", default=0)
    # Set when sending the render to the broker failed (Redis down): the render is known not to be queued, so
    # the requeue sends it as soon as the broker answers instead of waiting out the queued grace.
    enqueue_failed = models.BooleanField("kunne ikke sættes i baggrundskøen", default=False)
    history = HistoricalRecords()
    objects = PublicationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "kind", "-version", "audience"]
        verbose_name = "offentliggørelse"
        verbose_name_plural = "offentliggørelser"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "audience", "version"], name="publication_unique_version"
            ),
            models.UniqueConstraint(
                fields=["request_token", "audience"],
                condition=models.Q(request_token__isnull=False),
                name="publication_one_version_per_request",
            ),
            one_of("kind", PublicationKind.choices, name="publication_kind_valid"),
            one_of("audience", PublicationAudience.choices, name="publication_audience_valid"),
            one_of("state", PublicationState.choices, name="publication_state_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version} ({self.get_audience_display()})"

    def save(self, *args, **kwargs):
        """A new version rewrites its meeting's rows of the search index in the same transaction: what search
        finds is what the released versions show (``searchindex``), however the version was made."""
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:
            from ..searchindex import sync_meeting

            sync_meeting(self.meeting_id)

    def get_absolute_url(self):
        return reverse("meetings:publication-pdf", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.audience == self.Audience.PUBLIC

    @property
    def is_agenda(self) -> bool:
        return self.kind == self.Kind.AGENDA

    @property
    def is_ready(self) -> bool:
        return self.state == self.State.READY

    @property
    def is_failed(self) -> bool:
        return self.state == self.State.FAILED

    @property
    def is_pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RENDERING)

    def is_stuck(self, now) -> bool:
        """Rendering with its lease run out, or queued for longer than ``PUBLICATION_QUEUED_GRACE_SECONDS``:
        staff may retry it (beat's requeue sends it again anyway)."""
        if self.state == self.State.RENDERING:
            return self.lease_until is None or self.lease_until < now
        grace = timedelta(seconds=settings.PUBLICATION_QUEUED_GRACE_SECONDS)
        return self.state == self.State.QUEUED and self.requested_at < now - grace

    @property
    def can_retry(self) -> bool:
        """Failed, or stuck now: the staff page offers "Prøv igen"."""
        return self.is_failed or self.is_stuck(timezone.now())


class Delivery(models.Model):
    """The members' e-mail of one publication version to one recipient. The recipients are recorded when the
    e-mail is first owed (the roster at that moment) and each one's ``sent_at`` is committed right after its
    own message is sent, so a retry after a failure (a commit that fails, a killed worker) sends only to
    those not yet sent: at most the one message in flight when it failed can go twice. The staff page shows
    the log per version."""

    publication = models.ForeignKey(
        Publication, models.CASCADE, related_name="deliveries", verbose_name="offentliggørelse"
    )
    email = models.EmailField("e-mailadresse")
    name = models.CharField("modtager", max_length=200, blank=True)
    sent_at = models.DateTimeField("sendt", null=True, blank=True)

    class Meta:
        ordering = ["publication", "name", "email"]
        verbose_name = "udsendt e-mail"
        verbose_name_plural = "udsendte e-mails"
        constraints = [models.UniqueConstraint(fields=["publication", "email"], name="delivery_once_per_recipient")]

    def __str__(self):
        return f"{self.publication} → {self.email}"
