from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/read/", views.mark_all_read, name="notifications_mark_all_read"),
    path("notifications/<int:notification_id>/open/", views.notification_open, name="notification_open"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="notification_unsubscribe"),
    path("me/notifications/", views.preferences, name="notification_preferences"),
]
