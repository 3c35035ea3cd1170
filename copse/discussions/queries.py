"""Read-side queries for discussion pages, each in a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When

from copse.communities.models import LISTED, ORGANISERS, Community, Membership
from copse.core.pagination import Page, keyset_page

from .models import Flag, Kind, ModerationAction, Post, Reaction, Subscription, Thread

if TYPE_CHECKING:
    from copse.accounts.models import User

THREADS_PAGE_SIZE = 25


def thread_list(
    community: Community, *, kind: str = "", solved: str = "", cursor: str = ""
) -> tuple[list[Thread], Page]:
    """Pinned threads, then the rest by latest activity, `THREADS_PAGE_SIZE` at a time."""
    threads = Thread.objects.filter(community=community).select_related("author", "community")
    if kind:
        threads = threads.filter(kind=kind)
    if solved == "yes":
        threads = threads.filter(kind=Kind.HELP, accepted_answer__isnull=False)
    elif solved == "no":
        threads = threads.filter(kind=Kind.HELP, accepted_answer__isnull=True)
    pinned = list(threads.filter(is_pinned=True).order_by("-last_activity_at", "-pk")) if not cursor else []
    page = keyset_page(
        threads.filter(is_pinned=False),
        sort_key="last_activity_at",
        cursor=cursor,
        size=THREADS_PAGE_SIZE,
        descending=True,
    )
    return pinned, page


def thread_posts(thread: Thread, *, viewer: User) -> list[Post]:
    """A thread's posts in order, the accepted answer first after the question, each with reaction counts
    (`helpful_count`, `thanks_count`, `plus_one_count`) and the viewer's own reactions (`my_reactions`)."""
    counts = {
        f"{kind}_count": Count("reactions", filter=Q(reactions__kind=kind), distinct=True)
        for kind in Reaction.Kind.values
    }
    posts: list[Post] = list(
        Post.objects.filter(thread=thread)
        .select_related("author__person", "hidden_by")
        .annotate(**counts)
        .prefetch_related(
            Prefetch("reactions", queryset=Reaction.objects.filter(person=viewer), to_attr="viewer_reactions")
        )
        .order_by("created_at", "id")
    )
    for post in posts:
        post.my_reactions = {r.kind for r in post.viewer_reactions}  # type: ignore[attr-defined]
    if thread.accepted_answer_id and len(posts) > 1:
        answer = next((p for p in posts if p.pk == thread.accepted_answer_id), None)
        if answer is not None:
            posts.remove(answer)
            posts.insert(1, answer)
    return posts


def open_help_requests(user: User) -> QuerySet[Thread]:
    """Unsolved help requests in the person's communities, oldest unanswered first, so none goes unseen."""
    mine = Membership.objects.current().filter(person=user).values("community")
    return (
        Thread.objects.filter(kind=Kind.HELP, accepted_answer__isnull=True, community__in=mine)
        .filter(community__status__in=LISTED)
        .select_related("community", "author")
        .annotate(
            answered=Case(When(reply_count=0, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("answered", "created_at", "id")
    )


def flagged_posts(community: Community) -> list[Post]:
    """Posts with open flags in this community, oldest first, each with its open flags as `open_flags`.

    Only posts someone reported and no moderator has settled: a post with no flags at all is not in the queue.
    """
    open_flags = Flag.objects.open().select_related("flagged_by").order_by("created_at", "id")
    reported = Flag.objects.open().filter(post=OuterRef("pk"))
    return list(
        Post.objects.filter(Exists(reported), thread__community=community)
        .select_related("thread__community", "author__person__department")
        .prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flags"))
        .order_by("created_at", "id")[:100]
    )


def moderation_log(community: Community) -> QuerySet[ModerationAction]:
    """The 50 latest moderation actions in the community."""
    return ModerationAction.objects.filter(community=community).select_related("actor", "thread__community")[
        :50
    ]


def moderated_communities(user: User) -> QuerySet[Community]:
    """Running communities this person moderates: where a thread may be moved to."""
    communities = Community.objects.listed().order_by("name")
    if user.is_programme_team or user.is_superuser:
        return communities
    roles = Membership.objects.current().filter(person=user, role__in=ORGANISERS)
    return communities.filter(pk__in=roles.values("community"))


def subscription_state(
    user: User, *, thread: Thread | None = None, community: Community | None = None
) -> str:
    """ "following", "muted" or "default" for this person and a thread or a community's discussions."""
    target = {"thread": thread} if thread is not None else {"community": community}
    state = Subscription.objects.filter(person=user, **target).values_list("state", flat=True).first()
    return state or "default"
