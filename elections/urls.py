from django.urls import path

from . import views

app_name = "elections"

COMPOSITION = "kkr/<slug:slug>/sekretariat/sammensaetning/<slug:period>/"

urlpatterns = [
    path(COMPOSITION, views.composition_detail, name="composition-detail"),
    path(f"{COMPOSITION}resultater/", views.result_import, name="result-import"),
    path(f"{COMPOSITION}pdf/", views.composition_pdf, name="composition-pdf"),
    path(f"{COMPOSITION}lod/", views.lot_create, name="lot-create"),
    path(f"{COMPOSITION}bekraeft/", views.composition_confirm, name="composition-confirm"),
    path(f"{COMPOSITION}kl-tal/", views.official_update, name="official-update"),
]
