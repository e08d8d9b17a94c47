"""Appointing, ending and abolishing (FO 2.2, FO 3.8, kommunestyrelsesloven § 28). Each service runs in one
transaction with the acting user in the history; a refusal raises `RuleViolation` (Danish, with the rule) and
changes nothing. The elections at a meeting are in `appointments/voting.py`; they end here, in
`appoint_representative`, so every appointment passes the same checks.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from kkr.errors import RuleViolation
from kkr.formats import format_date
from kkr.history import save_with_history
from members.absence import is_long_absence, long_absence_last_day

from ..models import Appointment, Body, Seat
from ..queries import HOLDER_ROLES, clashing, consecutive_terms, electing_group, is_eligible

SEAT_CONSTRAINTS = (
    "appointment_one_holder_per_seat_a_day",
    "appointment_one_substitute_per_seat_a_day",
    "appointment_one_stand_in_per_seat_a_day",
)


def term_of(seat: Seat) -> tuple[date, date]:
    """The seat's term: the body's term for the seat's period, cut short on the day a body is abolished."""
    starts, ends = seat.body.term_for(seat.period)
    if seat.body.ends_on is not None:
        ends = min(ends, seat.body.ends_on)
    return starts, ends


@transaction.atomic
def appoint_representative(
    seat: Seat,
    *,
    person,
    role=Appointment.Role.MEMBER,
    starts_on: date,
    method,
    actor,
    meeting=None,
    agenda_item=None,
    election=None,
    group: str = "",
    note: str = "",
) -> Appointment:
    """Put `person` in `seat` from `starts_on` to the end of the term (FO 3.8 checked on `starts_on`), recording
    where it was decided: the `meeting`, `agenda_item` and `election`, the `group` that named him (§ 28)."""
    seat = Seat.objects.select_related("body", "period", "council").get(pk=seat.pk)
    term_starts, term_ends = term_of(seat)
    _check_dates(seat, starts_on, term_starts, term_ends)
    _check_role(seat, role)
    check_eligible(person, seat, starts_on, "udpeges til")
    if role in HOLDER_ROLES:
        check_term_limit(person, seat)
    _check_free(seat, role, starts_on, term_ends)
    group = _same_group(seat, role=role, starts_on=starts_on, method=method, group=group.strip())
    appointment = Appointment(
        seat=seat,
        person=person,
        role=role,
        method=method,
        starts_on=starts_on,
        ends_on=term_ends,
        meeting=meeting,
        agenda_item=agenda_item,
        election=election,
        group=group,
        note=note,
    )
    return _insert(appointment, actor, "Udpeget (FO 3.8)")


def _insert(appointment: Appointment, actor, reason: str) -> Appointment:
    try:
        with transaction.atomic():  # a savepoint: the clash below is reported, not left as a broken transaction
            return save_with_history(appointment, actor, reason)
    except IntegrityError as error:
        if not any(name in str(error) for name in SEAT_CONSTRAINTS):
            raise
        # Another appointment to the seat was committed between the check and the insert (two staff at
        # once): PostgreSQL's exclusion constraint refused this one; say so as the check would have.
        _check_free(appointment.seat, appointment.role, appointment.starts_on, appointment.ends_on)
        raise RuleViolation("Pladsen blev besat af en anden udpegning i samme øjeblik; se organets side.") from error


STAND_IN_MONTHS = 1


@transaction.atomic
def appoint_stand_in(
    absent: Appointment,
    *,
    person,
    starts_on: date,
    ends_on: date,
    actor,
    group: str = "",
    meeting=None,
    note: str = "",
) -> Appointment:
    """Kommunestyrelsesloven § 28 stk. 2 (policy, by analogy): while a member or chair is absent for at least a
    month, the group that elected him names another to stand in for that time. The absent keeps the seat (the
    register shows both); the stand-in is dated, takes the absent's group and method, passes FO 3.8 for the
    seat and is one a day (the database's exclusion constraint, like the holder's)."""
    absent = Appointment.objects.select_related("seat__body", "seat__council", "person").get(pk=absent.pk)
    seat = absent.seat
    if absent.role not in HOLDER_ROLES:
        raise RuleViolation("Kun et medlem eller en formand kan have en midlertidig afløser.", rule="§ 28 stk. 2")
    if person.pk == absent.person_id:
        raise RuleViolation(f"{person} kan ikke træde ind for sig selv.", rule="§ 28 stk. 2")
    if ends_on < starts_on:
        raise RuleViolation("Sidste dag skal ligge efter første dag.")
    if starts_on < absent.starts_on or (absent.ends_on is not None and ends_on > absent.ends_on):
        until = format_date(absent.ends_on) if absent.ends_on else "uden slutdato"
        raise RuleViolation(
            f"{absent.person} har pladsen {format_date(absent.starts_on)} – {until}; den midlertidige afløser kan "
            "kun træde ind inden for den periode.",
            rule="§ 28 stk. 2",
        )
    if not is_long_absence(starts_on, ends_on, STAND_IN_MONTHS):
        raise RuleViolation(
            f"Forfaldet skal vare mindst 1 måned: fra {format_date(starts_on)} mindst til og med "
            f"{format_date(long_absence_last_day(starts_on, STAND_IN_MONTHS))}.",
            rule="§ 28 stk. 2",
        )
    group = group.strip()
    if absent.group and group and group.casefold() != absent.group.casefold():
        raise RuleViolation(
            f"{absent.person} blev indvalgt af gruppen {absent.group}; kun den gruppe kan lade et andet medlem "
            f"træde ind, ikke {group}.",
            rule="§ 28 stk. 2",
        )
    check_eligible(person, seat, starts_on, "træde ind på")
    _check_free(seat, Appointment.Role.STAND_IN, starts_on, ends_on)
    stand_in = Appointment(
        seat=seat,
        person=person,
        role=Appointment.Role.STAND_IN,
        method=absent.method,
        group=absent.group or group,
        starts_on=starts_on,
        ends_on=ends_on,
        stands_in_for=absent,
        meeting=meeting,
        note=note,
    )
    return _insert(stand_in, actor, f"Træder midlertidigt ind for {absent.person} (§ 28 stk. 2)")


