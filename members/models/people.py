"""People and their municipal offices (council member, mayor, deputy mayors), all dated."""

from datetime import date
from functools import cache

from django.conf import settings
from django.db import connection, models
from django.db.models import Q
from django.db.models.sql import Query
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .reference import Municipality, Party


class Person(models.Model):
    """A municipal politician who is, was or may become a member, substitute or appointee."""

    name = models.CharField("navn", max_length=200)
    title = models.CharField("titel", max_length=200, blank=True, help_text="Fx 'Borgmester' eller 'Rådmand'.")
    birth_on = models.DateField("fødselsdato", null=True, blank=True)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("telefon", max_length=30, blank=True)
    municipality = models.ForeignKey(
        Municipality, models.PROTECT, related_name="people", verbose_name="kommune", null=True, blank=True
    )
    party = models.ForeignKey(Party, models.PROTECT, related_name="people", verbose_name="parti", null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="person", verbose_name="login"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "person"
        verbose_name_plural = "personer"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The person's page in the council of their municipality (one query unless it is loaded)."""
        if self.municipality_id is None:
            return None
        return reverse("portal:person-detail", args=[self.municipality.council.slug, self.pk])


def open_on(on) -> Q:
    """Rows not ended before ``on`` (an open end, or an end on or after the day); ``on`` may be an expression
    (``OuterRef("day")``)."""
    return Q(ends_on__isnull=True) | Q(ends_on__gte=on)


def current_on(on) -> Q:
    """The one definition of "current on a day" for every dated row (``starts_on`` / ``ends_on``; an open end is
    current): started on or before ``on`` and not ended before it. ``on`` may be an expression."""
    return Q(starts_on__lte=on) & open_on(on)


def is_open(row, on) -> bool:
    """``open_on`` for a row already loaded (the one spelling in Python): not ended before ``on``."""
    return row.ends_on is None or row.ends_on >= on


class DatedQuerySet(models.QuerySet):
    """Named queries shared by every dated row (``starts_on`` / ``ends_on``; an open end is current)."""

    def current(self, on):
        return self.filter(current_on(on))


_PROBE = date(1901, 2, 3)  # a day no row holds: stands for the parameter while the condition is compiled


@cache
def _condition_sql(model, condition, alias: str) -> str:
    query = Query(model)
    query.add_q(condition(_PROBE))
    compiler = query.get_compiler(connection=connection)
    sql, params = query.where.as_sql(compiler, connection)
    probe = model._meta.get_field("starts_on").get_db_prep_value(_PROBE, connection)
    if "%(" in sql or any(param != probe for param in params) or sql.count("%s") != len(params):
        raise ValueError(f"Uventet SQL for {condition.__name__}: {sql} {params}")
    qualified = f"{compiler.quote_name_unless_alias(model._meta.db_table)}."
    return sql.replace(qualified, f"{alias}.").replace("%s", "%(on)s")


def current_sql(model, alias: str) -> str:
    """``current_on`` as SQL over the table alias ``alias``, the day as the named parameter ``%(on)s``: the raw
    queries (``members.rosterrows``, ``members.permissions.roles_sql``) compile the ORM's condition instead of
    writing it again."""
    return _condition_sql(model, current_on, alias)


def open_sql(model, alias: str) -> str:
    """``open_on`` as SQL over ``alias`` (``%(on)s``), as ``current_sql``."""
    return _condition_sql(model, open_on, alias)


def choice_in(field: str, choices: type[models.Choices], *, prefix: str, blank: bool = False) -> models.CheckConstraint:
    """The column holds one of the choices (and "" when ``blank``), whatever writes to it."""
    values = ["", *choices.values] if blank else list(choices.values)
    return models.CheckConstraint(condition=Q(**{f"{field}__in": values}), name=f"{prefix}_{field}_valid")


def dates_in_order(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")), name=f"{prefix}_ends_after_start"
    )


class OfficeKind(models.TextChoices):
    COUNCIL_MEMBER = "council_member", "Kommunalbestyrelsesmedlem"
    MAYOR = "mayor", "Borgmester"
    DEPUTY_MAYOR_1 = "deputy_mayor_1", "1. viceborgmester"
    DEPUTY_MAYOR_2 = "deputy_mayor_2", "2. viceborgmester"


class MunicipalOffice(models.Model):
    """A dated municipal office; drives eligibility (FO 3.8) and the mayor's substitute chain (B1 1.2)."""

    Kind = OfficeKind

    person = models.ForeignKey(Person, models.PROTECT, related_name="offices", verbose_name="person")
    municipality = models.ForeignKey(Municipality, models.PROTECT, related_name="offices", verbose_name="kommune")
    kind = models.CharField("hverv", max_length=20, choices=Kind.choices)
    party = models.ForeignKey(
        Party, models.PROTECT, related_name="offices", null=True, blank=True, verbose_name="parti"
    )
    starts_on = models.DateField("fra")
    ends_on = models.DateField("til", null=True, blank=True)
    mayor_since = models.DateField(
        "borgmester uafbrudt siden", null=True, blank=True, help_text="Bruges til at finde indkalder (B1 1.3)."
    )
    history = HistoricalRecords()
    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "kind", "starts_on"]
        verbose_name = "kommunalt hverv"
        verbose_name_plural = "kommunale hverv"
        constraints = [
            dates_in_order("office"),
            choice_in("kind", OfficeKind, prefix="office"),
            models.UniqueConstraint(
                fields=["municipality", "kind"],
                condition=Q(ends_on__isnull=True) & ~Q(kind="council_member"),
                name="office_one_current_mayor_or_deputy_per_municipality",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {self.municipality}: {self.person}"
