from django.apps import AppConfig


class ActivityConfig(AppConfig):
    """What is happening in a person's communities: the home page's feed and panels, the hub's latest threads and
    next event. It reads the domain apps' tables through their access rules and writes nothing; none imports it."""

    name = "copse.activity"
    label = "activity"
