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

    # The entry's summary is HTML (Atom's type="html"): the post's summary, escaped, after its picture if it has
    # one; the template gets the request, so the picture's address is absolute as a feed reader needs.
    description_template = "news/feed_summary.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        post: NewsPost = kwargs["item"]
        return {"post": post, "text": post.summary or strip_tags(post.body_html)[:300]}

    def item_pubdate(self, item: NewsPost) -> datetime:
        return item.publish_at

    def item_updateddate(self, item: NewsPost) -> datetime:
        return item.updated_at

    def item_author_name(self, item: NewsPost) -> Any:
        return "Communities of Practice programme"


public_feed = login_not_required(PublicNewsFeed())
