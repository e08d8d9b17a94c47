"""New versions of a period's rules from a date (SPEC §1 policy: KL can change the rules during a period; a
meeting is judged by the version in force on its day, and a version a held meeting was judged by is kept)."""

from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from kkr.errors import RuleViolation
from kkr.formats import format_date

from ..deadlines import COPENHAGEN
from ..models import ElectionPeriod, RuleSet, RuleSetVersion
from .common import save

RULE = "SPEC §1"


def start_of(day: date) -> datetime:
    """Midnight in Europe/Copenhagen: a meeting "on or after" a day starts at or after it."""
    return datetime.combine(day, time.min, tzinfo=COPENHAGEN)


@transaction.atomic
def add_rule_version(period: ElectionPeriod, takes_effect_on: date, *, actor, now=None) -> RuleSetVersion:
    """A copy of the rules in force on ``takes_effect_on``, in force from that day; refused outside the period
    (after its first day, at the latest its last), on a day that already has a version, and when a meeting on
    or after the day has begun: it was judged by the rules then in force, which are never changed after it."""
    period = ElectionPeriod.objects.select_for_update().select_related("rule_set").get(pk=period.pk)
    if not period.starts_on < takes_effect_on <= period.ends_on:
        raise RuleViolation(
            f"En ny version skal træde i kraft inden for valgperioden {period}: efter {format_date(period.starts_on)}"
            f" og senest {format_date(period.ends_on)}. Regler for en ny valgperiode knyttes til den nye periode.",
            rule=RULE,
        )
    if period.rule_versions.filter(takes_effect_on=takes_effect_on).exists():
        raise RuleViolation(
            f"Valgperioden {period} har allerede en version af reglerne fra {format_date(takes_effect_on)}; "
            "ret den i stedet.",
            rule=RULE,
        )
    held = (
        period.meetings.filter(starts_at__gte=start_of(takes_effect_on), starts_at__lte=now or timezone.now())
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if held is not None:
        raise RuleViolation(
            f"Mødet {format_date(held)} er allerede holdt efter de regler, der gjaldt da; en ny version kan ikke "
            f"træde i kraft før det. Vælg en dato efter {format_date(held)}.",
            rule=RULE,
        )
    current = period.rules_on(takes_effect_on)
    copy = RuleSet.objects.get(pk=current.pk)
    copy.pk = None
    copy.name = unused_name(f"{period.rule_set.name}, version fra {format_date(takes_effect_on)}")
    copy.in_force_from = takes_effect_on
    save(copy, actor, RULE)
    version = save(RuleSetVersion(period=period, rule_set=copy, takes_effect_on=takes_effect_on), actor, RULE)
    if period.rules_changed_on is None or takes_effect_on < period.rules_changed_on:
        period.rules_changed_on = takes_effect_on
        save(period, actor, RULE)
    return version


def unused_name(name: str) -> str:
    """``name``, or ``name 2``, ``name 3``… when taken (rule-set names are unique)."""
    candidate, n = name, 1
    while RuleSet.objects.filter(name=candidate).exists():
        n += 1
        candidate = f"{name} {n}"
    return candidate
