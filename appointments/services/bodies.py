"""A council's secretariat sets up its own bodies and their seats (SPEC §4, FO 2.2): name, legal basis, kind,
term rule and personal substitutes; seats political or not, nominated by whom, chair. Every change is kept in
the history (django-simple-history, the acting user and the reason). A body several KKR share, or a national
one, is changed only by a KL admin (``permissions.get_body_to_change``)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from kkr.errors import RuleViolation
from kkr.history import save_with_history

from ..models import Body, Seat

BODY_DEFAULTS = {
    "legal_basis": "",
    "kind": Body.Kind.APPOINTS,
    "term": Body.Term.MUNICIPAL_PERIOD,
    "term_start_month": None,
    "term_start_day": None,
    "has_personal_substitutes": False,
    "max_consecutive_terms": None,
    "term_limit_basis": "",
    "contact": "",
    "notes": "",
    "source": "",
}


def _check_body(council, data: dict, *, body: Body | None = None) -> dict:
    """The body's fields with the defaults for those not given, checked; a refusal names the problem."""
    data = {**BODY_DEFAULTS, **data, "name": data.get("name", "").strip()}
    if not data["name"]:
        raise RuleViolation("Giv organet et navn.")
    same_name = council.bodies.filter(name__iexact=data["name"])
    if body is not None:
        same_name = same_name.exclude(pk=body.pk)
    if same_name.exists():
        raise RuleViolation(f"{council} har allerede et organ, der hedder {data['name']}.")
    if data["term"] == Body.Term.FIXED_START:
        month, day = data.get("term_start_month"), data.get("term_start_day")
        try:
            date(2026, month, day)  # a year that is not a leap year: 29 February is no fixed start
        except (TypeError, ValueError):
            raise RuleViolation("En fast periodestart skal være en gyldig dag og måned, fx 1. juni.") from None
    else:
        data["term_start_month"] = data["term_start_day"] = None
    return data


def _key(council, name: str) -> str:
    """A stable key for a body a secretariat adds: the council and the name, made unique."""
    base = slugify(f"{council.slug}-{name}")[:70] or council.slug
    key, n = base, 1
    while Body.objects.filter(key=key).exists():
        n += 1
        key = f"{base}-{n}"
    return key


@transaction.atomic
def create_body(council, *, actor, **data) -> Body:
    """A body ``council`` appoints or nominates to, with no seats yet."""
    data = _check_body(council, data)
    body = save_with_history(Body(key=_key(council, data["name"]), **data), actor, f"Organ oprettet af {council}")
    body.councils.add(council)
    return body


@transaction.atomic
def update_body(body: Body, council, *, actor, **data) -> Body:
    body = Body.objects.select_for_update().get(pk=body.pk)
    for field, value in _check_body(council, data, body=body).items():
        setattr(body, field, value)
    return save_with_history(body, actor, "Organet rettet")


@transaction.atomic
def add_seat(
    body: Body,
    council,
    *,
    period,
    label: str,
    is_political: bool,
    is_chair: bool = False,
    nominated_by: str = "",
    rotation: str = "",
    actor,
) -> Seat:
    """A seat of ``body`` that ``council`` fills in ``period``, after the council's other seats there. A chair
    seat is political (FO 3.8) and there is one per body, council and period."""
    label = label.strip()
    if not label:
        raise RuleViolation("Giv pladsen en betegnelse.")
    if body.ends_on is not None:
        raise RuleViolation(f"{body} er nedlagt; der kan ikke oprettes pladser.")
    if is_chair and not is_political:
        raise RuleViolation("Formandspladsen er en politisk plads (FO 3.8).")
    Body.objects.select_for_update().get(pk=body.pk)  # two staff adding seats at once get distinct orders
    seats = Seat.objects.filter(body=body, council=council, period=period)
    if is_chair and seats.filter(is_chair=True).exists():
        raise RuleViolation(f"{body} har allerede en formandsplads for {council} i {period}.")
    if seats.filter(label__iexact=label).exists():
        raise RuleViolation(f"{body} har allerede pladsen {label} for {council} i {period}.")
    order = (seats.aggregate(last=Max("order"))["last"] or 0) + 1
    seat = Seat(
        body=body,
        council=council,
        period=period,
        label=label,
        is_political=is_political,
        is_chair=is_chair,
        nominated_by="" if is_political else nominated_by.strip(),
        rotation=rotation.strip(),
        order=order,
    )
    return save_with_history(seat, actor, "Plads oprettet")
