"""The rules of procedure in force for a period (the constituent meeting's item "Forretningsorden og overordnede
rammer"): every number of the rules in force today (clamped into the period), and the period's versions when
KL changed the rules during it, read-only. KL admins change rule sets in the admin."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kkr import formats

from .. import permissions
from ..models import ElectionPeriod, RuleSet


@require_GET
@login_required
def ruleset_detail(request, slug, period):
    council = permissions.get_council_for_staff(request.user, slug)
    period = get_object_or_404(ElectionPeriod.objects.select_related("rule_set"), name=period)
    shown_on = min(max(timezone.localdate(), period.starts_on), period.ends_on)
    rule_set = period.rules_on(shown_on)
    versions = [(period.starts_on, period.rule_set)] + [
        (v.takes_effect_on, v.rule_set)
        for v in period.rule_versions.select_related("rule_set").order_by("takes_effect_on")
    ]
    context = {
        "council": council,
        "period": period,
        "rule_set": rule_set,
        "shown_on": shown_on,
        "versions": versions if len(versions) > 1 else [],
        "rows": rule_rows(rule_set),
    }
    return render(request, "members/ruleset_detail.html", context)


def rule_rows(rule_set: RuleSet) -> list[tuple[str, str, str]]:
    """(label, value in Danish, help) for every rule of the set."""
    fields = [f for f in RuleSet._meta.concrete_fields if f.name not in ("id", "name", "source")]
    return [(field.verbose_name, _shown(rule_set, field), field.help_text) for field in fields]


def _shown(rule_set, field) -> str:
    value = getattr(rule_set, field.name)
    if field.choices:
        return getattr(rule_set, f"get_{field.name}_display")()
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if value is None:
        return "–"
    if isinstance(value, date):
        return formats.format_date(value)
    if isinstance(value, Decimal):
        return formats.format_decimal(value, 2)
    return formats.format_int(value) if isinstance(value, int) else str(value)
