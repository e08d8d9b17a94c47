"""Keeping people up to date in the app: contact details, title and municipality, each change in
the person's history (who, when) like every membership change."""

from django.db import transaction

from kkr.errors import RuleViolation
from kkr.history import save_with_history

from ..models import Person

EDITABLE = ("name", "title", "email", "phone", "municipality")


@transaction.atomic
def update_person(person: Person, *, actor, **changes) -> list[str]:
    """Apply ``changes`` (only the fields in ``EDITABLE``); returns the names of the fields that changed.
    Nothing changed: nothing saved (no empty history row)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise RuleViolation(f"Feltet kan ikke ændres her: {', '.join(sorted(unknown))}.")
    if "name" in changes and not (changes["name"] or "").strip():
        raise RuleViolation("En person skal have et navn.")
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = [name for name, value in changes.items() if getattr(person, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(person, name, changes[name])
    labels = [str(Person._meta.get_field(name).verbose_name) for name in changed]
    save_with_history(person, actor, "Rettet: " + ", ".join(labels))
    return changed
