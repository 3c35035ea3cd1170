"""A news post's picture: an upload decoded and re-encoded by `copse.core.images` (WebP, no metadata), at most
`LARGEST` px a side for the post's page, with a copy of at most `SMALL` px beside it for list cards and the home
page.

The small copy is there for page weight: the news list shows up to 20 cards and the home page three posts, each
picture at most about 18rem wide (under 600 device pixels on a dense phone screen), so 640 px is enough. It has
a sixth of the pixels of the 1600 px copy, and a photograph's copy weighs less than a quarter as much (tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from PIL import Image

from copse.core.files import storage_name
from copse.core.images import EXTENSION, decode, prepare_image
from copse.core.refusals import Refused

LARGEST = 1600
SMALL = 640
FOLDER = "news"


@dataclass(frozen=True)
class PreparedPicture:
    """A picture ready to store: its WebP bytes, its small copy's and its size (width, height)."""

    full: bytes
    small: bytes
    size: tuple[int, int]


def prepare_picture(upload: IO[bytes], *, field: str = "picture") -> PreparedPicture:
    """The picture made from an upload, or `Refused` about `field`: past the upload limit (read no further), not
    a JPEG, PNG or WebP image by its content whatever its name, too many pixels, or damaged. Writes nothing."""
    limit = int(settings.COPSE_MAX_UPLOAD_MB) * 1024 * 1024
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise Refused(
            f"Choose a picture of {settings.COPSE_MAX_UPLOAD_MB} MB or less: this one is larger.", field=field
        )
    full, size = prepare_image(data, largest=LARGEST, field=field)
    # From Copse's own WebP, not the upload again: a large photo is decoded once.
    small, _ = decode(full, _to_small, draft=SMALL, field=field, formats=("WEBP",))
    return PreparedPicture(full=full, small=small, size=size)


def _to_small(image: Image.Image) -> Image.Image:
    size = small_size(*image.size)
    return image if size == image.size else image.resize(size, Image.Resampling.LANCZOS)


def small_size(width: int, height: int) -> tuple[int, int]:
    """The size of the small copy of a picture of `width` × `height`: at most `SMALL` px a side, never larger."""
    if max(width, height) <= SMALL:
        return width, height
    scale = SMALL / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def small_name(name: str) -> str:
    """Where a picture's small copy is stored, beside it: "news/2026/04/Ab3.webp" becomes "…/Ab3.small.webp"."""
    stem, _, extension = name.rpartition(".")
    return f"{stem}.small.{extension}"


def store(picture: PreparedPicture, storage: Storage) -> str:
    """Write the picture and its small copy under a new random name; returns the name. If the second write
    fails, the first is deleted again."""
    name = storage.save(storage_name(FOLDER, EXTENSION), ContentFile(picture.full))
    try:
        storage.save(small_name(name), ContentFile(picture.small))
    except BaseException:
        storage.delete(name)
        raise
    return name


def delete(storage: Storage, name: str) -> None:
    """Delete a stored picture and its small copy."""
    storage.delete(name)
    storage.delete(small_name(name))
