"""FO 3.1: members' requests for an extraordinary meeting (counted by ``queries.extraordinary_demand``)."""

from django.db import transaction
from django.utils import timezone

from kkr.errors import RuleViolation
from kkr.formats import format_date

from ..models import ExtraordinaryRequest
from .common import save


@transaction.atomic
def request_extraordinary_meeting(membership, *, actor, reason, now=None) -> ExtraordinaryRequest:
    """FO 3.1: a member asks in writing for an extraordinary meeting. One open request per member."""
    if not reason.strip():
        raise RuleViolation("Skriv hvorfor du anmoder om et ekstraordinært møde.", rule="FO 3.1")
    pending = membership.extraordinary_requests.open().first()
    if pending is not None:
        asked_on = timezone.localtime(pending.requested_at)
        raise RuleViolation(
            f"Du har allerede anmodet om et ekstraordinært møde den {format_date(asked_on)}; "
            "anmodningen er åben, indtil sekretariatet indkalder mødet."
        )
    request = ExtraordinaryRequest(membership=membership, reason=reason.strip(), requested_at=now or timezone.now())
    return save(request, actor)
