from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "copse.core"
    label = "core"
