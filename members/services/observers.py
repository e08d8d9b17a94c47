"""Observers (B1 1.5): KL board and committee members from the region attend the council's meetings
without a vote. The secretariat registers when one starts and ends; quorum never counts them (FO 3.7)."""

from datetime import date

from django.db import transaction

from kkr.errors import RuleViolation
from kkr.formats import format_date

from ..models import Membership, Observer
from ..queries import council_offices
from .common import open_or_after, save

RULE = "B1 1.5"


@transaction.atomic
def add_observer(council, person, *, capacity: str, starts_on: date, actor) -> Observer:
    """Refuses a person outside the region's municipal councils, a member of the council (who has a vote)
    and a second, overlapping observer role for the same person."""
    if not capacity.strip():
        raise RuleViolation("Angiv, i hvilken egenskab personen deltager (fx medlem af KL's bestyrelse)", rule=RULE)
    if not council_offices(person, council, starts_on):
        raise RuleViolation(
            f"{person} sidder ikke i en kommunalbestyrelse i {council} den {format_date(starts_on)}; "
            "observatører er KL's bestyrelses- og udvalgsmedlemmer fra regionen",
            rule=RULE,
        )
    if Membership.objects.filter(open_or_after(starts_on), council=council, person=person).exists():
        raise RuleViolation(
            f"{person} er medlem af {council} med stemmeret og kan ikke samtidig være observatør", rule=RULE
        )
    if Observer.objects.filter(open_or_after(starts_on), council=council, person=person).exists():
        raise RuleViolation(f"{person} er allerede observatør i {council}", rule=RULE)
    observer = Observer(council=council, person=person, capacity=capacity.strip(), starts_on=starts_on)
    return save(observer, actor, RULE)


@transaction.atomic
def end_observer(observer: Observer, *, ends_on: date, actor) -> Observer:
    """``ends_on`` is the observer's last day."""
    if observer.ends_on is not None:
        raise RuleViolation(f"{observer.person} er ikke længere observatør", rule=RULE)
    if ends_on < observer.starts_on:
        raise RuleViolation(
            f"Sidste dag kan tidligst være den første dag, {format_date(observer.starts_on)}", rule=RULE
        )
    observer.ends_on = ends_on
    return save(observer, actor, RULE)
