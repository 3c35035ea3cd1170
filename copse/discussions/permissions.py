"""Who may read and write in a community's discussions. Views use these; none checks roles inline.

Each predicate that decides what a person sees has twins tested against it on the full grid of visibility ×
status × role: `can_view_thread` ↔ `Thread.objects.visible_to` ↔ `readers_of`, `can_view_post` ↔
`Post.objects.visible_to`, and `can_view_attachment` ↔ `PostAttachment.objects.visible_to`. The viewer's role
comes from the community's `with_viewer_state` annotation, so a page looks it up once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from copse.communities.models import ESTABLISHED, ORGANISERS, Community, Membership, Role, Visibility
from copse.communities.permissions import (
    get_community_for,
    is_programme_team,
    viewer_role,
)

from .models import Kind, Post, PostAttachment, Thread

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User


def can_read_discussions(user: User | AnonymousUser, community: Community) -> bool:
    """Members and the programme team read a community's discussions; other staff those of open communities
    that ran. A proposal's proposer sees its page but no discussions: a community that never ran has none.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if is_programme_team(user) or viewer_role(user, community) is not None:
        return True
    return community.visibility == Visibility.OPEN and community.status in ESTABLISHED


def can_view_thread(user: User | AnonymousUser, thread: Thread) -> bool:
    """Twin of `Thread.objects.visible_to` and of `readers_of`."""
    return can_read_discussions(user, thread.community)


def can_view_post(user: User | AnonymousUser, post: Post) -> bool:
    """Twin of `Post.objects.visible_to`: a post of a thread they may read; a hidden one only for the moderators."""
    return can_view_thread(user, post.thread) and (
        not post.is_hidden or can_moderate(user, post.thread.community)
    )


def can_view_attachment(user: User | AnonymousUser, attachment: PostAttachment) -> bool:
    """Twin of `PostAttachment.objects.visible_to`: a file goes with its post (hidden with it, gone once its
    author deleted it)."""
    return not attachment.post.is_deleted and can_view_post(user, attachment.post)


def can_post(user: User | AnonymousUser, community: Community) -> bool:
    """Members (and the programme team) write in running communities; retired ones are read-only."""
    if community.is_closed or not user.is_authenticated or not user.is_active:
        return False
    return is_programme_team(user) or viewer_role(user, community) is not None


def can_start(user: User | AnonymousUser, community: Community, kind: str) -> bool:
    """Announcements are for leads, core members and the programme team; other kinds for any member."""
    if not can_post(user, community):
        return False
    if kind == Kind.ANNOUNCEMENT:
        return is_programme_team(user) or viewer_role(user, community) in ORGANISERS
    return True


def can_reply(user: User | AnonymousUser, thread: Thread) -> bool:
    return can_post(user, thread.community) and not thread.is_locked


def can_moderate(user: User | AnonymousUser, community: Community) -> bool:
    """Leads, core members and the programme team hide and restore posts, and lock, pin and move threads."""
    if not can_post(user, community):
        return False
    return is_programme_team(user) or viewer_role(user, community) in ORGANISERS


def get_moderation_for(user: User | AnonymousUser, slug: str) -> Community:
    """The community whose moderation queue this person opens: 404 if hidden, 403 unless they moderate it."""
    community = get_community_for(user, slug)
    if not can_moderate(user, community):
        raise PermissionDenied
    return community


def can_accept_answer(user: User | AnonymousUser, thread: Thread) -> bool:
    """The asker or a lead (or the programme team) marks the answer to a help request."""
    if not thread.is_help_request or not can_post(user, thread.community):
        return False
    return (
        thread.author_id == user.pk
        or is_programme_team(user)
        or viewer_role(user, thread.community) == Role.LEAD
    )


def can_edit_post(user: User | AnonymousUser, post: Post) -> bool:
    """People edit and delete their own posts while the thread is open."""
    return (
        post.author_id == user.pk
        and not post.is_deleted
        and not post.is_hidden
        and can_post(user, post.thread.community)
        and not post.thread.is_locked
    )


