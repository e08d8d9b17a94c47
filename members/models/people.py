"""People and their municipal offices (council member, mayor, deputy mayors), all dated."""

from django.conf import settings
from django.db import models
from django.db.models import Q
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


class DatedQuerySet(models.QuerySet):
    """Named queries shared by every dated row (``starts_on`` / ``ends_on``; an open end is current)."""

    def current(self, on):
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)


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
