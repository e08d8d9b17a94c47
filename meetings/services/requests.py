"""FO 3.1: members' requests for an extraordinary meeting, counted against the seats on the day."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from members.models import Membership, RuleSet

from .. import quorum
from ..models import ExtraordinaryRequest
from .common import MeetingError, save


@dataclass(frozen=True)
class ExtraordinaryDemand:
    """The council's open requests from current members against its size on a day (FO 3.1)."""

    requests: list[ExtraordinaryRequest]
    members: int
    required: int  # requests needed: ⌈fraction × members⌉
    is_required: bool  # the meeting must be convened


@transaction.atomic
def request_extraordinary_meeting(membership, *, actor, reason, now=None) -> ExtraordinaryRequest:
    """FO 3.1: a member asks in writing for an extraordinary meeting. One open request per member."""
    if not reason.strip():
        raise MeetingError("Skriv hvorfor du anmoder om et ekstraordinært møde.")
    pending = membership.extraordinary_requests.open().first()
    if pending is not None:
        asked_on = timezone.localtime(pending.requested_at)
        raise MeetingError(
            f"Du har allerede anmodet om et ekstraordinært møde den {asked_on:%d.%m.%Y}; "
            "anmodningen er åben, indtil sekretariatet indkalder mødet."
        )
    request = ExtraordinaryRequest(membership=membership, reason=reason.strip(), requested_at=now or timezone.now())
    return save(request, actor)


def extraordinary_demand(council, *, on, rule_set=None) -> ExtraordinaryDemand | None:
    """Open requests from the council's members on ``on`` (a request from a seat that has ended no longer
    counts) and whether they reach the rule set's fraction (``quorum.extraordinary_meeting_required``).
    None without a rule set or seats. Three queries (two with ``rule_set`` given)."""
    rule_set = rule_set or RuleSet.objects.in_force(on).first()
    current = Membership.objects.current(on).filter(council=council)
    members = current.count()
    if rule_set is None or not members:
        return None
    requests = list(
        ExtraordinaryRequest.objects.open()
        .filter(membership__in=current)
        .select_related("membership__person")
        .order_by("requested_at")
    )
    fraction = rule_set.extra_meeting_fraction
    asking = len({r.membership_id for r in requests})  # one open request per seat; distinct all the same
    return ExtraordinaryDemand(
        requests=requests,
        members=members,
        required=quorum.minimum_count(members, fraction=fraction),
        is_required=quorum.extraordinary_meeting_required(asking, members, fraction=fraction),
    )
