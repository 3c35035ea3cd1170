"""`{% load activity %}`: the home page's feed and panels and the community hub's glimpses, for templates of the
communities app, which may not import the apps these read (as `{% my_next_events %}` does for events)."""

from __future__ import annotations

from typing import Any

from django import template

from copse.activity import panels
from copse.activity.feed import activity_for, reader_for
from copse.discussions.permissions import can_read_discussions

register = template.Library()


@register.inclusion_tag("activity/feed.html", takes_context=True)
def activity_feed(context: dict[str, Any], memberships: list[Any]) -> dict[str, Any]:
    """The person's activity feed from `?after=` on, for their current `memberships` (with communities)."""
    request = context["request"]
    page = activity_for(reader_for(request.user, memberships), cursor=request.GET.get("after", ""))
    return {"page": page, "first_page": not request.GET.get("after"), "memberships": memberships}


@register.inclusion_tag("activity/waiting.html", takes_context=True)
def waiting_for_you(context: dict[str, Any], memberships: list[Any]) -> dict[str, Any]:
    return {"waiting": panels.waiting_for(context["request"].user, memberships)}


@register.inclusion_tag("activity/unanswered.html", takes_context=True)
def unanswered_help_requests(context: dict[str, Any], memberships: list[Any]) -> dict[str, Any]:
    return {"threads": panels.unanswered_help(context["request"].user, memberships)}


@register.inclusion_tag("activity/latest_threads.html", takes_context=True)
def community_latest_threads(context: dict[str, Any], community: Any) -> dict[str, Any]:
    user = context["request"].user
    return {
        "community": community,
        "threads": panels.latest_threads(user, community),
        "can_read": can_read_discussions(user, community),
    }


@register.inclusion_tag("activity/next_event.html", takes_context=True)
def community_next_event(context: dict[str, Any], community: Any) -> dict[str, Any]:
    return {"community": community, "event": panels.next_event(context["request"].user, community)}
