"""Importing a council's municipal politicians (checked by ``members.importing``): people and their
municipal offices, in one transaction, with the acting user in the history. A file with any problem
changes nothing."""

from dataclasses import dataclass

from django.db import transaction

from kkr.errors import RuleViolation

from ..importing import ParsedOffices
from ..models import MunicipalOffice, Person
from .common import save

REASON = "Import af kommunalbestyrelsesmedlemmer (CSV)"


@dataclass(frozen=True)
class ImportSummary:
    people_created: int
    offices_created: int
    rows_unchanged: int

    @property
    def message(self) -> str:
        return (
            f"{self.people_created} nye personer og {self.offices_created} hverv er registreret; "
            f"{self.rows_unchanged} rækker var allerede registreret."
        )


@transaction.atomic
def import_offices(parsed: ParsedOffices, *, actor) -> ImportSummary:
    """Create the new people and offices the checked file reports (B1 1.0: they drive eligibility and the
    mayor's substitute chain, B1 1.2). An existing person's e-mail and party are filled in only when empty."""
    if not parsed.is_valid:
        raise RuleViolation("Filen har fejl, og intet er indlæst; ret filen og vælg den igen", rule="B1 1.0")
    people = offices = unchanged = 0
    for row in parsed.rows:
        if not row.new_kinds:
            unchanged += 1
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
                mayor_since=(row.mayor_since or parsed.starts_on) if kind == MunicipalOffice.Kind.MAYOR else None,
            )
            save(office, actor, REASON)
            offices += 1
    return ImportSummary(people, offices, unchanged)


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
