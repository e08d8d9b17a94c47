from django.urls import path

from .views import council_setup, events, followups, imports, people, pickers, roster, rules, staff

app_name = "members"

urlpatterns = [
    path("kkr/<slug:slug>/medlemmer/", roster.roster_detail, name="roster-detail"),
    path("kkr/<slug:slug>/blaa-bog/", roster.directory_list, name="directory-list"),
    path("kkr/<slug:slug>/blaa-bog.csv", roster.directory_export, name="directory-export"),
    path("kkr/<slug:slug>/medlemmer/ny/", events.membership_create, name="membership-create"),
    path("kkr/<slug:slug>/medlemmer/<int:pk>/udtraeden/", events.membership_depart, name="membership-depart"),
    path(
        "kkr/<slug:slug>/medlemmer/<int:pk>/partiskifte/",
        events.membership_party_switch,
        name="membership-party-switch",
    ),
    path("kkr/<slug:slug>/medlemmer/<int:pk>/forfald/", events.leave_create, name="leave-create"),
    path("kkr/<slug:slug>/medlemmer/<int:pk>/stedfortraeder/", events.substitute_create, name="substitute-create"),
    path("kkr/<slug:slug>/stedfortraedere/<int:pk>/ophoer/", events.substitute_depart, name="substitute-depart"),
    path("kkr/<slug:slug>/forfald/<int:pk>/beslutning/", events.leave_decide, name="leave-decide"),
    path("kkr/<slug:slug>/forfald/<int:pk>/afslut/", events.leave_end, name="leave-end"),
    path("kkr/<slug:slug>/formandskab/ny/", events.chairrole_create, name="chairrole-create"),
    path("kkr/<slug:slug>/formandskab/<int:pk>/forfald/", events.chairrole_absence, name="chairrole-absence"),
    path("kkr/<slug:slug>/observatoerer/ny/", events.observer_create, name="observer-create"),
    path("kkr/<slug:slug>/observatoerer/<int:pk>/ophoer/", events.observer_end, name="observer-end"),
    path("kkr/<slug:slug>/kommunalbestyrelser/indlaes/", imports.office_import, name="office-import"),
    path("kkr/<slug:slug>/sekretariat/opfoelgninger/", followups.action_list, name="action-list"),
    path("kkr/<slug:slug>/opfoelgninger/<int:pk>/loes/", events.action_resolve, name="action-resolve"),
    path("administration/sekretariater/", staff.staff_rights, name="staff-rights"),
    path("administration/sekretariater/giv/", staff.staff_grant, name="staff-grant"),
    path("administration/sekretariater/inviter/", staff.staff_invite, name="staff-invite"),
    path("administration/sekretariater/fjern/", staff.staff_revoke, name="staff-revoke"),
    path("kkr/<slug:slug>/personvaelger/nyt-medlem/", pickers.new_member_options, name="picker-new-member"),
    path(
        "kkr/<slug:slug>/medlemmer/<int:pk>/personvaelger/stedfortraeder/",
        pickers.substitute_options,
        name="picker-substitute",
    ),
    path("kkr/<slug:slug>/personer/<int:pk>/ret/", people.person_update, name="person-update"),
    path("kkr/<slug:slug>/hverv/<int:pk>/afslut/", people.office_end, name="office-end"),
    path("kkr/<slug:slug>/nyt-raad/", council_setup.council_import, name="council-import"),
    path("kkr/<slug:slug>/sekretariat/forretningsorden/<slug:period>/", rules.ruleset_detail, name="ruleset-detail"),
]