def check_eligible(person, seat: Seat, on: date, doing: str) -> None:
    """FO 3.8: only a municipal council member of the seat council's region on ``on`` for a political seat."""
    if not is_eligible(person, seat, on):
        raise RuleViolation(
            f"{person} kan ikke {doing} en politisk plads: kun medlemmer af en kommunalbestyrelse i "
            f"{seat.council.region} kan udpeges den {format_date(on)}.",
            rule="FO 3.8",
        )


def check_term_limit(person, seat: Seat) -> None:
    """A body that limits reappointment (Danmarks Erhvervsfremmebestyrelse: up to 4 years at a time, "med
    mulighed for genudpegelse én gang", erhvervsfremmeloven § 10 stk. 3): a term beyond the limit is refused.
    The terms are the seat's period and the periods right before it in which the person held a seat of the
    body; a second appointment within the same period is the same term."""
    limit = seat.body.max_consecutive_terms
    if not limit:
        return
    earlier = consecutive_terms(seat.body_id, person.pk, seat.period)
    if len(earlier) + 1 > limit:
        names = " og ".join(period.name for period in reversed(earlier))
        raise RuleViolation(
            f"{person} har allerede været udpeget til {seat.body} i {names}; et medlem kan højst udpeges "
            f"for {limit} perioder i træk og kan derfor ikke udpeges igen for {seat.period}.",
            rule=seat.body.term_limit_basis,
        )


def _check_dates(seat: Seat, starts_on: date, term_starts: date, term_ends: date) -> None:
    if seat.body.ends_on is not None and starts_on >= seat.body.ends_on:
        raise RuleViolation(f"{seat.body} er nedlagt fra {format_date(seat.body.ends_on)}.")
    if not term_starts <= starts_on <= term_ends:
        raise RuleViolation(
            f"Udpegningen skal begynde i funktionsperioden {format_date(term_starts)} – {format_date(term_ends)}."
        )


def _check_role(seat: Seat, role: str) -> None:
    if role == Appointment.Role.STAND_IN:
        raise RuleViolation("En midlertidig afløser registreres ved den fraværendes udpegning.", rule="§ 28 stk. 2")
    if role == Appointment.Role.SUBSTITUTE and not seat.body.has_personal_substitutes:
        raise RuleViolation(f"{seat.body} har ikke personlige stedfortrædere.")
    if role == Appointment.Role.CHAIR and not seat.is_chair:
        raise RuleViolation("Kun formandspladsen kan besættes med organets formand.")
    if role == Appointment.Role.MEMBER and seat.is_chair:
        raise RuleViolation("Formandspladsen besættes med rollen «Formand for organet».")


def _same_group(seat: Seat, *, role: str, starts_on: date, method: str, group: str) -> str:
    """Kommunestyrelsesloven § 28 stk. 1: a seat a group won in a proportional election is filled again, and its
    personal substitute named, by that group only. The group is kept on the new appointment (an empty group
    takes it), so the next vacancy is the same group's too; another group or another method is refused."""
    elected = electing_group(seat.pk, on=starts_on)
    if elected is None:
        return group
    who = "stedfortræderen" if role == Appointment.Role.SUBSTITUTE else "det nye medlem"
    if group and group.casefold() != elected.group.casefold():
        raise RuleViolation(
            f"Pladsen blev besat ved forholdstalsvalg af gruppen {elected.group}; kun den gruppe kan udpege {who}, "
            f"ikke {group}.",
            rule="§ 28 stk. 1",
        )
    if method != Appointment.Method.PROPORTIONAL:
        raise RuleViolation(
            f"Pladsen blev besat ved forholdstalsvalg; gruppen {elected.group} udpeger {who}. Vælg valgmåden "
            f"«{Appointment.Method.PROPORTIONAL.label}».",
            rule="§ 28 stk. 1",
        )
    return elected.group


