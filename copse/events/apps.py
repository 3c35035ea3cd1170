from typing import Any

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "copse.events"
    label = "events"

    def ready(self) -> None:
        # A signal, not a call: communities may not import events, yet leaving one must end members-only places.
        from copse.communities.signals import membership_ended

        membership_ended.connect(_end_places, dispatch_uid="events.end_places_of")


def _end_places(sender: Any, *, community: Any, person: Any, **kwargs: Any) -> None:
    from .services import end_places_of

    end_places_of(person, community)
