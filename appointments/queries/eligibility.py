"""Who may be appointed (FO 3.8): the region's municipal council members on a day, and the picker's candidates
(the council's representatives too, for a seat that is not political)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q

from members.models import Council, MunicipalOffice, Person, current_on

from ..models import Seat


def region_offices(council: Council):
    """FO 3.8: the municipal offices that make a person eligible for `council`'s political seats, those in one of
    its municipalities (a KKR membership is not required)."""
    return MunicipalOffice.objects.filter(municipality__council=council)


def eligible_person_ids(council: Council, on: date) -> set[int]:
    """FO 3.8: the persons who on `on` sit on the municipal council of one of `council`'s municipalities. One
    query."""
    offices = region_offices(council).current(on)
    return set(offices.order_by().values_list("person_id", flat=True))  # a set: no ORDER BY (and its join)


def fo38_day(period, today: date) -> date:
    """The day FO 3.8 is judged on for a seat of ``period``: ``today``, but no later than the period's last day.
    A seat whose term runs past the municipal period (a RAR to 31 May, beskæftigelsesloven § 28 stk. 6: appointed
    for 4 years, "gælder den til periodens udløb") is not vacated when the offices end with the period on 31
    December; an office that ended before the period's last day (the holder left the council) still vacates it."""
    return min(today, period.ends_on)


def seated_runs(offices, period_end: date) -> list[tuple[date, date | None]]:
    """The days on which a person may sit on a political seat of a period ending ``period_end``, as runs
    ``(first, last)`` (``last`` None: open) from his offices in the region (``(starts_on, ends_on)``): offices
    that follow on without a gap make one run, and since FO 3.8 is judged on ``fo38_day``, a run that holds the
    period's last day goes on as long as the seat does, and an office starting after it counts for nothing."""
    runs: list[tuple[date, date | None]] = []
    for first, last in sorted(o for o in offices if o[0] <= period_end):
        if runs and (runs[-1][1] is None or runs[-1][1] + timedelta(days=1) >= first):
            previous = runs[-1][1]
            runs[-1] = (runs[-1][0], None if previous is None or last is None else max(previous, last))
        else:
            runs.append((first, last))
    return [(first, None if last is None or last >= period_end else last) for first, last in runs]


def seated_until(runs, starts_on: date, ends_on: date | None, first: date, last: date) -> tuple[bool, date | None]:
    """Whether an appointee sat on a day of ``first``-``last`` (his appointment ``starts_on``-``ends_on``, his
    ``seated_runs``), and his last day on the seat: the end of the last run he sat in then, or the appointment's
    end when that comes first (None: open). The day after it FO 3.8 leaves the seat vacant."""
    window_end = last if ends_on is None else min(ends_on, last)
    window_start = max(starts_on, first)
    ends = [end for start, end in runs if start <= window_end and (end is None or end >= window_start)]
    if window_start > window_end or not ends:
        return False, None
    if ends[-1] is None or ends_on is None:
        return True, ends_on if ends[-1] is None else ends[-1]
    return True, min(ends_on, ends[-1])


def eligible_by_day(council_ids, days) -> dict[tuple[int, date], set[int]]:
    """``eligible_person_ids`` for several councils and days at once, by (council, day). One query."""
    days = sorted(set(days))
    if not days:
        return {}
    condition = Q()
    for day in days:
        condition |= current_on(day)
    offices = MunicipalOffice.objects.filter(condition, municipality__council__in=council_ids).order_by()
    found: dict[tuple[int, date], set[int]] = {}
    for person, council, starts, ends in offices.values_list(
        "person_id", "municipality__council_id", "starts_on", "ends_on"
    ):
        for day in days:
            if starts <= day and (ends is None or ends >= day):
                found.setdefault((council, day), set()).add(person)
    return found


def is_eligible(person: Person, seat: Seat, on: date) -> bool:
    """FO 3.8 for one seat: a non-political seat takes anyone; a political one a municipal council member of
    the seat council's region on the appointment date."""
    if not seat.is_political:
        return True
    offices = MunicipalOffice.objects.current(on).filter(person=person, municipality__council_id=seat.council_id)
    return offices.exists()


def appointee_candidates(council: Council, *, political: bool, on: date | None = None):
    """Who the appointment picker offers for a seat of ``council``: the municipal council members of its region
    (FO 3.8; on ``on`` when given, else on any day, the form's check before the service's on the start date)
    and, for a seat that is not political, also the representatives the council added (business, union,
    knowledge institution, observer). Municipality, party and organisation are loaded for the label."""
    offices = MunicipalOffice.objects.filter(person=OuterRef("pk"), municipality__council=council)
    if on is not None:
        offices = offices.filter(current_on(on))
    who = Q(Exists(offices))
    if not political:
        who |= Q(representative__council=council)
    people = Person.objects.filter(who).select_related("municipality", "party", "representative")
    return people.order_by("name")


def matching_appointees(people, text: str):
    """Narrow the picker by every typed word: name, municipality, party letter or organisation."""
    for word in text.split()[:5]:
        people = people.filter(
            Q(name__icontains=word)
            | Q(municipality__name__icontains=word)
            | Q(party__letter__iexact=word)
            | Q(representative__organisation__icontains=word)
        )
    return people
