"""The rules of procedure in force for a period (the constituent meeting's item "Forretningsorden og overordnede
rammer"): every number of the period's rule set, read-only. KL admins change rule sets in the admin."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from kkr import formats

from .. import permissions
from ..models import ElectionPeriod, RuleSet


@require_GET
@login_required
def ruleset_detail(request, slug, period):
    council = permissions.get_council_for_staff(request.user, slug)
    period = get_object_or_404(ElectionPeriod.objects.select_related("rule_set"), name=period)
    context = {"council": council, "period": period, "rule_set": period.rule_set, "rows": rule_rows(period.rule_set)}
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
