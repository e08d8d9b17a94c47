"""What the appointment models share: a check constraint for a choice field."""

from django.db import models
from django.db.models import Q


def _choice(field: str, choices, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": [value for value, _ in choices]}), name=name)
