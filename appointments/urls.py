from django.urls import path

from . import election_views, views

app_name = "appointments"

STAFF = "kkr/<slug:slug>/sekretariat/"
REGISTER = f"{STAFF}udpegninger/<slug:period>/"
ELECTIONS = f"{STAFF}moeder/<int:meeting>/valg/"

urlpatterns = [
    path(REGISTER, views.register_detail, name="register-detail"),
    path(f"{REGISTER}csv/", views.register_csv, name="register-csv"),
    path(f"{REGISTER}pdf/", views.register_pdf, name="register-pdf"),
    path(f"{STAFF}organer/", views.body_list, name="body-list"),
    path(f"{STAFF}organer/<int:pk>/", views.body_detail, name="body-detail"),
    path(f"{STAFF}organer/<int:pk>/nedlaeg/", views.body_abolish, name="body-abolish"),
    path(f"{STAFF}pladser/<int:pk>/udpeg/", views.appointment_create, name="appointment-create"),
    path(f"{STAFF}udpegning/<int:pk>/afslut/", views.appointment_end, name="appointment-end"),
    path(f"{STAFF}udpegning/<int:pk>/annuller/", views.appointment_void, name="appointment-void"),
    path(ELECTIONS, election_views.election_list, name="election-list"),
    path(f"{ELECTIONS}nyt/", election_views.election_create, name="election-create"),
    path(f"{ELECTIONS}<int:pk>/", election_views.election_detail, name="election-detail"),
    path(f"{ELECTIONS}<int:pk>/afstemning/", election_views.round_create, name="round-create"),
    path(f"{ELECTIONS}<int:pk>/lod/", election_views.lot_create, name="lot-create"),
    path(f"{ELECTIONS}<int:pk>/gruppe/", election_views.group_create, name="group-create"),
    path(f"{ELECTIONS}<int:pk>/fordel/", election_views.allocation_create, name="allocation-create"),
    path(f"{ELECTIONS}<int:pk>/fravig/", election_views.departure_create, name="departure-create"),
    path(f"{ELECTIONS}<int:pk>/bekraeft/", election_views.election_confirm, name="election-confirm"),
    path(f"{ELECTIONS}<int:pk>/traek-tilbage/", election_views.election_withdraw, name="election-withdraw"),
    path("kkr/<slug:slug>/udpegninger/", views.public_list, name="public-list"),
]
