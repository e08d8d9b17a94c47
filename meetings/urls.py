from django.urls import path

from .feeds import PublicationFeed, meeting_calendar, personal_calendar
from .views import portal, public, publishing, sitting, staff, standing, votes

app_name = "meetings"

STAFF = "kkr/<slug:slug>/sekretariat/moeder/"
MEMBER = "kkr/<slug:slug>/medlem/moeder/"
PUBLIC = "kkr/<slug:slug>/moeder/"

urlpatterns = [
    # Secretariat
    path(STAFF, staff.meeting_list, name="meeting-list"),
    path(f"{STAFF}<int:pk>/", staff.meeting_detail, name="meeting-detail"),
    path(f"{STAFF}<int:pk>/aflys/", staff.meeting_cancel, name="meeting-cancel"),
    path(f"{STAFF}<int:pk>/punkter/", staff.item_create, name="item-create"),
    path(f"{STAFF}<int:pk>/faste-punkter/", standing.standing_items_insert, name="standing-items-insert"),
    path(f"{STAFF}<int:pk>/offentliggoer/", publishing.publish, {"kind": "agenda"}, name="agenda-publish"),
    path(f"{STAFF}<int:pk>/tillaeg/", publishing.publish, {"kind": "supplement"}, name="supplement-publish"),
    path(
        f"{STAFF}<int:pk>/forhaandsvisning/<str:kind>/<str:audience>.pdf",
        publishing.preview,
        name="publication-preview",
    ),
    path(f"{STAFF}<int:pk>/dokumenter/", staff.publication_list, name="publication-list"),
    path(f"{STAFF}<int:pk>/moedet/", sitting.meeting_sitting, name="meeting-sitting"),
    path(f"{STAFF}<int:pk>/fremmoede/", sitting.attendance_update, name="attendance-update"),
    path(f"{STAFF}<int:pk>/fremmoede/alle/", sitting.attendance_all_present, name="attendance-all-present"),
    path(f"{STAFF}<int:pk>/fremmoede/ankomst-afgang/", sitting.attendance_movement, name="attendance-movement"),
    path(f"{STAFF}<int:pk>/afbud/", sitting.absence_register, name="absence-register"),
    path(f"{STAFF}<int:pk>/afbud/tilbage/", sitting.absence_withdraw, name="absence-withdraw"),
    path(f"{STAFF}<int:pk>/referat/genaabn/", sitting.minutes_reopen, name="minutes-reopen"),
    path(f"{STAFF}<int:pk>/referat/godkend/", sitting.minutes_approve, name="minutes-approve"),
    path(f"{STAFF}<int:pk>/referat/sekretariatet/", sitting.staff_present_update, name="staff-present-update"),
    path(f"{STAFF}<int:pk>/referat/offentliggoer/", publishing.publish, {"kind": "minutes"}, name="minutes-publish"),
    path(f"{STAFF}punkter/<int:pk>/", staff.item_update, name="item-update"),
    path(f"{STAFF}punkter/<int:pk>/flyt/", staff.item_move, name="item-move"),
    path(f"{STAFF}punkter/<int:pk>/slet/", staff.item_delete, name="item-delete"),
    path(f"{STAFF}punkter/<int:pk>/udsaet/", staff.item_postpone, name="item-postpone"),
    path(f"{STAFF}punkter/<int:pk>/bilag/", staff.attachment_create, name="attachment-create"),
    path(f"{STAFF}bilag/<int:pk>/slet/", staff.attachment_delete, name="attachment-delete"),
    path(f"{STAFF}bilag/<int:pk>/udskift/", staff.attachment_replace, name="attachment-replace"),
    path(f"{STAFF}punkter/<int:pk>/afstemning/", votes.vote_create, name="vote-create"),
    path(f"{STAFF}afstemninger/<int:pk>/ret/", votes.vote_correct, name="vote-correct"),
    path(f"{STAFF}afstemninger/<int:pk>/fjern/", votes.vote_remove, name="vote-remove"),
    path(f"{STAFF}punkter/<int:pk>/beslutning/", sitting.decision_update, name="decision-update"),
    path(f"{STAFF}forslag/<int:pk>/optag/", staff.proposal_accept, name="proposal-accept"),
    path(f"{STAFF}forslag/<int:pk>/afvis/", staff.proposal_decline, name="proposal-decline"),
    path("kkr/<slug:slug>/sekretariat/faste-punkter/", standing.standing_item_list, name="standing-item-list"),
    path(
        "kkr/<slug:slug>/sekretariat/faste-punkter/standard/",
        standing.standing_items_defaults,
        name="standing-items-defaults",
    ),
    path(
        "kkr/<slug:slug>/sekretariat/faste-punkter/<int:pk>/slet/",
        standing.standing_item_delete,
        name="standing-item-delete",
    ),
    path(f"{STAFF}dokumenter/<int:pk>/forsoeg-igen/", staff.publication_retry, name="publication-retry"),
    path(f"{STAFF}dokumenter/<int:pk>/udsendelse/", staff.publication_deliveries, name="publication-deliveries"),
    # Members and substitutes
    path(MEMBER, portal.member_meeting_list, name="member-meeting-list"),
    path(f"{MEMBER}<int:pk>/", portal.member_meeting, name="member-meeting"),
    path(f"{MEMBER}<int:pk>/dagsorden/", portal.member_meeting, {"agenda_page": True}, name="member-meeting-agenda"),
    path(f"{MEMBER}<int:pk>/forslag/", portal.proposal_create, name="proposal-create"),
    path(f"{MEMBER}<int:pk>/afbud/", portal.absence_create, name="absence-create"),
    path(f"{MEMBER}<int:pk>/afbud/tilbage/", portal.absence_withdraw_own, name="absence-withdraw-own"),
    path(f"{MEMBER}ekstraordinaert-moede/", portal.extraordinary_request_create, name="extraordinary-request-create"),
    path("kkr/<slug:slug>/medlem/kalender/", portal.calendar_feed_detail, name="calendar-feed-detail"),
    # Public
    path(PUBLIC, public.public_meeting_list, name="public-meeting-list"),
    path(f"{PUBLIC}<int:pk>/", public.public_meeting, name="public-meeting"),
    path(f"{PUBLIC}<int:pk>/dagsorden/", public.public_meeting, {"agenda_page": True}, name="public-meeting-agenda"),
    path(f"{PUBLIC}feed/", PublicationFeed(), name="publication-feed"),
    path(f"{PUBLIC}kalender.ics", meeting_calendar, name="meeting-calendar"),
    path("kalender/<slug:token>.ics", personal_calendar, name="personal-calendar"),
    path("dokumenter/<int:pk>.pdf", public.publication_pdf, name="publication-pdf"),
    path("bilag/<int:pk>.pdf", public.attachment_file, name="attachment-file"),
]
