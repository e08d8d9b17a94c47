from django.urls import path

from .views import councils, finding, people, steps

app_name = "portal"

urlpatterns = [
    path("", councils.home, name="home"),
    path("kkr/<slug:slug>/", councils.council_detail, name="council-detail"),
    path("kkr/<slug:slug>/sekretariat/", councils.council_dashboard, name="council-dashboard"),
    path("kkr/<slug:slug>/medlem/", councils.council_portal, name="council-portal"),
    path("kkr/<slug:slug>/personer/<int:pk>/", people.person_detail, name="person-detail"),
    path("kkr/<slug:slug>/sekretariat/moeder/<int:pk>/trin/<slug:step>/", steps.agenda_step, name="agenda-step"),
    path("soeg/", finding.search_page, name="search"),
    path("kkr/<slug:slug>/arkiv/", finding.archive, name="archive"),
]
