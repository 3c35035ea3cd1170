from django.urls import path

from . import views

urlpatterns = [
    path("me/", views.me, name="me"),
    path("people/", views.person_list, name="person_list"),
]
