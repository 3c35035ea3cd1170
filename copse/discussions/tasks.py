"""Fan-out after a post: who hears about it, decided in the background so posting costs the same for any audience.

Queued by the services with `transaction.on_commit`; each task makes one `notify` call per kind of news.
"""

from __future__ import annotations

import re

from django.db.models import Q
from django_tasks import task

from copse.communities.models import Membership
from copse.notifications.services import notify

from .models import Kind, Post, Subscription, Thread
from .permissions import readers_of

# `@firstname.lastname`: the part of a colleague's work email before the @.
MENTION = re.compile(r"(?<![\w@.])@([a-z0-9][a-z0-9._-]*[a-z0-9])", re.IGNORECASE)


def mentioned_in(body: str) -> set[str]:
    """The email local parts a post mentions, lower-cased."""
    return {match.lower() for match in MENTION.findall(body)}


def _ids(person_id: int | None) -> set[int]:
    return {person_id} if person_id is not None else set()


def _muted(thread: Thread) -> Q:
    return Q(thread=thread) | Q(community=thread.community_id)


def _notify_mentions(post: Post, thread: Thread) -> set[int]:
    """Tell the people a post mentions, if they can read it. Returns whom it told."""
    names = mentioned_in(post.body)
    if not names:
        return set()
    pattern = r"^(" + "|".join(re.escape(name) for name in sorted(names)) + r")@"
    mentioned = set(
        readers_of(thread)
        .filter(email__iregex=pattern)
        .exclude(pk__in=_ids(post.author_id))
        .values_list("pk", flat=True)
    )
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
def notify_about_reply(post_id: int) -> int:
    """Tell the thread's followers (its author and everyone who posted, unless they muted it) about a reply."""
    post = Post.objects.select_related("thread__community", "author").get(pk=post_id)
    thread = post.thread
    told = _notify_mentions(post, thread)
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
def notify_about_thread(thread_id: int) -> int:
    """Tell the community's members (and anyone following its discussions) about a new thread."""
    thread = Thread.objects.select_related("community", "author").get(pk=thread_id)
    opening = thread.posts.select_related("author").order_by("created_at", "id").first()
    told = _notify_mentions(opening, thread) if opening else set()
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
