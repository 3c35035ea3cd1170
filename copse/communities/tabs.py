"""The community hub's tabs: Overview and Members here, and one for each capability that registers its own.

The apps above communities (discussions, events, and those to come) add their tab in `AppConfig.ready` with
`register_community_tab`, naming the view and the predicate that says who sees the tab, so this app never imports
them and a tab is shown exactly to the people whose page would open (the predicate is the page's own check).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User

    from .models import Community


@dataclass(frozen=True)
class CommunityTab:
    key: str  # what a page passes to say it is the current tab: {{ community_tabs(community, "events") }}
    label: str
    url_name: str  # a view taking the community's slug
    order: int  # left to right
    visible: str  # dotted path of `predicate(user, community) -> bool`

    @cached_property
    def predicate(self) -> Callable[[User | AnonymousUser, Community], bool]:
        function: Callable[[User | AnonymousUser, Community], bool] = import_string(self.visible)
        return function


_tabs: dict[str, CommunityTab] = {}


def register_community_tab(key: str, *, label: str, url_name: str, order: int, visible: str) -> None:
    """Add a tab to every community's hub (registering the same key again replaces it)."""
    _tabs[key] = CommunityTab(key=key, label=label, url_name=url_name, order=order, visible=visible)


def always(user: User | AnonymousUser, community: Community) -> bool:
    """For tabs everyone who sees the community may open (the community page checked that already)."""
    return True


def tabs_for(user: User | AnonymousUser, community: Community) -> list[CommunityTab]:
    """The tabs this person sees on this community's pages, in order."""
    return [tab for tab in sorted(_tabs.values(), key=lambda t: t.order) if tab.predicate(user, community)]


register_community_tab(
    "overview",
    label="Overview",
    url_name="communities:detail",
    order=0,
    visible="copse.communities.tabs.always",
)
register_community_tab(
    "members",
    label="Members",
    url_name="communities:members",
    order=90,
    visible="copse.communities.permissions.can_see_members_area",
)
