"""Django admin for KL admins: imported results, confirmed compositions and constituent meetings, read with
their history.

Their rows change only through the elections services (import, lot, confirmation, KL's numbers, the
constituent meeting's steps), which check the rules and record the acting user; the admin shows them
read-only and links to the app's page ("Vis på websted")."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


class ReadOnlyMixin:
    """Rows only the services change: view (and history) only; no add, change or delete in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PartyResultInline(ReadOnlyMixin, admin.TabularInline):
    model = models.PartyResult
    extra = 0
    fields = ["municipality", "party", "letter", "votes", "council_seats"]


class MunicipalityResultInline(ReadOnlyMixin, admin.TabularInline):
    model = models.MunicipalityResult
    extra = 0
    fields = ["municipality", "valid_votes", "mayor_party"]


@admin.register(models.ElectionResultSet)
class ElectionResultSetAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["council", "period", "imported_at", "imported_by", "source_name"]
    list_filter = ["council", "period"]
    inlines = [MunicipalityResultInline, PartyResultInline]


class CompositionLineInline(ReadOnlyMixin, admin.TabularInline):
    model = models.CompositionLine
    extra = 0
    fields = ["party", "is_entitled", "votes", "mayors", "seats", "bound_by", "official_seats"]


@admin.register(models.CompositionSnapshot)
class CompositionSnapshotAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["result_set", "total", "cap", "confirmed_at", "confirmed_by"]
    inlines = [CompositionLineInline]

    def view_on_site(self, obj):
        return obj.result_set.get_absolute_url()


class AllianceDeclarationInline(ReadOnlyMixin, admin.TabularInline):
    model = models.AllianceDeclaration
    extra = 0
    fields = ["received_at", "recorded_by", "note"]


@admin.register(models.ConstituentMeeting)
class ConstituentMeetingAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["council", "period", "meeting", "convener"]
    list_filter = ["council", "period"]
    inlines = [AllianceDeclarationInline]


@admin.register(models.ChairElection)
class ChairElectionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ["constituent", "state", "chair_party", "vice_chair_party", "confirmed_at"]
    list_filter = ["state"]

    def view_on_site(self, obj):
        return obj.constituent.get_absolute_url()
