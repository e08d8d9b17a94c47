"""Reading a council's municipal politicians from CSV into checked rows, with every problem in Danish.

Columns (a header row; `;` or `,`; UTF-8 with or without BOM, else Windows-1252; the format and the
accepted spellings are in docs/membership.md, a sample in docs/members-import-sample.csv):
`kommunekode`, `navn`, `parti`, `hverv` and optionally `email` and `til` (the offices' last day: the row's
offices end then, existing ones included, FO 3.8). One row per person: a mayor's or deputy mayor's row is
also their seat in the municipal council.

A row's person is an existing ``Person`` with the same name (case and spacing aside) and the same
municipality, else a new one. An office the person already holds from the start date on is not created
again, so importing the same file twice changes nothing the second time.

``parse_offices`` only reads (four queries: municipalities, parties, the council's people, their offices);
``members.services.import_offices`` creates what it reports. Nothing here raises on bad input: it reports it.
"""

import csv
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from kkr.csvfiles import PreviewVerdict, csv_reader
from kkr.formats import format_date

from .models import Council, Municipality, MunicipalOffice, Party, Person, is_open, open_on

MAX_UPLOAD_BYTES = 1024 * 1024
MAX_ROWS = 2000
Kind = MunicipalOffice.Kind
COLUMNS = {  # canonical name → accepted header spellings (compared case-insensitively)
    "kommunekode": ("kommunekode", "kommunenr", "kommunenummer"),
    "navn": ("navn",),
    "parti": ("parti", "partibogstav", "bogstav"),
    "hverv": ("hverv",),
    "email": ("email", "e-mail", "mail"),
    "til": ("til", "slutdato", "sidste dag"),
}
REQUIRED = ("kommunekode", "navn", "parti", "hverv")
OFFICES = {  # spellings, compared without case, spaces, dots and hyphens (see _key)
    "kommunalbestyrelsesmedlem": Kind.COUNCIL_MEMBER,
    "medlemafkommunalbestyrelsen": Kind.COUNCIL_MEMBER,
    "byrådsmedlem": Kind.COUNCIL_MEMBER,
    "medlem": Kind.COUNCIL_MEMBER,
    "borgmester": Kind.MAYOR,
    "1viceborgmester": Kind.DEPUTY_MAYOR_1,
    "førsteviceborgmester": Kind.DEPUTY_MAYOR_1,
    "2viceborgmester": Kind.DEPUTY_MAYOR_2,
    "andenviceborgmester": Kind.DEPUTY_MAYOR_2,
}
POSTS = (Kind.MAYOR, Kind.DEPUTY_MAYOR_1, Kind.DEPUTY_MAYOR_2)  # one current holder per municipality
OFFICE_HELP = "kommunalbestyrelsesmedlem, borgmester, 1. viceborgmester eller 2. viceborgmester"


@dataclass
class OfficeRow:
    """One checked CSV line. ``person`` is the existing person it matches (None: a new person);
    ``new_kinds`` the offices to create; ``problems`` and ``notes`` are Danish."""

    line: int
    code: str
    name: str
    party_text: str
    office_text: str
    email: str
    municipality: Municipality | None = None
    party: Party | None = None
    kind: str | None = None
    person: Person | None = None
    new_kinds: list[str] = field(default_factory=list)
    ends_on: date | None = None  # the ``til`` column: the row's offices end that day (FO 3.8)
    ending: list[MunicipalOffice] = field(default_factory=list)  # existing offices to end or correct
    mayor_since: date | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label if self.kind else self.office_text


