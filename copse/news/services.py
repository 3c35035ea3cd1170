"""Publishing and editing news. Plain typed arguments; every refusal is a `Refused` about one field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from copse.communities.models import Community
from copse.core.markdown import MAX_MARKDOWN_LENGTH, render_markdown
from copse.core.refusals import Kind, Refused
from copse.core.text import paragraphs, single_line

from .models import NewsAudience, NewsKind, NewsPost
from .permissions import can_edit_news, can_publish_in

if TYPE_CHECKING:
    from copse.accounts.models import User

TITLE_MAX = 200
SUMMARY_MAX = 300
AWARD_MAX = 200
FURTHEST_AHEAD = timedelta(days=365)  # a post may be scheduled up to a year ahead


@dataclass(frozen=True)
class NewsText:
    """What a post says and when and to whom: the same for publishing and editing."""

    title: str
    body: str
    summary: str = ""
    audience: str = NewsAudience.STAFF
    publish_at: datetime | None = None  # None: now
    kind: str = NewsKind.NEWS
    award_name: str = ""
    recognised_community: Community | None = None
    recognised_person: User | None = None


def _apply(post: NewsPost, text: NewsText, community: Community | None) -> None:
    post.title = single_line(
        text.title, field="title", label="the title", max_length=TITLE_MAX, required=True
    )
    post.summary = single_line(text.summary, field="summary", label="the summary", max_length=SUMMARY_MAX)
    post.body = paragraphs(text.body, field="body", label="the story", max_length=MAX_MARKDOWN_LENGTH)
    post.body_html = render_markdown(post.body)
    if text.audience not in NewsAudience.values:
        raise Refused("Choose who may read this post.", field="audience")
    if community is not None and text.audience == NewsAudience.PUBLIC:
        raise Refused("Only programme news can be public; community news is for staff.", field="audience")
    post.audience = text.audience
    now = timezone.now()
    publish_at = text.publish_at or now
    if publish_at > now + FURTHEST_AHEAD:
        raise Refused("Choose a date within a year from now.", field="publish_at")
    post.publish_at = publish_at
    if text.kind not in NewsKind.values:
        raise Refused("Choose news or recognition.", field="kind")
    post.kind = text.kind
    if text.kind == NewsKind.RECOGNITION:
        if community is not None:
            raise Refused("Recognition is the programme's news: publish it as programme news.", field="kind")
        post.award_name = single_line(
            text.award_name, field="award_name", label="the award", max_length=AWARD_MAX, required=True
        )
        if text.recognised_community is None and text.recognised_person is None:
            raise Refused(
                "Name the community or the person recognised (or both).", field="recognised_community"
            )
        post.recognised_community = text.recognised_community
        post.recognised_person = text.recognised_person
    else:
        post.award_name = ""
        post.recognised_community = None
        post.recognised_person = None


@transaction.atomic
def publish_news(*, by: User, community: Community | None, text: NewsText) -> NewsPost:
    """A new post: programme news (no community) by the programme team, a community's news by its leads. Shown
    from `text.publish_at` (now when not given)."""
    if not can_publish_in(by, community):
        raise Refused(
            "Only the programme team and this community's leads publish its news.", kind=Kind.FORBIDDEN
        )
    post = NewsPost(community=community, author=by)
    _apply(post, text, community)
    post.save()
    return post


@transaction.atomic
def update_news(post: NewsPost, *, by: User, text: NewsText) -> NewsPost:
    """Change a post's text, audience, date or award; its community and author stay."""
    if not can_edit_news(by, post):
        raise Refused("Only who may publish this post's news may change it.", kind=Kind.FORBIDDEN)
    _apply(post, text, post.community)
    post.save()
    return post
