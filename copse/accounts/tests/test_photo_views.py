"""Photos on /me/: uploading, refusals beside the field, removing; and how photos are served."""

from __future__ import annotations

import io
import re

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from PIL import Image

from copse.accounts import photos
from copse.accounts.models import Person
from copse.accounts.tests.test_photos import png_header_only
from copse.testing import OwnMediaMixin, PersonasTestCase, give_photo, image_bytes

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def img_src(html: str, size: str) -> str | None:
    found = re.search(rf'<img class="avatar avatar-{size}" src="([^"]+)"', html)
    return found.group(1) if found else None


class UploadTests(OwnMediaMixin, PersonasTestCase):
    def profile(self) -> Person:
        return Person.objects.get(user=self.member)

    def test_a_member_uploads_a_photo_and_sees_it_on_me_their_profile_and_the_directory(self) -> None:
        client = self.client_for("member")
        page = client.get("/me/").content.decode()
        assert "You have no photo yet" in page
        assert img_src(page, "xl") is None
        assert 'enctype="multipart/form-data"' in page

        response = client.post("/me/photo/", {"photo": upload("me.png", image_bytes("PNG", (800, 600)))})
        assert response.status_code == 302
        assert response["Location"] == "/me/"

        url = self.profile().photo_url
        me = client.get("/me/").content.decode()
        assert "Your photo has been saved." in me
        assert img_src(me, "xl") == url
        assert "Remove photo" in me
        assert img_src(client.get(f"/people/{self.member.pk}/").content.decode(), "xl") == url
        directory = client.get("/people/").content.decode()
        assert (
            self.profile().small_photo_url in directory and url not in directory
        )  # lists show the small copy

    def test_each_bad_file_is_refused_beside_the_field_and_nothing_is_written(self) -> None:
        bad = {
            "a text file named .jpg": (upload("face.jpg", b"Dear all, this is text."), photos.NOT_AN_IMAGE),
            "6 MB": (upload("big.jpg", b"\xff\xd8\xff" + b"\0" * (6 * 1024 * 1024)), photos.TOO_LARGE),
            "a decompression bomb": (
                upload("bomb.png", png_header_only(30000, 30000)),
                photos.TOO_MANY_PIXELS,
            ),
            "a GIF": (upload("face.gif", image_bytes("GIF"), "image/gif"), photos.NOT_AN_IMAGE),
            "an SVG": (upload("face.svg", SVG, "image/svg+xml"), photos.NOT_AN_IMAGE),
            "nothing": (None, "Choose a photo to upload"),
        }
        client = self.client_for("member")
        for case, (file, message) in bad.items():
            with self.subTest(case):
                response = client.post("/me/photo/", {"photo": file} if file else {})
                html = response.content.decode()
                assert response.status_code == 400
                assert re.search(
                    r'<small class="error-message" id="id_photo-error">.*?' + re.escape(message), html
                )
                assert 'aria-invalid="true"' in html
                assert 'href="#id_photo"' in html  # the error summary links to the field
        assert not self.profile().photo
        assert not default_storage.exists("faces")

    def test_the_profile_form_still_saves_beside_the_photo_form(self) -> None:
        response = self.client_for("member").post("/me/", {"job_title": "Buyer", "timezone": "Europe/London"})
        assert response.status_code == 302
        assert self.profile().job_title == "Buyer"

    def test_removing_the_photo_brings_the_initials_back(self) -> None:
        name = give_photo(self.member).photo.name
        client = self.client_for("member")
        with self.captureOnCommitCallbacks(execute=True):
            response = client.post("/me/photo/remove/", follow=True)
        html = response.content.decode()
        assert "Your photo has been removed." in html
        assert img_src(html, "xl") is None
        assert "Remove photo" not in html
        assert not self.profile().photo
        assert not default_storage.exists(name)
        assert not default_storage.exists(photos.small_name(name))

    def test_removing_when_there_is_no_photo_says_so(self) -> None:
        response = self.client_for("member").post("/me/photo/remove/", follow=True)
        assert "You have no photo to remove." in response.content.decode()

    def test_uploading_and_removing_are_posts(self) -> None:
        client = self.client_for("member")
        assert client.get("/me/photo/").status_code == 405
        assert client.get("/me/photo/remove/").status_code == 405


class ServingTests(OwnMediaMixin, PersonasTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.url = give_photo(self.member).photo_url

    def test_signed_in_colleagues_get_the_photo_with_safe_cacheable_headers(self) -> None:
        response = self.client_for("outsider").get(self.url)
        body = b"".join(response.streaming_content)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert response["Cache-Control"] == "private, max-age=31536000, immutable"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"
        assert body[:4] == b"RIFF" and body[8:12] == b"WEBP"

    def test_lists_get_a_small_copy_of_96_pixels(self) -> None:
        small = Person.objects.get(user=self.member).small_photo_url
        assert small == self.url.removesuffix(".webp") + ".small.webp"
        response = self.client_for("outsider").get(small)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, max-age=31536000, immutable"
        with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
            assert (image.format, image.size) == ("WEBP", (photos.SMALL, photos.SMALL))

    def test_replacing_a_photo_deletes_both_old_files(self) -> None:
        old = Person.objects.get(user=self.member).photo.name
        with self.captureOnCommitCallbacks(execute=True):
            give_photo(self.member)
        assert not default_storage.exists(old) and not default_storage.exists(photos.small_name(old))
        new = Person.objects.get(user=self.member).photo.name
        assert default_storage.exists(new) and default_storage.exists(photos.small_name(new))

    def test_a_browser_that_has_it_is_told_it_has_not_changed(self) -> None:
        client = self.client_for("lead")
        etag = client.get(self.url)["ETag"]
        assert client.get(self.url, headers={"if-none-match": etag}).status_code == 304
        assert client.head(self.url).status_code == 200

    def test_someone_signed_out_is_sent_to_sign_in(self) -> None:
        response = self.client_for(None).get(self.url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")

    def test_unknown_old_or_missing_photos_are_not_found(self) -> None:
        old = self.url
        new = give_photo(self.member).photo_url
        client = self.client_for("lead")
        assert client.get(old).status_code == 404  # replaced
        assert client.get(old.removesuffix(".webp") + ".small.webp").status_code == 404
        assert client.get(new).status_code == 200
        assert client.get(f"/people/{self.lead.pk}/photo/{old.rsplit('/', 1)[1]}").status_code == 404
        assert client.get("/people/999999/photo/abc.webp").status_code == 404

    def test_the_photo_of_someone_who_has_left_is_not_served(self) -> None:
        self.member.is_active = False
        self.member.save(update_fields=["is_active"])
        assert self.client_for("lead").get(self.url).status_code == 404


class FormPageTests(TestCase):
    def test_the_upload_field_accepts_only_the_three_formats(self) -> None:
        from copse.accounts.forms import PhotoForm

        html = str(PhotoForm()["photo"])
        assert 'accept="image/jpeg,image/png,image/webp"' in html
        assert 'type="file"' in html
