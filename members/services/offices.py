"""Ending or correcting a municipal office (FO 3.8, B1 1.9). The office is what makes a person eligible for
a KKR seat and for a political appointment; when it ends, what follows above (vacant appointments, § 28) is
computed by those apps from the dated rows, not pushed from here."""

from datetime import date, timedelta

from django.db import transaction

from kkr.errors import RuleViolation
from kkr.formats import format_date

from ..models import Action, EndReason, Membership, MunicipalOffice, SubstituteAssignment, open_on
from ..queries import council_offices
from .common import open_action, save

OFFICE_END_REASONS = [EndReason.LEFT_MUNICIPAL_COUNCIL, EndReason.DIED, EndReason.CORRECTION, EndReason.OTHER]


@transaction.atomic
def end_office(office: MunicipalOffice, *, on: date, reason: str, actor) -> MunicipalOffice:
    """The office's last day is ``on``; an office already ended gets its last day corrected. The reason goes into
    the office's history with the acting user. From the next day its holder is eligible for no seat (FO 3.8)."""
    office = MunicipalOffice.objects.select_for_update().select_related("municipality").get(pk=office.pk)
    if reason not in OFFICE_END_REASONS:
        raise RuleViolation("Vælg en gyldig grund.", rule="FO 3.8")
    if on < office.starts_on:
        raise RuleViolation(
            f"Sidste dag kan ikke ligge før hvervets første dag {format_date(office.starts_on)}.", rule="FO 3.8"
        )
    if office.ends_on == on:
        raise RuleViolation(f"Hvervet slutter allerede den {format_date(on)}.", rule="FO 3.8")
    _check_post_free(office, on)
    corrected = office.ends_on is not None
    office.ends_on = on
    label = EndReason(reason).label
    save(office, actor, f"Slutdato rettet: {label}" if corrected else f"Hvervet afsluttet: {label}")
    ask_for_departure(office.person, on, actor)
    return office


def ask_for_departure(person, on: date, actor) -> None:
    """B1 1.9: a KKR member or substitute who holds no municipal office in the region after ``on`` leaves the KKR.
    The office page ends only the office; the departure (who steps up, B1 1.13) is staff's to record, so a
    follow-up says so for each seat still running after that day."""
    after = on + timedelta(days=1)
    running = [
        *Membership.objects.filter(open_on(after), person=person).select_related("council"),
        *SubstituteAssignment.objects.filter(open_on(after), person=person).select_related("membership__council"),
    ]
    for row in running:
        membership = row if isinstance(row, Membership) else row.membership
        if council_offices(person, membership.council, after):
            continue
        role = "medlem" if row is membership else "stedfortræder"
        open_action(
            membership.council,
            kind=Action.Kind.OTHER,
            title=f"{person} sidder ikke i en kommunalbestyrelse i regionen efter den {format_date(on)}: "
            f"registrér udtræden som {role} af KKR",
            rule="B1 1.9",
            actor=actor,
            membership=membership,
        )


def _check_post_free(office: MunicipalOffice, on: date) -> None:
    """A mayor's or deputy's post has one holder a day: a later end may not reach into a successor's time."""
    if office.kind == MunicipalOffice.Kind.COUNCIL_MEMBER:
        return
    successor = (
        MunicipalOffice.objects.filter(municipality=office.municipality, kind=office.kind, starts_on__lte=on)
        .filter(open_on(office.starts_on))
        .exclude(pk=office.pk)
        .select_related("person")
        .first()
    )
    if successor is not None:
        raise RuleViolation(
            f"{successor.person} er {office.get_kind_display().lower()} i {office.municipality} fra "
            f"{format_date(successor.starts_on)}; ret det hverv først.",
            rule="FO 3.8",
        )


LEAVING_REASONS = {EndReason.LEFT_MUNICIPAL_COUNCIL: "B1 1.9: udtrådt af kommunalbestyrelsen"}


def end_offices_on_leaving(person, *, on: date, reason: str, actor) -> list[MunicipalOffice]:
    """B1 1.9 "udtrådt af kommunalbestyrelsen" (or a death): every office of the person running after ``on`` ends
    that day, in the caller's transaction (the departure), with the rule and the reason as the history's reason."""
    running = MunicipalOffice.objects.filter(person=person, starts_on__lte=on).filter(open_on(on + timedelta(days=1)))
    ended = []
    for office in running.select_for_update().order_by("pk"):
        office.ends_on = on
        ended.append(save(office, actor, LEAVING_REASONS.get(reason, f"Hvervet afsluttet: {EndReason(reason).label}")))
    return ended
