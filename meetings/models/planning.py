"""What the planning of meetings reads: the members' requests for an extraordinary meeting (FO 3.1), the
council's standing items a new ordinary meeting gets, and each person's calendar address of the meetings."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from members.models import Council, Membership, Person

from .agenda import AgendaItem, AgendaItemKind, AgendaStep
from .meeting import Meeting, one_of


class ExtraordinaryRequestQuerySet(models.QuerySet):
    def open(self):
        """Requests not yet answered by a planned meeting."""
        return self.filter(meeting__isnull=True)


class ExtraordinaryRequest(models.Model):
    """A member's written request for an extraordinary meeting (FO 3.1). Counted per seat (membership);
    open until the secretariat plans the meeting that answers it (``meeting``)."""

    membership = models.ForeignKey(
        Membership, models.PROTECT, related_name="extraordinary_requests", verbose_name="medlem"
    )
    reason = models.TextField("begrundelse")
    requested_at = models.DateTimeField("anmodet")
    meeting = models.ForeignKey(
        Meeting,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="answered_requests",
        verbose_name="indkaldt møde",
    )
    handled_at = models.DateTimeField("behandlet", null=True, blank=True)
    history = HistoricalRecords()
    objects = ExtraordinaryRequestQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at"]
        verbose_name = "anmodning om ekstraordinært møde"
        verbose_name_plural = "anmodninger om ekstraordinært møde"
        constraints = [
            models.UniqueConstraint(
                fields=["membership"], condition=Q(meeting__isnull=True), name="extra_request_one_open_per_member"
            ),
            models.CheckConstraint(
                condition=Q(meeting__isnull=True, handled_at__isnull=True)
                | Q(meeting__isnull=False, handled_at__isnull=False),
                name="extra_request_handled_with_meeting",
            ),
        ]

    def __str__(self):
        return f"Anmodning fra {self.membership.person}"

    @property
    def is_open(self) -> bool:
        return self.meeting_id is None


class StandingItemPlacement(models.TextChoices):
    START = "start", "I starten af dagsordenen"
    END = "end", "Sidst på dagsordenen"


# The steps a standing item may lead to (the constituent meeting's steps are not standing items).
STANDING_STEPS = [(AgendaStep.NONE.value, "Intet"), (AgendaStep.PREVIOUS_MINUTES.value, "Referatet fra forrige møde")]


class StandingItem(models.Model):
    """A standing item from the council's template (fast punkt: "Godkendelse af dagsorden", "Eventuelt").

    A new ordinary meeting gets them when it is planned; ``placement`` says whether the item opens the agenda
    or stays at its end (items added later go before the closing standing items)."""

    Placement = StandingItemPlacement

    council = models.ForeignKey(Council, models.PROTECT, related_name="standing_items", verbose_name="KKR")
    order = models.PositiveSmallIntegerField("rækkefølge", default=1)
    placement = models.CharField("placering", max_length=5, choices=Placement.choices, default=Placement.START)
    kind = models.CharField("type", max_length=20, choices=AgendaItem.Kind.choices, default=AgendaItem.Kind.ORIENTATION)
    title = models.CharField("titel", max_length=300)
    is_section = models.BooleanField(
        "blok med underpunkter",
        default=False,
        help_text="Fx «Regionalpolitiske sager» eller «Udpegninger»: en overskrift, og punkterne efter den (til næste "
        "faste punkt) nummereres 3.1, 3.2 … Har rådet mindst én blok, nummereres dagsordenen sådan; ellers 1, 2, 3.",
    )
    case_presentation = models.TextField("sagsfremstilling", blank=True)
    recommendation = models.TextField("indstilling", blank=True)
    step = models.CharField(
        "linker til",
        max_length=20,
        choices=STANDING_STEPS,
        blank=True,
        default="",
        help_text="Fx «Godkendelse af referat».",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "placement", "order", "pk"]
        verbose_name = "fast punkt"
        verbose_name_plural = "faste punkter"
        constraints = [
            one_of("placement", StandingItemPlacement.choices, name="standing_item_placement_valid"),
            one_of("kind", AgendaItemKind.choices, name="standing_item_kind_valid"),
            one_of("step", STANDING_STEPS, name="standing_item_step_valid"),
        ]

    def __str__(self):
        return self.title


class CalendarFeed(models.Model):
    """A person's secret calendar address: whoever knows the token reads the person's council meetings.
    Regenerating replaces the token, so an address that leaked stops working."""

    person = models.OneToOneField(Person, models.CASCADE, related_name="calendar_feed", verbose_name="person")
    token = models.CharField("nøgle", max_length=64, unique=True)
    created_at = models.DateTimeField("oprettet")  # no history: old tokens should not be kept anywhere

    class Meta:
        verbose_name = "personlig kalender"
        verbose_name_plural = "personlige kalendere"

    def __str__(self):
        return f"Kalender for {self.person}"

    def get_absolute_url(self):
        return reverse("meetings:personal-calendar", args=[self.token])
