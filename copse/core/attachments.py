"""Files people attach to what they write: a discussion post, a project update.

Each app keeps its own rows (`discussions.PostAttachment`, `projects.UpdateAttachment`, both `AttachedFile`s), so
a file is reached only through the post or update it belongs to and served after that thing's access check. What
they share is here, used by their services in three steps:

1. `prepare(files, descriptions=...)` reads and checks every file before anything is written: at most
   `MAX_FILES`, each through `copse.core.files.check_upload` (size, type by content, a name that matches).
   Images (JPEG, PNG, WebP or GIF by content) are re-encoded as WebP, at most `LARGEST` pixels a side and without
   their metadata (`copse.core.images`), so an image shown in a page is always one Copse wrote; other files are
   kept as they came and only ever downloaded. A refusal names the file and is about the `attachments` field.
2. `stored(ready)` writes the files to storage for the block it wraps, and deletes them again should the block
   raise: the service opens its transaction inside it, so a refused or failed write leaves no file behind.
3. `row_fields(copy)` are the fields of the app's row for each stored file.

Descriptions of images (their alt text) are one line each, in the order the images were chosen. An image with no
description is described on the page as "Image attached by <name>" (`copse.core.ui.attachments`): a file name
says nothing of what a picture shows.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.storage import Storage, default_storage
from django.db import transaction

from copse.core import files, images
from copse.core.refusals import Refused
from copse.core.text import single_line

MAX_FILES = 5
LARGEST = 1600  # px: the longest side of an image attached to a post, plenty for a page and a phone's zoom
FOLDER = "attachments"
FIELD = "attachments"
DESCRIPTIONS_FIELD = "image_descriptions"
DESCRIPTION_MAX = 250
IMAGE_FORMATS = (*images.FORMATS, "GIF")  # an animated GIF keeps its first frame
IMAGE_LABELS = "JPEG, PNG, WebP or GIF"
DOCUMENT_LABELS = "PDF, Word, Excel, PowerPoint, OpenDocument, text or CSV"


@dataclass(frozen=True)
class AttachmentData:
    """A file someone chose to attach: the name their browser gave it and its content, as a form received it."""

    name: str
    file: IO[bytes]


@dataclass(frozen=True)
class ReadyFile:
    """An attachment checked and, if an image, re-encoded: the bytes to store and what its row says of them."""

    checked: files.CheckedFile
    width: int | None = None
    height: int | None = None
    alt: str = ""

    @property
    def is_image(self) -> bool:
        return self.width is not None


@dataclass(frozen=True)
class StoredCopy:
    ready: ReadyFile
    name: str  # where it is in storage


def from_uploads(uploads: Iterable[Any]) -> list[AttachmentData]:
    """Django's uploaded files (a form's cleaned `attachments`) as plain data for a service."""
    return [AttachmentData(name=str(upload.name or ""), file=upload) for upload in uploads]


def prepare(files_chosen: Sequence[AttachmentData], *, descriptions: str = "") -> list[ReadyFile]:
    """Every file read, checked and (for images) re-encoded, with the images' descriptions; nothing is written.

    Refused about `attachments` for more than `MAX_FILES` files or any one file Copse does not keep, and about
    `image_descriptions` for a description that is not one line of text or more of them than there are images.
    """
    if len(files_chosen) > MAX_FILES:
        raise Refused(
            f"Attach at most {MAX_FILES} files at once: you chose {len(files_chosen)}.", field=FIELD
        )
    lines = [
        single_line(line, field=DESCRIPTIONS_FIELD, label="each description", max_length=DESCRIPTION_MAX)
        for line in descriptions.splitlines()
        if line.strip()
    ]
    ready = [_prepare_one(chosen) for chosen in files_chosen]
    count = sum(1 for item in ready if item.is_image)
    if len(lines) > count:
        raise Refused(
            "None of the files you chose is an image, so there is nothing to describe. Leave this empty."
            if not count
            else f"Write one line for each image: there are {len(lines)} lines for {count} "
            f"image{'s' if count != 1 else ''}.",
            field=DESCRIPTIONS_FIELD,
        )
    described = iter(lines)
    return [dataclasses.replace(item, alt=next(described, "")) if item.is_image else item for item in ready]


def _prepare_one(chosen: AttachmentData) -> ReadyFile:
    name = files.clean_filename(chosen.name)
    try:
        checked = files.check_upload(chosen.file, name=chosen.name, field=FIELD)
        if not checked.kind.image:
            return ReadyFile(checked)
        data, (width, height) = images.decode(
            checked.data, images.within(LARGEST), draft=LARGEST, field=FIELD, formats=IMAGE_FORMATS
        )
    except Refused as refusal:
        raise Refused(f"“{name}” cannot be attached. {refusal.message}", field=FIELD) from None
    stem = checked.filename.rpartition(".")[0] or checked.filename
    webp = files.CheckedFile(
        data=data,
        kind=files.KINDS[images.EXTENSION],
        filename=f"{stem}.{images.EXTENSION}",
        sha256=hashlib.sha256(data).hexdigest(),
    )
    return ReadyFile(webp, width=width, height=height)


@contextmanager
def stored(ready: Sequence[ReadyFile], *, storage: Storage | None = None) -> Iterator[list[StoredCopy]]:
    """Write the files to storage for the `with` block; if the block raises (its transaction rolled back), the
    files written are deleted again, so no file is left that no row points to."""
    store = storage or default_storage
    copies: list[StoredCopy] = []
    try:
        for item in ready:
            copies.append(StoredCopy(item, files.save(item.checked, folder=FOLDER, storage=store)))
        yield copies
    except BaseException:
        for copy in copies:
            store.delete(copy.name)
        raise


def row_fields(copy: StoredCopy) -> dict[str, Any]:
    """The fields of an `AttachedFile` row for a stored file (the app adds what it belongs to and who)."""
    checked = copy.ready.checked
    return {
        "file": copy.name,
        "filename": checked.filename,
        "content_type": checked.kind.content_type,
        "size": checked.size,
        "sha256": checked.sha256,
        "width": copy.ready.width,
        "height": copy.ready.height,
        "alt": copy.ready.alt,
    }


def delete_after_commit(names: Iterable[str], *, storage: Storage | None = None) -> None:
    """Delete stored files once the transaction that removed their rows has committed."""
    store = storage or default_storage
    doomed = [name for name in names if name]

    def remove() -> None:
        for name in doomed:
            store.delete(name)

    if doomed:
        transaction.on_commit(remove)
