from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "copse.core"
    label = "core"

    def ready(self) -> None:
        from . import branding  # noqa: F401  (registers the start-up check of the brand's colour)
