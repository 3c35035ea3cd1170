from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from copse.communities.models import CLOSED, ESTABLISHED, ORGANISERS, Community, Membership, Visibility
from copse.core.links import address
from copse.core.markdown import MAX_MARKDOWN_LENGTH
from copse.core.models import AttachedFile, TimestampedModel

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User

TITLE_MAX = 200
REASON_MAX = 1000
# Nothing older than this shows as new: someone back from a long leave, or everyone on the day unread state
# started, sees the last four weeks as new rather than years of history.
UNREAD_WINDOW = timedelta(days=28)


class Kind(models.TextChoices):
    DISCUSSION = "discussion", "Discussion"
    HELP = "help", "Help request"
    SUCCESS = "success", "Success"
    CHALLENGE = "challenge", "Challenge"
    IDEA = "idea", "Idea"
    ANNOUNCEMENT = "announcement", "Announcement"


class ThreadQuerySet(QuerySet["Thread"]):
    def visible_to(self, user: User) -> ThreadQuerySet:
        """Threads this person may read. Twin of `permissions.can_view_thread`.

        Discussions of open communities are read by any member of staff; of other communities, by their members
        and the programme team.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_programme_team or user.is_superuser:
            return self.all()
        is_member = Membership.objects.current().filter(community=OuterRef("community"), person=user)
        return self.filter(
            Exists(is_member) | Q(community__status__in=ESTABLISHED, community__visibility=Visibility.OPEN)
        )

    def with_unread(self, user: User | AnonymousUser, *, now: datetime | None = None) -> ThreadQuerySet:
        """Annotate what is new in each thread for this person, with joins and one subquery per row of the same
        query (never a query per thread):

        - `read_from`: before this moment nothing is new to them in the thread's community: the latest of when
          they joined it, when they last marked it all as read, and `UNREAD_WINDOW` ago;
        - `read_up_to`: how far they have read this thread (their `ReadPosition`, if later than `read_from`);
        - `opened_at`: when they last read it, or None if they never opened it;
        - `new_count`: posts after `read_up_to` that members see, not written by them (the thread page marks
          where they start: `#first-new`);
        - `is_new`: they never opened it and it was started, by someone else, after `read_from`.
        """
        if not user.is_authenticated:
            return self.annotate(
                read_from=Value(None, output_field=models.DateTimeField()),
                read_up_to=Value(None, output_field=models.DateTimeField()),
                opened_at=Value(None, output_field=models.DateTimeField()),
                new_count=Value(0),
                is_new=Value(False),
            )
        floor = Value((now or timezone.now()) - UNREAD_WINDOW, output_field=models.DateTimeField())
        marked, joined = (
            Coalesce("community_position__read_at", floor),
            Coalesce("viewer_membership__joined_at", floor),
        )
        new_posts = (
            Post.objects.filter(
                thread=OuterRef("pk"),
                created_at__gt=OuterRef("read_up_to"),
                deleted_at__isnull=True,
                hidden_at__isnull=True,
            )
            .exclude(author=user)
            .order_by()
            .values("thread")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            own_position=FilteredRelation("read_positions", condition=Q(read_positions__person=user)),
            community_position=FilteredRelation(
                "community__read_positions", condition=Q(community__read_positions__person=user)
            ),
            viewer_membership=FilteredRelation(
                "community__memberships",
                condition=Q(
                    community__memberships__person=user, community__memberships__left_at__isnull=True
                ),
            ),
            opened_at=F("own_position__read_at"),
            read_from=Greatest(marked, joined),
            read_up_to=Greatest(Coalesce("own_position__read_at", floor), marked, joined),
            new_count=Coalesce(Subquery(new_posts, output_field=models.IntegerField()), 0),
            is_new=ExpressionWrapper(
                Q(opened_at__isnull=True, created_at__gt=F("read_from")) & ~Q(author=user),
                output_field=models.BooleanField(),
            ),
        )


class Thread(TimestampedModel):
    """A conversation in a community, of one kind: a discussion, a request for help, a success, a challenge..."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="threads")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(max_length=TITLE_MAX)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_locked = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    last_activity_at = models.DateTimeField(default=timezone.now)
    reply_count = models.PositiveIntegerField(default=0)
    accepted_answer = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_response_at = models.DateTimeField(
        null=True, blank=True, help_text="When someone other than the asker first replied (for analytics)."
    )

    objects = ThreadQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["community", "-last_activity_at", "-id"], name="thread_activity"),
            models.Index(fields=["kind", "accepted_answer", "created_at"], name="thread_help"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return address("discussions:thread", self.community.slug, self.pk)

    def recount(self) -> None:
        """Make the stored counters true to the posts, after a post was deleted, hidden or restored.

        `reply_count` counts the replies members see (not deleted, not hidden); `last_activity_at` is the latest
        of those or the opening post; `first_response_at` the first of those by someone other than the author.
        """
        posts = Post.objects.filter(thread_id=self.pk)
        opening = posts.order_by("created_at", "id").values_list("pk", "created_at").first()
        if opening is None:
            return
        replies = posts.exclude(pk=opening[0]).filter(deleted_at__isnull=True, hidden_at__isnull=True)
        totals = replies.aggregate(count=models.Count("pk"), latest=models.Max("created_at"))
        others = replies.exclude(author_id=self.author_id) if self.author_id is not None else replies
        self.reply_count = totals["count"]
        self.last_activity_at = max(opening[1], totals["latest"] or opening[1])
        self.first_response_at = others.aggregate(first=models.Min("created_at"))["first"]
        Thread.objects.filter(pk=self.pk).update(
            reply_count=self.reply_count,
            last_activity_at=self.last_activity_at,
            first_response_at=self.first_response_at,
        )

    @property
    def is_help_request(self) -> bool:
        return self.kind == Kind.HELP

    @property
    def is_solved(self) -> bool:
        return self.accepted_answer_id is not None


class PostQuerySet(QuerySet["Post"]):
    def visible_to(self, user: User) -> PostQuerySet:
        """Posts this person may open. Twin of `permissions.can_view_post`.

        The posts of threads they may read (`Thread.objects.visible_to`); a post a moderator hid only for those
        who moderate the community (its leads and core members, and the programme team) while it runs. A post its
        author deleted stays, as the thread page shows it: "This post was deleted by its author."
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        posts = self.filter(thread__in=Thread.objects.visible_to(user))
        shown = Q(hidden_at__isnull=True)
        running = ~Q(thread__community__status__in=CLOSED)
        if user.is_programme_team or user.is_superuser:
            return posts.filter(shown | running)
        moderates = Membership.objects.current().filter(
            community=OuterRef("thread__community"), person=user, role__in=ORGANISERS
        )
        return posts.filter(shown | (running & Exists(moderates)))


class Post(TimestampedModel):
    """One message in a thread. The first post opens the thread; the rest are replies."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=MAX_MARKDOWN_LENGTH)
    body_html = models.TextField(
        help_text="The body rendered from Markdown and sanitised; never typed by a person."
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(max_length=REASON_MAX, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["thread", "created_at", "id"], name="post_order")]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def rendered_body(self) -> SafeString:
        """The body as HTML for templates: the one place a post is trusted as markup."""
        # Safe because `body_html` is only ever written by `render_markdown`, which sanitises it with nh3.
        return mark_safe(self.body_html)  # noqa: S308


class PostAttachmentQuerySet(QuerySet["PostAttachment"]):
    def visible_to(self, user: User) -> PostAttachmentQuerySet:
        """Files attached to posts this person may open (`Post.objects.visible_to`: a hidden post's only for its
        community's moderators). A deleted post has none. Twin of `permissions.can_view_attachment`."""
        return self.filter(post__in=Post.objects.visible_to(user), post__deleted_at__isnull=True)


class PostAttachment(AttachedFile):
    """A document or an image attached to a post (the opening post or a reply), in the order it was chosen."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")

    objects = PostAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        thread = self.post.thread
        return address("discussions:attachment", thread.community.slug, thread.pk, self.pk, self.filename)


class Reaction(models.Model):
    """A quick response to a post. A person gives each kind at most once; giving it again takes it back."""

    class Kind(models.TextChoices):
        HELPFUL = "helpful", "Helpful"
        THANKS = "thanks", "Thanks"
        PLUS_ONE = "plus_one", "+1"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "person", "kind"], name="one_reaction_of_a_kind")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.kind} {self.post_id}"


class FlagQuerySet(QuerySet["Flag"]):
    def open(self) -> FlagQuerySet:
        return self.filter(resolved_at__isnull=True)


class Flag(models.Model):
    """Someone asks the moderators to look at a post, saying why."""

    class Outcome(models.TextChoices):
        HIDDEN = "hidden", "Post hidden"
        DISMISSED = "dismissed", "No action needed"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    flagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "flagged_by"],
                condition=Q(resolved_at__isnull=True),
                name="one_open_flag_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Flag on post {self.post_id}"


class ModerationAction(models.Model):
    """The moderation log: who did what to which thread or post, when and why."""

    class Action(models.TextChoices):
        HIDE = "hide", "hid a post"
        RESTORE = "restore", "restored a post"
        DISMISS = "dismiss", "dismissed a flag on a post"
        LOCK = "lock", "locked the thread"
        UNLOCK = "unlock", "unlocked the thread"
        PIN = "pin", "pinned the thread"
        UNPIN = "unpin", "unpinned the thread"
        MOVE = "move", "moved the thread"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="moderation_actions")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="moderation_actions")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.actor} {self.get_action_display()}"


class Subscription(models.Model):
    """A person following or muting a thread or a whole community's discussions.

    With no row, the defaults apply: people follow the threads they post in, and members hear of new threads
    through their notification preferences.
    """

    class State(models.TextChoices):
        FOLLOWING = "following", "Following"
        MUTED = "muted", "Muted"

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="discussion_subscriptions"
    )
    state = models.CharField(max_length=10, choices=State.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, community__isnull=True)
                | Q(thread__isnull=True, community__isnull=False),
                name="subscription_to_thread_or_community",
            ),
            models.UniqueConstraint(fields=["person", "thread"], name="one_subscription_per_thread"),
            models.UniqueConstraint(fields=["person", "community"], name="one_subscription_per_community"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.state} {self.thread_id or self.community_id}"


class ReadPosition(models.Model):
    """How far a person has read: one thread (up to the latest post they were shown), or all of a community's
    discussions (when they marked it all as read). It only moves forward.

    Posts after it, by other people, are new to them; what is new is worked out by
    `Thread.objects.with_unread`, so a list needs no query per thread.
    """

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="read_positions"
    )
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="read_positions"
    )
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=False, community__isnull=True)
                | Q(thread__isnull=True, community__isnull=False),
                name="read_position_in_thread_or_community",
            ),
            models.UniqueConstraint(fields=["person", "thread"], name="one_read_position_per_thread"),
            models.UniqueConstraint(fields=["person", "community"], name="one_read_position_per_community"),
        ]

    def __str__(self) -> str:
        return f"{self.person} read {self.thread_id or self.community_id} up to {self.read_at}"