def get_discussions_for(user: User | AnonymousUser, slug: str) -> Community:
    """The community whose discussions this person opens: 404 if hidden from them, 403 if members only."""
    community = get_community_for(user, slug)
    if not can_read_discussions(user, community):
        raise PermissionDenied
    return community


ThreadAction = Literal["view", "post", "accept", "moderate"]
PostAction = Literal["view", "post", "edit", "moderate"]


def get_thread_for(
    user: User | AnonymousUser, slug: str, thread_id: int, action: ThreadAction = "view"
) -> Thread:
    """A thread of the community for this action: 404 when it is not there for them, 403 when they may not act."""
    community = get_discussions_for(user, slug)
    thread = Thread.objects.filter(community=community, pk=thread_id).select_related("author__person").first()
    if thread is None:
        raise Http404("No thread found.")
    thread.community = community  # keeps the viewer's role annotation for the checks that follow
    permitted = {
        "view": lambda: True,
        "post": lambda: can_post(user, community),
        "accept": lambda: can_accept_answer(user, thread),
        "moderate": lambda: can_moderate(user, community),
    }[action]
    if not permitted():
        raise PermissionDenied
    return thread


def get_post_for(user: User | AnonymousUser, post_id: int, action: PostAction = "view") -> Post:
    """A post for this action, with its thread and community: 404 when they may not read it (`can_view_post`),
    403 when they may not act. A post a moderator hid is there only for the moderators.
    """
    post = Post.objects.select_related("thread").filter(pk=post_id).first()
    if post is None:
        raise Http404("No post found.")
    community = _community_with_viewer(user, post.thread.community_id)
    post.thread.community = community
    if not can_view_post(user, post):
        raise Http404("No post found.")
    permitted = {
        "view": lambda: True,
        "post": lambda: can_post(user, community),
        "edit": lambda: can_edit_post(user, post),
        "moderate": lambda: can_moderate(user, community),
    }[action]
    if not permitted():
        raise PermissionDenied
    return post


def get_attachment_for(
    user: User | AnonymousUser, slug: str, thread_id: int, attachment_id: int, filename: str
) -> PostAttachment:
    """A file attached to a post of the thread, at its address: 404 unless this person may read the thread and
    the post (`can_view_attachment`) and the address names the file as it is kept; 403 where the thread is."""
    thread = get_thread_for(user, slug, thread_id)
    attachment = (
        PostAttachment.objects.select_related("post")
        .filter(post__thread=thread, pk=attachment_id, filename=filename)
        .first()
    )
    if attachment is None:
        raise Http404("No file found.")
    attachment.post.thread = thread
    if not can_view_attachment(user, attachment):
        raise Http404("No file found.")
    return attachment


def _community_with_viewer(user: User | AnonymousUser, community_id: int) -> Community:
    """The community with the viewer's role annotated, so the checks that follow ask for it once."""
    communities = Community.objects.all()
    if user.is_authenticated:
        communities = communities.with_viewer_state(user)  # type: ignore[arg-type]
    return communities.get(pk=community_id)


def readers_of(thread: Thread) -> QuerySet[User]:
    """Everyone who may read the thread: the people twin of `can_view_thread`, for choosing whom to notify."""
    return readers_of_discussions(thread.community)


def readers_of_discussions(community: Community) -> QuerySet[User]:
    """Everyone who may read the community's discussions: the people twin of `can_read_discussions`."""
    people = get_user_model().objects.filter(is_active=True)
    if community.visibility == Visibility.OPEN and community.status in ESTABLISHED:
        return people
    is_member = Membership.objects.current().filter(community=community, person=OuterRef("pk"))
    return people.filter(Q(is_programme_team=True) | Q(is_superuser=True) | Exists(is_member))
