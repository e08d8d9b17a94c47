"""Django admin for KL admins: meetings and everything under them, with history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models


class AgendaItemInline(admin.TabularInline):
    model = models.AgendaItem
    fields = ["position", "kind", "title", "is_closed"]
    extra = 0


@admin.register(models.Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "council", "kind", "starts_at", "status"]
    list_filter = ["council", "kind", "status"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]


@admin.register(models.ItemProposal)
class ItemProposalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "proposer", "meeting", "received_at", "is_in_time", "status"]
    list_filter = ["status", "is_in_time"]


@admin.register(models.Publication)
class PublicationAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "kind", "audience", "version", "state", "requested_at"]
    list_filter = ["kind", "audience", "state"]
    readonly_fields = ["content"]


@admin.register(models.ExtraordinaryRequest)
class ExtraordinaryRequestAdmin(SimpleHistoryAdmin):
    list_display = ["membership", "requested_at", "meeting", "handled_at"]
    list_filter = ["membership__council"]


@admin.register(models.StandingItem)
class StandingItemAdmin(SimpleHistoryAdmin):
    list_display = ["title", "council", "placement", "order", "kind"]
    list_filter = ["council", "placement"]


@admin.register(models.CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["person", "created_at"]
    exclude = ["token"]  # the secret stays with its owner; renewing is done in the portal
    readonly_fields = ["person", "created_at"]


for model in (models.AgendaItem, models.Attachment, models.AbsenceNotice, models.Attendance, models.Vote):
    admin.site.register(model, SimpleHistoryAdmin)
