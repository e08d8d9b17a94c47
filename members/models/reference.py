"""Reference data: the five councils, the 98 municipalities, parties, election periods and rule sets."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from ..deadlines import Anchor, RelativeDeadline, Unit


class Council(models.Model):
    """A kommunekontaktråd (KKR): one per region (SPEC §1)."""

    name = models.CharField("navn", max_length=100, unique=True)
    slug = models.SlugField("kort navn", unique=True)
    region = models.CharField("region", max_length=100)
    email = models.EmailField("sekretariatets e-mail", blank=True)
    publishes_roster = models.BooleanField(
        "offentlig medlemsliste",
        default=True,
        help_text=(
            "Rådets offentlige side og det åbne API viser medlemmer og stedfortrædere (navn, parti, kommune, rolle) "
            "og den bekræftede sammensætning. Kontaktoplysninger vises aldrig offentligt."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "KKR"
        verbose_name_plural = "KKR"
        permissions = [("manage_council", "Kan administrere rådet (sekretariat)")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:council-detail", args=[self.slug])


class Municipality(models.Model):
    """A municipality (kommune), with its official four-digit code."""

    name = models.CharField("navn", max_length=100, unique=True)
    code = models.CharField("kommunekode", max_length=4, unique=True)
    council = models.ForeignKey(Council, models.PROTECT, related_name="municipalities", verbose_name="KKR")
    is_kl_member = models.BooleanField("medlem af KL", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[0-9]{4}$"), name="municipality_code_4_digits")
        ]

    def __str__(self):
        return self.name


class PartyKind(models.TextChoices):
    NATIONAL = "national", "Landsparti"
    LIST_COOPERATION = "list_cooperation", "Listesamarbejde"
    LOCAL_LIST = "local_list", "Lokalliste"


class Party(models.Model):
    """A unit of composition (SPEC §1): a national party or a registered list cooperation; or a local list."""

    Kind = PartyKind

    letter = models.CharField("bogstav", max_length=3, blank=True)
    name = models.CharField("navn", max_length=150, unique=True)
    kind = models.CharField("art", max_length=20, choices=Kind.choices, default=Kind.NATIONAL)
    history = HistoricalRecords()

    class Meta:
        ordering = ["letter", "name"]
        verbose_name = "parti"
        verbose_name_plural = "partier"
        constraints = [
            models.UniqueConstraint(
                fields=["letter"], condition=~models.Q(letter=""), name="party_letter_unique_when_set"
            ),
            models.CheckConstraint(condition=models.Q(kind__in=PartyKind.values), name="party_kind_valid"),
        ]

    def __str__(self):
        return f"{self.name} ({self.letter})" if self.letter else self.name

    @property
    def is_unit(self) -> bool:
        """Local lists are not units of composition; their mayors still sit (SPEC §1)."""
        return self.kind != self.Kind.LOCAL_LIST


class CastingVoteKind(models.TextChoices):
    CHAIR = "chair", "Formanden (også når næstformanden leder mødet)"
    LEADER = "leader", "Mødelederen (næstformanden når formanden er fraværende)"


class QuorumBaseKind(models.TextChoices):
    FILLED = "filled", "Besatte pladser på dagen (en ledig plads tæller ikke)"
    SEATS = "seats", "Alle rådets pladser i valgperioden (pladsfordelingen), også ledige"


class RuleSet(models.Model):
    """The rules of procedure's numbers (every *[rule]* in SPEC.md), editable by admins, with history.

    Not retroactive: each election period has its own row, and a row that governs a period with meetings is
    not edited in place (the admin refuses); KL copies it for a new period, or gives a period a new version
    from a date (``RuleSetVersion``, SPEC §1 policy).
    """

    CastingVote = CastingVoteKind
    QuorumBase = QuorumBaseKind

    name = models.CharField("navn", max_length=150, unique=True)
    source = models.TextField("kilde", blank=True, help_text="Dokumentet reglerne stammer fra.")
    in_force_from = models.DateField("i kraft fra")
    meetings_per_year = models.PositiveSmallIntegerField("ordinære møder om året (FO 3.1)", default=5)
    extra_meeting_numerator = models.PositiveSmallIntegerField("ekstraordinært møde: brøk, tæller (FO 3.1)", default=1)
    extra_meeting_denominator = models.PositiveSmallIntegerField("ekstraordinært møde: brøk, nævner", default=3)
    proposal_deadline_days = models.PositiveSmallIntegerField(
        "frist for medlemsforslag, dage før ordinært møde (FO 3.2)",
        null=True,
        blank=True,
        help_text="Tom: ingen frist (2010-reglerne).",
    )
    agenda_notice_days = models.PositiveSmallIntegerField("udsendelse af dagsorden, dage før (FO 3.3)", default=7)
    quorum_numerator = models.PositiveSmallIntegerField("beslutningsdygtighed: brøk, tæller (FO 3.7)", default=1)
    quorum_denominator = models.PositiveSmallIntegerField("beslutningsdygtighed: brøk, nævner", default=2)
    casting_vote = models.CharField(
        "udslagsgivende stemme ved stemmelighed (FO 3.7)",
        max_length=10,
        choices=CastingVote.choices,
        default=CastingVote.CHAIR,
    )
    quorum_base = models.CharField(
        "beslutningsdygtighed regnes af (FO 3.7, politik)",
        max_length=10,
        choices=QuorumBase.choices,
        default=QuorumBase.FILLED,
    )
    proposal_right_every_meeting = models.BooleanField(
        "medlemsforslag til alle møder, ikke kun ordinære (FO 3.2, 2010)", default=False
    )
    proposal_in_writing = models.BooleanField(
        "medlemsforslag skal være skriftlige (FO 3.2)",
        default=True,
        help_text="Fra: intet krav om skriftlighed (2010).",
    )
    deputy_mayor_replaces_relieved_mayor = models.BooleanField(
        "viceborgmesteren træder ind for en fritaget borgmester (B1 1.5, 2010)",
        default=False,
        help_text="Til: 2010-reglerne. Fra: den personlige stedfortræder træder ind (B1 1.6, 2018).",
    )
    party_change_rules = models.BooleanField(
        "regler om partiskift, nye medlemmer og stedfortræderes indtræden (B1 1.10-1.14)",
        default=True,
        help_text="Fra: 2010-reglerne har ingen B1 1.10-1.14.",
    )
    cap_factor = models.PositiveSmallIntegerField(
        "loft: gange antal kommuner (B1 1.1)", null=True, blank=True, help_text="Tom: intet loft (2010-reglerne)."
    )
    entitlement_threshold_pct = models.DecimalField(
        "spærregrænse i procent (KL's love § 15 stk. 2)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("2.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    alliance_declaration_weekdays = models.PositiveSmallIntegerField(
        "valgforbund anmeldes senest hverdage før konstituerende møde (B1 1.4)",
        default=3,
        help_text="0: senest ved mødets begyndelse (2010-reglerne).",
    )
    constituent_deadline_month = models.PositiveSmallIntegerField(
        "konstituerende møde senest: måned (B1 1.3)",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    constituent_deadline_day = models.PositiveSmallIntegerField(
        "konstituerende møde senest: dag", default=31, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    long_absence_months = models.PositiveSmallIntegerField("længerevarende forfald, måneder (B1 1.6/1.7)", default=3)
    substitute_same_party = models.BooleanField(
        "partivalgt medlems stedfortræder skal være fra samme parti (politik, B1 1.2)", default=True
    )
    closed_item_titles_public = models.BooleanField(
        "lukkede punkters titel offentliggøres (politik, FO 3.0)",
        default=False,
        help_text="Nej: de offentlige udgaver viser «Lukket punkt» (eller punktets offentlige titel) i stedet for "
        "titlen, så en titel der selv er fortrolig aldrig offentliggøres.",
    )
    closed_on_constitution_day = models.BooleanField("grundlovsdag er ikke hverdag", default=True)
    closed_on_christmas_eve = models.BooleanField("juleaftensdag er ikke hverdag", default=True)
    closed_on_new_years_eve = models.BooleanField("nytårsaftensdag er ikke hverdag", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-in_force_from"]
        verbose_name = "regelsæt (forretningsorden)"
        verbose_name_plural = "regelsæt (forretningsordener)"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quorum_numerator__gt=0, quorum_numerator__lte=models.F("quorum_denominator")),
                name="ruleset_quorum_in_0_1",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    extra_meeting_numerator__gt=0, extra_meeting_numerator__lte=models.F("extra_meeting_denominator")
                ),
                name="ruleset_extra_meeting_in_0_1",
            ),
            models.CheckConstraint(
                condition=models.Q(casting_vote__in=CastingVoteKind.values), name="ruleset_casting_vote_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(quorum_base__in=QuorumBaseKind.values), name="ruleset_quorum_base_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def quorum_fraction(self) -> Fraction:
        return Fraction(self.quorum_numerator, self.quorum_denominator)

    @property
    def extra_meeting_fraction(self) -> Fraction:
        return Fraction(self.extra_meeting_numerator, self.extra_meeting_denominator)

    @property
    def closed_policy_days(self) -> frozenset[tuple[int, int]]:
        """(month, day) pairs that are not hverdage by policy (SPEC §3)."""
        days = {
            (6, 5): self.closed_on_constitution_day,
            (12, 24): self.closed_on_christmas_eve,
            (12, 31): self.closed_on_new_years_eve,
        }
        return frozenset(day for day, closed in days.items() if closed)

    @property
    def proposal_deadline(self) -> RelativeDeadline | None:
        """FO 3.2: a member's proposal is in time "senest N dage forud" (calendar days, through the end of
        that day); None when the rules have no deadline (2010 rules)."""
        if self.proposal_deadline_days is None:
            return None
        return RelativeDeadline(self.proposal_deadline_days, Unit.CALENDAR_DAYS, Anchor.END_OF_DAY)

    @property
    def agenda_deadline(self) -> RelativeDeadline | None:
        """FO 3.3: the agenda is sent "senest ugedagen forud" (7 calendar days, through the end of that day)."""
        if self.agenda_notice_days is None:
            return None
        return RelativeDeadline(self.agenda_notice_days, Unit.CALENDAR_DAYS, Anchor.END_OF_DAY)

    @property
    def alliance_deadline(self) -> RelativeDeadline | None:
        """B1 1.4: a valgforbund is declared "senest N hverdage før" the constituent meeting, through the end
        of that day; 0 (2010 rules, seed 001) means "senest ved det konstituerende mødes begyndelse": the
        meeting's start."""
        weekdays = self.alliance_declaration_weekdays
        if weekdays is None:
            return None
        if weekdays == 0:
            return RelativeDeadline(0, Unit.WORKING_DAYS, Anchor.MEETING_START)
        return RelativeDeadline(weekdays, Unit.WORKING_DAYS, Anchor.END_OF_DAY)

    def clean(self):
        errors = {}
        for field, num, den in (
            ("quorum_numerator", self.quorum_numerator, self.quorum_denominator),
            ("extra_meeting_numerator", self.extra_meeting_numerator, self.extra_meeting_denominator),
        ):
            if not den or num is None or not 0 < num <= den:
                errors[field] = "Brøken skal ligge i intervallet (0, 1]: tælleren skal være over 0 og højst nævneren."
        if self.cap_factor == 0:
            errors["cap_factor"] = "Loftet skal være mindst 1 gange antal kommuner, eller tomt for intet loft."
        if self.constituent_deadline_month and self.constituent_deadline_day:
            try:
                date(2001, self.constituent_deadline_month, self.constituent_deadline_day)
            except ValueError:
                errors["constituent_deadline_day"] = "Datoen findes ikke (fx 31. februar)."
        if errors:
            raise ValidationError(errors)


