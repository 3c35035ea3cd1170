"""The communities app's template globals: `community_tabs(community, "discussions")`, the community hub's tabs
on every page of it, and `member_row(m)`, a row of the members page; and the filter `regroup`."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable
from typing import Any, NamedTuple

import jinja2
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from copse.communities.members_row import member_row
from copse.communities.tabs import tabs_for


@jinja2.pass_context
def community_tabs(context: jinja2.runtime.Context, community: Any, current: str = "overview") -> SafeString:
    """The tabs the person may open, the `current` one marked for assistive technology as the page they are on.

    Python returning HTML, with no template to render: it sits at the top of busy pages."""
    user = context["request"].user
    items = format_html_join(
        "",
        '<li><a href="{}"{}>{}</a></li>',
        (
            (
                reverse(tab.url_name, args=[community.slug]),
                format_html(' aria-current="{}"', "page") if tab.key == current else "",
                tab.label,
            )
            for tab in tabs_for(user, community)
        ),
    )
    return format_html(
        '<nav class="tabs community-tabs" aria-label="{}"><ul>{}</ul></nav>',
        f"{community.name} sections",
        items,
    )


class Group(NamedTuple):
    grouper: Any
    list: list[Any]


def regroup(items: Iterable[Any], attribute: str) -> list[Group]:
    """`{% for group in communities|regroup("service_area") %}`: runs of items with the same `attribute`, in the
    order they come, as Django's `{% regroup %}` makes them (Jinja's `groupby` sorts them first, and model
    instances do not sort)."""
    return [
        Group(key, list(rows)) for key, rows in itertools.groupby(items, key=operator.attrgetter(attribute))
    ]


GLOBALS = {"community_tabs": community_tabs, "member_row": member_row}
FILTERS = {"regroup": regroup}
