"""Who may see the elections pages: the council's secretariat (and KL admins) only, through members.permissions.

Outside the council → 404; the council's members and substitutes → 403 (the composition is the
secretariat's working page until confirmed; the confirmed entitlement shows on the roster)."""

from django.shortcuts import get_object_or_404

from members.models import ElectionPeriod
from members.permissions import get_council_for_staff

from .models import ElectionResultSet


def get_results_for_staff(user, slug, period_name):
    """(council, period, newest result set or None). Three queries after the permission check:
    council, period with its rule set, result set with its snapshot and who confirmed it."""
    council = get_council_for_staff(user, slug)
    period = get_object_or_404(ElectionPeriod.objects.select_related("rule_set"), name=period_name)
    result_set = ElectionResultSet.objects.for_council(council, period).select_related("snapshot__confirmed_by").first()
    if result_set is not None:
        result_set.council, result_set.period = council, period
    return council, period, result_set
