"""Regional bodies and their seats (FO 2.2, FO 3.8), and the people who are not politicians that a council adds
for the seats that are not political."""

from datetime import date, timedelta

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from members.models import Council, ElectionPeriod, Person

from .common import _choice


class BodyKind(models.TextChoices):
    APPOINTS = "appoints", "KKR udpeger"
    NOMINATES = "nominates", "KKR indstiller"


class BodyTerm(models.TextChoices):
    MUNICIPAL_PERIOD = "municipal_period", "Følger den kommunale valgperiode"
    FIXED_START = "fixed_start", "Fire år fra en fast dato året efter kommunalvalget"


class BodyEndReason(models.TextChoices):
    ABOLISHED_BY_LAW = "abolished_by_law", "Nedlagt ved lov"
    MERGED = "merged", "Sammenlagt med et andet organ"
    OTHER = "other", "Andet"


class Sourced:
    """A row of reference data says where it comes from (``source``: the statute and §), or «gæt» for a guess."""

    @property
    def is_guessed(self) -> bool:
        return self.source.strip().casefold().startswith("gæt")

    @property
    def source_detail(self) -> str:
        """The source without its «gæt:» mark (the pages show the mark on its own)."""
        source = self.source.strip()
        return source[3:].lstrip(" :–-") if self.is_guessed else source


class Body(Sourced, models.Model):
    """A regional body (regionalt forum) the KKR appoints (udpeger) or nominates (indstiller) representatives to."""

    Kind = BodyKind
    Term = BodyTerm
    EndReason = BodyEndReason
    key = models.SlugField("nøgle", max_length=80, unique=True, help_text="Fast nøgle for referencedata.")
    name = models.CharField("navn", max_length=200)
    kind = models.CharField("art", max_length=12, choices=Kind.choices, default=Kind.APPOINTS)
    legal_basis = models.CharField("hjemmel", max_length=300, blank=True)
    councils = models.ManyToManyField(Council, related_name="bodies", verbose_name="KKR der udpeger")
    term = models.CharField("funktionsperiode", max_length=20, choices=Term.choices, default=Term.MUNICIPAL_PERIOD)
    term_start_month = models.PositiveSmallIntegerField("periodens første måned", null=True, blank=True)
    term_start_day = models.PositiveSmallIntegerField("periodens første dag", null=True, blank=True)
    has_personal_substitutes = models.BooleanField("personlige stedfortrædere", default=False)
    is_national = models.BooleanField(
        "landsdækkende organ",
        default=False,
        help_text="Et landsdækkende organ ændres og nedlægges kun af KL, som et organ flere KKR deler.",
    )
    max_consecutive_terms = models.PositiveSmallIntegerField(
        "højst antal perioder i træk",
        null=True,
        blank=True,
        help_text="Fx 2 for Danmarks Erhvervsfremmebestyrelse: udpeges for op til 4 år med mulighed for "
        "genudpegelse én gang (erhvervsfremmeloven § 10 stk. 3). Tom: ingen grænse.",
    )
    term_limit_basis = models.CharField(
        "grænsens lovgrundlag", max_length=200, blank=True, help_text="Fx «erhvervsfremmeloven § 10 stk. 3»."
    )
    contact = models.CharField("kontakt", max_length=300, blank=True)
    notes = models.TextField("noter (herunder politiske skøn)", blank=True)
    source = models.CharField(
        "kilde", max_length=300, blank=True, help_text="Loven og paragraffen oplysningerne bygger på, eller «gæt»."
    )
    ends_on = models.DateField("nedlagt fra", null=True, blank=True)
    end_reason = models.CharField("ophørsgrund", max_length=20, choices=EndReason.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "organ"
        verbose_name_plural = "organer"
        constraints = [
            _choice("kind", BodyKind.choices, "body_kind_valid"),
            _choice("term", BodyTerm.choices, "body_term_valid"),
            models.CheckConstraint(
                condition=Q(term="municipal_period")
                | Q(term_start_month__gte=1, term_start_month__lte=12, term_start_day__gte=1, term_start_day__lte=31),
                name="body_fixed_term_has_start",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True, end_reason="") | (Q(ends_on__isnull=False) & ~Q(end_reason="")),
                name="body_end_has_reason",
            ),
        ]

    def __str__(self):
        return self.name

    def is_shared(self) -> bool:
        """Shared by several KKR, or national (Danmarks Erhvervsfremmebestyrelse is both): one member council's
        secretariat may not change or abolish it for the others; only a KL admin may (one query unless the
        councils are prefetched)."""
        return self.is_national or len(self.councils.all()) > 1

    def term_for(self, period: ElectionPeriod) -> tuple[date, date]:
        """The body's term belonging to `period`: the period itself, or four years from the fixed start in the
        year after the election (beskæftigelsesloven § 28 stk. 6: 1 June 2026 - 31 May 2030)."""
        if self.term == self.Term.MUNICIPAL_PERIOD:
            return period.starts_on, period.ends_on
        starts = date(period.starts_on.year, self.term_start_month, self.term_start_day)
        return starts, starts.replace(year=starts.year + 4) - timedelta(days=1)


