"""News pictures: made by Copse from an upload, described, replaced and removed without leaving files behind,
refused beside their field, and served only to whoever may read the post."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from xml.etree import ElementTree

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone
from PIL import Image

from copse.accounts.models import User
from copse.communities.models import Community
from copse.core.images import NOT_AN_IMAGE
from copse.core.refusals import Refused
from copse.news import pictures
from copse.news.models import NewsAudience, NewsPost
from copse.news.services import NO_ALT, NewsText, publish_news, update_news
from copse.testing import OwnMediaMixin, PersonasTestCase, image_bytes

ATOM = "{http://www.w3.org/2005/Atom}"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
ALT = "Two colleagues holding the award on a stage."


def stored(folder: str = pictures.FOLDER) -> set[str]:
    """Every file kept under `folder` in storage, however deep."""
    if not default_storage.exists(folder):
        return set()
    folders, files = default_storage.listdir(folder)
    return {f"{folder}/{name}" for name in files}.union(*(stored(f"{folder}/{sub}") for sub in folders))


def both(name: str) -> set[str]:
    return {name, pictures.small_name(name)}


def opened(name: str) -> Image.Image:
    with default_storage.open(name) as file:
        image = Image.open(io.BytesIO(file.read()))
        image.load()
        return image


def upload(name: str, data: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def text(**changes: object) -> NewsText:
    fields: dict[str, object] = {"title": "We won", "body": "Thank you.", "audience": NewsAudience.PUBLIC}
    return NewsText(**(fields | changes))  # type: ignore[arg-type]


class PictureServiceTests(OwnMediaMixin, PersonasTestCase):
    def publish(self, data: bytes | None = None, **changes: object) -> NewsPost:
        with self.captureOnCommitCallbacks(execute=True):
            return publish_news(
                by=self.programme_admin,
                community=None,
                text=text(**({"picture_alt": ALT} | changes)),
                picture=io.BytesIO(data) if data is not None else None,
            )

    def update(self, post: NewsPost, data: bytes | None = None, **changes: object) -> NewsPost:
        remove = bool(changes.pop("remove_picture", False))
        with self.captureOnCommitCallbacks(execute=True):
            return update_news(
                post,
                by=self.programme_admin,
                text=text(**({"picture_alt": ALT} | changes)),
                picture=io.BytesIO(data) if data is not None else None,
                remove_picture=remove,
            )

    def test_a_picture_is_stored_as_webp_under_a_random_name_with_a_small_copy(self) -> None:
        post = self.publish(image_bytes("JPEG", (2400, 1200)))
        post.refresh_from_db()
        name = post.picture.name
        assert re.fullmatch(r"news/\d{4}/\d{2}/[\w-]{22}\.webp", name), name
        assert stored() == both(name)
        assert (post.picture_width, post.picture_height) == (1600, 800)
        assert opened(name).format == "WEBP" and opened(name).size == (1600, 800)
        assert opened(pictures.small_name(name)).size == post.small_picture_size == (640, 320)
        assert post.picture_alt == ALT
        assert post.picture_url == f"/news/{post.pk}/picture/{post.picture_version}.webp"
        assert post.small_picture_url == f"/news/{post.pk}/picture/{post.picture_version}.small.webp"

    def test_a_small_picture_is_not_enlarged(self) -> None:
        post = self.publish(image_bytes("PNG", (300, 200)))
        assert (post.picture_width, post.picture_height) == post.small_picture_size == (300, 200)
        assert opened(pictures.small_name(post.picture.name)).size == (300, 200)

    def test_the_small_copy_weighs_much_less_than_the_picture(self) -> None:
        noise = Image.effect_noise((2000, 1500), 60).convert("RGB")  # as hard to compress as a photograph
        out = io.BytesIO()
        noise.save(out, format="JPEG", quality=90)
        post = self.publish(out.getvalue())
        full = default_storage.size(post.picture.name)
        small = default_storage.size(pictures.small_name(post.picture.name))
        assert small * 4 < full, (small, full)

    def test_bad_pictures_and_a_missing_description_are_refused_and_nothing_is_written(self) -> None:
        cases = {
            "not an image": (b"Dear all, this is a letter.", {}, "picture"),
            "an HTML page": (HTML, {}, "picture"),
            "a GIF": (image_bytes("GIF"), {}, "picture"),
            "a damaged PNG": (image_bytes("PNG")[:60], {}, "picture"),
            "no description": (image_bytes("PNG"), {"picture_alt": "   "}, "picture_alt"),
            "a description of two lines": (image_bytes("PNG"), {"picture_alt": "One\nTwo"}, "picture_alt"),
        }
        for case, (data, changes, field) in cases.items():
            with self.subTest(case), self.assertRaises(Refused) as refused:
                self.publish(data, **changes)
            assert refused.exception.field == field
        with override_settings(COPSE_MAX_UPLOAD_MB=1), self.assertRaises(Refused) as refused:
            self.publish(b"\x89PNG\r\n\x1a\n" + b"\0" * (1024 * 1024 + 10))
        assert refused.exception.field == "picture" and "1 MB or less" in refused.exception.message
        assert not NewsPost.objects.exists()
        assert stored() == set()

    def test_a_description_without_a_picture_is_not_kept(self) -> None:
        post = self.publish(None, picture_alt="A picture that never came")
        assert post.picture_alt == "" and not post.picture

    def test_a_new_picture_replaces_the_old_one_and_its_files(self) -> None:
        post = self.publish(image_bytes("PNG", (800, 600)))
        old = post.picture.name
        self.update(post, image_bytes("JPEG", (640, 480)), picture_alt="A new one.")
        post.refresh_from_db()
        assert post.picture.name != old
        assert stored() == both(post.picture.name)
        assert (post.picture_width, post.picture_height, post.picture_alt) == (640, 480, "A new one.")

    def test_editing_the_text_keeps_the_picture_and_its_description_can_change(self) -> None:
        post = self.publish(image_bytes("PNG", (800, 600)))
        name = post.picture.name
        self.update(NewsPost.objects.get(pk=post.pk), title="We won again", picture_alt="Better words.")
        post.refresh_from_db()
        assert (post.picture.name, post.picture_width, post.picture_alt) == (name, 800, "Better words.")
        assert stored() == both(name)
        with self.assertRaises(Refused) as refused:
            self.update(post, picture_alt="")
        assert (refused.exception.field, refused.exception.message) == ("picture_alt", NO_ALT)

    def test_a_refused_replacement_keeps_the_old_picture(self) -> None:
        post = self.publish(image_bytes("PNG", (800, 600)))
        name = post.picture.name
        for data, changes in ((HTML, {}), (image_bytes("PNG"), {"picture_alt": ""})):
            with self.subTest(changes=changes), self.assertRaises(Refused):
                self.update(NewsPost.objects.get(pk=post.pk), data, **changes)
        with self.assertRaises(Refused) as refused:
            self.update(NewsPost.objects.get(pk=post.pk), image_bytes("PNG"), remove_picture=True)
        assert refused.exception.field == "picture"
        post.refresh_from_db()
        assert (post.picture.name, post.picture_alt) == (name, ALT)
        assert stored() == both(name)

    def test_removing_the_picture_deletes_its_files_once_committed(self) -> None:
        post = self.publish(image_bytes("PNG", (800, 600)))
        self.update(post, remove_picture=True)
        post.refresh_from_db()
        assert not post.picture and post.picture_alt == "" and post.picture_width == 0
        assert post.picture_url == "" and post.small_picture_url == ""
        assert stored() == set()


class PicturePageTests(OwnMediaMixin, PersonasTestCase):
    def form(self, **changes: object) -> dict[str, object]:
        fields: dict[str, object] = {
            "title": "Our award",
            "summary": "We won.",
            "body": "Thank you.",
            "publish_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "audience": "public",
            "kind": "news",
            "picture_alt": ALT,
        }
        return fields | changes

    def test_the_programme_team_publishes_a_picture_shown_on_the_post_the_list_and_the_home_page(
        self,
    ) -> None:
        client = self.client_for("programme_admin")
        page = client.get("/news/new/").content.decode()
        assert 'enctype="multipart/form-data"' in page
        assert "Describe the picture</label>" in page  # not "(optional)": it is needed with a picture
        response = client.post(
            "/news/new/", self.form(picture=upload("award.png", image_bytes("PNG", (900, 600))))
        )
        assert response.status_code == 302
        post = NewsPost.objects.get(title="Our award")
        assert response["Location"] == post.get_absolute_url()
        big = f'<img src="{post.picture_url}" alt="{ALT}" width="900" height="600">'
        small = f'src="{post.small_picture_url}" alt="{ALT}" width="640" height="427"'
        for reader in (Client(), self.client_for("member")):
            assert big in reader.get(post.get_absolute_url()).content.decode()
            listed = reader.get("/news/").content.decode()
            assert small in listed and post.picture_url not in listed
            assert small in reader.get("/").content.decode()

    def test_each_bad_picture_is_refused_beside_its_field_and_nothing_is_written(self) -> None:
        cases = {
            "an HTML file named .png": (upload("award.png", HTML), {}, "picture", NOT_AN_IMAGE),
            "a text file": (upload("award.jpg", b"Just words.", "image/jpeg"), {}, "picture", NOT_AN_IMAGE),
            "no description": (
                upload("award.png", image_bytes("PNG")),
                {"picture_alt": ""},
                "picture_alt",
                NO_ALT,
            ),
        }
        client = self.client_for("programme_admin")
        for case, (file, changes, field, message) in cases.items():
            with self.subTest(case):
                response = client.post("/news/new/", self.form(picture=file, **changes))
                html = response.content.decode()
                assert response.status_code == 400
                assert re.search(
                    rf'<small class="error-message" id="id_{field}-error">.*?{re.escape(message)}', html
                )
                assert f'href="#id_{field}"' in html  # the error summary links to the field
                assert "Choose the picture again" in html
        with override_settings(COPSE_MAX_UPLOAD_MB=1):
            big = upload("big.png", b"\x89PNG\r\n\x1a\n" + b"\0" * (1024 * 1024 + 10))
            response = client.post("/news/new/", self.form(picture=big))
        assert response.status_code == 400
        assert "Choose a picture of 1 MB or less" in response.content.decode()
        assert not NewsPost.objects.exists()
        assert stored() == set()

    def test_an_editor_replaces_and_removes_the_picture(self) -> None:
        client = self.client_for("programme_admin")
        client.post("/news/new/", self.form(picture=upload("award.png", image_bytes("PNG", (900, 600)))))
        post = NewsPost.objects.get(title="Our award")
        edit = client.get(f"/news/{post.pk}/edit/").content.decode()
        assert (
            post.small_picture_url in edit and "Replace the picture" in edit and "Remove the picture" in edit
        )
        assert f'value="{ALT}"' in edit
        with self.captureOnCommitCallbacks(execute=True):
            response = client.post(f"/news/{post.pk}/edit/", self.form(remove_picture="on", picture_alt=""))
        assert response.status_code == 302
        post.refresh_from_db()
        assert not post.picture and stored() == set()
        assert "Remove the picture" not in client.get(f"/news/{post.pk}/edit/").content.decode()

    def test_a_page_without_a_picture_shows_no_image(self) -> None:
        client = self.client_for("programme_admin")
        client.post("/news/new/", self.form(picture_alt=""))
        post = NewsPost.objects.get(title="Our award")
        assert "news-picture" not in client.get(post.get_absolute_url()).content.decode()


class PictureServingTests(OwnMediaMixin, PersonasTestCase):
    def setUp(self) -> None:
        super().setUp()
        past = timezone.now() - timedelta(days=1)

        def post(
            by: User,
            community: Community | None,
            audience: str = NewsAudience.STAFF,
            publish_at: datetime = past,
        ) -> NewsPost:
            return publish_news(
                by=by,
                community=community,
                text=NewsText(
                    title="News", body="", audience=audience, publish_at=publish_at, picture_alt=ALT
                ),
                picture=io.BytesIO(image_bytes("PNG", (800, 600))),
            )

        self.public = post(self.programme_admin, None, audience=NewsAudience.PUBLIC)
        self.staff = post(self.programme_admin, None)
        self.private = post(self.lead, self.private_community)
        self.scheduled = post(self.lead, self.community, publish_at=timezone.now() + timedelta(days=3))

    def status(self, persona: str | None, post: NewsPost, *, small: bool = False) -> int:
        client = self.client_for(persona) if persona else Client()
        return client.get(post.small_picture_url if small else post.picture_url).status_code

    def test_a_public_posts_picture_is_webp_inline_with_safe_headers_for_everyone(self) -> None:
        for url in (self.public.picture_url, self.public.small_picture_url):
            with self.subTest(url=url):
                response = Client().get(url)
                assert response.status_code == 200
                assert response["Content-Type"] == "image/webp"
                assert response["Content-Disposition"].startswith("inline")
                assert response["X-Content-Type-Options"] == "nosniff"
                assert "sandbox" in response["Content-Security-Policy"]
                # Feed readers on other sites may show a public post's picture; no one else's.
                assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
                assert response["Cache-Control"] == f"private, max-age={365 * 24 * 60 * 60}, immutable"
                assert b"".join(response.streaming_content)[8:12] == b"WEBP"  # type: ignore[attr-defined]

    def test_a_staff_posts_picture_is_for_this_site_only(self) -> None:
        response = self.client_for("member").get(self.staff.picture_url)
        assert response.status_code == 200
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_a_picture_is_a_404_to_whoever_may_not_read_its_post(self) -> None:
        expected = {
            # persona: public, staff, private community's, scheduled
            None: (200, 404, 404, 404),
            "member": (200, 200, 404, 404),
            "outsider": (200, 200, 404, 404),
            "core": (200, 200, 200, 404),
            "lead": (200, 200, 200, 200),
            "programme_admin": (200, 200, 200, 200),
        }
        posts = (self.public, self.staff, self.private, self.scheduled)
        for persona, statuses in expected.items():
            for post, status in zip(posts, statuses, strict=True):
                for small in (False, True):
                    with self.subTest(persona=persona, post=post.pk, small=small):
                        assert self.status(persona, post, small=small) == status

    def test_an_old_version_or_a_removed_picture_is_a_404(self) -> None:
        old_url = self.public.picture_url
        with self.captureOnCommitCallbacks(execute=True):
            update_news(
                self.public,
                by=self.programme_admin,
                text=NewsText(title="News", body="", audience=NewsAudience.PUBLIC, picture_alt=ALT),
                picture=io.BytesIO(image_bytes("JPEG", (800, 600))),
            )
        assert Client().get(old_url).status_code == 404
        assert Client().get(self.public.picture_url).status_code == 200
        with self.captureOnCommitCallbacks(execute=True):
            update_news(
                self.public,
                by=self.programme_admin,
                text=NewsText(title="News", body="", audience=NewsAudience.PUBLIC),
                remove_picture=True,
            )
        assert Client().get(old_url).status_code == 404
        assert Client().get(f"/news/{self.public.pk}/picture/anything.webp").status_code == 404

    def test_the_feed_shows_the_small_picture_with_its_description(self) -> None:
        response = Client().get("/news/feed.atom")
        root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
        summaries = [entry.find(f"{ATOM}summary") for entry in root.iter(f"{ATOM}entry")]
        assert len(summaries) == 1 and summaries[0] is not None
        assert summaries[0].get("type") == "html"
        html = summaries[0].text or ""
        assert f'<img src="http://testserver{self.public.small_picture_url}" alt="{ALT}"' in html
