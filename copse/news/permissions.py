"""Who may read, publish and edit news. Views use these; none checks roles inline."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from copse.communities.models import CLOSED, Community, Membership, Role
from copse.communities.permissions import can_manage_community, can_view_community, is_programme_team

from .models import NewsAudience, NewsPost

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User

Action = Literal["view", "edit"]


def can_publish_in(user: User | AnonymousUser, community: Community | None) -> bool:
    """Programme news and recognition are the programme team's; a community's news its leads'."""
    if community is None:
        return is_programme_team(user)
    return can_manage_community(user, community)


def can_edit_news(user: User | AnonymousUser, post: NewsPost) -> bool:
    """Twin of `NewsPost.objects.editable_by`."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_programme_team(user):
        return True
    return post.community is not None and can_manage_community(user, post.community)


def can_read_news(user: User | AnonymousUser, post: NewsPost) -> bool:
    """Twin of `NewsPost.objects.readable_by`: the post's audience, published or not."""
    if not user.is_authenticated or not user.is_active:
        return post.community_id is None and post.audience == NewsAudience.PUBLIC
    return post.community is None or can_view_community(user, post.community)


def can_view_news(user: User | AnonymousUser, post: NewsPost) -> bool:
    """Twin of `NewsPost.objects.visible_to`: published posts for their audience; scheduled ones for editors."""
    if post.is_published and can_read_news(user, post):
        return True
    return can_edit_news(user, post)


def publishable_communities(user: User) -> QuerySet[Community]:
    """The communities whose news this person may publish (twin of `can_publish_in` for a community)."""
    communities = Community.objects.exclude(status__in=CLOSED).order_by("name")
    if is_programme_team(user):
        return communities
    led = Membership.objects.current().filter(person=user, role=Role.LEAD).values("community")
    return communities.filter(pk__in=led)


def get_news_for(user: User | AnonymousUser, post_id: int, action: Action = "view") -> NewsPost:
    """A post for this person and action: 404 if they may not see it, 403 if they may see it but not edit it."""
    post = (
        NewsPost.objects.select_related("community", "author", "recognised_community", "recognised_person")
        .filter(pk=post_id)
        .first()
    )
    if post is None or not can_view_news(user, post):
        raise Http404("No news post found.")
    if action == "edit" and not can_edit_news(user, post):
        raise PermissionDenied
    return post


def get_picture_for(user: User | AnonymousUser, post_id: int, version: str) -> NewsPost:
    """The post whose current picture is `version`, for whoever may see the post (signed out: public, published
    posts); 404 otherwise, also for an old version or a post with no picture."""
    post = NewsPost.objects.select_related("community").filter(pk=post_id).first()
    if post is None or not post.picture or post.picture_version != version or not can_view_news(user, post):
        raise Http404("No picture found.")
    return post
