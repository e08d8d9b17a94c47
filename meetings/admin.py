"""Django admin for KL admins: meetings and everything under them, with history."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from . import models
from .services.bilag import check_upload


class ServiceOnlyAdmin(SimpleHistoryAdmin):
    """Rows only the meetings services change, because they check the rules (quorum, versions, seats): shown
    read-only here; "Vis på websted" opens the meeting's page, where the secretariat's forms are."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_view_on_site_url(self, obj=None):
        if isinstance(obj, models.Meeting):
            return obj.get_absolute_url()
        meeting = getattr(obj, "meeting", None) or getattr(getattr(obj, "item", None), "meeting", None)
        return meeting.get_absolute_url() if meeting is not None else None


class AgendaItemInline(admin.TabularInline):
    model = models.AgendaItem
    fields = ["position", "kind", "title", "is_closed", "public_title"]
    extra = 0


@admin.register(models.Meeting)
class MeetingAdmin(ServiceOnlyAdmin):
    """Planned, moved and cancelled on the staff pages (``services.planning``): the period follows the meeting
    day and the calendars' SEQUENCE goes up, which an edit here would skip."""

    list_display = ["__str__", "council", "period", "kind", "starts_at", "status"]
    list_filter = ["council", "period", "kind", "status"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]


@admin.register(models.ItemProposal)
class ItemProposalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "proposer", "meeting", "received_at", "is_in_time", "status"]
    list_filter = ["status", "is_in_time"]


@admin.register(models.Publication)
class PublicationAdmin(ServiceOnlyAdmin):
    list_display = [
        "meeting",
        "kind",
        "audience",
        "version",
        "state",
        "requested_at",
        "attempts",
        "lease_until",
        "notified_at",
    ]
    list_filter = ["kind", "audience", "state", "is_draft"]


@admin.register(models.Vote)
class VoteAdmin(ServiceOnlyAdmin):
    list_display = ["item", "subject", "votes_for", "votes_against", "abstentions", "is_adopted", "recorded_at"]


@admin.register(models.Attendance)
class AttendanceAdmin(ServiceOnlyAdmin):
    list_display = ["meeting", "person", "capacity", "membership", "is_present"]
    list_filter = ["meeting__council", "capacity", "is_present"]


@admin.register(models.PresenceSpan)
class PresenceSpanAdmin(ServiceOnlyAdmin):
    list_display = ["attendance", "from_position", "until_position", "arrived_at", "left_at"]
    list_filter = ["attendance__meeting__council"]


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

    def has_add_permission(self, request):
        return False  # a feed is made by its owner in the member portal (a token nobody else has seen)


class AttachmentAdminForm(forms.ModelForm):
    class Meta:
        model = models.Attachment
        fields = ["item", "title", "file", "size"]

    def clean_file(self):
        """A file uploaded here is stored without its active content, as one uploaded on the item page."""
        file = self.cleaned_data["file"]
        if "file" not in self.changed_data:
            return file
        return check_upload(file).file  # refused in Danish (ValidationError), as on the item page


@admin.register(models.Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    form = AttachmentAdminForm

    def save_model(self, request, obj, form, change):
        if "file" in form.changed_data:
            obj.size = obj.file.size
        super().save_model(request, obj, form, change)


for model in (models.AgendaItem, models.AbsenceNotice):
    admin.site.register(model, SimpleHistoryAdmin)
