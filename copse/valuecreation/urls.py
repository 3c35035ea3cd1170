from django.urls import path

from .views import cycles

app_name = "valuecreation"

urlpatterns = [
    path("value/how/", cycles.how_it_works, name="how"),
    path("value/cycles/", cycles.cycle_list, name="cycles"),
    path("value/cycles/<slug:key>/", cycles.cycle_edit, name="cycle_edit"),
]
