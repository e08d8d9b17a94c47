"""Membership of a council, personal substitutes, leaves, chair/vice-chair, observers, seat entitlements and
follow-up actions (SPEC §2). Everything is dated; nothing is deleted: an end is a date and a reason."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .people import DatedQuerySet, Person, choice_in, dates_in_order
from .reference import Council, ElectionPeriod, Municipality, Party


class EndReason(models.TextChoices):
    PERIOD_ENDED = "period_ended", "Valgperioden sluttede"
    LEFT_MUNICIPAL_COUNCIL = "left_municipal_council", "Udtrådt af kommunalbestyrelsen (B1 1.9)"
    LEFT_PARTY = "left_party", "Udtrådt af partiet (B1 1.9)"
    BECAME_MEMBER = "became_member", "Indtrådt som medlem (B1 1.13)"
    REPLACED = "replaced", "Afløst"
    DECLINED = "declined", "Ønskede ikke at fortsætte"
    DIED = "died", "Død"
    MUNICIPALITY_LEFT_KL = "municipality_left_kl", "Kommunen udtrådt af KL (§ 6 stk. 5)"
    MEMBER_LEFT = "member_left", "Medlemmet udtrådt"
    MOVED = "moved_to_new_member", "Flyttet til nyt medlem (B1 1.13)"
    CORRECTION = "correction", "Rettelse af fejlregistrering"
    OTHER = "other", "Andet"


class MembershipKind(models.TextChoices):
    MAYOR = "mayor", "Borgmester"
    PARTY_ELECTED = "party_elected", "Partivalgt (supplerende) medlem"


class Membership(models.Model):
    """A seat held by a person in a council (B1 1.0): a mayor (born member) or a party-elected member."""

    Kind = MembershipKind

    council = models.ForeignKey(Council, models.PROTECT, related_name="memberships", verbose_name="KKR")
    period = models.ForeignKey(ElectionPeriod, models.PROTECT, related_name="memberships", verbose_name="valgperiode")
    person = models.ForeignKey(Person, models.PROTECT, related_name="memberships", verbose_name="person")
    kind = models.CharField("art", max_length=20, choices=Kind.choices)
    party = models.ForeignKey(Party, models.PROTECT, related_name="memberships", verbose_name="parti ved valget")
    municipality = models.ForeignKey(Municipality, models.PROTECT, related_name="memberships", verbose_name="kommune")
    starts_on = models.DateField("fra")
    ends_on = models.DateField("til", null=True, blank=True)
    end_reason = models.CharField("ophørsgrund", max_length=30, choices=EndReason.choices, blank=True)
    end_note = models.TextField("bemærkning til ophør", blank=True)
    history = HistoricalRecords()
    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["council", "party__letter", "person__name"]
        verbose_name = "medlemskab"
        verbose_name_plural = "medlemskaber"
        constraints = [
            dates_in_order("membership"),
            choice_in("kind", MembershipKind, prefix="membership"),
            choice_in("end_reason", EndReason, prefix="membership", blank=True),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | ~Q(end_reason=""), name="membership_end_has_reason"
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(ends_on__isnull=True), name="membership_one_open_seat_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_kind_display()}, {self.council})"

    @property
    def is_mayor(self) -> bool:
        return self.kind == self.Kind.MAYOR


class SubstituteAssignment(models.Model):
    """A personal substitute for one membership (B1 1.2): at most one current per membership, and a person
    substitutes at most one member at a time. (That a current member is not also a current substitute spans
    two tables; the services check it.)"""

    membership = models.ForeignKey(Membership, models.PROTECT, related_name="substitutes", verbose_name="medlem")
    person = models.ForeignKey(Person, models.PROTECT, related_name="substitute_assignments", verbose_name="person")
    starts_on = models.DateField("fra")
    ends_on = models.DateField("til", null=True, blank=True)
    end_reason = models.CharField("ophørsgrund", max_length=30, choices=EndReason.choices, blank=True)
    basis = models.CharField("grundlag", max_length=200, blank=True, help_text="Fx '1. viceborgmester (B1 1.2)'.")
    history = HistoricalRecords()
    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["membership", "starts_on"]
        verbose_name = "personlig stedfortræder"
        verbose_name_plural = "personlige stedfortrædere"
        constraints = [
            dates_in_order("substitute"),
            choice_in("end_reason", EndReason, prefix="substitute", blank=True),
            models.UniqueConstraint(
                fields=["membership"], condition=Q(ends_on__isnull=True), name="substitute_one_current_per_membership"
            ),
            models.UniqueConstraint(
                fields=["person"], condition=Q(ends_on__isnull=True), name="substitute_person_substitutes_one_member"
            ),
        ]

    def __str__(self):
        return f"{self.person} for {self.membership.person}"


class LeaveKind(models.TextChoices):
    RELIEVED = "b1_1_6", "Fritaget for kommunale hverv (B1 1.6)"
    PREVENTED = "b1_1_7", "Forhindret (B1 1.7)"


class LeaveStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting", "Afventer KKR's beslutning"
    APPROVED = "approved", "Godkendt"
    REJECTED = "rejected", "Afvist"


class Leave(models.Model):
    """A long absence (B1 1.6 relieved of municipal duties / B1 1.7 prevented): the substitute steps in."""

    Kind = LeaveKind
    Status = LeaveStatus

    membership = models.ForeignKey(Membership, models.PROTECT, related_name="leaves", verbose_name="medlem")
    kind = models.CharField("art", max_length=10, choices=Kind.choices)
    starts_on = models.DateField("fra")
    ends_on = models.DateField("til (forventet)", null=True, blank=True)
    reason = models.TextField("begrundelse")
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.APPROVED)
    decided_on = models.DateField("besluttet den", null=True, blank=True)
    history = HistoricalRecords()
    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["membership", "starts_on"]
        verbose_name = "orlov/forfald"
        verbose_name_plural = "orlov/forfald"
        constraints = [
            dates_in_order("leave"),
            choice_in("kind", LeaveKind, prefix="leave"),
            choice_in("status", LeaveStatus, prefix="leave"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.membership.person}"

    @property
    def awaits_decision(self) -> bool:
        """B1 1.7: the council has yet to decide whether the substitute steps in."""
        return self.status == self.Status.AWAITING_DECISION


class ChairRoleKind(models.TextChoices):
    CHAIR = "chair", "Formand"
    VICE_CHAIR = "vice_chair", "Næstformand"


class ChairRole(models.Model):
    """Chair or vice-chair (formandskab), elected at the constituent meeting (B1 1.4); a temporary holder
    covers an absence of ≥ 3 months (B1 1.16)."""

    Role = ChairRoleKind

    council = models.ForeignKey(Council, models.PROTECT, related_name="chair_roles", verbose_name="KKR")
    period = models.ForeignKey(ElectionPeriod, models.PROTECT, related_name="chair_roles", verbose_name="valgperiode")
    membership = models.ForeignKey(Membership, models.PROTECT, related_name="chair_roles", verbose_name="medlem")
    role = models.CharField("rolle", max_length=10, choices=Role.choices)
    is_temporary = models.BooleanField("midlertidig (B1 1.16)", default=False)
    starts_on = models.DateField("fra")
    ends_on = models.DateField("til", null=True, blank=True)
    end_reason = models.CharField("ophørsgrund", max_length=30, choices=EndReason.choices, blank=True)
    history = HistoricalRecords()
    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["council", "role", "starts_on"]
        verbose_name = "formandskab"
        verbose_name_plural = "formandskaber"
        constraints = [
            dates_in_order("chair_role"),
            choice_in("role", ChairRoleKind, prefix="chair_role"),
            choice_in("end_reason", EndReason, prefix="chair_role", blank=True),
            models.UniqueConstraint(
                fields=["council", "role", "is_temporary"],
                condition=Q(ends_on__isnull=True),
                name="chair_role_one_open_per_council_role",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.membership.person}"


class Observer(models.Model):
    """A KL board or committee member from the region who may attend without a vote (B1 1.5)."""

    council = models.ForeignKey(Council, models.PROTECT, related_name="observers", verbose_name="KKR")
    person = models.ForeignKey(Person, models.PROTECT, related_name="observer_roles", verbose_name="person")
    capacity = models.CharField("egenskab", max_length=200, help_text="Fx 'Medlem af KL's bestyrelse'.")
    starts_on = models.DateField("fra")
    ends_on = models.DateField("til", null=True, blank=True)
    history = HistoricalRecords()
    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["council", "person__name"]
        verbose_name = "observatør"
        verbose_name_plural = "observatører"
        constraints = [dates_in_order("observer")]

    def __str__(self):
        return f"{self.person} ({self.capacity})"


class EntitlementSource(models.TextChoices):
    COMPUTED = "computed", "Beregnet"
    MANUAL = "manual", "Indtastet"


class SeatEntitlement(models.Model):
    """How many seats a party has in a council for a period (B1 1.0-1.1), computed (elections) or entered."""

    Source = EntitlementSource

    council = models.ForeignKey(Council, models.PROTECT, related_name="entitlements", verbose_name="KKR")
    period = models.ForeignKey(ElectionPeriod, models.PROTECT, related_name="entitlements", verbose_name="valgperiode")
    party = models.ForeignKey(Party, models.PROTECT, related_name="entitlements", verbose_name="parti")
    is_entitled = models.BooleanField("berettiget (KL's love § 15 stk. 2)", default=True)
    seats = models.PositiveSmallIntegerField("pladser i alt")
    mayors = models.PositiveSmallIntegerField("borgmestre")
    source = models.CharField("kilde", max_length=10, choices=Source.choices, default=Source.MANUAL)
    note = models.TextField("bemærkning", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["council", "period", "party__letter"]
        verbose_name = "pladsfordeling"
        verbose_name_plural = "pladsfordelinger"
        constraints = [
            models.UniqueConstraint(fields=["council", "period", "party"], name="entitlement_one_per_party"),
            models.CheckConstraint(condition=Q(seats__gte=models.F("mayors")), name="entitlement_seats_cover_mayors"),
            choice_in("source", EntitlementSource, prefix="entitlement"),
        ]

    def __str__(self):
        return f"{self.party}: {self.seats} pladser i {self.council} {self.period}"

    @property
    def supplementary(self) -> int:
        return self.seats - self.mayors


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class ActionKind(models.TextChoices):
    NEW_MEMBER = "new_member", "Nyt medlem skal vælges/udpeges"
    NEW_SUBSTITUTE = "new_substitute", "Ny stedfortræder skal vælges"
    NEW_MAYOR = "new_mayor", "Ny borgmester skal registreres"
    NEW_CHAIR = "new_chair", "Ny formand skal vælges"
    NEW_VICE_CHAIR = "new_vice_chair", "Ny næstformand skal vælges"
    LEAVE_DECISION = "leave_decision", "KKR skal beslutte om stedfortræderens indtræden"
    OTHER = "other", "Andet"


class Action(models.Model):
    """A follow-up a rule implies ("Venstre skal vælge ny stedfortræder for …"), open until resolved."""

    Kind = ActionKind

    council = models.ForeignKey(Council, models.PROTECT, related_name="actions", verbose_name="KKR")
    title = models.CharField("opgave", max_length=300)
    kind = models.CharField("art", max_length=20, choices=Kind.choices, default=Kind.OTHER)
    details = models.TextField("detaljer", blank=True, help_text="Fx at loftet overskrides (B1 1.12).")
    rule = models.CharField("regel", max_length=30, blank=True, help_text="Fx 'B1 1.13'.")
    membership = models.ForeignKey(
        Membership, models.PROTECT, related_name="actions", null=True, blank=True, verbose_name="medlemskab"
    )
    party = models.ForeignKey(
        Party, models.PROTECT, related_name="actions", null=True, blank=True, verbose_name="parti"
    )
    created_at = models.DateTimeField("oprettet", auto_now_add=True)
    resolved_at = models.DateTimeField("løst", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="løst af"
    )
    resolution = models.TextField("løsning", blank=True)
    history = HistoricalRecords()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["resolved_at", "-created_at"]
        verbose_name = "opfølgning"
        verbose_name_plural = "opfølgninger"
        constraints = [choice_in("kind", ActionKind, prefix="action")]

    def __str__(self):
        return self.title
