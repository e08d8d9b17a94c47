"""The composition table as shown on the page and in the PDF: every number with the rule behind it (B1 1.0).

`composition_table` turns a `Calculation` (and the confirmed snapshot, if any) into plain strings in Danish
number format (12.345 · 30,93 % · 0,7216); it runs no query when the snapshot's lines are prefetched.
"""

from fractions import Fraction

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from elections._ties import join_names

from .calculation import Calculation

BOUND = {
    "mayors": ("B1 1.1 (a)", "Borgmestrene"),
    "one_seat": ("B1 1.1 (b)", "Mindst én plads"),
    "proportional": ("B1 1.0, B1 1.1 (c)", "Stemmeandelen"),
}
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


def integer(value: int) -> str:
    """12345 → '12.345' (Danish thousands separator)."""
    return f"{value:,}".replace(",", ".")


def decimal(value: Fraction, places: int) -> str:
    """Exact, rounded half up, with a decimal comma: Fraction(1, 3), 4 → '0,3333'."""
    scaled = value * 10**places
    whole = int(scaled + Fraction(1, 2)) if scaled >= 0 else -int(-scaled + Fraction(1, 2))
    sign, digits = ("-" if whole < 0 else ""), str(abs(whole)).rjust(places + 1, "0")
    head, tail = digits[: len(digits) - places], digits[len(digits) - places :]
    return f"{sign}{integer(int(head))}{',' + tail if places else ''}"


def percent(value: Fraction | None, places: int = 2) -> str:
    return "" if value is None else f"{decimal(value * 100, places)} %"


def composition_table(calc: Calculation, snapshot=None) -> dict:
    """Rows per unit, the local lists, totals, the size and cap summary, lots, and the confirmation."""
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
        "summary": _summary(calc),
        "lots": [f"Plads {lot.seat}: lod mellem {join_names(lot.tied)} – faldt på {lot.chosen}." for lot in c.lots],
        "cap_exceeded": c.cap_exceeded and calc.has_cap,
        "legend": LEGEND,
        "has_official": bool(official) and None not in official.values(),
        "confirmed": _confirmed(snapshot),
        "official_note": snapshot.official_note if snapshot else "",
    }


def _row(calc: Calculation, unit, official: dict) -> dict:
    party = calc.parties[unit.id]
    seats_by_kl = official.get(party.pk)
    rule, text = BOUND.get(unit.bound_by, ("KL's love § 15 stk. 2", _not_entitled(calc, unit)))
    return {
        "letter": party.letter,
        "name": party.name,
        "kind": party.get_kind_display(),
        "entitled": unit.entitled,
        "votes": integer(unit.votes),
        "valid_vote_share": percent(unit.valid_vote_share),
        "vote_share": percent(unit.vote_share),
        "mayors": unit.mayors,
        "seats": unit.seats,
        "supplementary": unit.supplementary,
        "seat_share": percent(unit.seat_share),
        "underrepresentation": "" if unit.underrepresentation is None else decimal(unit.underrepresentation, 4),
        "rule": rule,
        "bound_by": text,
        "official": "" if seats_by_kl is None else seats_by_kl,
        "difference": "" if seats_by_kl is None or seats_by_kl == unit.seats else f"{seats_by_kl - unit.seats:+d}",
    }


def _not_entitled(calc: Calculation, unit) -> str:
    threshold = f"{decimal(calc.threshold_pct, 2).removesuffix(',00')} %"
    if unit.votes * 100 < calc.threshold_pct * calc.valid_votes or unit.votes == 0:
        return f"Ikke berettiget: under {threshold}"
    return "Ikke berettiget: intet mandat"


def _local(calc: Calculation) -> dict | None:
    if not calc.local.names:
        return None
    return {
        "names": ", ".join(calc.local.names),
        "votes": integer(calc.local.votes),
        "valid_vote_share": percent(Fraction(calc.local.votes, calc.valid_votes)),
        "mayors": calc.local.mayors,
    }


def _totals(calc: Calculation, rows: list[dict]) -> dict:
    units = calc.composition.units.values()
    return {
        "votes": integer(calc.valid_votes),
        "mayors": sum(u.mayors for u in units) + calc.local.mayors,
        "seats": calc.composition.total,
        "supplementary": sum(u.supplementary for u in units),
        "official": sum(row["official"] or 0 for row in rows) + calc.local.mayors,
    }


def _summary(calc: Calculation) -> list[tuple[str, str, str]]:
    """(what, number, rule) lines explaining the size."""
    c = calc.composition
    outside = c.total - c.entitled_seats
    threshold_votes = -(-calc.threshold_pct * calc.valid_votes // 100)
    threshold = f"{decimal(calc.threshold_pct, 2).removesuffix(',00')} %"
    cap = (
        f"{calc.cap_factor} × {calc.municipalities} kommuner = {c.cap}" if calc.has_cap else "Intet loft i regelsættet"
    )
    uncapped = integer(c.uncapped_total - outside)
    return [
        ("KL-medlemskommuner i regionen", str(calc.municipalities), "B1 1.0"),
        ("Gyldige stemmer i regionen", integer(calc.valid_votes), "KL's love § 15 stk. 2"),
        (
            "Spærregrænse",
            f"{threshold} = mindst {integer(int(threshold_votes))} stemmer og ét mandat",
            "KL's love § 15 stk. 2",
        ),
        (
            "Størrelse uden loft",
            f"{integer(c.uncapped_total)} ({uncapped} + {outside} borgmestre uden for beregningen)",
            "B1 1.0",
        ),
        ("Loft", cap, "B1 1.1"),
        ("Pladser til berettigede partier", integer(c.entitled_seats), "B1 1.1"),
        ("Medlemmer i alt", integer(c.total), "B1 1.0-1.1"),
    ]


def _confirmed(snapshot) -> dict | None:
    if snapshot is None:
        return None
    with translation.override("da"):
        when = formats.date_format(timezone.localtime(snapshot.confirmed_at), r"j. F Y \k\l. H.i")
    by = snapshot.confirmed_by
    return {"at": when, "by": (by.get_full_name() or by.username) if by else "system"}


def render_pdf(table: dict) -> bytes:
    """The composition table as PDF (WeasyPrint; rendered in the request, it is one page or two)."""
    import weasyprint  # slow to import; only this view needs it

    html = render_to_string("pdf/elections_composition.html", {"doc": table})
    return weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
