"""Turning an uploaded picture into a face: checked by its content, cropped to a square, re-encoded, stripped.

The checking and re-encoding are `copse.core.images`' (see there for what is stripped); a face is that image
cropped to a square of at most `SIZE` pixels, with a small copy for lists.
"""

from __future__ import annotations

import io
from typing import IO

from PIL import Image, ImageOps

from copse.core.images import (
    CONTENT_TYPE,
    EXTENSION,
    NOT_AN_IMAGE,
    TOO_MANY_PIXELS,
    UNREADABLE,
    decode,
    encode,
)
from copse.core.refusals import Refused

__all__ = ["CONTENT_TYPE", "EXTENSION", "NOT_AN_IMAGE", "TOO_MANY_PIXELS", "UNREADABLE"]

MAX_BYTES = 5 * 1024 * 1024
SIZE = 512
# The small copy lists draw (faces of at most 48 CSS pixels, sharp on screens of twice the density), so a page of
# 50 members does not fetch 50 photos of 512 px to show them at 36 (a photographic test image: 0.3 KB, not 8.5).
SMALL = 96
# Portraits usually have the face in their upper part, so a tall photo is cropped a little above its middle.
CENTRE = (0.5, 0.4)

TOO_LARGE = "Choose a photo of 5 MB or less."


def read_upload(upload: IO[bytes], *, field: str = "photo") -> bytes:
    """The upload's bytes, refused without reading on past `MAX_BYTES`."""
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise Refused(TOO_LARGE, field=field)
    return data


def prepare_photo(data: bytes, *, field: str = "photo") -> bytes:
    """The face made from an uploaded image's bytes: WebP, square, at most `SIZE` px, without metadata.

    Refuses (as `Refused` about `field`) anything over 5 MB, anything that is not a JPEG, PNG or WebP image by its
    content, images of more than `MAX_PIXELS`, and files that cannot be decoded.
    """
    if len(data) > MAX_BYTES:
        raise Refused(TOO_LARGE, field=field)
    face, _size = decode(data, _square, draft=SIZE * 2, field=field)
    return face


def _square(image: Image.Image) -> Image.Image:
    side = min(SIZE, *image.size)
    return ImageOps.fit(image, (side, side), method=Image.Resampling.LANCZOS, centering=CENTRE)


def small_copy(face: bytes) -> bytes:
    """The `SMALL` px copy of a face `prepare_photo` made."""
    with Image.open(io.BytesIO(face)) as image:
        return encode(image.resize((SMALL, SMALL), Image.Resampling.LANCZOS))


def small_name(name: str) -> str:
    """Where a photo's small copy is stored, beside it: "photos/Ab3.webp" becomes "photos/Ab3.small.webp"."""
    stem, _, extension = name.rpartition(".")
    return f"{stem}.small.{extension}"
