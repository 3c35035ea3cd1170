"""Writing in discussions: starting threads, replying, editing, reacting and accepting answers.

Each is atomic; the permission checks happen in the views through `permissions.py` before these are called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from .markdown import MAX_MARKDOWN_LENGTH, render_markdown
from .models import TITLE_MAX, Kind, Post, Reaction, Thread

if TYPE_CHECKING:
    from copse.accounts.models import User
    from copse.communities.models import Community


class Refused(Exception):
    """The action cannot happen; the message says why, in words for the person who tried."""


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise Refused("Write something before you post.")
    if len(body) > MAX_MARKDOWN_LENGTH:
        raise Refused(
            f"Posts must be {MAX_MARKDOWN_LENGTH:,} characters or fewer; this one has {len(body):,}."
        )
    return body


@transaction.atomic
def start_thread(community: Community, *, author: User, kind: str, title: str, body: str) -> Thread:
    """Open a thread with its first post."""
    title = title.strip()
    if not title:
        raise Refused("Give your post a title.")
    if len(title) > TITLE_MAX:
        raise Refused(f"Titles must be {TITLE_MAX} characters or fewer.")
    if kind not in Kind.values:
        raise Refused("Choose what kind of post this is.")
    body = _clean_body(body)
    thread = Thread.objects.create(community=community, kind=kind, title=title, author=author)
    Post.objects.create(thread=thread, author=author, body=body, body_html=render_markdown(body))
    return thread


@transaction.atomic
def reply(thread: Thread, *, author: User, body: str) -> Post:
    """Add a reply; the thread moves to the top of its community's list. Refused once the thread is locked."""
    body = _clean_body(body)
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    if locked.is_locked:
        raise Refused("This thread is locked, so no one can reply.")
    post = Post.objects.create(thread=locked, author=author, body=body, body_html=render_markdown(body))
    changes: dict[str, object] = {"reply_count": F("reply_count") + 1, "last_activity_at": post.created_at}
    if locked.first_response_at is None and author.pk != locked.author_id:
        changes["first_response_at"] = post.created_at
    Thread.objects.filter(pk=locked.pk).update(**changes)
    return post


@transaction.atomic
def edit_post(post: Post, *, body: str) -> Post:
    """Change a post's text; it shows as edited."""
    body = _clean_body(body)
    post.body = body
    post.body_html = render_markdown(body)
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "body_html", "edited_at", "updated_at"])
    return post


@transaction.atomic
def delete_post(post: Post) -> None:
    """Delete softly: the post stays in place as "deleted", so replies still make sense."""
    post.deleted_at = timezone.now()
    post.body = ""
    post.body_html = ""
    post.save(update_fields=["deleted_at", "body", "body_html", "updated_at"])
    Thread.objects.filter(pk=post.thread_id, accepted_answer=post).update(accepted_answer=None)


def toggle_reaction(post: Post, *, person: User, kind: str) -> bool:
    """Give a reaction, or take it back if already given. Returns whether it is now given."""
    if kind not in Reaction.Kind.values:
        raise Refused("Choose helpful, thanks or +1.")
    if post.is_deleted:
        raise Refused("This post has been deleted.")
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
        raise Refused("Only help requests have an accepted answer.")
    if post.thread_id != thread.pk or post.is_deleted:
        raise Refused("Choose a reply in this thread.")
    first = thread.posts.order_by("created_at", "id").values_list("pk", flat=True).first()
    if post.pk == first:
        raise Refused("The question itself cannot be its answer. Choose a reply.")
    thread.accepted_answer = post
    thread.save(update_fields=["accepted_answer", "updated_at"])
    return thread