class ElectionPeriodQuerySet(models.QuerySet):
    def containing(self, on):
        return self.filter(starts_on__lte=on, ends_on__gte=on)


class ElectionPeriod(models.Model):
    """A valgperiode: four years from 1 January after the municipal election (SPEC §1)."""

    name = models.CharField("navn", max_length=20, unique=True)
    starts_on = models.DateField("begynder")
    ends_on = models.DateField("slutter")
    election_on = models.DateField("kommunalvalg (KV)")
    rule_set = models.ForeignKey(
        RuleSet,
        models.PROTECT,
        related_name="periods",
        verbose_name="regelsæt",
        help_text="Reglerne fra periodens begyndelse; senere versioner har hver sin ikrafttrædelsesdato.",
    )
    rules_changed_on = models.DateField(
        "regelsættet ændret første gang",
        null=True,
        blank=True,
        editable=False,
        help_text="Den første nye versions ikrafttrædelsesdato: møder før den slår ingen versioner op.",
    )
    history = HistoricalRecords()
    objects = ElectionPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = "valgperiode"
        verbose_name_plural = "valgperioder"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")), name="period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(election_on__lt=models.F("starts_on")), name="period_election_before_start"
            ),
        ]

    def __str__(self):
        return self.name

    def rules_on(self, on: date) -> RuleSet:
        """The rules in force in this period on ``on`` (SPEC §1 policy): the newest version that took effect
        on or before the day, else the period's own rule set. The one place rules are looked up by date; no
        query for a day before the first new version (``rules_changed_on``), one per period instance after."""
        if self.rules_changed_on is None or on < self.rules_changed_on:
            return self.rule_set
        versions = getattr(self, "_rule_versions", None)
        if versions is None:
            versions = list(self.rule_versions.select_related("rule_set").order_by("-takes_effect_on"))
            self._rule_versions = versions
        return next((v.rule_set for v in versions if v.takes_effect_on <= on), self.rule_set)


class RuleSetVersion(models.Model):
    """A new version of a period's rules, in force from ``takes_effect_on`` until the next version (SPEC §1
    policy: KL can change the rules during a period). Meetings before the day keep the earlier version."""

    period = models.ForeignKey(ElectionPeriod, models.PROTECT, related_name="rule_versions", verbose_name="valgperiode")
    rule_set = models.ForeignKey(RuleSet, models.PROTECT, related_name="versions", verbose_name="regelsæt")
    takes_effect_on = models.DateField("træder i kraft")
    history = HistoricalRecords()

    class Meta:
        ordering = ["period", "takes_effect_on"]
        verbose_name = "regelsætsversion"
        verbose_name_plural = "regelsætsversioner"
        constraints = [
            models.UniqueConstraint(fields=["period", "takes_effect_on"], name="rule_version_one_per_day"),
        ]

    def __str__(self):
        return f"{self.period}: {self.rule_set}"
