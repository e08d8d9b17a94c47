from django.urls import path

from . import event_views, import_views, views

app_name = "members"

urlpatterns = [
    path("kkr/<slug:slug>/", views.council_detail, name="council-detail"),
    path("kkr/<slug:slug>/sekretariat/", views.council_dashboard, name="council-dashboard"),
    path("kkr/<slug:slug>/medlem/", views.council_portal, name="council-portal"),
    path("kkr/<slug:slug>/medlemmer/", views.roster_detail, name="roster-detail"),
    path("kkr/<slug:slug>/personer/<int:pk>/", views.person_detail, name="person-detail"),
    path("kkr/<slug:slug>/blaa-bog/", views.directory_list, name="directory-list"),
    path("kkr/<slug:slug>/blaa-bog.csv", views.directory_export, name="directory-export"),
    path("kkr/<slug:slug>/medlemmer/ny/", event_views.membership_create, name="membership-create"),
    path("kkr/<slug:slug>/medlemmer/<int:pk>/udtraeden/", event_views.membership_depart, name="membership-depart"),
    path(
        "kkr/<slug:slug>/medlemmer/<int:pk>/partiskifte/",
        event_views.membership_party_switch,
        name="membership-party-switch",
    ),
    path("kkr/<slug:slug>/medlemmer/<int:pk>/forfald/", event_views.leave_create, name="leave-create"),
    path("kkr/<slug:slug>/medlemmer/<int:pk>/stedfortraeder/", event_views.substitute_create, name="substitute-create"),
    path("kkr/<slug:slug>/stedfortraedere/<int:pk>/ophoer/", event_views.substitute_depart, name="substitute-depart"),
    path("kkr/<slug:slug>/forfald/<int:pk>/beslutning/", event_views.leave_decide, name="leave-decide"),
    path("kkr/<slug:slug>/forfald/<int:pk>/afslut/", event_views.leave_end, name="leave-end"),
    path("kkr/<slug:slug>/formandskab/ny/", event_views.chairrole_create, name="chairrole-create"),
    path("kkr/<slug:slug>/formandskab/<int:pk>/forfald/", event_views.chairrole_absence, name="chairrole-absence"),
    path("kkr/<slug:slug>/observatoerer/ny/", event_views.observer_create, name="observer-create"),
    path("kkr/<slug:slug>/observatoerer/<int:pk>/ophoer/", event_views.observer_end, name="observer-end"),
    path("kkr/<slug:slug>/kommunalbestyrelser/indlaes/", import_views.office_import, name="office-import"),
    path("kkr/<slug:slug>/opfoelgninger/<int:pk>/loes/", event_views.action_resolve, name="action-resolve"),
]
