"""The home page's feed and panels and the community hub's glimpses, as template globals, for templates of the
communities app, which may not import the apps these read (as `my_next_events()` does for events)."""

from __future__ import annotations

from typing import Any

import jinja2
from django.utils.safestring import SafeString

from copse.activity import panels
from copse.activity.feed import activity_for, reader_for
from copse.core.jinja import render_part
from copse.discussions.permissions import can_read_discussions


@jinja2.pass_context
def activity_feed(context: jinja2.runtime.Context, memberships: list[Any]) -> SafeString:
    """The person's activity feed from `?after=` on, for their current `memberships` (with communities)."""
    request = context["request"]
    page = activity_for(reader_for(request.user, memberships), cursor=request.GET.get("after", ""))
    return render_part(
        context,
        "activity/feed.html",
        page=page,
        first_page=not request.GET.get("after"),
        memberships=memberships,
    )


@jinja2.pass_context
def waiting_for_you(context: jinja2.runtime.Context, memberships: list[Any]) -> SafeString:
    return render_part(
        context, "activity/waiting.html", waiting=panels.waiting_for(context["request"].user, memberships)
    )


@jinja2.pass_context
def unanswered_help_requests(context: jinja2.runtime.Context, memberships: list[Any]) -> SafeString:
    return render_part(
        context,
        "activity/unanswered.html",
        threads=panels.unanswered_help(context["request"].user, memberships),
    )


@jinja2.pass_context
def community_latest_threads(context: jinja2.runtime.Context, community: Any) -> SafeString:
    user = context["request"].user
    return render_part(
        context,
        "activity/latest_threads.html",
        community=community,
        threads=panels.latest_threads(user, community),
        can_read=can_read_discussions(user, community),
    )


@jinja2.pass_context
def community_next_event(context: jinja2.runtime.Context, community: Any) -> SafeString:
    return render_part(
        context,
        "activity/next_event.html",
        community=community,
        event=panels.next_event(context["request"].user, community),
    )


GLOBALS = {
    "activity_feed": activity_feed,
    "waiting_for_you": waiting_for_you,
    "unanswered_help_requests": unanswered_help_requests,
    "community_latest_threads": community_latest_threads,
    "community_next_event": community_next_event,
}
