"""Files attached to posts: what the services accept and refuse (and that a refusal writes nothing), how the files
are served, how the thread page shows them, and what it costs."""

from __future__ import annotations

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from PIL import ExifTags, Image

from copse.accounts.tests.test_photos import jpeg_with_location
from copse.core import demo_files
from copse.core.attachments import AttachmentData
from copse.core.refusals import Refused
from copse.discussions import services
from copse.discussions.models import Post, PostAttachment, Thread
from copse.discussions.permissions import can_view_attachment
from copse.testing import (
    PERSONAS,
    MembershipFactory,
    OwnMediaMixin,
    PersonasTestCase,
    UserFactory,
    attached,
    image_bytes,
    image_file,
    pdf_file,
    stored_files,
)

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" * 16
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


class AttachmentServiceTests(OwnMediaMixin, PersonasTestCase):
    def thread(self) -> Thread:
        return services.start_thread(self.community, author=self.lead, kind="discussion", title="T", body="B")

    def refused(self, *files: object, descriptions: str = "") -> Refused:
        """Replying with these files is refused; nothing of the reply is written."""
        thread = self.thread()
        posts, stored = Post.objects.count(), stored_files()
        with self.assertRaises(Refused) as caught:
            services.reply(
                thread, author=self.member, body="See attached", files=files, image_descriptions=descriptions
            )
        assert Post.objects.count() == posts
        assert not PostAttachment.objects.exists()
        assert stored_files() == stored == []
        return caught.exception

    def test_a_pdf_is_kept_as_it_came_under_a_name_copse_makes(self) -> None:
        upload = pdf_file("Meeting notes.pdf")
        data = upload.file.getvalue()  # type: ignore[attr-defined]
        post = services.reply(self.thread(), author=self.member, body="Notes attached", files=[upload])
        attachment = post.attachments.get()
        assert (attachment.filename, attachment.content_type, attachment.size) == (
            "Meeting notes.pdf",
            "application/pdf",
            len(data),
        )
        assert not attachment.is_image and attachment.width is None
        assert attachment.uploaded_by == self.member
        assert attachment.kind_label == "PDF document"
        name = str(attachment.file.name)
        assert name.startswith("attachments/") and name.endswith(".pdf") and "Meeting" not in name
        assert stored_files() == [name]
        with attachment.file.open("rb") as kept:
            assert kept.read() == data

    def test_an_image_is_re_encoded_as_webp_at_most_1600_pixels_without_its_metadata(self) -> None:
        photo = jpeg_with_location(size=(2400, 1200))
        assert (
            Image.open(io.BytesIO(photo)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
        )  # the upload has a location
        post = services.reply(
            self.thread(),
            author=self.member,
            body="The whiteboard",
            files=[attached("IMG_2041.JPG", photo)],
            image_descriptions="Sticky notes grouped into three themes",
        )
        attachment = post.attachments.get()
        assert attachment.is_image
        assert (attachment.filename, attachment.content_type) == ("IMG_2041.webp", "image/webp")
        assert (attachment.width, attachment.height) == (1600, 800)
        assert attachment.alt == "Sticky notes grouped into three themes"
        with attachment.file.open("rb") as kept:
            image = Image.open(io.BytesIO(kept.read()))
            image.load()
        assert image.format == "WEBP" and image.size == (1600, 800)
        assert not image.getexif()
        assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)

    def test_png_webp_and_gif_images_become_webp_and_a_small_one_is_not_enlarged(self) -> None:
        files = [
            image_file("a.png", "PNG", (300, 200)),
            image_file("b.webp", "WEBP"),
            image_file("c.gif", "GIF", (40, 30)),
        ]
        post = services.reply(self.thread(), author=self.member, body="Pictures", files=files)
        kept = [(a.filename, a.content_type, a.width, a.height) for a in post.attachments.all()]
        assert kept == [
            ("a.webp", "image/webp", 300, 200),
            ("b.webp", "image/webp", 64, 48),
            ("c.webp", "image/webp", 40, 30),
        ]

    def test_descriptions_go_to_the_images_in_order_and_documents_get_none(self) -> None:
        files = [image_file("one.png"), pdf_file(), image_file("two.png"), image_file("three.png")]
        post = services.reply(
            self.thread(), author=self.member, body="B", files=files, image_descriptions="First\n\n  Second  "
        )
        assert [a.alt for a in post.attachments.all()] == ["First", "", "Second", ""]

    @override_settings(COPSE_MAX_UPLOAD_MB=1)
    def test_an_oversized_upload_is_refused(self) -> None:
        big = attached("Annual report.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024))
        refusal = self.refused(pdf_file(), big)
        assert refusal.field == "attachments"
        assert refusal.message == (
            "“Annual report.pdf” cannot be attached. Choose a file of 1 MB or less: this one is larger."
        )

    def test_a_disallowed_type_is_refused(self) -> None:
        refusal = self.refused(attached("setup.exe", EXECUTABLE))
        assert refusal.field == "attachments"
        assert refusal.message.startswith(
            "“setup.exe” cannot be attached. Copse cannot keep this kind of file."
        )

    def test_an_executable_renamed_pdf_is_refused(self) -> None:
        refusal = self.refused(pdf_file(), attached("report.pdf", EXECUTABLE))
        assert refusal.message.startswith(
            "“report.pdf” cannot be attached. Copse cannot keep this kind of file."
        )

    def test_an_html_file_is_refused_and_a_pdf_named_png_is_told_to_be_renamed(self) -> None:
        assert "cannot keep this kind" in self.refused(attached("page.html", HTML)).message
        PostAttachment.objects.all().delete()
        assert (
            "Rename it to end in “.pdf”"
            in self.refused(attached("chart.png", demo_files.pdf("x", []))).message
        )

    def test_six_files_are_refused_before_any_is_read(self) -> None:
        unread = io.BytesIO(b"never read")
        files = [pdf_file(f"{n}.pdf") for n in range(5)] + [AttachmentData("sixth.pdf", unread)]
        refusal = self.refused(*files)
        assert refusal.message == "Attach at most 5 files at once: you chose 6."
        assert unread.tell() == 0

    def test_an_empty_file_and_a_damaged_image_are_refused(self) -> None:
        assert "The chosen file is empty." in self.refused(attached("blank.pdf", b"")).message
        damaged = image_bytes("PNG", (200, 200))[:120]
        assert "could not be read" in self.refused(attached("broken.png", damaged)).message

    def test_more_descriptions_than_images_are_refused_about_their_field(self) -> None:
        refusal = self.refused(image_file(), descriptions="One\nTwo")
        assert (refusal.field, refusal.message) == (
            "image_descriptions",
            "Write one line for each image: there are 2 lines for 1 image.",
        )
        refusal = self.refused(pdf_file(), descriptions="A chart")
        assert refusal.message.startswith("None of the files you chose is an image")

    def test_a_reply_refused_after_its_files_were_stored_leaves_none_behind(self) -> None:
        thread = self.thread()
        services.moderate_thread(thread, by=self.lead, action="lock")
        with self.assertRaises(Refused):
            services.reply(thread, author=self.member, body="Late", files=[pdf_file(), image_file()])
        assert not PostAttachment.objects.exists() and stored_files() == []

    def test_a_new_thread_carries_files_on_its_opening_post(self) -> None:
        thread = services.start_thread(
            self.community,
            author=self.member,
            kind="success",
            title="Close in five days",
            body="How we did it",
            files=[pdf_file("Timetable.pdf"), image_file("Chart.png")],
            image_descriptions="Close days falling from nine to five",
        )
        opening = thread.posts.get()
        assert [a.filename for a in opening.attachments.all()] == ["Timetable.pdf", "Chart.webp"]

    def test_deleting_a_post_deletes_its_files(self) -> None:
        post = services.reply(self.thread(), author=self.member, body="B", files=[pdf_file(), image_file()])
        assert len(stored_files()) == 2
        with self.captureOnCommitCallbacks(execute=True):
            services.delete_post(post)
        assert not PostAttachment.objects.exists() and stored_files() == []
        with self.assertRaises(Refused):
            services.attach_files(post, by=self.member, files=[pdf_file()])


class AttachmentPageTests(OwnMediaMixin, PersonasTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.thread = services.start_thread(
            self.community, author=self.lead, kind="discussion", title="Month-end", body="How did it go?"
        )
        self.post = services.reply(
            self.thread,
            author=self.member,
            body="Notes and the chart",
            files=[
                pdf_file("Meeting notes.pdf"),
                image_file("Chart.png", size=(640, 360)),
                image_file("b.png"),
            ],
            image_descriptions="Close days by month, falling from nine to five",
        )
        self.pdf, self.chart, self.other = self.post.attachments.all()

    def test_a_document_downloads_with_headers_that_stop_a_browser_running_it(self) -> None:
        response = self.client_for("member").get(self.pdf.get_absolute_url())
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="Meeting notes.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        with self.pdf.file.open("rb") as kept:
            assert b"".join(response.streaming_content) == kept.read()  # type: ignore[attr-defined]

    def test_an_image_copse_re_encoded_is_shown_inline(self) -> None:
        response = self.client_for("member").get(self.chart.get_absolute_url())
        assert response.status_code == 200
        assert response["Content-Type"] == "image/webp"
        assert response["Content-Disposition"] == 'inline; filename="Chart.webp"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"

    def test_a_file_name_with_spaces_marks_and_accents_has_an_address_that_works(self) -> None:
        for name in ("Q1 report #2 (draft)?.pdf", "Café ☕ notes.pdf", "..\\..\\secrets%2F.pdf"):
            post = services.reply(self.thread, author=self.member, body="B", files=[pdf_file(name)])
            attachment = post.attachments.get()
            with self.subTest(name=name):
                response = self.client_for("member").get(attachment.get_absolute_url())
                assert response.status_code == 200
                assert "/" not in attachment.filename and "\\" not in attachment.filename

    def test_text_that_is_html_is_only_ever_a_download(self) -> None:
        note = services.reply(self.thread, author=self.member, body="B", files=[attached("notes.txt", HTML)])
        response = self.client_for("member").get(note.attachments.get().get_absolute_url())
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"

    def test_the_thread_page_shows_images_as_figures_and_documents_as_download_links(self) -> None:
        page = self.client_for("core").get(self.thread.get_absolute_url()).content.decode()
        figure = (
            f'<figure class="attachment-image"><a href="{self.chart.get_absolute_url()}">'
            f'<img src="{self.chart.get_absolute_url()}" alt="Close days by month, falling from nine to five" '
            'width="640" height="360" loading="lazy" decoding="async"></a></figure>'
        )
        assert figure in page
        # An image whose uploader described nothing says who attached it, never its file name.
        assert 'alt="Image attached by Mo Member"' in page
        assert (
            f'<li><a href="{self.pdf.get_absolute_url()}">Meeting notes.pdf</a>'
            f'<span class="attachment-about">, PDF document, {self.pdf.size_in_words}</span></li>'
        ) in page
        assert re.search(r'<form method="post" action="[^"]+/reply/" enctype="multipart/form-data"', page)

    def test_a_hidden_posts_files_are_shown_only_to_the_moderators(self) -> None:
        services.hide_post(self.post, by=self.lead, reason="Wrong thread")
        for moderator in ("lead", "core"):
            page = self.client_for(moderator).get(self.thread.get_absolute_url()).content.decode()
            assert self.chart.get_absolute_url() in page
            assert self.client_for(moderator).get(self.chart.get_absolute_url()).status_code == 200
        page = self.client_for("member").get(self.thread.get_absolute_url()).content.decode()
        assert self.chart.get_absolute_url() not in page and self.pdf.get_absolute_url() not in page
        assert self.client_for("member").get(self.chart.get_absolute_url()).status_code == 404
        services.restore_post(self.post, by=self.lead)
        assert self.client_for("member").get(self.chart.get_absolute_url()).status_code == 200

    def test_a_reported_posts_files_are_shown_where_it_is_reported_and_in_the_moderation_queue(self) -> None:
        services.flag_post(self.post, person=self.core, reason="Not ours to share")
        flag_page = self.client_for("core").get(f"/posts/{self.post.pk}/flag/").content.decode()
        queue = self.client_for("lead").get("/communities/fbp/moderation/").content.decode()
        for page in (flag_page, queue):
            assert f'<img src="{self.chart.get_absolute_url()}"' in page
            assert f'<a href="{self.pdf.get_absolute_url()}">Meeting notes.pdf</a>' in page

    def test_can_view_attachment_agrees_with_visible_to_for_every_persona(self) -> None:
        files = [self.pdf]
        for community, author in ((self.open_community, self.lead), (self.private_community, self.core)):
            thread = services.start_thread(
                community, author=author, kind="idea", title="T", body="B", files=[pdf_file()]
            )
            files.append(thread.posts.get().attachments.get())
        hidden = services.reply(self.thread, author=self.member, body="B", files=[pdf_file()])
        services.hide_post(hidden, by=self.lead, reason="Off topic")
        # A file left on a post marked deleted (the service deletes them with it) is no one's to open.
        deleted = services.reply(self.thread, author=self.member, body="B", files=[pdf_file()])
        Post.objects.filter(pk=deleted.pk).update(deleted_at=deleted.created_at)
        files += [hidden.attachments.get(), deleted.attachments.get()]
        for name in PERSONAS:
            user = self.persona(name)
            visible = set(PostAttachment.objects.visible_to(user))
            for attachment in files:
                fresh = PostAttachment.objects.select_related("post__thread__community").get(pk=attachment.pk)
                with self.subTest(persona=name, file=attachment.pk):
                    assert can_view_attachment(user, fresh) == (fresh in visible)
            assert files[-1] not in visible


class AttachmentFormTests(OwnMediaMixin, PersonasTestCase):
    def upload(self, name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, data, content_type=content_type)

    def test_a_member_starts_a_thread_with_files(self) -> None:
        response = self.client_for("member").post(
            "/communities/fbp/discussions/new/",
            {
                "kind": "success",
                "title": "Close in five days",
                "body": "How we did it",
                "attachments": [
                    self.upload("Timetable.pdf", demo_files.pdf("Timetable", ["Day 1"])),
                    self.upload("Chart.png", image_bytes("PNG"), "image/png"),
                ],
                "image_descriptions": "Close days by month",
            },
        )
        thread = Thread.objects.get(title="Close in five days")
        assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
        files = list(thread.posts.get().attachments.all())
        assert [(f.filename, f.alt) for f in files] == [
            ("Timetable.pdf", ""),
            ("Chart.webp", "Close days by month"),
        ]

    def test_a_refused_file_keeps_the_reply_and_says_why_beside_the_field(self) -> None:
        thread = services.start_thread(self.community, author=self.lead, kind="help", title="T", body="B")
        response = self.client_for("member").post(
            f"{thread.get_absolute_url()}reply/",
            {
                "body": "Here is the tool I use",
                "attachments": [
                    self.upload("notes.pdf", demo_files.pdf("Notes", [])),
                    self.upload("tool.pdf", EXECUTABLE),
                ],
                "image_descriptions": "",
            },
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert re.search(
            r'<small class="error-message" id="id_attachments-error">.*?“tool.pdf” cannot be attached\.', html
        )
        assert 'href="#id_attachments"' in html  # the error summary links to the field
        assert "Here is the tool I use</textarea>" in html
        assert "Choose your files again before you post" in html and "notes.pdf, tool.pdf" in html
        assert thread.posts.count() == 1 and stored_files() == []

    def test_a_reply_with_files_is_posted_and_shown(self) -> None:
        thread = services.start_thread(self.community, author=self.lead, kind="help", title="T", body="B")
        client = self.client_for("member")
        response = client.post(
            f"{thread.get_absolute_url()}reply/",
            {"body": "The notes", "attachments": [self.upload("Notes.pdf", demo_files.pdf("Notes", []))]},
        )
        assert response.status_code == 302
        page = client.get(thread.get_absolute_url()).content.decode()
        assert ">Notes.pdf</a>" in page


class AttachmentQueryCountTests(OwnMediaMixin, PersonasTestCase):
    def count(self, url: str) -> int:
        client = self.client_for("member")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def test_the_thread_page_costs_the_same_for_2_and_20_posts_with_files(self) -> None:
        thread = services.start_thread(
            self.community, author=self.lead, kind="discussion", title="T", body="B"
        )
        people = [UserFactory() for _ in range(3)]
        for person in people:
            MembershipFactory(community=self.community, person=person)

        def grow(n: int) -> None:
            for i in range(n):
                services.reply(
                    thread, author=people[i % 3], body=f"Reply {i}", files=[pdf_file(), image_file()]
                )

        grow(2)
        small = self.count(thread.get_absolute_url())
        grow(18)
        assert PostAttachment.objects.count() == 40
        # The page (with what was saved to the library from the thread) and the posts' attachments in one query.
        assert self.count(thread.get_absolute_url()) == small == 12


class DemoAttachmentTests(OwnMediaMixin, PersonasTestCase):
    def test_the_demo_step_attaches_described_files_to_the_lead_communitys_posts(self) -> None:
        from copse.discussions.demo_attachments import _attachments, extend_demo

        assert self.community.name == "Finance Business Partners"
        for spec in _attachments():
            thread = services.start_thread(
                self.community, author=self.lead, kind="discussion", title=spec.thread, body="B"
            )
            services.reply(thread, author=self.member, body="A reply")
        assert extend_demo(seed=1) == "attachments: 4 files on 3 posts"
        files = list(PostAttachment.objects.order_by("pk"))
        assert [f.filename for f in files] == [
            "Planning timetable 2026-27.pdf",
            "Business case summary.pdf",
            "Overtime and agency spend.webp",
            "Workshop board.webp",
        ]
        assert all(f.alt for f in files if f.is_image)
        assert files[-1].post.author == self.member  # the workshop photo is on the reply, by its author
        assert len(stored_files()) == 4
