"""Django admin for KL admins: reference data, rule sets (with validation and history) and the roster.
Memberships, substitutes, leaves, chair roles, observers and follow-ups are read-only here: only the
membership services change them, so every change passes its rule; the admin links to the app's page."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from guardian.admin import GuardedModelAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from kkr.errors import RuleViolation
from kkr.formats import format_date

from . import models
from .services import rules


@admin.register(models.Council)
class CouncilAdmin(GuardedModelAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "region", "slug", "publishes_roster"]
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


IN_USE_MESSAGE = (
    "Regelsættet gælder for møder og kan ikke ændres: regler virker ikke tilbage i tid. Nye regler fra en dato i "
    "valgperioden: handlingen «Ny version fra dato» under Valgperioder. Kopiér regelsættet (handlingen «Kopiér "
    "regelsæt» i listen) til en ny valgperiode."
)
PERIOD_IN_USE_MESSAGE = (
    "Valgperioden har møder: dens datoer og første regelsæt kan ikke ændres, for så ville de afholdte møder blive "
    "bedømt efter andre regler. Nye regler fra en dato i perioden: vælg perioden i listen og handlingen «Ny "
    "version fra dato»."
)


def governs_meetings(rule_set) -> bool:
    """True when a meeting falls under ``rule_set``: a period that starts with it has meetings, or a period
    has a meeting on or after the day a version with it takes effect (``Meeting.period``, reverse name
    ``meetings``; a lookup by name, not an import: members stays below meetings)."""
    if rule_set is None:
        return False
    if models.ElectionPeriod.objects.filter(rule_set=rule_set, meetings__isnull=False).exists():
        return True
    return any(
        version.period.meetings.filter(starts_at__gte=rules.start_of(version.takes_effect_on)).exists()
        for version in rule_set.versions.select_related("period")
    )


def period_has_meetings(period) -> bool:
    return period is not None and models.ElectionPeriod.objects.filter(pk=period.pk, meetings__isnull=False).exists()


@admin.register(models.RuleSet)
class RuleSetAdmin(SimpleHistoryAdmin):
    """Rule sets are not retroactive: one that governs a period with meetings is shown read-only; KL copies it."""

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
                    "quorum_base",
                    "casting_vote",
                    "proposal_right_every_meeting",
                    "proposal_in_writing",
                    "closed_item_titles_public",
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
                    "deputy_mayor_replaces_relieved_mayor",
                    "party_change_rules",
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

    def has_change_permission(self, request, obj=None):
        """Shown read-only (Django's view page) while it governs a period with meetings; a POST gets 403."""
        return not governs_meetings(obj) and super().has_change_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if governs_meetings(self.get_object(request, object_id)):
            messages.warning(request, IN_USE_MESSAGE)
        return super().change_view(request, object_id, form_url, extra_context)

    def has_delete_permission(self, request, obj=None):
        return not governs_meetings(obj) and super().has_delete_permission(request, obj)

    @admin.action(description="Kopiér regelsæt (til en ny valgperiode eller version)")
    def copy_rule_set(self, request, queryset):
        """An editable copy of each selected rule set, governing no period until one is given it."""
        copies = []
        with transaction.atomic():
            for rule_set in queryset:
                original = rule_set.name
                rule_set.pk = None
                rule_set.name = rules.unused_name(f"{original} (kopi)")
                rule_set._history_user = request.user
                rule_set.save()
                copies.append(rule_set.name)
        messages.success(request, f"Kopieret: {', '.join(copies)}. Kopien kan redigeres og knyttes til en valgperiode.")


class NewVersionForm(forms.Form):
    takes_effect_on = forms.DateField(
        label="Træder i kraft",
        help_text="Møder fra og med denne dag bedømmes efter den nye version; tidligere møder beholder den gamle.",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class RuleSetVersionInline(admin.TabularInline):
    """The period's versions, oldest first, as history: made by the action only, never edited or deleted here."""

    model = models.RuleSetVersion
    fields = ["takes_effect_on", "rule_set"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.ElectionPeriod)
class ElectionPeriodAdmin(SimpleHistoryAdmin):
    """A period with meetings keeps its dates and rule set (the meetings are judged under them)."""

    list_display = ["name", "starts_on", "ends_on", "election_on", "rule_set", "rules_changed_on"]
    actions = ["new_rule_version"]
    inlines = [RuleSetVersionInline]

    @admin.action(description="Ny version fra dato (regler ændret i valgperioden)")
    def new_rule_version(self, request, queryset):
        """Asks for the day on a page of its own, then copies the rules in force that day into a new version
        (``services.rules.add_rule_version``) whose numbers the admin then edits; a refusal shows why and
        keeps the typed day."""
        if queryset.count() != 1:
            messages.error(request, "Vælg én valgperiode ad gangen.")
            return None
        period = queryset.get()
        form = NewVersionForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                version = rules.add_rule_version(period, form.cleaned_data["takes_effect_on"], actor=request.user)
            except RuleViolation as error:
                form.add_error("takes_effect_on", str(error))
            else:
                url = reverse("admin:members_ruleset_change", args=[version.rule_set.pk])
                messages.success(
                    request,
                    format_html(
                        'Ny version af reglerne for {} fra {}: <a href="{}">{}</a>. Ret tallene i den nye version.',
                        period,
                        format_date(version.takes_effect_on),
                        url,
                        version.rule_set,
                    ),
                )
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": f"Ny version af reglerne fra dato: {period}",
            "period": period,
            "versions": period.rule_versions.select_related("rule_set").order_by("takes_effect_on"),
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/members/electionperiod/new_rule_version.html", context)

    def get_readonly_fields(self, request, obj=None):
        if period_has_meetings(obj):
            return ["starts_on", "ends_on", "rule_set"]
        return super().get_readonly_fields(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if period_has_meetings(self.get_object(request, object_id)):
            messages.warning(request, PERIOD_IN_USE_MESSAGE)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(models.Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "municipality", "party", "email"]
    list_filter = ["municipality__council", "party"]
    search_fields = ["name", "email"]
    raw_id_fields = ["user"]


class DatedAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "starts_on", "ends_on"]


admin.site.register(models.MunicipalOffice, DatedAdmin)


@admin.register(models.SeatEntitlement)
class SeatEntitlementAdmin(SimpleHistoryAdmin):
    list_display = ["council", "period", "party", "is_entitled", "seats", "mayors", "source"]
    list_filter = ["council", "period"]


class ServiceOnlyAdmin(SimpleHistoryAdmin):
    """Rows only the membership services may change (each change checks its rule, SPEC §2): the admin shows
    them and their history, and links to the council's page where the secretariat's forms make changes."""

    council_path = "council"
    app_page = "members:roster-detail"
    subtitle = "Kun visning: ændringer registreres i KKR-sekretariatets formularer, som anvender reglerne."

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Ændres i appen")
    def app_link(self, obj):
        council = obj
        for step in self.council_path.split("__"):
            council = getattr(council, step)
        url = reverse(self.app_page, args=[council.slug])
        return format_html('<a href="{}">{}</a>', url, f"{council}: sekretariatets side")

    def get_list_display(self, request):
        return [*super().get_list_display(request), "app_link"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "app_link"]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"subtitle": self.subtitle, **(extra_context or {})})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(
            request, object_id, form_url, {"subtitle": self.subtitle, **(extra_context or {})}
        )


