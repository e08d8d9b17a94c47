"""Regional bodies, their seats, the appointments to them and the elections that made them (SPEC §4, FO 2.2,
FO 3.8, kommunestyrelsesloven §§ 24 and 28). Everything is dated; nothing is deleted: an end is a date and a
reason."""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from kkr.constraints import PostgresExclusionConstraint, RangeOperators, dated_range
from meetings.models import AgendaItem, Meeting, Publication
from members.models import Council, DatedQuerySet, ElectionPeriod, Person


def _choice(field: str, choices, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": [value for value, _ in choices]}), name=name)


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


class ElectionKind(models.TextChoices):
    MAJORITY = "majority", "Flertalsvalg (§ 24 stk. 1)"
    PROPORTIONAL = "proportional", "Forholdstalsvalg (§ 24 stk. 3)"


class ElectionState(models.TextChoices):
    OPEN = "open", "I gang"
    AWAITING_LOT = "awaiting_lot", "Afventer lodtrækning"
    DECIDED = "decided", "Afgjort"
    CONFIRMED = "confirmed", "Udpegningen er registreret"
    WITHDRAWN = "withdrawn", "Trukket tilbage"


class AppointmentRole(models.TextChoices):
    MEMBER = "member", "Medlem"
    SUBSTITUTE = "substitute", "Personlig stedfortræder"
    CHAIR = "chair", "Formand for organet"
    STAND_IN = "stand_in", "Midlertidigt indtrådt (§ 28 stk. 2)"


class AppointmentMethod(models.TextChoices):
    MAJORITY = "majority", "Flertalsvalg (§ 24 stk. 1)"
    PROPORTIONAL = "proportional", "Forholdstalsvalg (§ 24 stk. 3)"
    UNANIMOUS = "unanimous", "Enstemmig aftale"
    NOMINATION = "nomination", "Indstilling fra organisation"


class AppointmentEndReason(models.TextChoices):
    TERM_ENDED = "term_ended", "Funktionsperioden sluttede"
    BODY_ABOLISHED = "body_abolished", "Organet blev nedlagt"
    LEFT_MUNICIPAL_COUNCIL = "left_municipal_council", "Udtrådt af kommunalbestyrelsen (FO 3.8)"
    RESIGNED = "resigned", "Udtrådt efter ønske"
    REPLACED = "replaced", "Afløst (§ 28)"
    CORRECTION = "correction", "Rettelse af fejlregistrering"
    OTHER = "other", "Andet"


class Body(models.Model):
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
    contact = models.CharField("kontakt", max_length=300, blank=True)
    notes = models.TextField("noter (herunder politiske skøn)", blank=True)
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


class Seat(models.Model):
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
        return "Politisk (FO 3.8)" if self.is_political else f"Indstillet af {self.nominated_by or 'organisation'}"


class NominationState(models.TextChoices):
    PENDING = "pending", "Indstillet, afventer udpegning"
    APPOINTED = "appointed", "Udpeget"
    REJECTED = "rejected", "Ikke udpeget"


class Nomination(models.Model):
    """A nomination (indstilling) to a seat, SPEC §4: who nominated whom, when and with what document, and
    what the appointing authority decided and when. For a RAR the KKR nominates and the minister appoints; for
    an erhvervshus business seat an organisation nominates and the KKR appoints. Once appointed, the
    appointment is in the register (``appointment``)."""

    State = NominationState
    seat = models.ForeignKey(Seat, models.PROTECT, related_name="nominations", verbose_name="plads")
    person = models.ForeignKey(Person, models.PROTECT, related_name="nominations", verbose_name="indstillet")
    role = models.CharField("rolle", max_length=12, choices=AppointmentRole.choices, default=AppointmentRole.MEMBER)
    nominated_by = models.CharField("indstillet af", max_length=300)
    nominated_on = models.DateField("indstillet den")
    document = models.CharField(
        "dokument", max_length=300, blank=True, help_text="Brevet eller beslutningen, fx titel og journalnummer."
    )
    appointed_by = models.CharField("udpeges af", max_length=300, blank=True, help_text="Fx beskæftigelsesministeren.")
    state = models.CharField("status", max_length=12, choices=State.choices, default=State.PENDING)
    decided_on = models.DateField("afgjort den", null=True, blank=True)
    appointment = models.OneToOneField(
        "Appointment", models.PROTECT, null=True, blank=True, related_name="nomination", verbose_name="udpegning"
    )
    note = models.TextField("bemærkning", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-nominated_on", "pk"]
        verbose_name = "indstilling"
        verbose_name_plural = "indstillinger"
        constraints = [
            _choice("state", NominationState.choices, "nomination_state_valid"),
            models.CheckConstraint(
                condition=Q(state=NominationState.PENDING, decided_on__isnull=True)
                | (~Q(state=NominationState.PENDING) & Q(decided_on__isnull=False)),
                name="nomination_decision_is_dated",
            ),
        ]

    def __str__(self):
        return f"{self.person} til {self.seat} (indstillet af {self.nominated_by})"


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


def _released_meetings():
    """The meetings whose public minutes are out: a ready, non-draft public version (FO 3.4)."""
    return Publication.objects.filter(
        kind=Publication.Kind.MINUTES,
        audience=Publication.Audience.PUBLIC,
        state=Publication.State.READY,
        is_draft=False,
    ).values("meeting_id")


def released() -> Q:
    """SPEC §4 (policy) as a condition on appointments: one decided at a meeting (its meeting, its agenda item's
    or its election's) is public once that meeting's public minutes are published, whether the item was open
    or closed (then the public sees its body, seat and person, never the item's text); one decided at no
    meeting (registered directly, a nomination) has nothing to wait for."""
    condition = Q()
    for meeting in ("meeting_id", "agenda_item__meeting_id", "election__meeting_id"):
        condition &= Q(**{f"{meeting}__isnull": True}) | Q(**{f"{meeting}__in": _released_meetings()})
    return condition


class AppointmentQuerySet(DatedQuerySet):
    def in_force(self):
        """The appointments that count: not voided as wrongly entered. The default manager applies it, so the
        register, the public list, the CSV, search and the one-holder check never see a voided row; the
        history keeps it (``Appointment.with_voided``)."""
        return self.filter(voided_at__isnull=True)

    def public(self):
        """What anyone may see (SPEC §4 policy, ``released``): the public list and its count on the council
        page, and what pages outside the council show."""
        return self.filter(released())

    def visible_to(self, roles):
        """What a user with ``roles`` (``members.permissions.Roles``) may see: every appointment of the
        councils they manage or sit in at once (SPEC §4: staff and the council's members), elsewhere the
        public ones. The one definition pages, search and exports use."""
        own = [council.pk for council in (*roles.managed, *roles.member_of)]
        return self.filter(Q(seat__council__in=own) | released())


class AppointmentManager(models.Manager.from_queryset(AppointmentQuerySet)):
    def get_queryset(self):
        return super().get_queryset().in_force()


class Appointment(models.Model):
    """A person in a seat, as member, personal substitute or chair of the body, from a date to a date; or one
    standing in for an absent member or chair (§ 28 stk. 2), who keeps the seat meanwhile."""

    Role = AppointmentRole
    Method = AppointmentMethod
    EndReason = AppointmentEndReason
    seat = models.ForeignKey(Seat, models.PROTECT, related_name="appointments", verbose_name="plads")
    person = models.ForeignKey(Person, models.PROTECT, related_name="appointments", verbose_name="person")
    role = models.CharField("rolle", max_length=12, choices=Role.choices, default=Role.MEMBER)
    method = models.CharField("valgmåde", max_length=14, choices=Method.choices)
    group = models.CharField("valgt af gruppe (§ 28)", max_length=200, blank=True)
    starts_on = models.DateField("fra")
    ends_on = models.DateField("til", null=True, blank=True)
    end_reason = models.CharField("ophørsgrund", max_length=30, choices=EndReason.choices, blank=True)
    meeting = models.ForeignKey(
        Meeting, models.PROTECT, null=True, blank=True, related_name="appointments", verbose_name="møde"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, models.PROTECT, null=True, blank=True, related_name="appointments", verbose_name="punkt"
    )
    election = models.ForeignKey(
        Election, models.PROTECT, null=True, blank=True, related_name="appointments", verbose_name="valg"
    )
    stands_in_for = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="stand_ins",
        verbose_name="træder midlertidigt ind for",
        help_text="§ 28 stk. 2: den fraværende, som den midlertidigt indtrådte afløser, så længe forfaldet varer.",
    )
    note = models.TextField("bemærkning", blank=True)
    voided_at = models.DateTimeField("annulleret", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="annulleret af"
    )
    void_reason = models.TextField("begrundelse for annullering", blank=True)
    history = HistoricalRecords()
    # The first manager is the default one (related managers and prefetches use it): voided rows are gone
    # from every reader unless it asks for ``with_voided``.
    objects = AppointmentManager()
    with_voided = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["seat", "role", "starts_on"]
        verbose_name = "udpegning"
        verbose_name_plural = "udpegninger"
        constraints = [
            _choice("role", AppointmentRole.choices, "appointment_role_valid"),
            _choice("method", AppointmentMethod.choices, "appointment_method_valid"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="appointment_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(end_reason="") | Q(ends_on__isnull=False), name="appointment_reason_needs_end"
            ),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True, void_reason="") | Q(voided_at__isnull=False, void_reason__gt=""),
                name="appointment_voided_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(role=AppointmentRole.STAND_IN, stands_in_for__isnull=False)
                | (~Q(role=AppointmentRole.STAND_IN) & Q(stands_in_for__isnull=True)),
                name="appointment_stand_in_names_the_absent",
            ),
            # SPEC §4: on any day a seat has at most one holder (member or chair) and at most one personal
            # substitute. PostgreSQL holds it against every path, two staff appointing at once included;
            # `services._check_free` says it first in Danish (and is the only guard on SQLite). A voided row
            # (entered by mistake, kept for the history) holds no seat.
            PostgresExclusionConstraint(
                name="appointment_one_holder_per_seat_a_day",
                expressions=[("seat", RangeOperators.EQUAL), (dated_range(), RangeOperators.OVERLAPS)],
                condition=Q(role__in=[AppointmentRole.MEMBER, AppointmentRole.CHAIR], voided_at__isnull=True),
            ),
            PostgresExclusionConstraint(
                name="appointment_one_substitute_per_seat_a_day",
                expressions=[("seat", RangeOperators.EQUAL), (dated_range(), RangeOperators.OVERLAPS)],
                condition=Q(role=AppointmentRole.SUBSTITUTE, voided_at__isnull=True),
            ),
            # § 28 stk. 2: one temporary stand-in a day beside the absent holder, who keeps the seat.
            PostgresExclusionConstraint(
                name="appointment_one_stand_in_per_seat_a_day",
                expressions=[("seat", RangeOperators.EQUAL), (dated_range(), RangeOperators.OVERLAPS)],
                condition=Q(role=AppointmentRole.STAND_IN, voided_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.seat} ({self.get_role_display()})"