class RepresentativeKind(models.TextChoices):
    BUSINESS = "business", "Erhvervsrepræsentant"
    UNION = "union", "Lønmodtagerrepræsentant (fagbevægelsen)"
    KNOWLEDGE = "knowledge", "Repræsentant for en videninstitution"
    OBSERVER = "observer", "Observatør"
    OTHER = "other", "Anden repræsentant"


class Representative(models.Model):
    """A person who is not a politician (a business, union or knowledge-institution representative, an
    observer), added by a council's secretariat for the seats that are not political (FO 3.8 keeps the
    political ones for municipal council members). Name and e-mail are the ``Person``'s."""

    Kind = RepresentativeKind
    person = models.OneToOneField(Person, models.PROTECT, related_name="representative", verbose_name="person")
    council = models.ForeignKey(Council, models.PROTECT, related_name="representatives", verbose_name="tilføjet af KKR")
    kind = models.CharField("art", max_length=12, choices=Kind.choices)
    organisation = models.CharField("organisation", max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person__name"]
        verbose_name = "repræsentant (ikke politiker)"
        verbose_name_plural = "repræsentanter (ikke politikere)"
        constraints = [_choice("kind", RepresentativeKind.choices, "representative_kind_valid")]

    def __str__(self):
        return f"{self.person} ({self.organisation})"


class Seat(Sourced, models.Model):
    """One of a body's seats filled by one council for one period, with who may fill it (FO 3.8)."""

    body = models.ForeignKey(Body, models.PROTECT, related_name="seats", verbose_name="organ")
    council = models.ForeignKey(Council, models.PROTECT, related_name="body_seats", verbose_name="KKR")
    period = models.ForeignKey(ElectionPeriod, models.PROTECT, related_name="body_seats", verbose_name="valgperiode")
    label = models.CharField("plads", max_length=200)
    is_political = models.BooleanField(
        "politisk plads (FO 3.8)", default=True, help_text="Kun kommunalbestyrelsesmedlemmer i regionen."
    )
    is_chair = models.BooleanField("organets formand", default=False)
    nominated_by = models.CharField("indstilles af", max_length=300, blank=True)
    rotation = models.CharField(
        "skiftende indstillere",
        max_length=300,
        blank=True,
        help_text="Organisationer, der skiftes til at indstille pr. periode, adskilt af semikolon, fx «HORESTA; "
        "SMVdanmark».",
    )
    order = models.PositiveSmallIntegerField("rækkefølge", default=1)
    notes = models.TextField("noter", blank=True)
    source = models.CharField(
        "kilde", max_length=300, blank=True, help_text="Loven og paragraffen pladsen bygger på, eller «gæt»."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["body__name", "council__name", "order", "pk"]
        verbose_name = "plads"
        verbose_name_plural = "pladser"
        constraints = [
            models.UniqueConstraint(fields=["body", "council", "period", "order"], name="seat_unique_order"),
            models.CheckConstraint(condition=Q(is_political=True) | Q(is_chair=False), name="seat_chair_is_political"),
        ]

    def __str__(self):
        return f"{self.body}: {self.label}"

    @property
    def kind_label(self) -> str:
        """Who fills the seat: a politician (FO 3.8), a person an organisation nominates, or one the KKR appoints
        without a nomination (an erhvervshus's knowledge-institution seat, erhvervsfremmeloven § 13 stk. 2 nr. 4)."""
        if self.is_political:
            return "Politisk (FO 3.8)"
        return f"Indstillet af {self.nominated_by}" if self.nominated_by else "Udpeges af KKR uden indstilling"
