from django.apps import AppConfig

from copse.core.demo import register_demo_step


class NewsConfig(AppConfig):
    name = "copse.news"
    label = "news"

    def ready(self) -> None:
        # News needs the demo's communities and people; after value creation's steps.
        register_demo_step("copse.news.demo.extend_demo", order=60)
