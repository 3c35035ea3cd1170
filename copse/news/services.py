"""Publishing and editing news. Plain typed arguments; every refusal is a `Refused` about one field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from copse.communities.models import Community
from copse.core.markdown import MAX_MARKDOWN_LENGTH, render_markdown
from copse.core.refusals import Kind, Refused
from copse.core.text import paragraphs, single_line

from . import pictures
from .models import NewsAudience, NewsKind, NewsPost
from .permissions import can_edit_news, can_publish_in

if TYPE_CHECKING:
    from copse.accounts.models import User

TITLE_MAX = 200
SUMMARY_MAX = 300
AWARD_MAX = 200
ALT_MAX = 300
NO_ALT = "Describe the picture for people who cannot see it."
FURTHEST_AHEAD = timedelta(days=365)  # a post may be scheduled up to a year ahead


@dataclass(frozen=True)
class NewsText:
    """What a post says and when and to whom: the same for publishing and editing."""

    title: str
    body: str
    summary: str = ""
    audience: str = NewsAudience.STAFF
    publish_at: datetime | None = None  # None: now
    kind: str = NewsKind.NEWS
    award_name: str = ""
    recognised_community: Community | None = None
    recognised_person: User | None = None
    picture_alt: str = ""  # what the picture shows, for people who cannot see it: needed with a picture


def _apply(post: NewsPost, text: NewsText, community: Community | None) -> None:
    post.title = single_line(
        text.title, field="title", label="the title", max_length=TITLE_MAX, required=True
    )
    post.summary = single_line(text.summary, field="summary", label="the summary", max_length=SUMMARY_MAX)
    post.body = paragraphs(text.body, field="body", label="the story", max_length=MAX_MARKDOWN_LENGTH)
    post.body_html = render_markdown(post.body)
    if text.audience not in NewsAudience.values:
        raise Refused("Choose who may read this post.", field="audience")
    if community is not None and text.audience == NewsAudience.PUBLIC:
        raise Refused("Only programme news can be public; community news is for staff.", field="audience")
    post.audience = text.audience
    now = timezone.now()
    publish_at = text.publish_at or now
    if publish_at > now + FURTHEST_AHEAD:
        raise Refused("Choose a date within a year from now.", field="publish_at")
    post.publish_at = publish_at
    if text.kind not in NewsKind.values:
        raise Refused("Choose news or recognition.", field="kind")
    post.kind = text.kind
    if text.kind == NewsKind.RECOGNITION:
        if community is not None:
            raise Refused("Recognition is the programme's news: publish it as programme news.", field="kind")
        post.award_name = single_line(
            text.award_name, field="award_name", label="the award", max_length=AWARD_MAX, required=True
        )
        if text.recognised_community is None and text.recognised_person is None:
            raise Refused(
                "Name the community or the person recognised (or both).", field="recognised_community"
            )
        post.recognised_community = text.recognised_community
        post.recognised_person = text.recognised_person
    else:
        post.award_name = ""
        post.recognised_community = None
        post.recognised_person = None


def _picture_alt(text: NewsText, *, has_picture: bool) -> str:
    if not has_picture:
        return ""
    if not text.picture_alt.strip():
        raise Refused(NO_ALT, field="picture_alt")
    return single_line(text.picture_alt, field="picture_alt", label="the description", max_length=ALT_MAX)


def _save(post: NewsPost, picture: pictures.PreparedPicture | None, *, old: str) -> None:
    """Save the post, with the files of a new picture written first and deleted again if the row cannot be
    saved; a replaced or removed picture's files are deleted once the change is committed."""
    storage = post.picture.storage
    if picture is None:
        post.save()
    else:
        name = pictures.store(picture, storage)
        try:
            post.picture = name  # type: ignore[assignment]
            post.picture_width, post.picture_height = picture.size
            post.save()
        except BaseException:
            pictures.delete(storage, name)
            raise
    if old and old != post.picture.name:
        transaction.on_commit(lambda: pictures.delete(storage, old))


@transaction.atomic
def publish_news(
    *, by: User, community: Community | None, text: NewsText, picture: IO[bytes] | None = None
) -> NewsPost:
    """A new post: programme news (no community) by the programme team, a community's news by its leads. Shown
    from `text.publish_at` (now when not given). A `picture` is an uploaded image (see `pictures`), which needs
    `text.picture_alt`; nothing is stored when anything is refused."""
    if not can_publish_in(by, community):
        raise Refused(
            "Only the programme team and this community's leads publish its news.", kind=Kind.FORBIDDEN
        )
    post = NewsPost(community=community, author=by)
    _apply(post, text, community)
    prepared = pictures.prepare_picture(picture) if picture is not None else None
    post.picture_alt = _picture_alt(text, has_picture=prepared is not None)
    _save(post, prepared, old="")
    return post


@transaction.atomic
def update_news(
    post: NewsPost,
    *,
    by: User,
    text: NewsText,
    picture: IO[bytes] | None = None,
    remove_picture: bool = False,
) -> NewsPost:
    """Change a post's text, audience, date, award or picture (a new `picture` replaces the old one;
    `remove_picture` takes it away); its community and author stay. A refusal stores nothing and keeps the old
    picture."""
    if not can_edit_news(by, post):
        raise Refused("Only who may publish this post's news may change it.", kind=Kind.FORBIDDEN)
    if picture is not None and remove_picture:
        raise Refused("Choose a new picture or remove the picture, not both.", field="picture")
    _apply(post, text, post.community)
    prepared = pictures.prepare_picture(picture) if picture is not None else None
    # The picture as it is now, locked, so two editors replacing it at once cannot leave a file behind.
    current = (
        NewsPost.objects.select_for_update()
        .only("picture", "picture_width", "picture_height")
        .get(pk=post.pk)
    )
    old = current.picture.name or ""
    kept = bool(old) and prepared is None and not remove_picture
    post.picture_alt = _picture_alt(text, has_picture=prepared is not None or kept)
    if prepared is None:
        post.picture = old if kept else ""  # type: ignore[assignment]
        post.picture_width = current.picture_width if kept else 0
        post.picture_height = current.picture_height if kept else 0
    _save(post, prepared, old=old)
    return post
