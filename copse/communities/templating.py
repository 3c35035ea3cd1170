"""The communities app's template globals: `community_tabs(community, "discussions")`, the community hub's tabs
on every page of it, and `member_row(m)`, a row of the members page."""

from __future__ import annotations

from typing import Any

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


GLOBALS = {"community_tabs": community_tabs, "member_row": member_row}
