from typing import Any

from django.apps import AppConfig

from copse.communities.tabs import register_community_tab
from copse.core.demo import register_demo_step


class EventsConfig(AppConfig):
    name = "copse.events"
    label = "events"

    def ready(self) -> None:
        # Events need the demo's communities and members; they run after the discussions, as they always have.
        register_demo_step("copse.events.demo.extend_demo", order=30)
        # Everyone who sees a community sees its events (`can_view_event`).
        register_community_tab(
            "events",
            label="Events",
            url_name="events:community_events",
            order=30,
            visible="copse.communities.tabs.always",
        )

        # A signal, not a call: communities may not import events, yet leaving one (or being moved out of its core)
        # must end places at events for members (or core members) only.
        from copse.communities.signals import membership_changed

        membership_changed.connect(_end_places, dispatch_uid="events.end_places_of")


def _end_places(sender: Any, *, community: Any, person: Any, **kwargs: Any) -> None:
    from .services import end_places_of

    end_places_of(person, community)
