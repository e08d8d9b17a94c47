"""Ending or correcting a municipal office (FO 3.8, B1 1.9). The office is what makes a person eligible for
a KKR seat and for a political appointment; when it ends, what follows above (vacant appointments, § 28) is
computed by those apps from the dated rows, not pushed from here."""

from datetime import date, timedelta

from django.db import transaction

from kkr.errors import RuleViolation
from kkr.formats import format_date

from ..models import EndReason, MunicipalOffice, open_on
from .common import save

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
    return save(office, actor, f"Slutdato rettet: {label}" if corrected else f"Hvervet afsluttet: {label}")


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
