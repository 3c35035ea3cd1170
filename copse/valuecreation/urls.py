from django.urls import path

from .views import cycles, reports

app_name = "valuecreation"

urlpatterns = [
    path("value/how/", cycles.how_it_works, name="how"),
    path("value/cycles/", cycles.cycle_list, name="cycles"),
    path("value/cycles/<slug:key>/", cycles.cycle_edit, name="cycle_edit"),
    path("value/", reports.mine, name="mine"),
    path("value/reports/organisation/", reports.organisation_report, name="organisation_report"),
    path("communities/<slug:slug>/value/report/", reports.community_report, name="community_report"),
    path("areas/<slug:slug>/value/", reports.area_report, name="area_report"),
]
