"""Adding to the library, replacing files, marking best practice, keeping collections and saving threads.

Each service is atomic and refuses bad input with `Refused`. A file is checked by its content before anything is
written; it reaches storage only after every check passed, and is deleted again if the rows cannot be written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from copse.communities.models import Community
from copse.core import files
from copse.core.markdown import MAX_MARKDOWN_LENGTH, render_markdown
from copse.core.refusals import Refused
from copse.core.text import paragraphs, single_line, web_address
from copse.discussions.models import Post, Thread
from copse.projects.models import Project

from .models import (
    PAGE_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    Collection,
    CollectionItem,
    Resource,
    ResourceFile,
    ResourceKind,
)

if TYPE_CHECKING:
    from copse.accounts.models import User

FOLDER = "library"
MAX_TAGS = 10
TAG_MAX = 40


@dataclass(frozen=True)
class Upload:
    """A file as it arrived: the name its sender gave it (never trusted as a path) and its bytes."""

    name: str
    file: IO[bytes]


@dataclass(frozen=True)
class ResourceData:
    """What a person says of a resource. A link has a `url`, a page a `body`; a file comes as an `Upload`."""

    title: str
    summary: str = ""
    url: str = ""
    body: str = ""
    tags: tuple[str, ...] = ()
    projects: tuple[Project, ...] = field(default=())


def _checked(kind: str, data: ResourceData, community: Community | None) -> dict[str, object]:
    fields: dict[str, object] = {
        "title": single_line(data.title, field="title", label="a title", max_length=TITLE_MAX, required=True),
        "summary": paragraphs(data.summary, field="summary", label="the summary", max_length=SUMMARY_MAX),
        "url": "",
        "body": "",
        "body_html": "",
    }
    if kind == ResourceKind.LINK:
        fields["url"] = web_address(data.url, field="url")
        if not fields["url"]:
            raise Refused("Enter the web address the link goes to.", field="url")
    elif kind == ResourceKind.PAGE:
        body = paragraphs(
            data.body,
            field="body",
            label="the page",
            max_length=min(PAGE_MAX, MAX_MARKDOWN_LENGTH),
            required=True,
        )
        fields["body"] = body
        fields["body_html"] = render_markdown(body)
    elif kind != ResourceKind.FILE:
        raise Refused("Choose a link, a file or a page.", field="kind")
    outside = [
        project for project in data.projects if community is None or project.community_id != community.pk
    ]
    if outside:
        raise Refused("Only this community's projects can be related to its resources.", field="projects")
    return fields


def _tags(tags: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for tag in tags:
        text = single_line(tag, field="tags", label="a tag", max_length=TAG_MAX).lower()
        if text and text not in cleaned:
            cleaned.append(text)
    if len(cleaned) > MAX_TAGS:
        raise Refused(f"Give at most {MAX_TAGS} tags.", field="tags")
    return cleaned


@contextmanager
def _stored(checked: files.CheckedFile) -> Iterator[str]:
    """The file written to storage for the rows the block writes; deleted again if the block fails."""
    name = files.save(checked, folder=FOLDER)
    try:
        yield name
    except BaseException:
        default_storage.delete(name)
        raise


def _check_file(upload: Upload | None) -> files.CheckedFile:
    if upload is None:
        raise Refused("Choose the file to add.", field="file")
    return files.check_upload(upload.file, name=upload.name, field="file")


def add_resource(
    community: Community | None,
    *,
    by: User,
    kind: str,
    data: ResourceData,
    upload: Upload | None = None,
) -> Resource:
    """Add a link, a file or a page to a community's library (or, with no community, the programme's)."""
    fields = _checked(kind, data, community)
    tags = _tags(data.tags)
    checked = _check_file(upload) if kind == ResourceKind.FILE else None
    if checked is None:
        with transaction.atomic():
            return _write_resource(community, by=by, kind=kind, fields=fields, tags=tags, data=data)
    with _stored(checked) as name, transaction.atomic():
        resource = _write_resource(community, by=by, kind=kind, fields=fields, tags=tags, data=data)
        _write_version(resource, checked=checked, name=name, by=by, version=1, note="")
    return resource


def _write_resource(
    community: Community | None,
    *,
    by: User,
    kind: str,
    fields: dict[str, object],
    tags: list[str],
    data: ResourceData,
) -> Resource:
    resource = Resource.objects.create(community=community, kind=kind, created_by=by, **fields)  # type: ignore[arg-type]
    if tags:
        resource.tags.set(tags)
    if data.projects:
        resource.projects.set(data.projects)
    return resource


def _write_version(
    resource: Resource, *, checked: files.CheckedFile, name: str, by: User, version: int, note: str
) -> ResourceFile:
    return ResourceFile.objects.create(
        resource=resource,
        version=version,
        note=note,
        file=name,
        filename=checked.filename,
        content_type=checked.kind.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )


@transaction.atomic
def edit_resource(resource: Resource, *, by: User, data: ResourceData) -> Resource:
    """Change what a resource says (its kind stays; a file is replaced with `replace_file`)."""
    fields = _checked(resource.kind, data, resource.community)
    tags = _tags(data.tags)
    for name, value in fields.items():
        setattr(resource, name, value)
    resource.save()
    resource.tags.set(tags)
    resource.projects.set(data.projects)
    return resource


def replace_file(resource: Resource, *, by: User, upload: Upload, note: str = "") -> ResourceFile:
    """A new version of a file resource. Earlier versions stay, each downloadable; the newest is the one offered."""
    if resource.kind != ResourceKind.FILE:
        raise Refused("Only a file resource has a file to replace.", field="file")
    note = single_line(note, field="note", label="what changed", max_length=200)
    checked = _check_file(upload)
    with _stored(checked) as name, transaction.atomic():
        locked = Resource.objects.select_for_update().get(pk=resource.pk)
        latest = locked.versions.aggregate(latest=Max("version"))["latest"] or 0
        version = _write_version(locked, checked=checked, name=name, by=by, version=latest + 1, note=note)
        Resource.objects.filter(pk=resource.pk).update(updated_at=timezone.now())
    return version


@transaction.atomic
def mark_best_practice(resource: Resource, *, by: User, best: bool = True) -> Resource:
    """A lead (or the programme team) marks a resource as best practice, or takes the mark away."""
    resource.is_best_practice = best
    resource.marked_by = by if best else None
    resource.marked_at = timezone.now() if best else None
    resource.save(update_fields=["is_best_practice", "marked_by", "marked_at"])
    return resource


def _checked_collection(
    community: Community | None, *, title: str, description: str, resources: Iterable[Resource]
) -> tuple[dict[str, str], list[Resource]]:
    chosen = list(resources)
    foreign = [
        r for r in chosen if r.community_id is not None and r.community_id != getattr(community, "pk", None)
    ]
    if foreign:
        raise Refused(
            "A collection holds its own community's resources and programme-wide ones only.",
            field="resources",
        )
    fields = {
        "title": single_line(title, field="title", label="a title", max_length=TITLE_MAX, required=True),
        "description": paragraphs(
            description, field="description", label="the description", max_length=SUMMARY_MAX
        ),
    }
    return fields, chosen


@transaction.atomic
def create_collection(
    community: Community | None,
    *,
    by: User,
    title: str,
    description: str = "",
    resources: Iterable[Resource] = (),
) -> Collection:
    """A collection of resources, in the order given."""
    fields, chosen = _checked_collection(community, title=title, description=description, resources=resources)
    collection = Collection.objects.create(community=community, created_by=by, **fields)
    _set_items(collection, chosen)
    return collection


@transaction.atomic
def edit_collection(
    collection: Collection, *, by: User, title: str, description: str, resources: Iterable[Resource]
) -> Collection:
    fields, chosen = _checked_collection(
        collection.community, title=title, description=description, resources=resources
    )
    for name, value in fields.items():
        setattr(collection, name, value)
    collection.save()
    _set_items(collection, chosen)
    return collection


def _set_items(collection: Collection, resources: list[Resource]) -> None:
    CollectionItem.objects.filter(collection=collection).delete()
    CollectionItem.objects.bulk_create(
        CollectionItem(collection=collection, resource=resource, position=position)
        for position, resource in enumerate(resources)
    )


def thread_as_page(thread: Thread) -> tuple[str, list[int]]:
    """What "Save to the library" starts from: the question (the thread's first post), the accepted answer if
    there is one, and the people to credit (who wrote them, and everyone else who replied)."""
    posts = list(
        Post.objects.filter(thread=thread, hidden_at__isnull=True, deleted_at__isnull=True)
        .select_related("author")
        .order_by("created_at", "id")
    )
    if not posts:
        return "", []
    question = posts[0]
    parts = [question.body.strip()]
    accepted = next((post for post in posts if post.pk == thread.accepted_answer_id), None)
    if accepted is not None:
        name = accepted.author.display_name if accepted.author else "A former member"
        parts.append(f"## The accepted answer, from {name}\n\n{accepted.body.strip()}")
    authors: list[int] = []
    for post in [question, *([accepted] if accepted else []), *posts]:
        if post.author_id and post.author_id not in authors:
            authors.append(post.author_id)
    return "\n\n".join(parts), authors


def save_thread(thread: Thread, *, by: User, data: ResourceData) -> Resource:
    """A solved help request or a useful thread becomes a page in its community's library, crediting the thread's
    authors and linked both ways (the resource names its thread; the thread lists what was saved from it)."""
    _body, authors = thread_as_page(thread)
    with transaction.atomic():
        resource = add_resource(thread.community, by=by, kind=ResourceKind.PAGE, data=data)
        resource.source_thread = thread
        resource.save(update_fields=["source_thread"])
        resource.credited.set(authors)
    return resource
