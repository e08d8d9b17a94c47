"""Files on the media storage that no row names: a write that failed before its row was committed (a
worker killed between the two, a database lost at the commit). Every ``FileField`` of every model counts,
found through ``apps.get_models()``, and so does each model's history (django-simple-history keeps a
replaced or removed bilag's name, and the file with it): a file the history names is never an orphan.

Only files older than a limit are reported, so a render or upload still between its write and its commit is
not taken for one."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone


@dataclass(frozen=True)
class Orphan:
    name: str
    size: int
    modified: datetime


def file_fields() -> list[tuple[type[models.Model], str]]:
    """(model, field name) of every file field, and of each history model's copy of it (a text field)."""
    found = []
    for model in apps.get_models():
        tracked = getattr(model, "instance_type", None)  # a django-simple-history model: its original
        for field in (tracked or model)._meta.get_fields():
            if isinstance(field, models.FileField):
                found.append((model, field.name))
    return found


def named_files() -> set[str]:
    names = set()
    for model, field in file_fields():
        names.update(model._default_manager.exclude(**{field: ""}).values_list(field, flat=True).distinct())
    names.discard(None)
    return names


def stored_files(storage=default_storage, folder: str = "") -> Iterator[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # no media folder yet: nothing was ever stored
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_files(storage, f"{folder}/{sub}" if folder else sub)


def find(min_age: timedelta, *, now=None, storage=default_storage) -> list[Orphan]:
    """The files older than ``min_age`` that no row names, in name order. The names are read first: a file
    written after that is younger than any sensible limit."""
    now = now or timezone.now()
    named = named_files()
    orphans = []
    for name in stored_files(storage):
        if name in named:
            continue
        modified = storage.get_modified_time(name)
        if now - modified >= min_age:
            orphans.append(Orphan(name, storage.size(name), modified))
    return sorted(orphans, key=lambda orphan: orphan.name)


def summary(orphans: list[Orphan]) -> str:
    size = sum(orphan.size for orphan in orphans)
    return f"{len(orphans)} filer på lageret nævnes ikke af nogen række ({size} byte)."
