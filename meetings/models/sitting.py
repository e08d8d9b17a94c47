"""The sitting: afbud, attendance and presence per item (FO 3.9, B1 1.8) and the votes (FO 3.5-3.7)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from members.models import ChairRole, Membership, Person

from .agenda import AgendaItem
from .meeting import Meeting, one_of


class AbsenceNotice(models.Model):
    """A member's notice that they can't attend (FO 3.9, B1 1.8); the personal substitute may then attend."""

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="absence_notices", verbose_name="møde")
    membership = models.ForeignKey(Membership, models.PROTECT, related_name="absence_notices", verbose_name="medlem")
    given_at = models.DateTimeField("meddelt")
    note = models.TextField("bemærkning", blank=True)
    substitute_summoned_at = models.DateTimeField("stedfortræder indkaldt", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["given_at"]
        verbose_name = "afbud"
        verbose_name_plural = "afbud"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "membership"], name="absence_one_notice_per_member"),
        ]

    def __str__(self):
        return f"Afbud: {self.membership.person}"


class AttendanceCapacity(models.TextChoices):
    MEMBER = "member", "Medlem"
    SUBSTITUTE = "substitute", "Stedfortræder"
    OBSERVER = "observer", "Observatør uden stemmeret (B1 1.5)"


class Attendance(models.Model):
    """Who was at a meeting and in which capacity (FO 3.7, FO 3.9). A seat (membership) counts at most once."""

    Capacity = AttendanceCapacity

    meeting = models.ForeignKey(Meeting, models.CASCADE, related_name="attendances", verbose_name="møde")
    person = models.ForeignKey(Person, models.PROTECT, related_name="attendances", verbose_name="person")
    capacity = models.CharField("egenskab", max_length=12, choices=Capacity.choices)
    membership = models.ForeignKey(
        Membership, models.PROTECT, null=True, blank=True, related_name="attendances", verbose_name="for medlem"
    )
    is_present = models.BooleanField("til stede")
    # FO 3.5: the chair or vice-chair as the sheet recorded them when marked; a departure or an election registered
    # afterwards for the meeting's day does not change who led the sitting and broke its ties
    chair_role = models.CharField("formandskab ved mødet", max_length=10, choices=ChairRole.Role.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "person__name"]
        verbose_name = "fremmøde"
        verbose_name_plural = "fremmøde"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_one_row_per_person"),
            models.UniqueConstraint(
                fields=["meeting", "membership"], condition=Q(is_present=True), name="attendance_seat_counts_once"
            ),
            models.CheckConstraint(
                condition=Q(capacity="observer", membership__isnull=True)
                | (~Q(capacity="observer") & Q(membership__isnull=False)),
                name="attendance_voters_fill_a_seat",
            ),
            one_of("capacity", AttendanceCapacity.choices, name="attendance_capacity_valid"),
            one_of("chair_role", ChairRole.Role.choices, name="attendance_chair_role_valid", blank=True),
            models.UniqueConstraint(
                fields=["meeting", "chair_role"], condition=~Q(chair_role=""), name="attendance_one_chair_per_role"
            ),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_capacity_display()})"


class PresenceSpan(models.Model):
    """Part of the meeting a person attended (FO 3.7, FO 3.9): from item ``from_position`` (None: from the start)
    until before item ``until_position`` (None: to the end), with the clock times when known. A person marked
    present with no span attended the whole meeting; one with spans attended exactly those items (a late arrival,
    an early departure, or both). ``meetings.presence`` reads them; nothing else decides who was present."""

    attendance = models.ForeignKey(Attendance, models.CASCADE, related_name="spans", verbose_name="fremmøde")
    from_position = models.PositiveSmallIntegerField("til stede fra punkt", null=True, blank=True)
    until_position = models.PositiveSmallIntegerField("fraværende fra punkt", null=True, blank=True)
    arrived_at = models.DateTimeField("ankom", null=True, blank=True)
    left_at = models.DateTimeField("gik", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["attendance", models.F("from_position").asc(nulls_first=True)]
        verbose_name = "ankomst og afgang"
        verbose_name_plural = "ankomster og afgange"
        constraints = [
            models.CheckConstraint(
                condition=Q(from_position__isnull=False) | Q(until_position__isnull=False),
                name="presence_span_is_partial",  # the whole meeting is the attendance row alone
            ),
            models.CheckConstraint(
                condition=Q(from_position__isnull=True) | Q(from_position__gte=1), name="presence_from_an_item"
            ),
            models.CheckConstraint(
                condition=Q(from_position__isnull=True)
                | Q(until_position__isnull=True)
                | Q(until_position__gt=models.F("from_position")),
                name="presence_departure_after_arrival",
            ),
            models.CheckConstraint(
                condition=Q(arrived_at__isnull=True) | Q(left_at__isnull=True) | Q(left_at__gt=models.F("arrived_at")),
                name="presence_left_after_arrived",
            ),
            models.CheckConstraint(
                condition=Q(arrived_at__isnull=True) | Q(from_position__isnull=False), name="presence_arrival_time"
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(until_position__isnull=False), name="presence_departure_time"
            ),
            models.UniqueConstraint(
                fields=["attendance"], condition=Q(from_position__isnull=True), name="presence_one_span_from_start"
            ),
            models.UniqueConstraint(
                fields=["attendance"], condition=Q(until_position__isnull=True), name="presence_one_span_to_end"
            ),
            models.UniqueConstraint(fields=["attendance", "from_position"], name="presence_one_arrival_per_item"),
            models.UniqueConstraint(fields=["attendance", "until_position"], name="presence_one_departure_per_item"),
        ]

    def __str__(self):
        start = f"punkt {self.from_position}" if self.from_position else "start"
        end = f"punkt {self.until_position}" if self.until_position else "slut"
        return f"{self.attendance.person}: fra {start} til før {end}"


class VoteChoice(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Imod"
    ABSTAIN = "abstain", "Undlod at stemme"


class Vote(models.Model):
    """One division on an item (FO 3.7): the tally, and who held the casting vote on a tie."""

    Choice = VoteChoice

    item = models.ForeignKey(AgendaItem, models.CASCADE, related_name="votes", verbose_name="punkt")
    subject = models.CharField("afstemningstema (FO 3.5)", max_length=300, default="Indstillingen")
    votes_for = models.PositiveSmallIntegerField("for")
    votes_against = models.PositiveSmallIntegerField("imod")
    abstentions = models.PositiveSmallIntegerField("undlod", default=0)
    casting_vote = models.CharField("den udslagsgivendes stemme", max_length=10, choices=Choice.choices, blank=True)
    casting_holder = models.ForeignKey(
        Person, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="udslagsgivende stemme"
    )
    is_adopted = models.BooleanField("vedtaget")
    is_decided_by_casting_vote = models.BooleanField("afgjort af udslagsgivende stemme", default=False)
    minutes_sentence = models.TextField("til referatet")
    recorded_at = models.DateTimeField("registreret", default=timezone.now)
    token = models.UUIDField(
        "indsendelse", null=True, blank=True, unique=True, editable=False, help_text="Én indsendelse, én afstemning."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["item", "recorded_at"]
        verbose_name = "afstemning"
        verbose_name_plural = "afstemninger"
        constraints = [one_of("casting_vote", VoteChoice.choices, name="vote_casting_vote_valid", blank=True)]

    def __str__(self):
        return self.minutes_sentence
