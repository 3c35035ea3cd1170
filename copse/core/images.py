"""Turning an uploaded image into pixels Copse can show: checked by its content, re-encoded, stripped.

Nothing of the upload survives but its pixels: the file is decoded by Pillow (only as JPEG, PNG or WebP, or GIF
where a caller allows it, whatever its name says), turned upright by its EXIF orientation, converted to sRGB, scaled
or cropped and written afresh as WebP, so EXIF (with any GPS position), XMP, ICC profiles, comments and anything
hidden after the image data are gone. People's photos (`accounts.photos`), news pictures and images attached to
posts all come through here, so an image Copse shows inline is always one Copse wrote itself.
"""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Callable

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from copse.core.refusals import Refused

# Checked from the header, before anything is decoded: a small file that unpacks into a huge image (a
# "decompression bomb") is refused without the memory it would take. 40 megapixels is more than phone cameras
# save by default.
MAX_PIXELS = 40_000_000
FORMATS = ("JPEG", "PNG", "WEBP")
CONTENT_TYPE = "image/webp"
EXTENSION = "webp"

NOT_AN_IMAGE = "Choose a JPEG, PNG or WebP image: this file is not one of those."
TOO_MANY_PIXELS = "This image is too large to use (more than 40 megapixels). Choose a smaller one."
UNREADABLE = "This image could not be read: it may be damaged. Choose another."

# What Pillow raises on damaged or hostile files, besides UnidentifiedImageError (an OSError).
DECODING_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error, Image.DecompressionBombError)


def decode(
    data: bytes,
    shape: Callable[[Image.Image], Image.Image],
    *,
    draft: int,
    field: str,
    formats: tuple[str, ...] = FORMATS,
) -> tuple[bytes, tuple[int, int]]:
    """The image in `data`, upright, in sRGB, passed through `shape` and encoded as WebP, with its size.

    `draft` is the largest side `shape` needs: a large JPEG is decoded at a fraction of its size when that is
    enough. Refuses (as `Refused` about `field`) what is not an image of `formats` by its content, images of more
    than `MAX_PIXELS`, and files that cannot be decoded.
    """
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its own limit; here any bomb is an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=formats) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise Refused(TOO_MANY_PIXELS, field=field)
                image.draft("RGB", (draft, draft))
                image.load()
                shaped = shape(upright_srgb(image))
                # A new image from the pixels alone, so no metadata Pillow carried along can reach the encoder.
                clean = Image.frombytes(shaped.mode, shaped.size, shaped.tobytes())
                return encode(clean), clean.size
    except UnidentifiedImageError:
        raise Refused(NOT_AN_IMAGE, field=field) from None
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise Refused(TOO_MANY_PIXELS, field=field) from None
    except DECODING_ERRORS:
        raise Refused(UNREADABLE, field=field) from None


def within(largest: int) -> Callable[[Image.Image], Image.Image]:
    """A `shape` that scales an image down (never up) so neither side is over `largest` pixels."""

    def scale(image: Image.Image) -> Image.Image:
        if max(image.size) <= largest:
            return image
        copy = image.copy()
        copy.thumbnail((largest, largest), Image.Resampling.LANCZOS)
        return copy

    return scale


def prepare_image(data: bytes, *, largest: int, field: str) -> tuple[bytes, tuple[int, int]]:
    """A picture for a page (news, an image in a post): WebP, at most `largest` px a side, without metadata."""
    return decode(data, within(largest), draft=largest, field=field)


def upright_srgb(image: Image.Image) -> Image.Image:
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


def encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=85, method=4)
    return out.getvalue()
