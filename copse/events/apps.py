from django.apps import AppConfig

from copse.core.demo import register_demo_step


class EventsConfig(AppConfig):
    name = "copse.events"
    label = "events"

    def ready(self) -> None:
        # Events need the demo's communities and members; they run after the discussions, as they always have.
        register_demo_step("copse.events.demo.extend_demo", order=30)
