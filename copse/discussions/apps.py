from django.apps import AppConfig

from copse.core.demo import register_demo_step


class DiscussionsConfig(AppConfig):
    name = "copse.discussions"
    label = "discussions"

    def ready(self) -> None:
        # Threads need the demo's communities and members.
        register_demo_step("copse.discussions.demo.extend_demo", order=20)
        # How far the personas have read, once the threads are there.
        register_demo_step("copse.discussions.demo_reading.extend_demo", order=25)
