"""Read-side queries for discussion pages, each in a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from copse.communities.models import LISTED, ORGANISERS, Community, Membership
from copse.core.pagination import Page, keyset_page

from .models import (
    UNREAD_WINDOW,
    Flag,
    Kind,
    ModerationAction,
    Post,
    Reaction,
    ReadPosition,
    Subscription,
    Thread,
)

if TYPE_CHECKING:
    from copse.accounts.models import User

THREADS_PAGE_SIZE = 25


@dataclass(frozen=True)
class ReactionButton:
    """One reaction under a post: its kind and label, how many gave it, and whether the viewer did."""

    kind: str
    label: str
    count: int
    pressed: bool


def thread_list(
    community: Community, *, viewer: User, kind: str = "", solved: str = "", cursor: str = ""
) -> tuple[list[Thread], Page]:
    """Pinned threads, then the rest by latest activity, `THREADS_PAGE_SIZE` at a time, each with what is new
    in it for the viewer (`Thread.objects.with_unread`)."""
    threads = (
        Thread.objects.filter(community=community)
        .select_related("author__person", "community")
        .with_unread(viewer)
    )
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
    (`helpful_count`, `thanks_count`, `plus_one_count`), the viewer's own reactions (`my_reactions`), the
    three as `reaction_buttons`, and its files (`attachments`, fetched for all posts in one query)."""
    counts = {
        f"{kind}_count": Count("reactions", filter=Q(reactions__kind=kind), distinct=True)
        for kind in Reaction.Kind.values
    }
    posts: list[Post] = list(
        Post.objects.filter(thread=thread)
        .select_related("author__person", "hidden_by")
        .annotate(**counts)
        .prefetch_related(
            Prefetch(
                "reactions", queryset=Reaction.objects.filter(person=viewer), to_attr="viewer_reactions"
            ),
            "attachments",
        )
        .order_by("created_at", "id")
    )
    for post in posts:
        post.thread = thread  # the files' addresses name the thread and its community
        post.my_reactions = {r.kind for r in post.viewer_reactions}  # type: ignore[attr-defined]
        post.reaction_buttons = [  # type: ignore[attr-defined]
            ReactionButton(kind, label, getattr(post, f"{kind}_count"), kind in post.my_reactions)  # type: ignore[attr-defined]
            for kind, label in Reaction.Kind.choices
        ]
    if thread.accepted_answer_id and len(posts) > 1:
        answer = next((p for p in posts if p.pk == thread.accepted_answer_id), None)
        if answer is not None:
            posts.remove(answer)
            posts.insert(1, answer)
    return posts


@dataclass(frozen=True)
class ReadState:
    """How far the viewer had read a thread when they opened it (from `Thread.objects.with_unread`)."""

    read_up_to: datetime
    opened_at: datetime | None  # None: they had never opened it
    is_new: bool  # never opened, and started since they joined or last marked the community read

    def new_posts(self, posts: list[Post], *, viewer: User) -> list[Post]:
        """The posts new to the viewer in time order, each marked `is_new`; none when the whole thread is new to
        them (marking every post would say nothing). The twin, for shown posts, of what `with_unread` counts."""
        if self.is_new:
            return []
        new = [
            post
            for post in posts
            if post.created_at > self.read_up_to
            and post.author_id != viewer.pk
            and not post.is_deleted
            and not post.is_hidden
        ]
        for post in new:
            post.is_new = True  # type: ignore[attr-defined]
        return sorted(new, key=lambda post: (post.created_at, post.pk))

    def moves_to(self, latest: datetime) -> bool:
        """Whether showing posts up to `latest` moves the read position (so a reload writes nothing)."""
        return self.opened_at is None or latest > self.opened_at


def read_state(thread: Thread, *, viewer: User, now: datetime | None = None) -> ReadState:
    """How far the viewer had read the thread: the twin, for one thread, of `Thread.objects.with_unread`, in one
    small query (the three moments it depends on) rather than that query's cost to build."""
    floor = (now or timezone.now()) - UNREAD_WINDOW
    moments = (
        ReadPosition.objects.filter(person=viewer, thread=thread)
        .annotate(source=Value("thread", output_field=CharField()))
        .values_list("source", "read_at")
        .union(
            ReadPosition.objects.filter(person=viewer, community_id=thread.community_id)
            .annotate(source=Value("community", output_field=CharField()))
            .values_list("source", "read_at"),
            Membership.objects.current()
            .filter(person=viewer, community_id=thread.community_id)
            .annotate(source=Value("joined", output_field=CharField()))
            .values_list("source", "joined_at"),
            all=True,
        )
    )
    found: dict[str, datetime] = dict(moments)
    opened_at = found.get("thread")
    read_from = max(found.get("community", floor), found.get("joined", floor), floor)
    read_up_to = max(opened_at or floor, read_from)
    is_new = opened_at is None and thread.created_at > read_from and thread.author_id != viewer.pk
    return ReadState(read_up_to, opened_at, is_new)


def open_help_requests(user: User) -> QuerySet[Thread]:
    """Unsolved help requests in the person's communities, oldest unanswered first, so none goes unseen; each
    with what is new in it for them (`Thread.objects.with_unread`)."""
    mine = Membership.objects.current().filter(person=user).values("community")
    return (
        Thread.objects.filter(kind=Kind.HELP, accepted_answer__isnull=True, community__in=mine)
        .filter(community__status__in=LISTED)
        .select_related("community", "author__person")
        .with_unread(user)
        .annotate(
            answered=Case(When(reply_count=0, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        .order_by("answered", "created_at", "id")
    )


def flagged_posts(community: Community) -> list[Post]:
    """Posts with open flags in this community, oldest first, each with its open flags as `open_flags` and its
    files (a reported picture is what the moderators need to see).

    Only posts someone reported and no moderator has settled: a post with no flags at all is not in the queue.
    """
    open_flags = Flag.objects.open().select_related("flagged_by").order_by("created_at", "id")
    reported = Flag.objects.open().filter(post=OuterRef("pk"))
    return list(
        Post.objects.filter(Exists(reported), thread__community=community)
        .select_related("thread__community", "author__person__department")
        .prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flags"), "attachments")
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