@admin.register(models.Membership)
class MembershipAdmin(ServiceOnlyAdmin):
    list_display = ["__str__", "kind", "starts_on", "ends_on", "end_reason"]
    list_filter = ["council", "period", "kind"]
    list_select_related = ["person", "council"]


@admin.register(models.SubstituteAssignment)
class SubstituteAssignmentAdmin(ServiceOnlyAdmin):
    list_display = ["__str__", "starts_on", "ends_on", "end_reason"]
    list_filter = ["membership__council"]
    list_select_related = ["person", "membership__person", "membership__council"]
    council_path = "membership__council"


@admin.register(models.Leave)
class LeaveAdmin(ServiceOnlyAdmin):
    list_display = ["__str__", "status", "starts_on", "ends_on"]
    list_filter = ["membership__council", "kind", "status"]
    list_select_related = ["membership__person", "membership__council"]
    council_path = "membership__council"


@admin.register(models.ChairRole)
class ChairRoleAdmin(ServiceOnlyAdmin):
    list_display = ["__str__", "is_temporary", "starts_on", "ends_on"]
    list_filter = ["council", "role"]
    list_select_related = ["membership__person", "council"]


@admin.register(models.Observer)
class ObserverAdmin(ServiceOnlyAdmin):
    list_display = ["__str__", "starts_on", "ends_on"]
    list_filter = ["council"]
    list_select_related = ["person", "council"]


@admin.register(models.Action)
class ActionAdmin(ServiceOnlyAdmin):
    list_display = ["title", "council", "kind", "rule", "created_at", "resolved_at"]
    list_filter = ["council", "kind", "resolved_at"]
    list_select_related = ["council"]
    app_page = "portal:council-dashboard"
