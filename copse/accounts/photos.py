"""Turning an uploaded picture into a face: checked by its content, cropped to a square, re-encoded, stripped.

Nothing of the upload survives but its pixels: the file is decoded by Pillow (only as JPEG, PNG or WebP, whatever
its name says), turned upright by its EXIF orientation, converted to sRGB, cropped to a square of at most
`SIZE` pixels and written afresh as WebP, so EXIF (with any GPS position), XMP, ICC profiles, comments and
anything hidden after the image data are gone.
"""

from __future__ import annotations

import io
import struct
import warnings
from typing import IO

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from copse.core.refusals import Refused

MAX_BYTES = 5 * 1024 * 1024
# Checked from the header, before anything is decoded: a small file that unpacks into a huge image (a
# "decompression bomb") is refused without the memory it would take. 40 megapixels is more than phone cameras
# save by default.
MAX_PIXELS = 40_000_000
SIZE = 512
# The small copy lists draw (faces of at most 48 CSS pixels, sharp on screens of twice the density), so a page of
# 50 members does not fetch 50 photos of 512 px to show them at 36 (a photographic test image: 0.3 KB, not 8.5).
SMALL = 96
FORMATS = ("JPEG", "PNG", "WEBP")
CONTENT_TYPE = "image/webp"
EXTENSION = "webp"
# Portraits usually have the face in their upper part, so a tall photo is cropped a little above its middle.
CENTRE = (0.5, 0.4)

NOT_AN_IMAGE = "Choose a JPEG, PNG or WebP image: this file is not one of those."
TOO_LARGE = "Choose a photo of 5 MB or less."
TOO_MANY_PIXELS = "This image is too large to use (more than 40 megapixels). Choose a smaller one."
UNREADABLE = "This image could not be read: it may be damaged. Choose another."

# What Pillow raises on damaged or hostile files, besides UnidentifiedImageError (an OSError).
DECODING_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error, Image.DecompressionBombError)


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
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit; here any bomb is an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise Refused(TOO_MANY_PIXELS, field=field)
                # A large JPEG is decoded at a fraction of its size, which is all a 512 px square needs.
                image.draft("RGB", (SIZE * 2, SIZE * 2))
                image.load()
                return _encode(_square(_upright_srgb(image)))
    except UnidentifiedImageError:
        raise Refused(NOT_AN_IMAGE, field=field) from None
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise Refused(TOO_MANY_PIXELS, field=field) from None
    except DECODING_ERRORS:
        raise Refused(UNREADABLE, field=field) from None


def _upright_srgb(image: Image.Image) -> Image.Image:
    """The image turned as its EXIF orientation says, its colours in sRGB, in RGB (or RGBA if it has alpha)."""
    turned = ImageOps.exif_transpose(image) or image
    has_alpha = turned.mode in {"RGBA", "LA", "PA"} or "transparency" in turned.info
    mode = "RGBA" if has_alpha else "RGB"
    icc = image.info.get("icc_profile")
    if icc and turned.mode in {"RGB", "RGBA", "CMYK"}:
        try:
            # Wide-gamut photos (most phones) would look dull once their profile is stripped: convert first.
            converted = ImageCms.profileToProfile(
                turned,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode=mode,
            )
            if converted is not None:
                turned = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are
    return turned if turned.mode == mode else turned.convert(mode)


def _square(image: Image.Image) -> Image.Image:
    side = min(SIZE, *image.size)
    square = ImageOps.fit(image, (side, side), method=Image.Resampling.LANCZOS, centering=CENTRE)
    # A new image from the pixels alone, so no metadata Pillow carried along can reach the encoder.
    return Image.frombytes(square.mode, square.size, square.tobytes())


def small_copy(face: bytes) -> bytes:
    """The `SMALL` px copy of a face `prepare_photo` made."""
    with Image.open(io.BytesIO(face)) as image:
        return _encode(image.resize((SMALL, SMALL), Image.Resampling.LANCZOS))


def small_name(name: str) -> str:
    """Where a photo's small copy is stored, beside it: "photos/Ab3.webp" becomes "photos/Ab3.small.webp"."""
    stem, _, extension = name.rpartition(".")
    return f"{stem}.small.{extension}"


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=85, method=4)
    return out.getvalue()
