"""A municipal election's results for one council and period, and the composition staff confirmed from them.

An import creates a new `ElectionResultSet` (nothing is overwritten: the newest set counts). Its rows are
votes and council seats per party per municipality (`PartyResult`) and, per municipality, the valid votes
and the mayor's party after the constitution (`MunicipalityResult`). Confirming the composition stores a
`CompositionSnapshot` with one `CompositionLine` per unit; KL's official numbers are entered beside the
computed ones on the lines, so the difference stays visible (SPEC §5, B1 1.0-1.1).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from kkr.formats import format_datetime
from members.models import ChairRole, Council, ElectionPeriod, Municipality, Party, Person


class ElectionResultSetQuerySet(models.QuerySet):
    def for_council(self, council, period):
        """The council's imports for the period, newest first."""
        return self.filter(council=council, period=period).order_by("-imported_at", "-pk")


class ElectionResultSet(models.Model):
    """One import of a municipal election's results for a council's KL member municipalities."""

    council = models.ForeignKey(Council, models.PROTECT, related_name="election_results", verbose_name="KKR")
    period = models.ForeignKey(
        ElectionPeriod, models.PROTECT, related_name="election_results", verbose_name="valgperiode"
    )
    imported_at = models.DateTimeField("indlæst", default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="indlæst af"
    )
    source_name = models.CharField("filnavn", max_length=200, blank=True)
    note = models.TextField("bemærkning", blank=True)
    lots = models.JSONField(
        "lodtrækninger",
        default=list,
        blank=True,
        help_text="Lodtrækninger trukket i hånden, i rækkefølge (Lot.to_json: tied, chosen, seat).",
    )
    history = HistoricalRecords()
    objects = ElectionResultSetQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = "valgresultat"
        verbose_name_plural = "valgresultater"

    def __str__(self):
        return f"Valgresultat for {self.council} {self.period} ({format_datetime(self.imported_at)})"

    def get_absolute_url(self):
        return reverse("elections:composition-detail", args=[self.council.slug, self.period.name])


class MunicipalityResult(models.Model):
    """A municipality's valid votes and the party of its mayor after the constitution."""

    result_set = models.ForeignKey(
        ElectionResultSet, models.CASCADE, related_name="municipality_results", verbose_name="valgresultat"
    )
    municipality = models.ForeignKey(Municipality, models.PROTECT, related_name="+", verbose_name="kommune")
    valid_votes = models.PositiveIntegerField("gyldige stemmer")
    mayor_party = models.ForeignKey(Party, models.PROTECT, related_name="+", verbose_name="borgmesterens parti")
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__name"]
        verbose_name = "kommunens resultat"
        verbose_name_plural = "kommunernes resultater"
        constraints = [
            models.UniqueConstraint(fields=["result_set", "municipality"], name="municipality_result_once"),
            models.CheckConstraint(condition=Q(valid_votes__gte=0), name="municipality_result_votes_not_negative"),
        ]

    def __str__(self):
        return f"{self.municipality}: {self.valid_votes} gyldige stemmer"


class PartyResult(models.Model):
    """A party's (or local list's) votes and council seats in one municipality; `letter` is its ballot letter there."""

    result_set = models.ForeignKey(
        ElectionResultSet, models.CASCADE, related_name="party_results", verbose_name="valgresultat"
    )
    municipality = models.ForeignKey(Municipality, models.PROTECT, related_name="+", verbose_name="kommune")
    party = models.ForeignKey(Party, models.PROTECT, related_name="election_results", verbose_name="parti")
    letter = models.CharField("listebogstav", max_length=3, blank=True)
    votes = models.PositiveIntegerField("stemmer")
    council_seats = models.PositiveSmallIntegerField("mandater i kommunalbestyrelsen")
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__name", "party__letter", "party__name"]
        verbose_name = "partiresultat"
        verbose_name_plural = "partiresultater"
        constraints = [
            models.UniqueConstraint(fields=["result_set", "municipality", "party"], name="party_result_once"),
            models.CheckConstraint(condition=Q(votes__gte=0), name="party_result_votes_not_negative"),
            models.CheckConstraint(condition=Q(council_seats__gte=0), name="party_result_seats_not_negative"),
        ]

    def __str__(self):
        return f"{self.party} i {self.municipality}: {self.votes} stemmer"


