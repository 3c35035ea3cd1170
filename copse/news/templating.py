"""The news app's template globals: the latest posts for the home and landing pages (communities may not import
news), and a post's badge."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString

from .models import NewsPost

LATEST = 3


def latest_news(user: Any, count: int = LATEST) -> list[NewsPost]:
    """`{% for post in latest_news(user) %}`: the newest published posts this person may read (one query)."""
    posts = NewsPost.objects.readable_by(user).published().select_related("community")
    return list(posts.order_by("-publish_at", "-pk")[:count])


def news_badge(post: NewsPost) -> SafeString | str:
    if post.is_recognition:
        return format_html('<span class="badge {}">{}</span>', "badge-success", "Award")
    return ""


GLOBALS = {"latest_news": latest_news, "news_badge": news_badge}
