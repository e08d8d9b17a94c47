"""Chair and vice-chair (formandskab): a new one when the holder is gone for good (B1 1.15) and a
temporary one for an absence of at least 3 months (B1 1.16). The electing group elects; the secretariat
records the result."""

from datetime import date

from django.db import transaction

from kkr.errors import RuleViolation
from kkr.formats import format_date

from ..absence import is_long_absence, long_absence_last_day
from ..models import Action, ChairRole, Membership
from ..queries import period_on, rules_on
from .common import open_action, open_or_after, resolve_open, save

ACTION_KIND = {ChairRole.Role.CHAIR: Action.Kind.NEW_CHAIR, ChairRole.Role.VICE_CHAIR: Action.Kind.NEW_VICE_CHAIR}


def end_chair_roles(membership: Membership, *, on: date, reason: str, actor) -> list[Action]:
    """B1 1.15: a member who leaves also leaves the chair; the group that elected him elects a new one."""
    actions = []
    for role in membership.chair_roles.filter(ends_on__isnull=True):
        role.ends_on, role.end_reason = max(on, role.starts_on), reason
        save(role, actor, "B1 1.15")
        if not role.is_temporary:
            actions.append(_new_chair_action(role, actor, rule="B1 1.15"))
    return actions


@transaction.atomic
def register_chair_absence(role: ChairRole, *, starts_on: date, ends_on: date, actor) -> Action:
    """B1 1.16: the holder is prevented for at least ``long_absence_months``; a temporary holder is needed."""
    if role.is_temporary or role.ends_on is not None:
        raise RuleViolation("Vælg det faste, igangværende formandskab.", rule="B1 1.16")
    months = rules_on(starts_on).long_absence_months
    if ends_on is None or not is_long_absence(starts_on, ends_on, months):
        raise RuleViolation(
            f"Forhindringen skal forventes at vare mindst {months} måneder (til og med "
            f"{format_date(long_absence_last_day(starts_on, months))}); "
            "ellers leder næstformanden mødet (FO 3.5).",
            rule="B1 1.16",
        )
    details = f"Midlertidigt for perioden {format_date(starts_on)}–{format_date(ends_on)}."
    return _new_chair_action(role, actor, rule="B1 1.16", details=details)


@transaction.atomic
def elect_chair(membership: Membership, *, role: str, starts_on: date, actor, ends_on: date | None = None):
    """Record the chair or vice-chair the group elected; with ``ends_on`` a temporary one (B1 1.16)."""
    is_temporary = ends_on is not None
    rule = "B1 1.16" if is_temporary else "B1 1.15"
    if starts_on < membership.starts_on or (membership.ends_on and membership.ends_on < starts_on):
        raise RuleViolation(f"{membership.person} er ikke medlem den {format_date(starts_on)}.", rule=rule)
    if is_temporary and ends_on < starts_on:
        raise RuleViolation("Slutdatoen skal ligge på eller efter startdatoen.", rule=rule)
    label = ChairRole.Role(role).label.lower()
    holders = ChairRole.objects.filter(open_or_after(starts_on), council=membership.council)
    taken = holders.filter(role=role, is_temporary=is_temporary).select_related("membership__person").first()
    if taken is not None:
        raise RuleViolation(
            f"{taken.membership.person} er allerede {'midlertidig ' if is_temporary else ''}{label}; "
            "registrér først, at hvervet ophører.",
            rule=rule,
        )
    if holders.filter(membership=membership).exclude(role=role).exists():
        raise RuleViolation(f"{membership.person} er allerede i formandskabet med en anden rolle.", rule=rule)
    chair_role = ChairRole(
        council=membership.council,
        period=period_on(starts_on),
        membership=membership,
        role=role,
        is_temporary=is_temporary,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    save(chair_role, actor, rule)
    resolve_open(
        Action.objects.filter(council=membership.council, kind=ACTION_KIND[role]),
        actor=actor,
        resolution=f"{membership.person} valgt som {'midlertidig ' if is_temporary else ''}{label}.",
    )
    return chair_role


def _new_chair_action(role, actor, *, rule, details=""):
    label = role.get_role_display().lower()
    return open_action(
        role.council,
        kind=ACTION_KIND[role.role],
        title=f"Den gruppe, der valgte {role.membership.person} som {label}, skal vælge en ny "
        f"{'midlertidig ' if rule == 'B1 1.16' else ''}{label}",
        rule=rule,
        actor=actor,
        membership=role.membership,
        party=role.membership.party,
        details=details,
    )