class CompositionSnapshot(models.Model):
    """The composition staff confirmed from a result set (B1 1.0-1.1); it set the seat entitlements.

    `cap` is None when the rule set has no cap (2010 rules). `official_note` explains KL's official
    numbers where they differ from the computed ones (the numbers are on the lines)."""

    result_set = models.OneToOneField(
        ElectionResultSet, models.PROTECT, related_name="snapshot", verbose_name="valgresultat"
    )
    municipalities = models.PositiveSmallIntegerField("KL-medlemskommuner")
    valid_votes = models.PositiveIntegerField("gyldige stemmer")
    threshold_pct = models.DecimalField("spærregrænse i procent", max_digits=5, decimal_places=2)
    total = models.PositiveSmallIntegerField("medlemmer i alt")
    entitled_seats = models.PositiveSmallIntegerField("pladser til berettigede partier")
    uncapped_total = models.PositiveIntegerField("størrelse uden loft")
    cap = models.PositiveIntegerField("loft", null=True, blank=True)
    is_capped = models.BooleanField("loftet er nået")
    is_cap_exceeded = models.BooleanField("loftet er overskredet")
    lots = models.JSONField("lodtrækninger", default=list, blank=True)
    confirmed_at = models.DateTimeField("bekræftet", default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="bekræftet af"
    )
    official_note = models.TextField("bemærkning til KL's officielle tal", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "bekræftet sammensætning"
        verbose_name_plural = "bekræftede sammensætninger"
        constraints = [
            models.CheckConstraint(condition=Q(entitled_seats__lte=F("total")), name="snapshot_entitled_within_total"),
        ]

    def __str__(self):
        return f"Sammensætning {self.result_set.council_id}/{self.result_set.period_id}: {self.total} medlemmer"


class LineBound(models.TextChoices):
    """What bound a unit's seats in the composition (B1 1.0-1.1)."""

    MAYORS = "mayors", "Borgmestrene (B1 1.1 a)"
    ONE_SEAT = "one_seat", "Mindst én plads (B1 1.1 b)"
    PROPORTIONAL = "proportional", "Stemmeandelen (B1 1.0, B1 1.1 c)"
    NOT_ENTITLED = "not_entitled", "Ikke berettiget (KL's love § 15 stk. 2)"


class CompositionLine(models.Model):
    """One unit's confirmed line: the computed seats and, beside them, KL's official number if entered."""

    Bound = LineBound

    snapshot = models.ForeignKey(
        CompositionSnapshot, models.CASCADE, related_name="lines", verbose_name="sammensætning"
    )
    party = models.ForeignKey(Party, models.PROTECT, related_name="+", verbose_name="parti")
    is_entitled = models.BooleanField("berettiget")
    votes = models.PositiveIntegerField("stemmer")
    mayors = models.PositiveSmallIntegerField("borgmestre")
    seats = models.PositiveSmallIntegerField("pladser (beregnet)")
    bound_by = models.CharField("bundet af", max_length=20, choices=Bound.choices)
    official_seats = models.PositiveSmallIntegerField("pladser ifølge KL", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["party__letter", "party__name"]
        verbose_name = "linje i sammensætning"
        verbose_name_plural = "linjer i sammensætning"
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "party"], name="composition_line_once"),
            models.CheckConstraint(condition=Q(seats__gte=F("mayors")), name="composition_line_seats_cover_mayors"),
            models.CheckConstraint(condition=Q(bound_by__in=LineBound.values), name="composition_line_bound_by_valid"),
            models.CheckConstraint(condition=Q(votes__gte=0), name="composition_line_votes_not_negative"),
            models.CheckConstraint(
                condition=Q(official_seats__isnull=True) | Q(official_seats__gte=0),
                name="composition_line_official_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.party}: {self.seats} pladser"

    @property
    def difference(self) -> int | None:
        """KL's official number minus the computed one (None when KL's number is not entered)."""
        return None if self.official_seats is None else self.official_seats - self.seats


# --- The constituent meeting (B1 1.3-1.4) -------------------------------------------------------------


class ConstituentMeeting(models.Model):
    """The meeting at which a council for a period takes office (B1 1.3), with its convener as computed.

    `convener` is the longest-serving mayor (oldest on a tie) on the meeting day, stored when the meeting
    is registered or computed again; `convener_basis` keeps the mayors it was computed from (plain values:
    person id, names, dates), so the page shows the reasoning of then, worded at display time."""

    meeting = models.OneToOneField("meetings.Meeting", models.PROTECT, related_name="constituent", verbose_name="møde")
    council = models.ForeignKey(Council, models.PROTECT, related_name="constituent_meetings", verbose_name="KKR")
    period = models.ForeignKey(
        ElectionPeriod, models.PROTECT, related_name="constituent_meetings", verbose_name="valgperiode"
    )
    convener = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="indkalder (B1 1.3)"
    )
    convener_basis = models.JSONField(
        "grundlag for indkalder",
        default=list,
        blank=True,
        help_text="Borgmestrene på mødedagen, som indkalderen blev beregnet ud fra (B1 1.3).",
    )
    notes = models.TextField("bemærkninger", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "konstituerende møde"
        verbose_name_plural = "konstituerende møder"
        constraints = [
            models.UniqueConstraint(fields=["council", "period"], name="constituent_meeting_once_per_period"),
        ]

    def __str__(self):
        return f"Konstituerende møde i {self.council} {self.period}"

    def get_absolute_url(self):
        return reverse("elections:constituent-detail", args=[self.council.slug, self.period.name])


class AllianceDeclaration(models.Model):
    """An electoral alliance (valgforbund, B1 1.4) declared to the secretariat: two or more units, each in
    at most one alliance, received no later than the rule set's deadline before the meeting."""

    constituent = models.ForeignKey(
        ConstituentMeeting, models.PROTECT, related_name="alliances", verbose_name="konstituerende møde"
    )
    units = models.ManyToManyField(Party, related_name="+", verbose_name="partier")
    received_at = models.DateTimeField("modtaget")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="registreret af",
    )
    note = models.TextField("bemærkning", blank=True)
    history = HistoricalRecords(m2m_fields=[units])

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = "valgforbund"
        verbose_name_plural = "valgforbund"

    def __str__(self):
        return f"Valgforbund modtaget {format_datetime(self.received_at)}"


