"""Reading a municipal election's results from CSV into checked rows, with every problem in Danish.

Columns (header row; `;` or `,`; UTF-8 or Windows-1252; docs/elections-app.md has a sample):
`kommunekode`, `bogstav`, `parti`, `stemmer`, `mandater`, `borgmester` and optionally `art`.
One row per list per municipality. `borgmester` is `ja`/`x`/`1` on the row of the list whose candidate
became mayor after the constitution, else empty; each KL member municipality of the council needs
exactly one. A municipality's valid votes are the sum of its rows (put votes for candidates outside the
lists on a row of their own, e.g. "Uden for partierne").

How a row's party is found (decision, docs/elections-app.md): `art` = `lokalliste` → by name, else a new
local list. Otherwise by letter (the national parties' letters are fixed), then by name; an unknown party
becomes a new local list unless `art` says `landsparti` (needs a letter) or `listesamarbejde`. Local
lists keep their ballot letter on the result row only: the same letter means different lists in
different municipalities.

`parse_results` only reads (two queries: municipalities, parties); the service creates what it reports.
"""

import re
from dataclasses import dataclass, field

from kkr.csvfiles import PreviewVerdict, csv_reader
from members.models import Council, Municipality, Party

# The columns' ranges (PartyResult.votes, .council_seats, .letter; Party.name): larger values are refused.
MAX_VOTES = 2**31 - 1
MAX_SEATS = 32767
MAX_LETTER = 3
MAX_PARTY_NAME = 150
REQUIRED = ("kommunekode", "bogstav", "parti", "stemmer", "mandater", "borgmester")
KINDS = {
    "landsparti": Party.Kind.NATIONAL,
    "listesamarbejde": Party.Kind.LIST_COOPERATION,
    "lokalliste": Party.Kind.LOCAL_LIST,
}
YES, NO = {"ja", "x", "1"}, {"", "nej", "0"}
MAX_ROWS = 5000
THOUSANDS = re.compile(r"[0-9]{1,3}(\.[0-9]{3})+")  # 12.345 (Danish thousands separator)


@dataclass
class NewParty:
    """A party the import will create (shown in the preview)."""

    name: str
    letter: str
    kind: str

    @property
    def kind_label(self) -> str:
        return Party.Kind(self.kind).label


@dataclass
class ResultRow:
    """One checked CSV line. `party` is an existing Party or a NewParty; `problems` are Danish messages."""

    line: int
    code: str
    letter: str
    party_name: str
    votes: int | None = None
    council_seats: int | None = None
    is_mayor: bool = False
    municipality: Municipality | None = None
    party: Party | NewParty | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def counts(self) -> bool:
        """Rows of KL member municipalities of the council count; others are listed but left out."""
        return self.municipality is not None and self.municipality.is_kl_member


