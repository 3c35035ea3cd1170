"""Writing in discussions: starting threads, replying, editing, reacting, accepting answers and moderating.

Each takes plain, typed arguments and is atomic; the permission checks happen in the views through
`permissions.py` before these are called. A refusal says what kind of no it is and, when it is about one input,
names the form field. Deleting, hiding and restoring a post recount the thread, so its counters stay true.

A new thread or a reply may carry files (`AttachmentData`, at most five): every file is checked before anything
is written, the files are stored only then, and deleted again if the post's transaction fails
(`copse.core.attachments`). A post's files go with it: hidden with it, deleted with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from copse.communities.models import Community
from copse.core import attachments
from copse.core.attachments import AttachmentData, StoredCopy
from copse.core.markdown import MAX_MARKDOWN_LENGTH
from copse.core.refusals import Kind as RefusalKind
from copse.core.refusals import Refused
from copse.core.text import single_line

from . import tasks
from .mentions import render_post
from .models import (
    REASON_MAX,
    TITLE_MAX,
    Flag,
    Kind,
    ModerationAction,
    Post,
    PostAttachment,
    Reaction,
    ReadPosition,
    Subscription,
    Thread,
)

if TYPE_CHECKING:
    from copse.accounts.models import User


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise Refused("Write something before you post.", field="body")
    if len(body) > MAX_MARKDOWN_LENGTH:
        raise Refused(
            f"Posts must be {MAX_MARKDOWN_LENGTH:,} characters or fewer; this one has {len(body):,}.",
            field="body",
        )
    return body


def _clean_reason(reason: str, *, required: str | None = None) -> str:
    """A moderation or report reason; `required` is the message when it may not be empty."""
    reason = single_line(reason, field="reason", label="the reason", max_length=REASON_MAX)
    if required and not reason:
        raise Refused(required, field="reason")
    return reason


def start_thread(
    community: Community,
    *,
    author: User,
    kind: str,
    title: str,
    body: str,
    files: Sequence[AttachmentData] = (),
    image_descriptions: str = "",
    notify: bool = True,
) -> Thread:
    """Open a thread with its first post (and the files attached to it), and tell the community's members
    (unless `notify` is False: the demo's history is not news)."""
    title = single_line(title, field="title", label="the title", max_length=TITLE_MAX)
    if not title:
        raise Refused("Give your post a title.", field="title")
    if kind not in Kind.values:
        raise Refused("Choose what kind of post this is.", field="kind")
    body = _clean_body(body)
    ready = attachments.prepare(files, descriptions=image_descriptions)
    with attachments.stored(ready) as copies, transaction.atomic():
        thread = Thread.objects.create(community=community, kind=kind, title=title, author=author)
        rendered = render_post(body, community)
        opening = Post.objects.create(thread=thread, author=author, body=body, body_html=rendered.html)
        _attach(opening, copies, by=author)
        thread.last_activity_at = opening.created_at  # the post is written a moment after the thread
        thread.save(update_fields=["last_activity_at"])
        _follow_on_posting(thread, author)
        if notify:
            mentioned = sorted(rendered.mentioned)
            transaction.on_commit(lambda: tasks.notify_about_thread.enqueue(thread.pk, mentioned))
    return thread


def reply(
    thread: Thread,
    *,
    author: User,
    body: str,
    files: Sequence[AttachmentData] = (),
    image_descriptions: str = "",
    notify: bool = True,
) -> Post:
    """Add a reply (with the files attached to it); the thread moves to the top of its community's list.
    Refused once the thread is locked.

    The thread's followers are told, unless `notify` is False (the demo's history is not news).
    """
    body = _clean_body(body)
    ready = attachments.prepare(files, descriptions=image_descriptions)
    with attachments.stored(ready) as copies, transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if locked.is_locked:
            raise Refused("This thread is locked, so no one can reply.", kind=RefusalKind.CONFLICT)
        opening = locked.posts.order_by("created_at", "id").only("hidden_at").first()
        if opening is not None and opening.is_hidden:
            raise Refused(
                "The moderators have hidden this thread's opening post, so no one can reply.",
                kind=RefusalKind.CONFLICT,
            )
        rendered = render_post(body, thread.community)
        post = Post.objects.create(thread=locked, author=author, body=body, body_html=rendered.html)
        _attach(post, copies, by=author)
        changes: dict[str, object] = {
            "reply_count": F("reply_count") + 1,
            "last_activity_at": post.created_at,
        }
        if locked.first_response_at is None and author.pk != locked.author_id:
            changes["first_response_at"] = post.created_at
        Thread.objects.filter(pk=locked.pk).update(**changes)
        _follow_on_posting(locked, author)
        if notify:
            mentioned = sorted(rendered.mentioned)
            transaction.on_commit(lambda: tasks.notify_about_reply.enqueue(post.pk, mentioned))
    return post


def attach_files(
    post: Post, *, by: User, files: Sequence[AttachmentData], image_descriptions: str = ""
) -> list[PostAttachment]:
    """Attach more files to a post that is there already (the demo's history uses it), with the same checks."""
    if post.is_deleted:
        raise Refused("This post has been deleted.", kind=RefusalKind.CONFLICT)
    ready = attachments.prepare(files, descriptions=image_descriptions)
    with attachments.stored(ready) as copies, transaction.atomic():
        return _attach(post, copies, by=by)


def _attach(post: Post, copies: list[StoredCopy], *, by: User) -> list[PostAttachment]:
    rows = [PostAttachment(post=post, uploaded_by=by, **attachments.row_fields(copy)) for copy in copies]
    return PostAttachment.objects.bulk_create(rows) if rows else []


@transaction.atomic
def edit_post(post: Post, *, body: str) -> Post:
    """Change a post's text; it shows as edited. People it now mentions and did not before are told (once: an
    edit that keeps a mention tells no one again)."""
    body = _clean_body(body)
    community = post.thread.community
    before = render_post(post.body, community).mentioned
    rendered = render_post(body, community)
    post.body = body
    post.body_html = rendered.html
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at", "updated_at"])
    newly = sorted(rendered.mentioned - before)
    if newly:
        transaction.on_commit(lambda: tasks.notify_about_mentions.enqueue(post.pk, newly))
    return post


@transaction.atomic
def delete_post(post: Post) -> None:
    """Delete softly: the post stays in place as "deleted", so replies still make sense; it no longer counts.
    Its files are deleted (from storage once the deletion is committed)."""
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    post.deleted_at = timezone.now()
    post.body = ""
    post.body_html = ""
    post.save(update_fields=["deleted_at", "body", "body_html", "updated_at"])
    files = post.attachments.all()
    attachments.delete_after_commit(str(name) for name in files.values_list("file", flat=True))
    files.delete()
    Thread.objects.filter(pk=thread.pk, accepted_answer=post).update(accepted_answer=None)
    thread.recount()


def toggle_reaction(post: Post, *, person: User, kind: str) -> bool:
    """Give a reaction, or take it back if already given. Returns whether it is now given."""
    if kind not in Reaction.Kind.values:
        raise Refused("Choose helpful, thanks or +1.", field="kind")
    if post.is_deleted or post.is_hidden:
        raise Refused("This post has been deleted or hidden.", kind=RefusalKind.CONFLICT)
    with transaction.atomic():
        deleted, _ = Reaction.objects.filter(post=post, person=person, kind=kind).delete()
        if deleted:
            return False
        try:
            with transaction.atomic():
                Reaction.objects.create(post=post, person=person, kind=kind)
        except IntegrityError:  # a double click created it a moment ago
            pass
        return True


@transaction.atomic
def accept_answer(thread: Thread, *, post: Post) -> Thread:
    """Mark the reply that answered a help request; the thread shows as solved with the answer first."""
    if not thread.is_help_request:
        raise Refused("Only help requests have an accepted answer.", kind=RefusalKind.CONFLICT)
    if post.thread_id != thread.pk:
        raise Refused("Choose a reply in this thread.")
    if post.is_deleted or post.is_hidden:
        raise Refused(
            "Choose a reply in this thread that has not been deleted or hidden.", kind=RefusalKind.CONFLICT
        )
    first = thread.posts.order_by("created_at", "id").values_list("pk", flat=True).first()
    if post.pk == first:
        raise Refused("The question itself cannot be its answer. Choose a reply.")
    thread.accepted_answer = post
    thread.save(update_fields=["accepted_answer", "updated_at"])
    return thread


def flag_post(post: Post, *, person: User, reason: str) -> Flag:
    """Ask the moderators to look at a post. Flagging the same post again while it is open returns that flag."""
    reason = _clean_reason(reason, required="Say what is wrong with the post, so the moderators can act.")
    if post.is_deleted:
        raise Refused("This post has been deleted.", kind=RefusalKind.CONFLICT)
    existing = Flag.objects.open().filter(post=post, flagged_by=person).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Flag.objects.create(post=post, flagged_by=person, reason=reason)
    except IntegrityError:
        return Flag.objects.open().get(post=post, flagged_by=person)


def _record(thread: Thread, *, actor: User, action: str, reason: str = "", post: Post | None = None) -> None:
    ModerationAction.objects.create(
        community_id=thread.community_id,
        thread=thread,
        post=post,
        actor=actor,
        action=action,
        reason=reason[:REASON_MAX],
    )


@transaction.atomic
def hide_post(post: Post, *, by: User, reason: str) -> None:
    """Hide a post from members (moderators still see it), settling its open flags; it no longer counts."""
    reason = _clean_reason(reason, required="Say why the post is hidden; it is kept in the moderation log.")
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if locked.is_hidden:
        raise Refused("This post is already hidden.", kind=RefusalKind.CONFLICT)
    now = timezone.now()
    Post.objects.filter(pk=locked.pk).update(hidden_at=now, hidden_by=by, hidden_reason=reason)
    Flag.objects.open().filter(post=locked).update(
        resolved_at=now, resolved_by=by, outcome=Flag.Outcome.HIDDEN
    )
    Thread.objects.filter(pk=thread.pk, accepted_answer=locked).update(accepted_answer=None)
    thread.recount()
    _record(thread, actor=by, action=ModerationAction.Action.HIDE, reason=reason, post=locked)


@transaction.atomic
def restore_post(post: Post, *, by: User, reason: str = "") -> None:
    """Show a hidden post to members again; it counts again."""
    reason = _clean_reason(reason)
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if not locked.is_hidden:
        raise Refused("This post is not hidden.", kind=RefusalKind.CONFLICT)
    Post.objects.filter(pk=locked.pk).update(hidden_at=None, hidden_by=None, hidden_reason="")
    thread.recount()
    _record(thread, actor=by, action=ModerationAction.Action.RESTORE, reason=reason, post=locked)


@transaction.atomic
def dismiss_flags(post: Post, *, by: User, reason: str = "") -> int:
    """The moderators looked and the post can stay. Returns how many flags were settled."""
    reason = _clean_reason(reason)
    settled = (
        Flag.objects.open()
        .filter(post=post)
        .update(resolved_at=timezone.now(), resolved_by=by, outcome=Flag.Outcome.DISMISSED)
    )
    if not settled:
        raise Refused("There are no open flags on this post.", kind=RefusalKind.CONFLICT)
    _record(post.thread, actor=by, action=ModerationAction.Action.DISMISS, reason=reason, post=post)
    return settled


THREAD_ACTIONS = {
    ModerationAction.Action.LOCK: ("is_locked", True),
    ModerationAction.Action.UNLOCK: ("is_locked", False),
    ModerationAction.Action.PIN: ("is_pinned", True),
    ModerationAction.Action.UNPIN: ("is_pinned", False),
}


@transaction.atomic
def moderate_thread(thread: Thread, *, by: User, action: str, reason: str = "") -> Thread:
    """Lock, unlock, pin or unpin a thread, and log it."""
    if action not in THREAD_ACTIONS:
        raise Refused("Choose lock, unlock, pin or unpin.", field="action")
    reason = _clean_reason(reason)
    field, value = THREAD_ACTIONS[ModerationAction.Action(action)]
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    if getattr(locked, field) == value:
        raise Refused("The thread is already like that; nothing was changed.", kind=RefusalKind.CONFLICT)
    setattr(locked, field, value)
    locked.save(update_fields=[field, "updated_at"])
    _record(locked, actor=by, action=action, reason=reason)
    return locked


@transaction.atomic
def move_thread(thread: Thread, *, to: Community, by: User, reason: str = "") -> Thread:
    """Move a thread, with its posts and counters, to another community the moderator also moderates."""
    reason = _clean_reason(reason)
    if to.pk == thread.community_id:
        raise Refused("The thread is already in that community.", kind=RefusalKind.CONFLICT)
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    origin = locked.community.name
    locked.community = to
    locked.save(update_fields=["community", "updated_at"])
    _record(
        locked,
        actor=by,
        action=ModerationAction.Action.MOVE,
        reason=f"From {origin}. {reason}".strip(),
    )
    return locked


def _follow_on_posting(thread: Thread, person: User) -> None:
    """Posting in a thread follows it, unless the person has muted it."""
    Subscription.objects.get_or_create(
        person=person, thread=thread, defaults={"state": Subscription.State.FOLLOWING}
    )


@transaction.atomic
def set_subscription(
    person: User, *, state: str, thread: Thread | None = None, community: Community | None = None
) -> None:
    """Follow, mute, or go back to the defaults ("default") for a thread or a community's discussions."""
    if state not in {*Subscription.State.values, "default"}:
        raise Refused("Choose follow, mute or the default.", field="state")
    target = {"thread": thread} if thread is not None else {"community": community}
    if state == "default":
        Subscription.objects.filter(person=person, **target).delete()
    else:
        Subscription.objects.update_or_create(person=person, **target, defaults={"state": state})


# Reading: how far each person has read, kept by the thread page and "Mark all as read".


def _move_read_position(person: User, *, read_at: datetime, **target: Thread | Community) -> None:
    """Move the person's read position in a thread or community forward to `read_at`, never back: a conditional
    UPDATE, then an INSERT that does nothing if the row is there already (and so is at `read_at` or later)."""
    moved = ReadPosition.objects.filter(person=person, read_at__lt=read_at, **target).update(read_at=read_at)
    if not moved:
        ReadPosition.objects.bulk_create(
            [ReadPosition(person=person, read_at=read_at, **target)], ignore_conflicts=True
        )


@transaction.atomic
def mark_thread_read(thread: Thread, *, person: User, up_to: datetime) -> None:
    """The person has read the thread up to `up_to`, the time of the latest post they were shown: later posts
    by others are new to them. Opening an older tab again never moves the position back."""
    _move_read_position(person, read_at=up_to, thread=thread)


@transaction.atomic
def mark_community_read(community: Community, *, person: User, at: datetime | None = None) -> None:
    """ "Mark all as read": nothing in the community's discussions posted before `at` (by default now) is new to
    the person any more, whatever they had opened."""
    _move_read_position(person, read_at=at or timezone.now(), community=community)
