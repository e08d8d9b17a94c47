"""Long absences (B1 1.6, 1.7): the personal substitute steps in for the period. Shorter absences are
per-meeting absence notices (FO 3.9 / B1 1.8), which the meetings app records."""

from datetime import date, timedelta

from django.db import transaction

from kkr.errors import RuleViolation
from kkr.formats import format_date

from ..absence import is_long_absence, long_absence_last_day
from ..models import Action, Leave, Membership
from ..queries import rules_on
from .common import open_action, open_or_after, resolve_open, save


@transaction.atomic
def register_leave(membership: Membership, *, kind: str, starts_on: date, ends_on: date, reason: str, actor) -> Leave:
    """B1 1.6 (relieved of municipal duties; approved at once) or B1 1.7 (prevented; a party-elected
    member only, awaiting the council's decision at its next meeting, which an open action reminds of)."""
    rule = "B1 1.7" if kind == Leave.Kind.PREVENTED else "B1 1.6"
    if kind == Leave.Kind.PREVENTED and membership.kind != Membership.Kind.PARTY_ELECTED:
        raise RuleViolation(
            "Forhindring efter B1 1.7 gælder kun partivalgte medlemmer; en borgmester, "
            "der er fritaget for sine hverv, registreres efter B1 1.6.",
            rule=rule,
        )
    if ends_on is None or ends_on < starts_on:
        raise RuleViolation("Angiv en forventet slutdato på eller efter startdatoen.", rule=rule)
    if starts_on < membership.starts_on or (membership.ends_on and membership.ends_on < starts_on):
        raise RuleViolation(f"{membership.person} er ikke medlem den {format_date(starts_on)}.", rule=rule)
    months = rules_on(starts_on).long_absence_months
    if not is_long_absence(starts_on, ends_on, months):
        raise RuleViolation(
            f"Fraværet varer under {months} måneder (det skal vare mindst til og med "
            f"{format_date(long_absence_last_day(starts_on, months))}). "
            "Kortere fravær er afbud til de enkelte møder (FO 3.9 / B1 1.8), som registreres ved mødet.",
            rule=rule,
        )
    overlapping = membership.leaves.exclude(status=Leave.Status.REJECTED).filter(
        open_or_after(starts_on), starts_on__lte=ends_on
    )
    if overlapping.exists():
        raise RuleViolation(f"{membership.person} har allerede orlov/forfald i perioden.", rule=rule)
    awaiting = kind == Leave.Kind.PREVENTED
    leave = Leave(
        membership=membership,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        status=Leave.Status.AWAITING_DECISION if awaiting else Leave.Status.APPROVED,
    )
    save(leave, actor, rule)
    if awaiting:
        open_action(
            membership.council,
            kind=Action.Kind.LEAVE_DECISION,
            title=f"KKR skal på førstkommende møde beslutte, om stedfortræderen indtræder for {membership.person}",
            rule=rule,
            actor=actor,
            membership=membership,
            details="Formanden indkalder stedfortræderen til mødet (B1 1.7).",
        )
    return leave


@transaction.atomic
def decide_leave(leave: Leave, *, approved: bool, decided_on: date, actor) -> Leave:
    """B1 1.7: the council decided at a meeting whether the conditions for the substitute are met."""
    if leave.status != Leave.Status.AWAITING_DECISION:
        raise RuleViolation("Forfaldet er allerede afgjort.", rule="B1 1.7")
    leave.status = Leave.Status.APPROVED if approved else Leave.Status.REJECTED
    leave.decided_on = decided_on
    save(leave, actor, "B1 1.7")
    resolve_open(
        Action.objects.filter(membership=leave.membership, kind=Action.Kind.LEAVE_DECISION),
        actor=actor,
        resolution=f"KKR {'godkendte' if approved else 'afviste'} stedfortræderens indtræden "
        f"{format_date(decided_on)}.",
    )
    return leave


@transaction.atomic
def end_leave(leave: Leave, *, resumes_on: date, actor) -> Leave:
    """B1 1.7: the member can resume from ``resumes_on``; the substitute steps out the day before."""
    if leave.status == Leave.Status.REJECTED:
        raise RuleViolation("Forfaldet blev afvist og kan ikke afsluttes.", rule="B1 1.7")
    if resumes_on <= leave.starts_on:
        raise RuleViolation("Medlemmet kan tidligst genoptage hvervet dagen efter forfaldets start.", rule="B1 1.7")
    leave.ends_on = resumes_on - timedelta(days=1)
    return save(leave, actor, "B1 1.7")
