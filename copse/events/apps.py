from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "copse.events"
    label = "events"
