"""How a thread is labelled in lists and on its page: its kind, whether a help request is solved, and what is new
for the viewer, as template globals returning HTML rather than included templates, because they run once per row
of the busiest lists."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def thread_labels(thread: Any) -> SafeString:
    """`{{ thread_labels(thread) }}`: the kind as a tag; for a help request "Solved" or "Not yet solved" (a green
    and an amber badge, in words as well as colour); "Pinned" and "Locked"."""
    labels = [format_html('<span class="tag tag-{}">{}</span>', thread.kind, thread.get_kind_display())]
    if thread.is_help_request:
        if thread.is_solved:
            labels.append(format_html('<span class="badge badge-success">{}</span>', "Solved"))
        else:
            labels.append(format_html('<span class="badge badge-warning">{}</span>', "Not yet solved"))
    if thread.is_pinned:
        labels.append(format_html('<span class="badge badge-outline no-dot">{}</span>', "Pinned"))
    if thread.is_locked:
        labels.append(format_html('<span class="badge badge-outline no-dot">{}</span>', "Locked"))
    return format_html_join(" ", "{}", ((label,) for label in labels))


def is_unread(thread: Any) -> bool:
    """Whether the thread has something new for the viewer (from `Thread.objects.with_unread`)."""
    return bool(getattr(thread, "is_new", False) or getattr(thread, "new_count", 0))


def unread(thread: Any) -> bool:
    """`{% if thread|unread %}`: the thread is new to the viewer or has new posts."""
    return is_unread(thread)


def unread_marker(thread: Any) -> SafeString | str:
    """`{{ unread_marker(thread) }}`: "New" for a thread the viewer has never opened, "3 new" for one with
    replies since they last read it, nothing otherwise."""
    if getattr(thread, "is_new", False):
        return format_html(
            '<span class="badge badge-new">{}<span class="visually-hidden"> thread</span></span>', "New"
        )
    count = getattr(thread, "new_count", 0)
    if not count:
        return ""
    return format_html(
        '<span class="badge badge-new">{} new<span class="visually-hidden"> repl{}</span></span>',
        count,
        "y" if count == 1 else "ies",
    )


def thread_url(thread: Any) -> str:
    """`{{ thread_url(thread) }}`: the thread's address, at its first new post (`#first-new`, which the thread page
    puts there) when the viewer has read some of it and more came since; the page opens there without JavaScript."""
    url: str = thread.get_absolute_url()
    if getattr(thread, "new_count", 0) and not getattr(thread, "is_new", False):
        return f"{url}#first-new"
    return url


GLOBALS = {"thread_labels": thread_labels, "unread_marker": unread_marker, "thread_url": thread_url}
FILTERS = {"unread": unread}
