"""`{% load hub %}{% community_tabs community "discussions" %}`: the community hub's tabs, on every page of it."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from copse.communities.tabs import tabs_for

register = template.Library()


@register.simple_tag(takes_context=True)
def community_tabs(context: dict[str, Any], community: Any, current: str = "overview") -> SafeString:
    """The tabs the person may open, the `current` one marked for assistive technology as the page they are on.

    A simple tag returning HTML, with no template to render: it sits at the top of busy pages."""
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
