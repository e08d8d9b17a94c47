"""Appointments of a person to a seat (SPEC §4, FO 3.8, § 28), who may see them, and the nominations that lead to
them. Everything is dated; nothing is deleted: an end is a date and a reason, a wrong entry is voided."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from kkr.constraints import PostgresExclusionConstraint, RangeOperators, dated_range
from meetings.models import AgendaItem, Meeting, Publication
from members.models import DatedQuerySet, Person

from .bodies import Seat
from .common import _choice
from .elections import Election


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
