"""Django admin for KL admins: imported results and confirmed compositions, read with their history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


class PartyResultInline(admin.TabularInline):
    model = models.PartyResult
    extra = 0
    fields = ["municipality", "party", "letter", "votes", "council_seats"]
    raw_id_fields = ["party"]


@admin.register(models.ElectionResultSet)
class ElectionResultSetAdmin(SimpleHistoryAdmin):
    list_display = ["council", "period", "imported_at", "imported_by", "source_name"]
    list_filter = ["council", "period"]
    inlines = [PartyResultInline]


class CompositionLineInline(admin.TabularInline):
    model = models.CompositionLine
    extra = 0
    fields = ["party", "is_entitled", "votes", "mayors", "seats", "bound_by", "official_seats"]
    readonly_fields = ["party", "is_entitled", "votes", "mayors", "seats", "bound_by"]


@admin.register(models.CompositionSnapshot)
class CompositionSnapshotAdmin(SimpleHistoryAdmin):
    list_display = ["result_set", "total", "cap", "confirmed_at", "confirmed_by"]
    inlines = [CompositionLineInline]


class AllianceDeclarationInline(admin.TabularInline):
    model = models.AllianceDeclaration
    extra = 0
    fields = ["received_at", "recorded_by", "note"]
    readonly_fields = ["received_at", "recorded_by"]


@admin.register(models.ConstituentMeeting)
class ConstituentMeetingAdmin(SimpleHistoryAdmin):
    list_display = ["council", "period", "meeting", "convener"]
    list_filter = ["council", "period"]
    raw_id_fields = ["meeting", "convener"]
    inlines = [AllianceDeclarationInline]


@admin.register(models.ChairElection)
class ChairElectionAdmin(SimpleHistoryAdmin):
    list_display = ["constituent", "state", "chair_party", "vice_chair_party", "confirmed_at"]
    readonly_fields = ["lots", "result", "chair_role", "vice_chair_role", "run_at", "confirmed_at", "confirmed_by"]
