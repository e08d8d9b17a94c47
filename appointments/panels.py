"""Panels for the council pages owned by `portal` (the lead wires them in): the staff dashboard's appointments
panel, the public page's link, and the person page's list. Each returns plain values; the templates in
`templates/appointments/includes/` only show them."""

from members.models import ElectionPeriod

from . import queries


def dashboard_panel(council, *, today, user, period=None) -> dict:
    """Vacancies and follow-ups in the period containing `today` (the page's ``period`` when it has read it),
    with a link to the register (three queries, four without ``period``)."""
    period = period or ElectionPeriod.objects.containing(today).first()
    lines = queries.register_lines(council, period, today=today) if period else []
    follow_ups = [line for line in lines if line.is_vacant]
    return {
        "appointments_period": period,
        "appointments_seats": len(lines),
        "appointments_follow_ups": follow_ups[:5],
        "appointments_follow_up_count": len(follow_ups),
    }


def public_panel(council, *, today, user) -> dict:
    """The number of current political appointees, beside a link to the public list (one query)."""
    return {"appointees_count": len(queries.public_appointees(council, today=today))}


def person_panel(person) -> dict:
    """The person's appointments for the person page (one query)."""
    return {"person_appointments": queries.appointments_of_person(person)}