class ChairElectionState(models.TextChoices):
    AWAITING_LOT = "awaiting_lot", "Afventer lodtrækning"
    DECIDED = "decided", "Pladserne er fordelt"
    CONFIRMED = "confirmed", "Formand og næstformand er registreret"


class ChairElection(models.Model):
    """The chair and vice-chair election (B1 1.4): d'Hondt over units and alliances with the regional votes.

    `lots` holds every lot drawn by hand (`Lot.to_json()`: {"tied", "chosen", "seat"}), replayed in order; `result` the
    numbers the election was run with (units, votes, alliances) and the seat order. Confirming it creates
    the `ChairRole` rows (`chair_role`, `vice_chair_role`)."""

    State = ChairElectionState

    constituent = models.OneToOneField(
        ConstituentMeeting, models.PROTECT, related_name="chair_election", verbose_name="konstituerende møde"
    )
    state = models.CharField("status", max_length=20, choices=State.choices, default=State.AWAITING_LOT)
    result_set = models.ForeignKey(
        ElectionResultSet, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="stemmetal fra"
    )
    lots = models.JSONField("lodtrækninger", default=list, blank=True)
    result = models.JSONField("resultat", default=dict, blank=True)
    chair_party = models.ForeignKey(
        Party, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="formandens parti"
    )
    vice_chair_party = models.ForeignKey(
        Party, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="næstformandens parti"
    )
    chair_role = models.ForeignKey(
        ChairRole, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="formand"
    )
    vice_chair_role = models.ForeignKey(
        ChairRole, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="næstformand"
    )
    run_at = models.DateTimeField("gennemført", null=True, blank=True)
    confirmed_at = models.DateTimeField("registreret", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="registreret af",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "valg af formandskab"
        verbose_name_plural = "valg af formandskab"
        constraints = [
            models.CheckConstraint(condition=Q(state__in=ChairElectionState.values), name="chair_election_state_valid"),
            models.CheckConstraint(
                condition=~Q(state="confirmed") | Q(chair_role__isnull=False, vice_chair_role__isnull=False),
                name="chair_election_confirmed_has_roles",
            ),
        ]

    def __str__(self):
        return f"Valg af formandskab, {self.constituent}"
