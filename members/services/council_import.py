"""A new council for a new period from one CSV: its members, their parties, the mayors and the
personal substitutes, with a full preview and an all-or-nothing apply like the other imports.

Columns (header row; `;` or `,`; UTF-8 or Windows-1252): ``kommunekode``, ``navn``, ``parti`` (letter),
``rolle`` (``borgmester``, ``medlem`` or ``stedfortræder``), ``stedfortræder for`` (the member's name, on a
substitute's row) and optionally ``email``. ``parse_council`` only reads and reports every problem in
Danish; ``apply_council`` creates people and municipal offices where missing, then the seats through
``add_member`` (B1 1.0) and the substitutes through ``assign_substitute`` (B1 1.2), in one transaction: a
rule the services refuse rolls everything back and is shown with its rule id.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from kkr.csvfiles import PreviewVerdict, csv_reader
from kkr.errors import RuleViolation
from kkr.formats import format_date
from kkr.history import save_with_history

from ..models import ElectionPeriod, Membership, Municipality, MunicipalOffice, Party, Person
from ..queries import before_taking_office
from .enrolment import add_member
from .substitutes import assign_substitute

ROLES = {"borgmester": "mayor", "medlem": "member", "stedfortræder": "substitute", "stedfortraeder": "substitute"}
ROLE_LABELS = {"mayor": "Borgmester", "member": "Partivalgt medlem", "substitute": "Personlig stedfortræder"}
COLUMNS = ("kommunekode", "navn", "parti", "rolle", "stedfortræder for")
REASON = "B1 1.0, nyt råd fra CSV"
MAX_ROWS = 500


@dataclass
class CouncilRow:
    line: int
    code: str
    name: str
    party_text: str
    role_text: str
    substitute_for: str
    email: str
    municipality: Municipality | None = None
    party: Party | None = None
    role: str = ""
    person: Person | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role_text)


@dataclass
class ParsedCouncil(PreviewVerdict):
    council: object
    starts_on: date
    rows: list[CouncilRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def seats(self) -> list[CouncilRow]:
        return [row for row in self.rows if row.role in ("mayor", "member")]

    @property
    def substitutes(self) -> list[CouncilRow]:
        return [row for row in self.rows if row.role == "substitute"]


def parse_council(text: str, council, *, starts_on: date) -> ParsedCouncil:
    result = ParsedCouncil(council, starts_on)
    lines = list(csv_reader(text))
    if not lines:
        result.problems.append("Filen er tom.")
        return result
    header = [cell.strip().lower() for cell in lines[0]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        result.problems.append(f"Overskriftslinjen mangler kolonnen {', '.join(missing)}.")
        return result
    if len(lines) - 1 > MAX_ROWS:
        result.problems.append(f"Filen har mere end {MAX_ROWS} rækker.")
        return result
    towns = {m.code: m for m in council.municipalities.all()}
    parties = {p.letter.upper(): p for p in Party.objects.exclude(letter="")}
    people = {(p.name.casefold(), p.municipality_id): p for p in Person.objects.filter(municipality__in=towns.values())}
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = dict(zip(header, [cell.strip() for cell in cells], strict=False))
        result.rows.append(_row(number, values, towns, parties, people))
    _check_file(result, council)
    return result


def _row(number, values, towns, parties, people) -> CouncilRow:
    row = CouncilRow(
        number,
        values.get("kommunekode", "").zfill(3) if values.get("kommunekode") else "",
        " ".join(values.get("navn", "").split()),
        values.get("parti", ""),
        values.get("rolle", ""),
        " ".join(values.get("stedfortræder for", "").split()),
        values.get("email", ""),
    )
    row.municipality = towns.get(row.code) or towns.get(row.code.zfill(4))
    if row.municipality is None:
        row.problems.append(f"Kommunekoden «{row.code}» hører ikke til rådets kommuner.")
    if not row.name:
        row.problems.append("Navnet mangler.")
    row.party = parties.get(row.party_text.upper())
    if row.party is None:
        row.problems.append(f"Partibogstavet «{row.party_text}» kendes ikke.")
    row.role = ROLES.get(row.role_text.lower(), "")
    if not row.role:
        row.problems.append(f"Rollen «{row.role_text}» kendes ikke; skriv borgmester, medlem eller stedfortræder.")
    if row.role == "substitute" and not row.substitute_for:
        row.problems.append("Skriv i «stedfortræder for», hvilket medlem personen er stedfortræder for.")
    if row.role != "substitute" and row.substitute_for:
        row.problems.append("Kun en stedfortræders række kan have «stedfortræder for».")
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            row.problems.append(f"E-mailen «{row.email}» er ikke gyldig.")
    if row.municipality is not None:
        row.person = people.get((row.name.casefold(), row.municipality.pk))
    return row


def _check_file(result: ParsedCouncil, council) -> None:
    seen, members = {}, {}
    for row in result.rows:
        if row.name.casefold() in seen:
            row.problems.append(f"{row.name} står også i linje {seen[row.name.casefold()]}.")
        seen.setdefault(row.name.casefold(), row.line)
        if row.role in ("mayor", "member"):
            members[row.name.casefold()] = row
    mayors = {}
    for row in result.seats:
        if row.role == "mayor" and row.municipality is not None:
            if row.municipality.pk in mayors:
                row.problems.append(
                    f"{row.municipality.name} har allerede en borgmester i linje {mayors[row.municipality.pk]}."
                )
            mayors.setdefault(row.municipality.pk, row.line)
    for town in council.municipalities.all():
        if town.pk not in mayors:
            result.problems.append(f"Borgmesteren for {town.name} mangler (B1 1.0: borgmestrene er født medlemmer).")
    taken = {}
    for row in result.substitutes:
        member = members.get(row.substitute_for.casefold())
        if member is None:
            row.problems.append(f"«{row.substitute_for}» er ikke medlem i filen.")
        elif member.name.casefold() in taken:
            row.problems.append(
                f"{member.name} har allerede en stedfortræder i linje {taken[member.name.casefold()]} (B1 1.2)."
            )
        elif member.role == "member" and member.party and row.party and member.party != row.party:
            row.problems.append(
                f"Stedfortræderen for et partivalgt medlem skal være fra samme parti ({member.party}) (B1 1.2)."
            )
        elif member.role == "mayor" and member.municipality != row.municipality:
            row.problems.append("Borgmesterens stedfortræder skal være fra samme kommune (B1 1.2).")
        if member is not None:
            taken.setdefault(member.name.casefold(), row.line)
    period = ElectionPeriod.objects.containing(result.starts_on).first()
    if period is not None and (problem := before_taking_office(council, period, result.starts_on)):
        result.problems.append(f"{problem} (B1 1.3)")
    elif Membership.objects.current(result.starts_on).filter(council=council).exists():
        result.problems.append(
            f"{council.name} har allerede medlemmer den {format_date(result.starts_on)}; "
            "et nyt råd indlæses kun i en tom periode."
        )


@dataclass(frozen=True)
class CouncilSummary:
    members: int
    substitutes: int
    new_people: int

    @property
    def message(self) -> str:
        return (
            f"Rådet er oprettet: {self.members} medlemmer og {self.substitutes} stedfortrædere "
            f"({self.new_people} nye personer)."
        )


@transaction.atomic
def apply_council(parsed: ParsedCouncil, *, actor) -> CouncilSummary:
    """All or nothing: any refusal by the membership services rolls back every row."""
    if not parsed.is_valid:
        raise RuleViolation("Filen har fejl, og intet er indlæst; ret filen og vælg den igen", rule="B1 1.0")
    people, new = {}, 0
    for row in parsed.rows:
        person = row.person or Person.objects.filter(name__iexact=row.name, municipality=row.municipality).first()
        if person is None:
            person = save_with_history(
                Person(name=row.name, municipality=row.municipality, party=row.party, email=row.email), actor, REASON
            )
            new += 1
        _offices(person, row, parsed.starts_on, actor)
        people[row.name.casefold()] = person
    seats = {}
    for row in sorted(parsed.seats, key=lambda r: r.role != "mayor"):
        seats[row.name.casefold()] = add_member(
            parsed.council, person=people[row.name.casefold()], starts_on=parsed.starts_on, actor=actor
        )
    for row in parsed.substitutes:
        assign_substitute(
            seats[row.substitute_for.casefold()], people[row.name.casefold()], starts_on=parsed.starts_on, actor=actor
        )
    return CouncilSummary(len(seats), len(parsed.substitutes), new)


def _offices(person, row, starts_on, actor):
    kinds = [MunicipalOffice.Kind.COUNCIL_MEMBER] + ([MunicipalOffice.Kind.MAYOR] if row.role == "mayor" else [])
    current = MunicipalOffice.objects.current(starts_on).filter(person=person, municipality=row.municipality)
    have = set(current.values_list("kind", flat=True))
    for kind in kinds:
        if kind not in have:
            office = MunicipalOffice(
                person=person,
                municipality=row.municipality,
                kind=kind,
                party=row.party,
                starts_on=starts_on,
                mayor_since=starts_on if kind == MunicipalOffice.Kind.MAYOR else None,
            )
            save_with_history(office, actor, REASON)
