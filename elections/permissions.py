"""Who may see the elections pages: the council's secretariat (and KL admins) only, through members.permissions.

Outside the council → 404; the council's members and substitutes → 403 (the composition is the
secretariat's working page until confirmed; the confirmed entitlement shows on the roster)."""

from django.shortcuts import get_object_or_404

from members.models import ElectionPeriod
from members.permissions import get_council_for_staff

from .models import ConstituentMeeting, ElectionResultSet


def get_period_for_staff(user, slug, period_name):
    """(council, period) for the council's secretariat: 404 outside the council, 403 for its members."""
    council = get_council_for_staff(user, slug)
    return council, get_object_or_404(ElectionPeriod, name=period_name)


def get_results_for_staff(user, slug, period_name):
    """(council, period, newest result set or None). Three queries after the permission check:
    council, period with its rule set, result set with its snapshot and who confirmed it."""
    council = get_council_for_staff(user, slug)
    period = get_object_or_404(ElectionPeriod.objects.select_related("rule_set"), name=period_name)
    result_set = ElectionResultSet.objects.for_council(council, period).select_related("snapshot__confirmed_by").first()
    if result_set is not None:
        result_set.council, result_set.period = council, period
    return council, period, result_set


def get_constituent_for_staff(user, slug, period_name):
    """(council, period, its constituent meeting or None) for the council's secretariat: 404 outside the
    council, 403 for its members. Two queries after the permission check: the period with its rule set; the
    constituent meeting with its meeting, convener and election (parties, chair roles and their persons)."""
    council = get_council_for_staff(user, slug)
    period = get_object_or_404(ElectionPeriod.objects.select_related("rule_set"), name=period_name)
    record = (
        ConstituentMeeting.objects.filter(council=council, period=period)
        .select_related(
            "meeting",
            "convener",
            "chair_election__result_set",
            "chair_election__chair_party",
            "chair_election__vice_chair_party",
            "chair_election__chair_role__membership__person",
            "chair_election__vice_chair_role__membership__person",
        )
        .first()
    )
    if record is not None:
        record.council, record.period, record.meeting.council = council, period, council
    return council, period, record
