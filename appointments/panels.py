"""Panels for the council pages owned by `portal` (the lead wires them in): the staff dashboard's appointments
panel, the public page's link, and the person page's list. Each returns plain values; the templates in
`templates/appointments/includes/` only show them."""

from members.models import ElectionPeriod
from members.permissions import NOBODY

from . import queries


def dashboard_panel(council, *, today, user, period=None) -> dict:
    """Seats and vacancies in the period containing `today` (the page's ``period`` when it has read it), the first
    five vacancies with what must happen next, and the register's period for its link: plain values (three
    queries, four without ``period``)."""
    period = period or ElectionPeriod.objects.containing(today).first()
    summary = queries.vacancy_summary(council, period, today=today) if period else None
    return {
        "appointments_period": period.name if period else "",
        "appointments_seats": summary.seats if summary else 0,
        "appointments_follow_ups": summary.first if summary else [],
        "appointments_follow_up_count": summary.vacant if summary else 0,
    }


def public_panel(council, *, today, user) -> dict:
    """The number of current political appointees, beside a link to the public list (one query)."""
    return {"appointees_count": len(queries.public_appointees(council, today=today))}


def person_panel(person, *, viewer=NOBODY) -> dict:
    """The person's appointments ``viewer`` (their roles) may see, for the person page (one query)."""
    return {"person_appointments": queries.appointments_of_person(person, viewer=viewer)}