def _check_free(seat: Seat, role: str, starts_on: date, ends_on: date | None) -> None:
    """SPEC §4: one holder and one personal substitute a day, over the whole new appointment (not only its
    first day: one that starts before an existing one would overlap it), naming the first clashing day."""
    taken = clashing(seat.pk, role=role, starts_on=starts_on, ends_on=ends_on).first()
    if taken is not None:
        day = max(starts_on, taken.starts_on)
        until = format_date(taken.ends_on) if taken.ends_on else "uden slutdato"
        holds = {
            Appointment.Role.SUBSTITUTE: "har som personlig stedfortræder",
            Appointment.Role.STAND_IN: "har som midlertidigt indtrådt",
        }.get(taken.role, "er besat af")
        raise RuleViolation(
            f"Pladsen {holds} {taken.person} den {format_date(day)} ({format_date(taken.starts_on)} – {until}); "
            "afslut eller ret den udpegning først."
        )


@transaction.atomic
def end_appointment(appointment: Appointment, *, on: date, reason: str, actor) -> Appointment:
    """End the appointment after `on` (its last day). A vacancy follows in the register (§ 28)."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.end_reason:
        raise RuleViolation("Udpegningen er allerede afsluttet.")
    if on < appointment.starts_on or (appointment.ends_on is not None and on > appointment.ends_on):
        raise RuleViolation("Slutdatoen skal ligge inden for udpegningens periode.")
    later = appointment.stand_ins.filter(starts_on__gt=on).select_related("person").first()
    if later is not None:  # § 28 stk. 2: he would stand in for an appointment that has ended
        raise RuleViolation(
            f"{later.person} skal træde midlertidigt ind fra {format_date(later.starts_on)}, efter udpegningens "
            "sidste dag; annullér den midlertidige afløsning først.",
            rule="§ 28 stk. 2",
        )
    appointment.ends_on, appointment.end_reason = on, reason
    save_with_history(appointment, actor, Appointment.EndReason(reason).label)
    # § 28 stk. 2: a stand-in stands in only while the absent holds the seat.
    for stand_in in appointment.stand_ins.select_for_update().filter(ends_on__gt=on, starts_on__lte=on):
        stand_in.ends_on, stand_in.end_reason = on, reason
        save_with_history(stand_in, actor, f"{appointment.person}s udpegning sluttede")
    return appointment


@transaction.atomic
def void_appointment(appointment: Appointment, *, reason: str, actor) -> Appointment:
    """Void an appointment entered by mistake (SPEC §4): it stays in the history with the reason, who and when,
    and from then on counts nowhere (``AppointmentQuerySet.in_force``): not in the register, the public list,
    the CSV, search or the one-holder check, so the seat is free again."""
    reason = reason.strip()
    if not reason:
        raise RuleViolation("Skriv hvorfor udpegningen annulleres.")
    appointment = Appointment.with_voided.select_for_update().get(pk=appointment.pk)
    if appointment.voided_at is not None:
        raise RuleViolation("Udpegningen er allerede annulleret.")
    stand_in = appointment.stand_ins.select_related("person").first()
    if stand_in is not None:  # § 28 stk. 2: a stand-in stands in for an appointment that counts
        raise RuleViolation(
            f"Annullér først den midlertidige afløser {stand_in.person}, der træder ind for udpegningen."
        )
    appointment.voided_at = timezone.now()
    appointment.voided_by = actor if getattr(actor, "is_authenticated", False) else None
    appointment.void_reason = reason
    return save_with_history(appointment, actor, f"Annulleret: {reason}")


@transaction.atomic
def abolish_body(body: Body, *, on: date, reason: str, actor) -> Body:
    """The body is abolished (e.g. "nedlagt ved lov") on `on`: its running appointments end that day, with the
    reason "body abolished"; the body's seats take no new appointment from that day."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    if body.ends_on is not None:
        raise RuleViolation(f"{body} er allerede nedlagt fra {format_date(body.ends_on)}.")
    later = Appointment.objects.filter(seat__body=body, starts_on__gt=on).select_related("person").first()
    if later is not None:  # it could not end before it begins, and would outlive the body
        raise RuleViolation(
            f"{later.person} er udpeget fra {format_date(later.starts_on)}, efter den dag organet nedlægges; "
            "annullér eller ret den udpegning først."
        )
    body.ends_on, body.end_reason = on, reason
    save_with_history(body, actor, Body.EndReason(reason).label)
    running = Appointment.objects.filter(seat__body=body, starts_on__lte=on, end_reason="").exclude(ends_on__lt=on)
    for appointment in running.select_for_update():
        appointment.ends_on, appointment.end_reason = on, Appointment.EndReason.BODY_ABOLISHED
        save_with_history(appointment, actor, "Organet blev nedlagt")
    return body
