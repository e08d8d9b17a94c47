"""Importing a council's municipal politicians (checked by ``members.importing``): people and their
municipal offices, in one transaction, with the acting user in the history. A file with any problem
changes nothing."""

from dataclasses import dataclass

from django.db import transaction

from kkr.errors import RuleViolation
from kkr.formats import format_date

from ..importing import ParsedOffices
from ..models import MunicipalOffice, Person
from .common import save
from .offices import ask_for_departure

REASON = "Import af kommunalbestyrelsesmedlemmer (CSV)"


@dataclass(frozen=True)
class ImportSummary:
    people_created: int
    offices_created: int
    rows_unchanged: int
    offices_ended: int = 0

    @property
    def message(self) -> str:
        ended = f"; {self.offices_ended} hverv er afsluttet" if self.offices_ended else ""
        return (
            f"{self.people_created} nye personer og {self.offices_created} hverv er registreret{ended}; "
            f"{self.rows_unchanged} rækker var allerede registreret."
        )


@transaction.atomic
def import_offices(parsed: ParsedOffices, *, actor) -> ImportSummary:
    """Create the new people and offices the checked file reports (B1 1.0: they drive eligibility and the
    mayor's substitute chain, B1 1.2). An existing person's e-mail and party are filled in only when empty."""
    if not parsed.is_valid:
        raise RuleViolation("Filen har fejl, og intet er indlæst; ret filen og vælg den igen", rule="B1 1.0")
    people = offices = unchanged = ended = 0
    for row in parsed.rows:
        ended += _end_offices(row, actor)
        if not row.new_kinds:
            unchanged += 0 if row.ending else 1
            continue
        person, created = _person(row, actor)
        people += created
        for kind in row.new_kinds:
            office = MunicipalOffice(
                person=person,
                municipality=row.municipality,
                kind=kind,
                party=row.party,
                starts_on=parsed.starts_on,
                ends_on=row.ends_on,
                mayor_since=(row.mayor_since or parsed.starts_on) if kind == MunicipalOffice.Kind.MAYOR else None,
            )
            save(office, actor, REASON)
            offices += 1
    return ImportSummary(people, offices, unchanged, ended)


def _end_offices(row, actor) -> int:
    """The ``til`` column (FO 3.8): the row's existing offices end, or have their last day corrected, that day."""
    for office in row.ending:
        office.ends_on = row.ends_on
        save(office, actor, f"{REASON}: sidste dag {format_date(row.ends_on)}")
        ask_for_departure(office.person, row.ends_on, actor)
    return len(row.ending)


def _person(row, actor) -> tuple[Person, bool]:
    person = row.person
    if person is None:
        person = Person(name=row.name, municipality=row.municipality, party=row.party, email=row.email)
        return save(person, actor, REASON), True
    missing_email = bool(row.email and not person.email)
    missing_party = bool(row.party and person.party_id is None)
    if missing_email:
        person.email = row.email
    if missing_party:
        person.party = row.party
    if missing_email or missing_party:
        save(person, actor, REASON)
    return person, False
