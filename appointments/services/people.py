"""People who are not politicians (business, union and knowledge-institution representatives, observers):
added by a council's secretariat for the seats that are not political (FO 3.8 keeps the political seats for
municipal council members, so they are eligible for no other)."""

from __future__ import annotations

from django.db import transaction

from kkr.errors import RuleViolation
from kkr.history import save_with_history
from members.models import Person

from ..models import Representative


@transaction.atomic
def add_representative(council, *, name: str, organisation: str, kind: str, email: str = "", actor) -> Representative:
    """A person with a name, an organisation and an e-mail, eligible only for non-political seats. The same
    name in the same organisation twice in one council is refused: it is the same person."""
    name, organisation = name.strip(), organisation.strip()
    if not name or not organisation:
        raise RuleViolation("Skriv navn og organisation.")
    twin = Representative.objects.filter(
        council=council, person__name__iexact=name, organisation__iexact=organisation
    ).first()
    if twin is not None:
        raise RuleViolation(f"{twin} er allerede tilføjet; vælg personen i listen.")
    person = save_with_history(Person(name=name, email=email.strip()), actor, "Repræsentant tilføjet (ikke politiker)")
    representative = Representative(person=person, council=council, kind=kind, organisation=organisation)
    return save_with_history(representative, actor, f"Repræsentant for {organisation}")
