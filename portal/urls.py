from django.urls import path

from . import views
from .views import finding

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("kkr/<slug:slug>/", views.council_detail, name="council-detail"),
    path("kkr/<slug:slug>/sekretariat/", views.council_dashboard, name="council-dashboard"),
    path("kkr/<slug:slug>/medlem/", views.council_portal, name="council-portal"),
    path("kkr/<slug:slug>/personer/<int:pk>/", views.person_detail, name="person-detail"),
    path("kkr/<slug:slug>/sekretariat/moeder/<int:pk>/trin/<slug:step>/", views.agenda_step, name="agenda-step"),
    path("soeg/", finding.search_page, name="search"),
    path("kkr/<slug:slug>/arkiv/", finding.archive, name="archive"),
]
