from django.urls import path

from .views import bodies, elections, nominations, people, register, renewal, stand_ins

app_name = "appointments"

STAFF = "kkr/<slug:slug>/sekretariat/"
REGISTER = f"{STAFF}udpegninger/<slug:period>/"
ELECTIONS = f"{STAFF}moeder/<int:meeting>/valg/"

urlpatterns = [
    path(REGISTER, register.register_detail, name="register-detail"),
    path(f"{REGISTER}csv/", register.register_csv, name="register-csv"),
    path(f"{REGISTER}pdf/", register.register_pdf, name="register-pdf"),
    path(f"{REGISTER}naeste/", renewal.next_term, name="next-term"),
    path(f"{REGISTER}naeste/kopier/", renewal.seats_copy, name="seats-copy"),
    path(f"{STAFF}organer/", register.body_list, name="body-list"),
    path(f"{STAFF}organer/nyt/", bodies.body_create, name="body-create"),
    path(f"{STAFF}organer/<int:pk>/", register.body_detail, name="body-detail"),
    path(f"{STAFF}organer/<int:pk>/ret/", bodies.body_update, name="body-update"),
    path(f"{STAFF}organer/<int:pk>/pladser/ny/", bodies.seat_create, name="seat-create"),
    path(f"{STAFF}organer/<int:pk>/nedlaeg/", register.body_abolish, name="body-abolish"),
    path(f"{STAFF}pladser/<int:pk>/udpeg/", register.appointment_create, name="appointment-create"),
    path(f"{STAFF}udpegning/<int:pk>/afslut/", register.appointment_end, name="appointment-end"),
    path(f"{STAFF}udpegning/<int:pk>/annuller/", register.appointment_void, name="appointment-void"),
    path(f"{STAFF}udpegning/<int:pk>/midlertidig/", stand_ins.stand_in_create, name="stand-in-create"),
    path(f"{STAFF}pladser/<int:pk>/personvaelger/", people.appointee_options, name="picker-appointee"),
    path(f"{STAFF}repraesentanter/", people.representative_list, name="representative-list"),
    path(f"{STAFF}pladser/<int:pk>/indstil/", nominations.nomination_create, name="nomination-create"),
    path(f"{STAFF}indstillinger/<int:pk>/afgoer/", nominations.nomination_decide, name="nomination-decide"),
    path(ELECTIONS, elections.election_list, name="election-list"),
    path(f"{ELECTIONS}nyt/", elections.election_create, name="election-create"),
    path(f"{ELECTIONS}<int:pk>/", elections.election_detail, name="election-detail"),
    path(f"{ELECTIONS}<int:pk>/afstemning/", elections.round_create, name="round-create"),
    path(f"{ELECTIONS}<int:pk>/lod/", elections.lot_create, name="lot-create"),
    path(f"{ELECTIONS}<int:pk>/gruppe/", elections.group_create, name="group-create"),
    path(f"{ELECTIONS}<int:pk>/fordel/", elections.allocation_create, name="allocation-create"),
    path(f"{ELECTIONS}<int:pk>/fravig/", elections.departure_create, name="departure-create"),
    path(f"{ELECTIONS}<int:pk>/bekraeft/", elections.election_confirm, name="election-confirm"),
    path(f"{ELECTIONS}<int:pk>/traek-tilbage/", elections.election_withdraw, name="election-withdraw"),
    path("kkr/<slug:slug>/udpegninger/", register.public_list, name="public-list"),
]
