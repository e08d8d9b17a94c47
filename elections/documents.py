"""The composition table as shown on the page and in the PDF: every number with the rule behind it (B1 1.0).

`composition_table` turns a `Calculation` (and the confirmed snapshot, if any) into plain values — ints,
exact `Fraction`s, `Lot`s, a datetime — that the template formats with the Danish filters (`|tal`,
`|procent:2`, `|decimal:4`, `|navne`, `|dato_tid`); it runs no query when the snapshot's lines are
prefetched.
"""

from fractions import Fraction

from django.http import QueryDict
from django.template.loader import render_to_string

from kkr import pdf
from kkr.errors import RuleViolation
from members.models import Party

from .calculation import Calculation, calculate
from .models import ElectionResultSet
from .ties import TieError

BOUND = {
    "mayors": ("B1 1.1 (a)", "Borgmestrene"),
    "one_seat": ("B1 1.1 (b)", "Mindst én plads"),
    "proportional": ("B1 1.0, B1 1.1 (c)", "Stemmeandelen"),
}
NOT_ENTITLED_RULE = "KL's love § 15 stk. 2"
LEGEND = [
    (
        "Borgmestrene",
        "B1 1.1 (a)",
        "partiet har flere borgmestre, end dets stemmeandel giver pladser; det får dem alle.",
    ),
    (
        "Mindst én plads",
        "B1 1.1 (b)",
        "et berettiget parti uden borgmester får én plads, selv om stemmeandelen giver færre.",
    ),
    (
        "Stemmeandelen",
        "B1 1.0, B1 1.1 (c)",
        "de øvrige pladser fordeles én ad gangen til partiet med flest stemmer pr. plads, så den største "
        "underrepræsentation (stemmeandel ÷ pladsandel) bliver mindst mulig.",
    ),
    (
        "Ikke berettiget",
        "KL's love § 15 stk. 2",
        "under spærregrænsen eller uden mandat i en kommunalbestyrelse; kun partiets borgmestre sidder.",
    ),
]


def composition_table(calc: Calculation, snapshot=None) -> dict:
    """Rows per unit, the local lists, totals, the size and cap figures, lots, and the confirmation."""
    official = {line.party_id: line.official_seats for line in snapshot.lines.all()} if snapshot else {}
    rows = [_row(calc, unit, official) for unit in calc.composition.units.values()]
    c = calc.composition
    return {
        "council": calc.result_set.council.name,
        "period": calc.result_set.period.name,
        "rule_set": calc.result_set.period.rule_set.name,
        "rows": rows,
        "local": _local(calc),
        "totals": _totals(calc, rows),
        **_size(calc),
        "lots": list(c.lots),
        "cap_exceeded": c.cap_exceeded and calc.has_cap,
        "legend": LEGEND,
        "has_official": bool(official) and None not in official.values(),
        "confirmed": _confirmed(snapshot),
        "official_note": snapshot.official_note if snapshot else "",
    }


def _row(calc: Calculation, unit, official: dict) -> dict:
    party = calc.parties[unit.id]
    seats_by_kl = official.get(party.pk)
    rule, label = BOUND.get(unit.bound_by, (NOT_ENTITLED_RULE, ""))
    return {
        "letter": party.letter,
        "name": party.name,
        "kind": party.get_kind_display(),
        "is_national": party.kind == Party.Kind.NATIONAL,
        "entitled": unit.entitled,
        "votes": unit.votes,
        "valid_vote_share": unit.valid_vote_share,
        "vote_share": unit.vote_share,
        "mayors": unit.mayors,
        "seats": unit.seats,
        "supplementary": unit.supplementary,
        "seat_share": unit.seat_share,
        "underrepresentation": unit.underrepresentation,
        "rule": rule,
        "bound_by": label,
        "below_threshold": not label and _below_threshold(calc, unit),
        "official": seats_by_kl,
        "difference": None if seats_by_kl is None or seats_by_kl == unit.seats else seats_by_kl - unit.seats,
    }


def _below_threshold(calc: Calculation, unit) -> bool:
    """Not entitled for want of votes (rather than for want of a council seat)."""
    return unit.votes * 100 < calc.threshold_pct * calc.valid_votes or unit.votes == 0


def _local(calc: Calculation) -> dict | None:
    if not calc.local.names:
        return None
    return {
        "names": list(calc.local.names),
        "votes": calc.local.votes,
        "valid_vote_share": Fraction(calc.local.votes, calc.valid_votes),
        "mayors": calc.local.mayors,
    }


def _totals(calc: Calculation, rows: list[dict]) -> dict:
    units = calc.composition.units.values()
    return {
        "votes": calc.valid_votes,
        "mayors": sum(u.mayors for u in units) + calc.local.mayors,
        "seats": calc.composition.total,
        "supplementary": sum(u.supplementary for u in units),
        "official": sum(row["official"] or 0 for row in rows) + calc.local.mayors,
    }


def _size(calc: Calculation) -> dict:
    """The figures explaining the size (B1 1.0-1.1), shown in the summary table."""
    c = calc.composition
    outside = c.total - c.entitled_seats
    return {
        "municipalities": calc.municipalities,
        "valid_votes": calc.valid_votes,
        "threshold_pct": calc.threshold_pct,
        "threshold_places": 0 if calc.threshold_pct.denominator == 1 else 2,
        "threshold_votes": int(-(-calc.threshold_pct * calc.valid_votes // 100)),
        "uncapped_total": c.uncapped_total,
        "uncapped_entitled": c.uncapped_total - outside,
        "outside_mayors": outside,
        "has_cap": calc.has_cap,
        "cap_factor": calc.cap_factor,
        "cap": c.cap,
        "entitled_seats": c.entitled_seats,
        "total": c.total,
    }


def _confirmed(snapshot) -> dict | None:
    if snapshot is None:
        return None
    by = snapshot.confirmed_by
    return {"at": snapshot.confirmed_at, "by": (by.get_full_name() or by.username) if by else "system"}


def render_pdf(table: dict) -> bytes:
    """The composition table as PDF (``kkr.pdf``), one page or two."""
    return pdf.render_pdf(render_to_string("pdf/elections_composition.html", {"doc": table}))


def job_pdf(job) -> bytes:
    """The PDF a ``DocumentJob`` asked for: the calculation of the result set its page showed (``resultat``),
    as it stands now. A tie that a new import left open refuses, with what to do (B1 1.1)."""
    result_set = (
        ElectionResultSet.objects.select_related("council", "period__rule_set", "snapshot__confirmed_by")
        .filter(council=job.council_id, period=job.period_id, pk=QueryDict(job.options).get("resultat") or 0)
        .first()
    )
    if result_set is None:
        raise RuleViolation("Valgresultatet findes ikke længere. Bestil PDF'en igen fra sammensætningssiden.")
    try:
        calc = calculate(result_set)
    except TieError as tie:
        raise RuleViolation(f"{tie} Registrér lodtrækningen, og bestil PDF'en igen.", rule="B1 1.1") from tie
    return render_pdf(composition_table(calc, getattr(result_set, "snapshot", None)))
