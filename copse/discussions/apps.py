from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "copse.discussions"
    label = "discussions"
