"""An election of representatives at a meeting (kommunestyrelsesloven § 24 stk. 1 and 3)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from meetings.models import AgendaItem, Meeting

from .bodies import Body, Seat
from .common import _choice


class ElectionKind(models.TextChoices):
    MAJORITY = "majority", "Flertalsvalg (§ 24 stk. 1)"
    PROPORTIONAL = "proportional", "Forholdstalsvalg (§ 24 stk. 3)"


class ElectionState(models.TextChoices):
    OPEN = "open", "I gang"
    AWAITING_LOT = "awaiting_lot", "Afventer lodtrækning"
    DECIDED = "decided", "Afgjort"
    CONFIRMED = "confirmed", "Udpegningen er registreret"
    WITHDRAWN = "withdrawn", "Trukket tilbage"


class Election(models.Model):
    """An election of representatives at a meeting: a majority election of one person (§ 24 stk. 1) or a
    proportional election of several (§ 24 stk. 3). Rounds, groups, lots and the result are stored as JSON in
    the engines' shapes (lots via ``Lot.to_json``)."""

    Kind = ElectionKind
    State = ElectionState
    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="appointment_elections", verbose_name="møde")
    agenda_item = models.ForeignKey(
        AgendaItem, models.PROTECT, null=True, blank=True, related_name="appointment_elections", verbose_name="punkt"
    )
    body = models.ForeignKey(Body, models.PROTECT, related_name="elections", verbose_name="organ")
    seats = models.ManyToManyField(Seat, related_name="elections", verbose_name="pladser")
    kind = models.CharField("valgmåde", max_length=12, choices=Kind.choices)
    state = models.CharField("tilstand", max_length=12, choices=State.choices, default=State.OPEN)
    candidates = models.JSONField("kandidater (person-id'er)", default=list, blank=True)
    rounds = models.JSONField("afstemninger", default=list, blank=True)
    groups = models.JSONField("grupper", default=list, blank=True)
    lots = models.JSONField("lodtrækninger", default=list, blank=True)
    result = models.JSONField("resultat", default=dict, blank=True)
    is_unanimous_departure = models.BooleanField("enstemmig fravigelse af d'Hondt", default=False)
    departure_note = models.TextField("begrundelse for fravigelse", blank=True)
    withdrawn_reason = models.TextField("begrundelse for tilbagetrækning", blank=True)
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="oprettet af"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "valg af repræsentanter"
        verbose_name_plural = "valg af repræsentanter"
        constraints = [
            _choice("kind", ElectionKind.choices, "election_kind_valid"),
            _choice("state", ElectionState.choices, "election_state_valid"),
            models.CheckConstraint(
                condition=Q(is_unanimous_departure=False) | Q(kind="proportional"),
                name="election_departure_only_proportional",
            ),
            models.CheckConstraint(
                condition=Q(state=ElectionState.WITHDRAWN, withdrawn_reason__gt="")
                | (~Q(state=ElectionState.WITHDRAWN) & Q(withdrawn_reason="")),
                name="election_withdrawn_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.body}"

    def get_absolute_url(self):
        return reverse("appointments:election-detail", args=[self.meeting.council.slug, self.meeting_id, self.pk])
