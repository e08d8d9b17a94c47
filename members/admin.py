"""Django admin for KL admins: reference data, rule sets (with validation and history) and the roster."""

from django.contrib import admin, messages
from django.db import transaction
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.Council)
class CouncilAdmin(GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "region", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "council", "is_kl_member"]
    list_filter = ["council", "is_kl_member"]
    search_fields = ["name", "code"]


@admin.register(models.Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["letter", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "letter"]


@admin.register(models.RuleSet)
class RuleSetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "in_force_from", "proposal_deadline_days", "agenda_notice_days", "cap_factor"]
    actions = ["copy_rule_set"]
    fieldsets = [
        (None, {"fields": ["name", "source", "in_force_from"]}),
        (
            "Møder (FO 3)",
            {
                "fields": [
                    "meetings_per_year",
                    ("extra_meeting_numerator", "extra_meeting_denominator"),
                    "proposal_deadline_days",
                    "agenda_notice_days",
                    ("quorum_numerator", "quorum_denominator"),
                    "casting_vote",
                ]
            },
        ),
        (
            "Sammensætning og konstituering (Bilag 1)",
            {
                "fields": [
                    "cap_factor",
                    "entitlement_threshold_pct",
                    "alliance_declaration_weekdays",
                    ("constituent_deadline_month", "constituent_deadline_day"),
                    "long_absence_months",
                    "substitute_same_party",
                ]
            },
        ),
        (
            "Hverdage (politik)",
            {
                "fields": [
                    "closed_on_constitution_day",
                    "closed_on_christmas_eve",
                    "closed_on_new_years_eve",
                ]
            },
        ),
    ]

    @admin.action(description="Kopiér valgte regelsæt (til en ny valgperiode)")
    def copy_rule_set(self, request, queryset):
        with transaction.atomic():
            for rule_set in queryset:
                rule_set.pk = None
                rule_set.name = f"{rule_set.name} (kopi)"
                rule_set.save()
        messages.success(request, f"{queryset.count()} regelsæt kopieret.")


@admin.register(models.ElectionPeriod)
class ElectionPeriodAdmin(SimpleHistoryAdmin):
    list_display = ["name", "starts_on", "ends_on", "election_on", "rule_set"]


@admin.register(models.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "party", "email"]
    list_filter = ["municipality__council", "party"]
    search_fields = ["name", "email"]
    raw_id_fields = ["user"]


class DatedAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "starts_on", "ends_on"]


for model in (
    models.MunicipalOffice,
    models.Membership,
    models.SubstituteAssignment,
    models.Leave,
    models.ChairRole,
    models.Observer,
):
    admin.site.register(model, DatedAdmin)


@admin.register(models.SeatEntitlement)
class SeatEntitlementAdmin(SimpleHistoryAdmin):
    list_display = ["council", "period", "party", "is_entitled", "seats", "mayors", "source"]
    list_filter = ["council", "period"]


@admin.register(models.Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "council", "kind", "rule", "created_at", "resolved_at"]
    list_filter = ["council", "kind", "resolved_at"]
