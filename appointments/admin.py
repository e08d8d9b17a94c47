"""Django admin for KL admins: bodies and seats are admin-edited reference data (with history); appointments
and elections are shown with their history (changes go through the secretariat's pages and the services)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


class SeatInline(admin.TabularInline):
    model = models.Seat
    extra = 0
    fields = ["council", "period", "order", "label", "is_political", "is_chair", "nominated_by"]


@admin.register(models.Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "term", "has_personal_substitutes", "ends_on"]
    list_filter = ["kind", "term", "councils"]
    search_fields = ["name", "key"]
    filter_horizontal = ["councils"]
    inlines = [SeatInline]


@admin.register(models.Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["person", "seat", "role", "method", "starts_on", "ends_on", "end_reason", "voided_at"]
    list_filter = ["seat__council", "seat__body", "role", "method"]
    search_fields = ["person__name", "seat__body__name"]
    raw_id_fields = ["seat", "person", "meeting", "agenda_item", "election", "voided_by"]

    def get_queryset(self, request):
        # The admin shows voided rows too (with their reason); every page of the app leaves them out.
        return models.Appointment.with_voided.all()

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is deleted: an end is a date and a reason


@admin.register(models.Election)
class ElectionAdmin(SimpleHistoryAdmin):
    list_display = ["body", "meeting", "kind", "state", "is_unanimous_departure"]
    list_filter = ["kind", "state"]
    readonly_fields = ["candidates", "rounds", "groups", "lots", "result"]
    raw_id_fields = ["meeting", "agenda_item", "body", "seats"]

    def has_delete_permission(self, request, obj=None):
        return False
