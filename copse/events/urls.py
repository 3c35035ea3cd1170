from django.urls import path

from . import feeds, hub, views

app_name = "events"

urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/month/", views.event_month, name="month"),
    path("events/new/", views.event_create, name="create"),
    path("events/calendars/", feeds.calendar_subscriptions, name="calendars"),
    path("events/programme.ics", feeds.programme_feed, name="programme_feed"),
    path("events/feed/<str:key>.ics", feeds.personal_feed, name="personal_feed"),
    path("communities/<slug:slug>/events.ics", feeds.community_feed, name="community_feed"),
    path("communities/<slug:slug>/events/", hub.community_events, name="community_events"),
    path("events/<int:event_id>/", views.event_detail, name="detail"),
    path("events/<int:event_id>/event.ics", feeds.event_ics, name="ics"),
    path("events/<int:event_id>/edit/", views.event_edit, name="edit"),
    path("events/<int:event_id>/cancel/", views.cancel_event, name="cancel"),
    path("events/<int:event_id>/attendance/", views.attendance, name="attendance"),
    path("events/<int:event_id>/follow-up/", views.follow_up, name="follow_up"),
    path("events/<int:event_id>/register/", views.register, name="register"),
    path("events/<int:event_id>/cancel-registration/", views.cancel_registration, name="unregister"),
]
