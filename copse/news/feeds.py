"""The Atom feed of public programme news: readable signed out, as feed readers cannot sign in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags

from .models import NewsAudience, NewsPost

FEED_SIZE = 30


class PublicNewsFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed
    title = "Copse news"
    subtitle = "News and recognition from the Communities of Practice programme."

    def link(self) -> str:
        return reverse("news:list")

    def items(self) -> list[NewsPost]:
        posts = NewsPost.objects.published().filter(community__isnull=True, audience=NewsAudience.PUBLIC)
        return list(posts.select_related("author").order_by("-publish_at", "-pk")[:FEED_SIZE])

    def item_title(self, item: NewsPost) -> str:
        return item.title

    def item_description(self, item: NewsPost) -> str:
        return item.summary or strip_tags(item.body_html)[:300]

    def item_pubdate(self, item: NewsPost) -> datetime:
        return item.publish_at

    def item_updateddate(self, item: NewsPost) -> datetime:
        return item.updated_at

    def item_author_name(self, item: NewsPost) -> Any:
        return "Communities of Practice programme"


public_feed = login_not_required(PublicNewsFeed())
