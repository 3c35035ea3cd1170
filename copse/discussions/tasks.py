"""Fan-out after a post: who hears about it, decided in the background so posting costs the same for any audience.

Queued by the services with `transaction.on_commit`; each task makes one `notify` call per kind of news.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django_tasks import task

from copse.communities.models import Membership
from copse.notifications.services import notify

from .mentions import render_post
from .models import Kind, Post, Subscription, Thread
from .permissions import readers_of


def _ids(person_id: int | None) -> set[int]:
    return {person_id} if person_id is not None else set()


def _muted(thread: Thread) -> Q:
    return Q(thread=thread) | Q(community=thread.community_id)


def _notify_mentions(post: Post, thread: Thread, person_ids: Iterable[int] | None) -> set[int]:
    """Tell the people a post mentions (`person_ids`, as its links were resolved when it was written; None: as
    they resolve now), if they can still read it. Returns whom it told."""
    if person_ids is None:
        person_ids = render_post(post.body, thread.community).mentioned
    person_ids = set(person_ids) - _ids(post.author_id)
    if not person_ids:
        return set()
    mentioned = set(readers_of(thread).filter(pk__in=person_ids).values_list("pk", flat=True))
    if mentioned:
        author = post.author.name if post.author else "Someone"
        notify(
            recipient_ids=sorted(mentioned),
            kind="mentions",
            title=f"{author} mentioned you in “{thread.title}”",
            url=f"{thread.get_absolute_url()}#post-{post.pk}",
            actor_id=post.author_id,
        )
    return mentioned


@task()
def notify_about_mentions(post_id: int, mentioned: list[int]) -> int:
    """Tell the people an edit newly mentions."""
    post = Post.objects.select_related("thread__community", "author").get(pk=post_id)
    return len(_notify_mentions(post, post.thread, mentioned))


@task()
def notify_about_reply(post_id: int, mentioned: list[int] | None = None) -> int:
    """Tell the people a reply mentions, and the thread's followers (its author and everyone who posted, unless
    they muted it)."""
    post = Post.objects.select_related("thread__community", "author").get(pk=post_id)
    thread = post.thread
    told = _notify_mentions(post, thread, mentioned)
    muted = Subscription.objects.filter(_muted(thread), state=Subscription.State.MUTED).values("person")
    following = Subscription.objects.filter(thread=thread, state=Subscription.State.FOLLOWING).values(
        "person"
    )
    followers = (
        readers_of(thread)
        .filter(Q(pk__in=following) | Q(pk__in=_ids(thread.author_id)))
        .exclude(pk__in=muted)
        .exclude(pk__in=told | _ids(post.author_id))
        .values_list("pk", flat=True)
    )
    author = post.author.name if post.author else "Someone"
    return notify(
        recipient_ids=list(followers),
        kind="replies_to_me",
        title=f"{author} replied to “{thread.title}”",
        url=f"{thread.get_absolute_url()}#post-{post.pk}",
        actor_id=post.author_id,
    )


@task()
def notify_about_thread(thread_id: int, mentioned: list[int] | None = None) -> int:
    """Tell the people the opening post mentions, and the community's members (and anyone following its
    discussions) about a new thread."""
    thread = Thread.objects.select_related("community", "author").get(pk=thread_id)
    opening = thread.posts.select_related("author").order_by("created_at", "id").first()
    told = _notify_mentions(opening, thread, mentioned) if opening else set()
    muted = Subscription.objects.filter(community=thread.community_id, state=Subscription.State.MUTED)
    following = Subscription.objects.filter(community=thread.community_id, state=Subscription.State.FOLLOWING)
    members = Membership.objects.current().filter(community=thread.community_id).values("person")
    audience = (
        readers_of(thread)
        .filter(Q(pk__in=members) | Q(pk__in=following.values("person")))
        .exclude(pk__in=muted.values("person"))
        .exclude(pk__in=told | _ids(thread.author_id))
        .values_list("pk", flat=True)
    )
    kind = "help_requests" if thread.kind == Kind.HELP else "new_threads"
    author = thread.author.name if thread.author else "Someone"
    what = (
        "asked for help" if thread.kind == Kind.HELP else f"posted a new {thread.get_kind_display().lower()}"
    )
    return notify(
        recipient_ids=list(audience),
        kind=kind,
        title=f"{author} {what} in {thread.community.name}: “{thread.title}”",
        url=thread.get_absolute_url(),
        actor_id=thread.author_id,
    )
