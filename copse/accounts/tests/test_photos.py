"""People's photos, through the service: what is accepted, what is refused, and what is kept of it."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from django.test import TestCase
from PIL import ExifTags, Image

from copse.accounts import photos, services
from copse.accounts.models import Person
from copse.core.refusals import Kind, Refused
from copse.testing import OwnMediaMixin, UserFactory, give_photo, image_bytes


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims to be `width` × `height` but holds almost no data: how a decompression bomb starts."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


def jpeg_with_location(size: tuple[int, int] = (80, 80), orientation: int = 1) -> bytes:
    """A JPEG as a phone writes it: camera details, where it was taken (GPS) and how to turn it."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone maker"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 45.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (1.0, 15.0, 30.0)
    return image_bytes("JPEG", size, exif=exif.tobytes(), comment=b"Taken at home")


def both(name: str) -> list[str]:
    """The files a photo stored as `name` is kept in: itself and its small copy, as listdir gives them."""
    return sorted(n.rsplit("/", 1)[1] for n in (name, photos.small_name(name)))


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def is_white(pixel: tuple[int, ...]) -> bool:
    return all(channel > 220 for channel in pixel[:3])


class PreparePhotoTests(TestCase):
    """`prepare_photo` alone: bytes in, a clean square WebP out."""

    def test_jpeg_png_and_webp_become_square_webp(self) -> None:
        for fmt in ("JPEG", "PNG", "WEBP"):
            with self.subTest(fmt=fmt):
                face = opened(photos.prepare_photo(image_bytes(fmt, (120, 90))))
                assert face.format == "WEBP"
                assert face.size == (90, 90)

    def test_a_large_photo_is_resized_to_512_pixels_square(self) -> None:
        face = opened(photos.prepare_photo(image_bytes("JPEG", (3000, 2000), quality=60)))
        assert face.size == (512, 512)

    def test_a_small_photo_is_cropped_but_not_enlarged(self) -> None:
        assert opened(photos.prepare_photo(image_bytes("PNG", (40, 100)))).size == (40, 40)

    def test_transparency_is_kept(self) -> None:
        face = opened(photos.prepare_photo(image_bytes("PNG", (64, 64), colour=(10, 20, 30, 0))))
        assert face.mode == "RGBA"
        assert face.getchannel("A").getpixel((40, 40)) == 0

    def test_exif_gps_and_comments_are_removed(self) -> None:
        original = jpeg_with_location()
        assert opened(original).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the upload has a location

        face_bytes = photos.prepare_photo(original)
        face = opened(face_bytes)

        assert not face.getexif()
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(face.info)
        assert b"Exif" not in face_bytes
        assert b"Phone maker" not in face_bytes
        assert b"Taken at home" not in face_bytes

    def test_a_photo_is_turned_upright_as_its_exif_says(self) -> None:
        # Orientation 6: the camera was turned, so the picture shows turned 90° clockwise; its white corner
        # (top left as stored) is then at the top right.
        face = opened(photos.prepare_photo(jpeg_with_location(orientation=6))).convert("RGB")
        assert is_white(face.getpixel((75, 4)))
        assert not is_white(face.getpixel((4, 4)))

    def test_a_text_file_named_jpg_is_refused(self) -> None:
        with pytest.raises(Refused) as refused:
            photos.prepare_photo(b"Dear colleagues,\nthis is not a photo.\n")
        assert refused.value.message == photos.NOT_AN_IMAGE
        assert refused.value.field == "photo"

    def test_gif_and_svg_are_refused(self) -> None:
        svg = (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'
        )
        for data in (image_bytes("GIF"), svg):
            with self.subTest(data=data[:6]), pytest.raises(Refused) as refused:
                photos.prepare_photo(data)
            assert refused.value.message == photos.NOT_AN_IMAGE

    def test_a_decompression_bomb_is_refused_before_it_is_decoded(self) -> None:
        for width, height in ((8000, 8000), (30000, 30000)):  # over our limit; over Pillow's own
            with self.subTest(size=(width, height)), pytest.raises(Refused) as refused:
                photos.prepare_photo(png_header_only(width, height))
            assert refused.value.message == photos.TOO_MANY_PIXELS

    def test_a_damaged_image_is_refused(self) -> None:
        whole = image_bytes("JPEG", (200, 200))
        with pytest.raises(Refused) as refused:
            photos.prepare_photo(whole[: len(whole) // 2])
        assert refused.value.message == photos.UNREADABLE

    def test_more_than_5_mb_is_refused_without_reading_it_all(self) -> None:
        upload = io.BytesIO(b"\xff" * (6 * 1024 * 1024))
        with pytest.raises(Refused) as refused:
            photos.read_upload(upload)
        assert refused.value.message == photos.TOO_LARGE
        assert upload.tell() == photos.MAX_BYTES + 1


class PhotoServiceTests(OwnMediaMixin, TestCase):
    """`set_photo` and `remove_photo`: what is written, and that a refusal writes nothing."""

    def setUp(self) -> None:
        super().setUp()
        self.user = UserFactory()
        self.person = Person.objects.get(user=self.user)

    def stored(self) -> list[str]:
        folder = f"faces/{self.user.pk}"
        return sorted(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else []

    def test_a_photo_is_stored_as_webp_under_a_new_name(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            services.set_photo(self.person, upload=io.BytesIO(image_bytes("PNG", (700, 600))))

        self.person.refresh_from_db()
        name = self.person.photo.name
        assert name.startswith(f"faces/{self.user.pk}/") and name.endswith(".webp")
        assert self.stored() == both(name)
        with default_storage.open(name) as stored:
            assert opened(stored.read()).size == (512, 512)
        with default_storage.open(photos.small_name(name)) as stored:
            assert opened(stored.read()).size == (photos.SMALL, photos.SMALL)
        assert self.person.photo_url == f"/people/{self.user.pk}/photo/{self.person.photo_version}.webp"

    def test_a_new_photo_replaces_the_old_one_and_its_file(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            old = give_photo(self.user).photo.name
        with self.captureOnCommitCallbacks(execute=True):
            new = give_photo(self.user, "JPEG").photo.name

        assert new != old
        assert not default_storage.exists(old)
        assert self.stored() == both(new)

    def test_a_refused_upload_writes_nothing_and_keeps_the_old_photo(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            old = give_photo(self.user).photo.name
        bad_files = [
            b"not a photo",
            image_bytes("GIF"),
            png_header_only(30000, 30000),
            b"\xff\xd8\xff" + b"\0" * (6 * 1024 * 1024),
        ]
        for data in bad_files:
            with (
                self.subTest(data=data[:8]),
                self.captureOnCommitCallbacks(execute=True),
                pytest.raises(Refused),
            ):
                services.set_photo(self.person, upload=io.BytesIO(data))

        self.person.refresh_from_db()
        assert self.person.photo.name == old
        assert self.stored() == both(old)

    def test_removing_the_photo_deletes_its_file(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            name = give_photo(self.user).photo.name
        with self.captureOnCommitCallbacks(execute=True):
            services.remove_photo(self.person)

        self.person.refresh_from_db()
        assert not self.person.photo
        assert self.person.photo_url == ""
        assert not default_storage.exists(name)
        assert not default_storage.exists(photos.small_name(name))

    def test_removing_a_photo_nobody_has_is_refused(self) -> None:
        with pytest.raises(Refused) as refused:
            services.remove_photo(self.person)
        assert refused.value.kind == Kind.CONFLICT
