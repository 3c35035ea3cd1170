from django.urls import path

from . import views

app_name = "valuecreation"

urlpatterns = [
    path("value/how/", views.how_it_works, name="how"),
    path("value/cycles/", views.cycle_list, name="cycles"),
    path("value/cycles/<slug:key>/", views.cycle_edit, name="cycle_edit"),
]