@dataclass
class ParsedOffices(PreviewVerdict):
    council: Council
    starts_on: date
    rows: list[OfficeRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def new_people(self) -> int:
        return sum(1 for row in self.rows if row.person is None)

    @property
    def new_offices(self) -> int:
        return sum(len(row.new_kinds) for row in self.rows)

    @property
    def ended_offices(self) -> int:
        return sum(len(row.ending) for row in self.rows)


def parse_offices(text: str, council: Council, *, starts_on: date) -> ParsedOffices:
    """Read and check the CSV text for ``council``, offices from ``starts_on``."""
    result = ParsedOffices(council=council, starts_on=starts_on)
    lines = _lines(text.lstrip("\ufeff"), result)
    if lines is None:
        return result
    lookups = _Lookups(council, starts_on)
    for line, cells in lines:
        result.rows.append(_row(line, cells, lookups, result))
    if not result.rows and not result.problems:
        result.problems.append("Filen indeholder ingen rækker med kommunalbestyrelsesmedlemmer.")
    _check_duplicates(result.rows)
    return result


def _lines(text, result):
    """(line number, {column: value}) for every non-empty line; None when the header is unusable."""
    reader = csv_reader(text)
    try:
        header = [_column(name) for name in next(reader, [])]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            result.problems.append(
                f"Filen mangler kolonnerne: {', '.join(missing)}. Første linje skal være overskrifterne "
                "kommunekode;navn;parti;hverv;email."
            )
            return None
        lines = []
        for values in reader:
            if any(value.strip() for value in values):
                if len(lines) >= MAX_ROWS:
                    result.problems.append(f"Filen har mere end {MAX_ROWS} rækker.")
                    break
                lines.append((reader.line_num, dict(zip(header, (v.strip() for v in values), strict=False))))
    except csv.Error as error:
        result.problems.append(f"Filen kan ikke læses som CSV (linje {reader.line_num}): {error}.")
        return None
    return lines


def _column(name: str) -> str:
    key = name.strip().casefold()
    return next((column for column, spellings in COLUMNS.items() if key in spellings), key)


def _key(text: str) -> str:
    return re.sub(r"[\s.\-_]", "", text.casefold())


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


class _Lookups:
    """Municipalities, parties, the council's people and their offices (four queries)."""

    def __init__(self, council: Council, starts_on: date):
        self.council, self.starts_on = council, starts_on
        self.municipalities = {m.code: m for m in Municipality.objects.all()}
        parties = list(Party.objects.all())
        self.by_letter = {p.letter.upper(): p for p in parties if p.letter}
        self.by_name = {p.name.casefold(): p for p in parties}
        self.people: dict[tuple, list[Person]] = {}
        for person in Person.objects.filter(municipality__council=council).select_related("party"):
            self.people.setdefault((person.municipality_id, _name_key(person.name)), []).append(person)
        day_before = starts_on - timedelta(days=1)
        self.offices = list(
            MunicipalOffice.objects.filter(open_on(day_before))
            .filter(municipality__council=council)
            .select_related("person")
        )

    def running(self, **match) -> list[MunicipalOffice]:
        """Offices still running on or after the start date that match ``match`` (attribute values)."""
        return [
            o for o in self.offices if is_open(o, self.starts_on) and all(getattr(o, k) == v for k, v in match.items())
        ]


def _row(line, cells, lookups, result) -> OfficeRow:
    row = OfficeRow(
        line=line,
        code=cells.get("kommunekode", ""),
        name=" ".join(cells.get("navn", "").split()),
        party_text=cells.get("parti", ""),
        office_text=cells.get("hverv", ""),
        email=cells.get("email", ""),
    )
    _check_municipality(row, lookups)
    if not row.name:
        row.problems.append("Navnet mangler.")
    elif len(row.name) > 200:
        row.problems.append("Navnet er for langt (højst 200 tegn).")
    _check_party(row, lookups)
    _check_office(row)
    _check_email(row)
    _check_end(row, cells.get("til", ""), lookups.starts_on)
    if row.municipality and row.name and row.kind:
        _match_person(row, lookups)
    return row


def _check_municipality(row, lookups):
    code = row.code.zfill(4) if row.code.isdigit() else row.code
    municipality = lookups.municipalities.get(code)
    if not row.code:
        row.problems.append("Kommunekoden mangler.")
    elif municipality is None:
        row.problems.append(f"Ukendt kommunekode «{row.code}».")
    elif municipality.council_id != lookups.council.pk:
        row.problems.append(f"{municipality.name} ({municipality.code}) hører ikke under {lookups.council.name}.")
    else:
        row.municipality = municipality


def _check_party(row, lookups):
    """By letter, else by the party's full name (local lists have no letter); empty: outside the parties."""
    text = row.party_text
    if text:
        row.party = lookups.by_letter.get(text.upper()) or lookups.by_name.get(text.casefold())
        if row.party is None:
            row.problems.append(f"Ukendt partibogstav «{text}» (brug bogstavet eller partiets fulde navn).")


def _check_office(row):
    key = _key(row.office_text)
    row.kind = OFFICES.get(key)
    if not key:
        row.problems.append(f"Hvervet mangler; skriv {OFFICE_HELP}.")
    elif key == "viceborgmester":
        row.problems.append("Skriv «1. viceborgmester» eller «2. viceborgmester».")
    elif row.kind is None:
        row.problems.append(f"Ukendt hverv «{row.office_text}»; brug {OFFICE_HELP}.")


def _check_end(row, text, starts_on):
    """The ``til`` column: empty, or a last day (ÅÅÅÅ-MM-DD or DD.MM.ÅÅÅÅ) on or after the start date."""
    if not text:
        return
    match = re.fullmatch(r"(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})", text)
    try:
        row.ends_on = date(*map(int, match.groups()[::-1])) if match else date.fromisoformat(text)
    except ValueError:
        row.problems.append(f"Ugyldig slutdato «{text}» (skriv fx 2026-08-31 eller 31.08.2026).")
        return
    if row.ends_on < starts_on:
        row.problems.append(
            f"Slutdatoen {format_date(row.ends_on)} ligger før hvervene gælder fra ({format_date(starts_on)})."
        )


def _check_email(row):
    if not row.email:
        return
    try:
        validate_email(row.email)
    except ValidationError:
        row.problems.append(f"Ugyldig e-mailadresse «{row.email}».")


def _match_person(row, lookups):
    """The existing person by name and municipality; the offices to create; a post held by someone else."""
    found = lookups.people.get((row.municipality.pk, _name_key(row.name)), [])
    if len(found) > 1:
        row.problems.append(f"Der er {len(found)} personer ved navn {row.name} i {row.municipality.name}.")
        return
    row.person = found[0] if found else None
    wanted = [row.kind] if row.kind == Kind.COUNCIL_MEMBER else [row.kind, Kind.COUNCIL_MEMBER]
    held = (
        {o.kind for o in lookups.running(person_id=row.person.pk, municipality_id=row.municipality.pk)}
        if row.person
        else set()
    )
    row.new_kinds = [kind for kind in wanted if kind not in held]
    if row.ends_on is not None and row.person:
        running = lookups.running(person_id=row.person.pk, municipality_id=row.municipality.pk)
        row.ending = [o for o in running if o.kind in wanted and o.ends_on != row.ends_on]
        for office in (o for o in row.ending if o.starts_on > row.ends_on):
            row.problems.append(
                f"{office.get_kind_display()} begynder {format_date(office.starts_on)}, efter slutdatoen."
            )
    if row.ends_on is not None:
        row.notes.append(f"Hvervet slutter {format_date(row.ends_on)} (sidste dag).")
    if row.person and not row.new_kinds and not row.ending:
        row.notes.append("Hvervet er allerede registreret; intet ændres.")
    if row.kind in POSTS:
        _check_post_holder(row, lookups)
    if row.person:
        _note_differences(row)


def _check_post_holder(row, lookups):
    """One mayor and one of each deputy per municipality (the offices' database constraint)."""
    label = Kind(row.kind).label.lower()
    for office in lookups.running(municipality_id=row.municipality.pk, kind=row.kind):
        if row.person is None or office.person_id != row.person.pk:
            row.problems.append(
                f"{row.municipality.name} har allerede {label} {office.person} "
                f"(fra {format_date(office.starts_on)}); afslut det hverv først."
            )
    if row.kind == Kind.MAYOR and row.person:
        ended = [
            o
            for o in lookups.offices
            if o.person_id == row.person.pk
            and o.kind == Kind.MAYOR
            and o.ends_on == lookups.starts_on - timedelta(days=1)
        ]
        if ended:
            row.mayor_since = ended[0].mayor_since or ended[0].starts_on


def _note_differences(row):
    person = row.person
    row.notes.append(f"Findes allerede (person nr. {person.pk}).")
    if row.party and person.party_id and person.party_id != row.party.pk:
        row.notes.append(f"Registreret parti {person.party} bevares på personen; hvervet får {row.party}.")
    if row.email and person.email and person.email.casefold() != row.email.casefold():
        row.notes.append(f"Registreret e-mail {person.email} bevares.")


def _check_duplicates(rows: list[OfficeRow]) -> None:
    """One line per person, and one mayor and one of each deputy per municipality in the file."""
    people: dict[tuple, int] = {}
    posts: dict[tuple, int] = {}
    for row in rows:
        if row.municipality is None:
            continue
        person_key = (row.municipality.pk, _name_key(row.name))
        if row.name and person_key in people:
            row.problems.append(
                f"{row.name} i {row.municipality.name} står allerede i linje {people[person_key]}; "
                "skriv én linje pr. person."
            )
        people.setdefault(person_key, row.line)
        if row.kind in POSTS:
            post_key = (row.municipality.pk, row.kind)
            if post_key in posts:
                row.problems.append(
                    f"{row.municipality.name} har allerede en {Kind(row.kind).label.lower()} i linje "
                    f"{posts[post_key]}; der er én pr. kommune."
                )
            posts.setdefault(post_key, row.line)
