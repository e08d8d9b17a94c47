from django.urls import path

from .views import composition as views
from .views import constituent as constituent_views

app_name = "elections"

COMPOSITION = "kkr/<slug:slug>/sekretariat/sammensaetning/<slug:period>/"
CONSTITUENT = "kkr/<slug:slug>/sekretariat/konstituering/<slug:period>/"

urlpatterns = [
    path(COMPOSITION, views.composition_detail, name="composition-detail"),
    path(f"{COMPOSITION}resultater/", views.result_import, name="result-import"),
    path(f"{COMPOSITION}pdf/", views.composition_pdf, name="composition-pdf"),
    path(f"{COMPOSITION}pdf/<int:pk>/", views.composition_pdf_job, name="composition-pdf-job"),
    path(f"{COMPOSITION}pdf/<int:pk>/fil/", views.composition_pdf_file, name="composition-pdf-file"),
    path(f"{COMPOSITION}lod/", views.lot_create, name="lot-create"),
    path(f"{COMPOSITION}bekraeft/", views.composition_confirm, name="composition-confirm"),
    path(f"{COMPOSITION}kl-tal/", views.official_update, name="official-update"),
    path(CONSTITUENT, constituent_views.constituent_detail, name="constituent-detail"),
    path(f"{CONSTITUENT}moede/", constituent_views.constituent_create, name="constituent-create"),
    path(f"{CONSTITUENT}indkalder/", constituent_views.convener_update, name="convener-update"),
    path(f"{CONSTITUENT}overdragelse/", constituent_views.handover, name="constituent-handover"),
    path(f"{CONSTITUENT}valgforbund/", constituent_views.alliance_create, name="alliance-create"),
    path(f"{CONSTITUENT}valg/", constituent_views.chair_election_run, name="chair-election-run"),
    path(f"{CONSTITUENT}valg/lod/", constituent_views.chair_lot_create, name="chair-lot-create"),
    path(f"{CONSTITUENT}valg/bekraeft/", constituent_views.chair_election_confirm, name="chair-election-confirm"),
]
