"""The meeting (FO 3.1). Every number comes from the rules in force on the meeting day (``meeting.rule_set``:
``period.rules_on``, loaded with ``select_related("period__rule_set")``); the deadline and quorum arithmetic lives
in the pure modules ``members/deadlines.py``, ``deadlines.py`` and ``quorum.py``."""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from kkr.formats import format_short_date
from members.deadlines import COPENHAGEN, Deadline
from members.models import Council, ElectionPeriod, RuleSet

DEFAULT_DURATION = timedelta(hours=2)


def one_of(field: str, choices, *, name: str, blank: bool = False) -> models.CheckConstraint:
    """The database refuses a value outside the field's choices (STYLE: invariants live in the database too)."""
    values = [value for value, _ in choices] + ([""] if blank else [])
    return models.CheckConstraint(condition=Q(**{f"{field}__in": values}), name=name)


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now):
        return self.filter(starts_at__gte=now).exclude(status=Meeting.Status.CANCELLED).order_by("starts_at")

    def with_published_agenda(self):
        """Meetings whose agenda has been published to the public (FO 3.3), newest first."""
        from .publication import Publication  # a publication belongs to a meeting: its module imports this one

        published = Publication.objects.filter(
            kind=Publication.Kind.AGENDA, audience=Publication.Audience.PUBLIC
        ).values("meeting")
        return self.filter(pk__in=published).order_by("-starts_at")


class MeetingKind(models.TextChoices):
    ORDINARY = "ordinary", "Ordinært møde"
    EXTRAORDINARY = "extraordinary", "Ekstraordinært møde"
    CONSTITUENT = "constituent", "Konstituerende møde"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planlagt"
    CANCELLED = "cancelled", "Aflyst"
    HELD = "held", "Afholdt"


class Meeting(models.Model):
    """A KKR meeting (FO 3.1): ordinary from the annual plan, extraordinary, or the constituent meeting."""

    Kind = MeetingKind
    Status = MeetingStatus

    council = models.ForeignKey(Council, models.PROTECT, related_name="meetings", verbose_name="KKR")
    period = models.ForeignKey(
        ElectionPeriod,
        models.PROTECT,
        related_name="meetings",
        verbose_name="valgperiode",
        help_text="Perioden der omfatter mødedagen; dens regelsæt gælder for mødet. Sættes af planlægningen.",
    )
    kind = models.CharField("mødetype", max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    starts_at = models.DateTimeField("tidspunkt")
    ends_at = models.DateTimeField("sluttidspunkt", null=True, blank=True, help_text="Tomt: to timer efter start.")
    location = models.CharField("sted", max_length=300)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.PLANNED)
    sequence = models.PositiveIntegerField("ændringsnummer (iCalendar)", default=0)
    minutes_approved_at = models.DateTimeField("referat godkendt", null=True, blank=True)
    minutes_version = models.PositiveIntegerField("referatets version", default=1)
    minutes_reopen_reason = models.TextField("begrundelse for genåbning af referatet", blank=True)
    cancel_reason = models.TextField("begrundelse for aflysning", blank=True)
    staff_present = models.TextField(
        "fra sekretariatet deltog",
        blank=True,
        help_text="Én pr. linje, fx «Anne Holm, KKR-konsulent». Står i referatets deltagerfortegnelse.",
    )
    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = "møde"
        verbose_name_plural = "møder"
        constraints = [
            one_of("kind", MeetingKind.choices, name="meeting_kind_valid"),
            one_of("status", MeetingStatus.choices, name="meeting_status_valid"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} i {self.council.name} {format_short_date(self.starts_at)}"

    def get_absolute_url(self):
        return reverse("meetings:meeting-detail", args=[self.council.slug, self.pk])

    @property
    def meets_on(self):
        """The meeting day in Europe/Copenhagen; every deadline counts back from it."""
        return self.starts_at.astimezone(COPENHAGEN).date()

    @property
    def rule_set(self) -> RuleSet:
        """The rules of procedure in force on the meeting day (the period's version then, SPEC §1 policy); load
        lists with ``select_related("period__rule_set")``."""
        return self.period.rules_on(self.meets_on)

    @property
    def end(self):
        """When the meeting ends: ``ends_at``, or two hours after the start when none is set (public page, iCal)."""
        return self.ends_at or self.starts_at + DEFAULT_DURATION

    @property
    def is_locked(self) -> bool:
        """FO 3.4: approved minutes lock items, decisions, votes and attachments until reopened."""
        return self.minutes_approved_at is not None

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.starts_at

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_ordinary(self) -> bool:
        return self.kind == self.Kind.ORDINARY

    @property
    def proposal_deadline(self) -> Deadline | None:
        """FO 3.2: ordinary meetings only; None when the rule set has no deadline (2010 rules)."""
        return self._resolve(self.rule_set.proposal_deadline) if self.is_ordinary else None

    @property
    def agenda_deadline(self) -> Deadline | None:
        """FO 3.3: ordinary meetings only."""
        return self._resolve(self.rule_set.agenda_deadline) if self.is_ordinary else None

    def _resolve(self, relative) -> Deadline | None:
        return relative.resolve(self.starts_at, self.rule_set.closed_policy_days) if relative else None
