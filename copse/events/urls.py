from django.urls import path

from . import views

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/<int:event_id>/", views.event_detail, name="event_detail"),
    path("events/<int:event_id>/register/", views.register, name="event_register"),
    path("events/<int:event_id>/cancel-registration/", views.cancel_registration, name="event_unregister"),
]