@dataclass
class ParsedResults(PreviewVerdict):
    council: Council
    rows: list[ResultRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    new_parties: list[NewParty] = field(default_factory=list)

    def counted_rows(self) -> list[ResultRow]:
        return [row for row in self.rows if row.counts]


def parse_results(text: str, council: Council) -> ParsedResults:
    """Read and check the CSV text for `council`; never raises on bad input, it reports it."""
    result = ParsedResults(council=council)
    reader = csv_reader(text)
    header = [name.strip().lower() for name in (next(reader, None) or [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        result.problems.append(
            f"Filen mangler kolonnerne: {', '.join(missing)}. Første linje skal være overskrifterne."
        )
        return result
    municipalities = {m.code: m for m in Municipality.objects.select_related("council")}
    resolver = _PartyResolver(list(Party.objects.all()))
    for line, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(result.rows) >= MAX_ROWS:
            result.problems.append(f"Filen har mere end {MAX_ROWS} rækker.")
            break
        cells = dict(zip(header, (value.strip() for value in values), strict=False))
        result.rows.append(_row(line, cells, municipalities, resolver, council))
    if not result.rows:
        result.problems.append("Filen indeholder ingen resultatrækker.")
    result.new_parties = resolver.created
    _check_duplicates(result.rows)
    _check_municipalities(result, municipalities.values())
    return result


def _row(line, cells, municipalities, resolver, council) -> ResultRow:
    row = ResultRow(
        line=line, code=cells.get("kommunekode", ""), letter=cells.get("bogstav", ""), party_name=cells.get("parti", "")
    )
    row.municipality = municipalities.get(row.code.zfill(4) if row.code.isdigit() else row.code)
    if row.municipality is None:
        row.problems.append(f"Ukendt kommunekode «{row.code}».")
    elif row.municipality.council_id != council.pk:
        row.problems.append(f"{row.municipality.name} ({row.municipality.code}) hører ikke under {council.name}.")
        row.municipality = None
    if len(row.party_name) > MAX_PARTY_NAME:
        row.problems.append(f"Partiets navn er {len(row.party_name)} tegn langt; højst {MAX_PARTY_NAME} tegn.")
        row.party_name = row.party_name[:MAX_PARTY_NAME]
    if len(row.letter) > MAX_LETTER:
        row.problems.append(f"Listebogstavet «{row.letter[:10]}» er for langt; højst {MAX_LETTER} tegn.")
        row.letter = row.letter[:MAX_LETTER]
    row.votes = _count(cells.get("stemmer", ""), "Stemmetallet", row.problems, maximum=MAX_VOTES)
    row.council_seats = _count(cells.get("mandater", ""), "Antallet af mandater", row.problems, maximum=MAX_SEATS)
    mayor = cells.get("borgmester", "").lower()
    if mayor not in YES | NO:
        row.problems.append(f"Kolonnen borgmester skal være «ja» eller tom, ikke «{cells['borgmester']}».")
    row.is_mayor = mayor in YES
    if row.is_mayor and row.council_seats == 0:
        row.problems.append("Borgmesterens liste skal have mindst ét mandat i kommunalbestyrelsen.")
    row.party = resolver.resolve(row, cells.get("art", "").lower())
    return row


def _count(value: str, what: str, problems: list[str], *, maximum: int) -> int | None:
    """A whole number of ASCII digits (not "²" or other Unicode digits) within the column's range."""
    cleaned = value.replace(".", "") if THOUSANDS.fullmatch(value) else value
    if not (cleaned.isascii() and cleaned.isdigit()):
        problems.append(f"{what} «{value[:20]}» er ikke et helt tal på mindst 0.")
        return None
    if len(cleaned) > 12 or int(cleaned) > maximum:
        problems.append(f"{what} «{value[:20]}» er for stort; højst {maximum:,}.".replace(",", "."))
        return None
    return int(cleaned)


class _PartyResolver:
    """Finds a row's party by the rule in the module doc; remembers the parties it will create."""

    def __init__(self, parties: list[Party]):
        self.by_letter = {p.letter.upper(): p for p in parties if p.letter}
        self.by_name = {p.name.casefold(): p for p in parties}
        self.created: list[NewParty] = []

    def resolve(self, row: ResultRow, kind_text: str) -> Party | NewParty | None:
        if kind_text and kind_text not in KINDS:
            row.problems.append(
                f"Kolonnen art skal være landsparti, listesamarbejde eller lokalliste, ikke «{kind_text}»."
            )
            return None
        if not row.party_name and not (kind_text != "lokalliste" and row.letter.upper() in self.by_letter):
            row.problems.append("Partiets navn mangler.")
            return None
        kind = KINDS.get(kind_text, Party.Kind.LOCAL_LIST)
        if kind_text != "lokalliste" and row.letter.upper() in self.by_letter:
            return self.by_letter[row.letter.upper()]
        if row.party_name.casefold() in self.by_name:
            return self.by_name[row.party_name.casefold()]
        if kind == Party.Kind.NATIONAL and not row.letter:
            row.problems.append(f"Det nye landsparti «{row.party_name}» skal have et bogstav.")
            return None
        new = NewParty(name=row.party_name, letter=row.letter.upper() if kind == Party.Kind.NATIONAL else "", kind=kind)
        self.created.append(new)
        self.by_name[new.name.casefold()] = new
        if new.letter:
            self.by_letter[new.letter] = new
        return new


def _check_duplicates(rows: list[ResultRow]) -> None:
    seen: dict[tuple, int] = {}
    for row in rows:
        if row.municipality is None or row.party is None:
            continue
        key = (row.municipality.pk, id(row.party))
        if key in seen:
            row.problems.append(f"{row.party.name} i {row.municipality.name} står allerede i linje {seen[key]}.")
        else:
            seen[key] = row.line


def _check_municipalities(result: ParsedResults, municipalities) -> None:
    """Every KL member municipality of the council is in the file with exactly one mayor (B1 1.0 (a))."""
    council = result.council
    for row in result.rows:
        if row.municipality is not None and not row.municipality.is_kl_member:
            result.notices.append(f"Linje {row.line}: {row.municipality.name} er ikke medlem af KL og tælles ikke med.")
    members = sorted((m for m in municipalities if m.council_id == council.pk and m.is_kl_member), key=str)
    for municipality in members:
        rows = [row for row in result.rows if row.municipality == municipality]
        mayors = [row.line for row in rows if row.is_mayor]
        if not rows:
            result.problems.append(f"{municipality.name} ({municipality.code}) mangler i filen.")
        elif not mayors:
            result.problems.append(f"{municipality.name}: ingen borgmester angivet (kolonnen borgmester).")
        elif len(mayors) > 1:
            lines = " og ".join(str(n) for n in mayors)
            result.problems.append(
                f"{municipality.name}: borgmester angivet i flere linjer ({lines}); der er én pr. kommune."
            )
