from django.urls import path

from . import feeds, views

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/month/", views.event_month, name="event_month"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/calendars/", feeds.calendar_subscriptions, name="event_calendars"),
    path("events/programme.ics", feeds.programme_feed, name="event_programme_feed"),
    path("events/feed/<str:key>.ics", feeds.personal_feed, name="event_personal_feed"),
    path("communities/<slug:slug>/events.ics", feeds.community_feed, name="event_community_feed"),
    path("events/<int:event_id>/", views.event_detail, name="event_detail"),
    path("events/<int:event_id>/event.ics", feeds.event_ics, name="event_ics"),
    path("events/<int:event_id>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:event_id>/cancel/", views.cancel_event, name="event_cancel"),
    path("events/<int:event_id>/attendance/", views.attendance, name="event_attendance"),
    path("events/<int:event_id>/follow-up/", views.follow_up, name="event_follow_up"),
    path("events/<int:event_id>/register/", views.register, name="event_register"),
    path("events/<int:event_id>/cancel-registration/", views.cancel_registration, name="event_unregister"),
]
