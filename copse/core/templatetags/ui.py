"""The design system's small pieces that every page uses: faces, relative times and date tiles.

They are simple tags that return HTML strings, not inclusion tags, because they run inside loops on the busiest
pages (a thread of 200 replies draws 200 faces) and an inclusion tag costs a template render each time."""

import warnings
from datetime import date, datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .copse import when

register = template.Library()

# Twelve backgrounds for initials, each with white text at a contrast of at least 4.5:1 (WCAG 2.2 AA); the
# stylesheet names them .avatar-c0 … .avatar-c11. A person keeps theirs because it comes from their id.
AVATAR_COLOURS = 12
# Each size's width in CSS pixels (the stylesheet's .avatar-xs … .avatar-xl), so a photo takes its place at once.
AVATAR_PIXELS = {"xs": 24, "sm": 36, "md": 48, "lg": 72, "xl": 120}
AVATAR_SIZES = set(AVATAR_PIXELS)


def initials(name: str) -> str:
    """The first letters of the first and last words of a name: "Daniel Hughes" is "DH", "Cher" is "C"."""
    words = [w for w in name.replace("(", " ").split() if w[:1].isalpha()]
    if not words:
        return "?"
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()


class ProfileNotFetched(RuntimeWarning):
    """A face was drawn for someone whose profile the query did not select, so their photo could not be shown.

    The tag never fetches it (that would be a query per face); the test suite turns this warning into an error.
    """


def cached_profile(user: Any) -> Any:
    """The person's profile if the query that fetched them selected it (`select_related("person")`), else None,
    without a query either way. Warns (`ProfileNotFetched`) when it was not selected."""
    # __class__, not type(): request.user is a lazy object that passes for the User it wraps.
    relation = getattr(user.__class__, "person", None)
    related = getattr(relation, "related", None)
    if related is None:  # not an account (a speaker from outside, say): initials only
        return None
    if not related.is_cached(user):
        if user.pk is not None:
            warnings.warn(
                f"{{% avatar %}} for user {user.pk} without their profile: select_related the person "
                "(for example person__person) in the query that fetched them.",
                ProfileNotFetched,
                stacklevel=2,
            )
        return None
    return related.get_cached_value(user)


@register.simple_tag
def avatar(person: Any, size: str = "sm") -> SafeString:
    """`{% avatar person "md" %}`: their photo, or their initials on a colour of their own. Decorative: the name
    always stands beside it, so it is hidden from screen readers rather than read twice.

    `person` is an account (a User) fetched with its profile (`person__person` from a membership, say); the tag
    makes no query. Someone who has left keeps their initials: their photo is no longer served.
    """
    size = size if size in AVATAR_SIZES else "sm"
    if person is None:
        return format_html('<span class="avatar avatar-{} avatar-gone" aria-hidden="true"></span>', size)
    profile = cached_profile(person)
    if profile is not None and profile.photo and getattr(person, "is_active", True):
        return format_html(
            '<img class="avatar avatar-{}" src="{}" alt="" width="{}" height="{}" loading="lazy" decoding="async">',
            size,
            profile.photo_url,
            AVATAR_PIXELS[size],
            AVATAR_PIXELS[size],
        )
    name = person.get_full_name() or person.email
    return format_html(
        '<span class="avatar avatar-{} avatar-c{}" aria-hidden="true">{}</span>',
        size,
        (person.pk or 0) % AVATAR_COLOURS,
        initials(name),
    )


def ago_words(moment: datetime, now: datetime) -> str:
    """How long ago a moment was, as people say it: "just now", "5 minutes ago", "3 hours ago", "yesterday",
    "4 days ago", then the date ("12 March", with the year when it is not this year)."""
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        minutes = int(seconds // 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    local, today = timezone.localtime(moment), timezone.localtime(now)
    days = (today.date() - local.date()).days
    if days == 0:
        hours = int(seconds // 3600)
        return f"{hours} hour{'s' if hours != 1 else ''} ago"
    if days == 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    if local.year == today.year:
        return f"{local.day} {local:%B}"
    return f"{local.day} {local:%B %Y}"


@register.filter
def ago(moment: datetime | None) -> SafeString | str:
    """`{{ post.created_at|ago }}`: "3 hours ago" in a <time> element with the exact moment in its datetime
    attribute and the full date in its title, for lists; pages where precision matters use `when`."""
    if moment is None:
        return ""
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        moment.isoformat(timespec="seconds"),
        when(moment),
        ago_words(moment, timezone.now()),
    )


@register.simple_tag
def date_tile(moment: datetime | date | None) -> SafeString | str:
    """`{% date_tile event.starts_at %}`: a calendar-page tile ("DEC / 1"). Decorative, hidden from screen readers:
    the full date is always written beside it."""
    if moment is None:
        return ""
    local = (
        timezone.localtime(moment) if isinstance(moment, datetime) and timezone.is_aware(moment) else moment
    )
    return format_html(
        '<span class="date-tile" aria-hidden="true"><span class="date-tile-month">{}</span>'
        '<span class="date-tile-day">{}</span><span class="date-tile-weekday">{}</span></span>',
        f"{local:%b}",
        local.day,
        f"{local:%a}",
    )
