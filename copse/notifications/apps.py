from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "copse.notifications"
    label = "notifications"
