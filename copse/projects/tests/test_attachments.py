"""Files attached to project updates: written with the update or not at all, served through the project's access
check, shown on the project page at a fixed number of queries."""

from __future__ import annotations

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from copse.core import demo_files
from copse.core.refusals import Refused
from copse.projects import services
from copse.projects.models import Project, ProjectUpdate, UpdateAttachment
from copse.projects.permissions import can_view_project
from copse.testing import (
    PERSONAS,
    OwnMediaMixin,
    PersonasTestCase,
    attached,
    image_bytes,
    image_file,
    pdf_file,
    stored_files,
)


class UpdateAttachmentTests(OwnMediaMixin, PersonasTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.project = services.propose_project(self.community, by=self.member, title="Month-end close")

    def test_an_update_carries_a_document_and_an_image(self) -> None:
        update = services.post_update(
            self.project,
            author=self.member,
            body="Two weeks in.",
            files=[pdf_file("Plan.pdf"), image_file("Board.jpg", "JPEG", (2000, 1000))],
            image_descriptions="The plan on the team's whiteboard",
        )
        plan, board = update.attachments.all()
        assert (plan.filename, plan.content_type, plan.is_image) == ("Plan.pdf", "application/pdf", False)
        assert (board.filename, board.width, board.height, board.alt) == (
            "Board.webp",
            1600,
            800,
            "The plan on the team's whiteboard",
        )
        assert len(stored_files()) == 2

    def test_a_refused_file_writes_no_update_and_no_file(self) -> None:
        for files in (
            [pdf_file(f"{n}.pdf") for n in range(6)],
            [pdf_file(), attached("page.html", b"<html><script>alert(1)</script></html>")],
        ):
            with self.subTest(count=len(files)), self.assertRaises(Refused) as caught:
                services.post_update(self.project, author=self.member, body="Update", files=files)
            assert caught.exception.field == "attachments"
        assert not ProjectUpdate.objects.exists() and not UpdateAttachment.objects.exists()
        assert stored_files() == []

    def test_files_are_served_to_those_who_see_the_project_with_safe_headers(self) -> None:
        update = services.post_update(
            self.project, author=self.member, body="B", files=[pdf_file("Plan.pdf"), image_file("Chart.png")]
        )
        plan, chart = update.attachments.all()
        response = self.client_for("core").get(plan.get_absolute_url())
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="Plan.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        image = self.client_for("core").get(chart.get_absolute_url())
        assert (image["Content-Type"], image["Content-Disposition"]) == (
            "image/webp",
            'inline; filename="Chart.webp"',
        )
        assert self.client_for("outsider").get(plan.get_absolute_url()).status_code == 404

    def test_the_project_page_shows_the_files_and_the_form_takes_them(self) -> None:
        client = self.client_for("member")
        response = client.post(
            f"/projects/{self.project.pk}/updates/",
            {
                "body": "The plan is agreed.",
                "attachments": [
                    SimpleUploadedFile("Plan.pdf", demo_files.pdf("Plan", ["Week 1"])),
                    SimpleUploadedFile("Chart.png", image_bytes("PNG", (320, 180))),
                ],
            },
        )
        assert response.status_code == 302
        plan, chart = UpdateAttachment.objects.all()
        page = client.get(self.project.get_absolute_url()).content.decode()
        assert f'<a href="{plan.get_absolute_url()}">Plan.pdf</a>' in page
        assert 'alt="Image attached by Mo Member" width="320" height="180" loading="lazy"' in page
        assert 'enctype="multipart/form-data"' in page

    def test_a_refused_file_keeps_the_update_and_says_why_beside_the_field(self) -> None:
        response = self.client_for("member").post(
            f"/projects/{self.project.pk}/updates/",
            {
                "body": "The plan is agreed.",
                "attachments": [SimpleUploadedFile("Plan.pdf", b"MZ" + b"\0" * 200)],
            },
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert re.search(r'id="id_attachments-error">.*?“Plan.pdf” cannot be attached\.', html)
        assert "The plan is agreed.</textarea>" in html
        assert not ProjectUpdate.objects.exists() and stored_files() == []

    def test_visible_to_agrees_with_can_view_project_for_every_persona(self) -> None:
        private = services.propose_project(self.private_community, by=self.core, title="Budget packs")
        for project, author in ((self.project, self.member), (private, self.core)):
            services.post_update(project, author=author, body="B", files=[pdf_file()])
        for name in PERSONAS:
            user = self.persona(name)
            visible = set(UpdateAttachment.objects.visible_to(user))
            for attachment in UpdateAttachment.objects.select_related("update__project__community"):
                with self.subTest(persona=name, project=attachment.update.project.title):
                    assert can_view_project(user, attachment.update.project) == (attachment in visible)


class UpdateAttachmentQueryCountTests(OwnMediaMixin, PersonasTestCase):
    def count(self, project: Project) -> int:
        client = self.client_for("member")
        client.get(project.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(project.get_absolute_url()).status_code == 200
        return len(queries)

    def test_the_project_page_costs_the_same_for_2_and_20_updates_with_files(self) -> None:
        project = services.propose_project(self.community, by=self.member, title="Month-end close")

        def grow(n: int) -> None:
            for i in range(n):
                services.post_update(
                    project, author=self.member, body=f"Week {i}", files=[pdf_file(), image_file()]
                )

        grow(2)
        small = self.count(project)
        grow(18)
        assert UpdateAttachment.objects.count() == 40
        # The page (with its related resources and indicators) and the updates' attachments in one query.
        assert self.count(project) == small == 13


class DemoAttachmentTests(OwnMediaMixin, PersonasTestCase):
    def test_the_demo_step_posts_an_update_with_a_pdf_and_a_described_chart(self) -> None:
        from copse.projects.demo import extend_demo as add_projects
        from copse.projects.demo_attachments import extend_demo

        add_projects(seed=1)
        summary = extend_demo(seed=1)
        project = Project.objects.get()
        assert summary == f"project attachments: 2 files on an update of “{project.title}”"
        pdf, chart = UpdateAttachment.objects.order_by("pk")
        assert (pdf.filename, chart.filename, chart.width, chart.height) == (
            "Close timetable.pdf",
            "Days to close.webp",
            960,
            540,
        )
        assert chart.alt.startswith("Bar chart of working days to close")
        assert pdf.update.author == project.owner and len(stored_files()) == 2
