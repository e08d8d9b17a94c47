"""B1 1.3: the council takes office at its constituent meeting and the previous one leaves office then."""

from datetime import date, timedelta

from django.db import transaction

from ..models import EndReason, Observer, SubstituteAssignment, is_open, open_on
from ..queries import Handover, handover_preview
from .common import save


@transaction.atomic
def hand_over_council(council, period, *, on: date, actor) -> Handover:
    """One step: every membership, substitute assignment and observer of the old council ends the day before
    ``on`` (the constituent meeting) with "valgperiodens udløb"; the new period's rows (a re-elected member
    has his own new row) then make up the roster. Chair roles are ended by the constituent meeting's service."""
    handover = handover_preview(council, period, on=on)
    last_day = on - timedelta(days=1)
    running = open_on(on)
    for membership in handover.outgoing:
        for assignment in SubstituteAssignment.objects.filter(running, membership=membership):
            assignment.ends_on, assignment.end_reason = last_day, EndReason.PERIOD_ENDED
            save(assignment, actor, "B1 1.3")
        if is_open(membership, on):  # a re-elected member's row ended already
            membership.ends_on, membership.end_reason = last_day, EndReason.PERIOD_ENDED
            save(membership, actor, "B1 1.3")
    for observer in Observer.objects.filter(running, council=council, starts_on__lt=on):
        observer.ends_on = last_day
        save(observer, actor, "B1 1.3")
    return handover
