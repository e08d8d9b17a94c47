"""Database constraints that only PostgreSQL can hold, declared once on the model for every backend.

"One holder per seat on any day" is an exclusion constraint over the key and the date range
(``btree_gist``). SQLite (dev mode) has no exclusion constraints: there the constraint writes no SQL and
validates nothing, and the service's own range check is the guard."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.db import models

__all__ = ["DateRangeFunc", "PostgresExclusionConstraint", "RangeOperators", "dated_range"]


class DateRangeFunc(models.Func):
    """``daterange(starts_on, ends_on, '[]')``: both days included; a NULL end is open-ended."""

    function = "DATERANGE"
    output_field = DateRangeField()


def dated_range(starts: str = "starts_on", ends: str = "ends_on") -> DateRangeFunc:
    """The days a dated row covers, the last day included (``ends_on`` is a last day throughout)."""
    return DateRangeFunc(starts, ends, RangeBoundary(inclusive_lower=True, inclusive_upper=True))


class PostgresExclusionConstraint(ExclusionConstraint):
    """An ``ExclusionConstraint`` that is a no-op on every other backend (no SQL, no model validation)."""

    @staticmethod
    def _on_postgres(connection) -> bool:
        return connection.vendor == "postgresql"

    def constraint_sql(self, model, schema_editor):
        return super().constraint_sql(model, schema_editor) if self._on_postgres(schema_editor.connection) else None

    def create_sql(self, model, schema_editor):
        return super().create_sql(model, schema_editor) if self._on_postgres(schema_editor.connection) else None

    def remove_sql(self, model, schema_editor):
        return super().remove_sql(model, schema_editor) if self._on_postgres(schema_editor.connection) else None

    def validate(self, model, instance, exclude=None, using="default"):
        from django.db import connections

        if self._on_postgres(connections[using]):
            super().validate(model, instance, exclude=exclude, using=using)
