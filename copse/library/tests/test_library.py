from __future__ import annotations

import io
import os
from typing import Any

from django.core.files.storage import default_storage
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from copse.communities.models import Community
from copse.core.refusals import Refused
from copse.discussions.services import accept_answer, reply, start_thread
from copse.library import services
from copse.library.demo import docx, pdf
from copse.library.models import Collection, Resource, ResourceFile, ResourceKind
from copse.library.permissions import can_view_collection, can_view_resource
from copse.library.services import ResourceData, Upload
from copse.projects.services import propose_project
from copse.testing import PERSONAS, PersonasTestCase

PDF = pdf("Month-end close", ["Day 1: accruals."])
HTML = b"<!doctype html><html><script>alert(1)</script></html>"


def upload(data: bytes = PDF, name: str = "Checklist.pdf") -> Upload:
    return Upload(name, io.BytesIO(data))


def add_file(community: Community | None, by: Any, title: str = "Checklist", **data: Any) -> Resource:
    return services.add_resource(
        community, by=by, kind=ResourceKind.FILE, data=ResourceData(title, **data), upload=upload()
    )


def stored_names() -> set[str]:
    names: set[str] = set()
    root = default_storage.path("library") if os.path.isdir(default_storage.path("library")) else None
    if root:
        for folder, _dirs, found in os.walk(root):
            names.update(os.path.join(folder, name) for name in found)
    return names


class ServiceTests(PersonasTestCase):
    def test_a_file_is_kept_under_a_name_copse_made_and_offered_under_the_person_s(self) -> None:
        resource = add_file(self.community, self.member, tags=("Month-end", "checklist", "month-end"))
        version = resource.versions.get()
        self.assertEqual(
            (version.version, version.filename, version.content_type), (1, "Checklist.pdf", "application/pdf")
        )
        self.assertTrue(version.file.name.startswith("library/"))
        self.assertNotIn("Checklist", version.file.name)
        self.assertEqual(default_storage.open(version.file.name).read(), PDF)
        self.assertEqual(sorted(resource.tags.names()), ["checklist", "month-end"])

    def test_a_link_and_a_page(self) -> None:
        link = services.add_resource(
            self.community,
            by=self.member,
            kind=ResourceKind.LINK,
            data=ResourceData("Service manual", url="https://www.gov.uk/service-manual"),
        )
        page = services.add_resource(
            None,
            by=self.programme_admin,
            kind=ResourceKind.PAGE,
            data=ResourceData("Handbook", body="## How\n\n**We** work"),
        )
        self.assertEqual(link.url, "https://www.gov.uk/service-manual")
        self.assertIn("<strong>We</strong>", page.body_html)
        self.assertIsNone(page.community)

    def test_replacing_a_file_keeps_every_earlier_version(self) -> None:
        resource = add_file(self.community, self.member)
        second = services.replace_file(
            resource, by=self.lead, upload=upload(docx(["New"]), "Checklist.docx"), note="For 2027"
        )
        self.assertEqual(second.version, 2)
        versions = list(resource.versions.all())
        self.assertEqual([v.version for v in versions], [2, 1])
        self.assertEqual(default_storage.open(versions[1].file.name).read(), PDF)

    def test_bad_input_is_refused_and_nothing_is_written(self) -> None:
        before = stored_names()
        cases = [
            (ResourceKind.LINK, ResourceData("A link", url="javascript:alert(1)"), None, "url"),
            (ResourceKind.LINK, ResourceData("A link"), None, "url"),
            (ResourceKind.PAGE, ResourceData("A page", body="  "), None, "body"),
            (ResourceKind.FILE, ResourceData(""), upload(), "title"),
            (ResourceKind.FILE, ResourceData("No file"), None, "file"),
            (
                ResourceKind.FILE,
                ResourceData("Program"),
                upload(b"MZ\x90\x00" + b"\x00" * 60, "Report.pdf"),
                "file",
            ),
            (ResourceKind.FILE, ResourceData("Web page"), upload(HTML, "page.html"), "file"),
            (
                ResourceKind.FILE,
                ResourceData("Too many tags", tags=tuple(f"t{n}" for n in range(11))),
                upload(),
                "tags",
            ),
            (ResourceKind.FILE, ResourceData("Title\u202e"), upload(), "title"),
            ("video", ResourceData("Unknown kind"), None, "kind"),
        ]
        for kind, data, file, field in cases:
            with self.subTest(field=field, data=data), self.assertRaises(Refused) as refused:
                services.add_resource(self.community, by=self.member, kind=kind, data=data, upload=file)
            self.assertEqual(refused.exception.field, field)
        with override_settings(COPSE_MAX_UPLOAD_MB=1), self.assertRaises(Refused):
            services.add_resource(
                self.community,
                by=self.member,
                kind=ResourceKind.FILE,
                data=ResourceData("Big"),
                upload=upload(PDF + b"0" * 2**20),
            )
        self.assertFalse(Resource.objects.exists())
        self.assertEqual(stored_names(), before)

    def test_a_failed_write_leaves_no_file_behind(self) -> None:
        before = stored_names()
        other = propose_project(self.private_community, by=self.core, title="Elsewhere")
        # A related project of another community is refused before any file is written…
        with self.assertRaises(Refused):
            add_file(self.community, self.member, projects=(other,))
        # …and a file already written is deleted when its rows cannot be.
        original = ResourceFile.objects.create
        ResourceFile.objects.create = lambda **kwargs: (_ for _ in ()).throw(RuntimeError("disk full"))  # type: ignore[method-assign]
        try:
            with self.assertRaises(RuntimeError):
                add_file(self.community, self.member)
        finally:
            ResourceFile.objects.create = original  # type: ignore[method-assign]
        self.assertFalse(Resource.objects.exists())
        self.assertEqual(stored_names(), before)

    def test_best_practice_is_marked_and_unmarked(self) -> None:
        resource = add_file(self.community, self.member)
        services.mark_best_practice(resource, by=self.lead)
        resource.refresh_from_db()
        self.assertEqual((resource.is_best_practice, resource.marked_by), (True, self.lead))
        services.mark_best_practice(resource, by=self.lead, best=False)
        resource.refresh_from_db()
        self.assertEqual(
            (resource.is_best_practice, resource.marked_by, resource.marked_at), (False, None, None)
        )

    def test_a_collection_keeps_its_order_and_only_its_own_and_programme_resources(self) -> None:
        first, second = (
            add_file(self.community, self.member, "First"),
            add_file(None, self.programme_admin, "Second"),
        )
        collection = services.create_collection(
            self.community, by=self.lead, title="New starter toolkit", resources=[second, first]
        )
        self.assertEqual([item.resource for item in collection.items.all()], [second, first])
        foreign = add_file(self.private_community, self.core, "Circle only")
        with self.assertRaises(Refused) as refused:
            services.edit_collection(
                collection, by=self.lead, title="Toolkit", description="", resources=[foreign]
            )
        self.assertEqual(refused.exception.field, "resources")
        self.assertEqual(collection.items.count(), 2)

    def test_a_solved_help_request_becomes_a_page_crediting_its_authors_linked_both_ways(self) -> None:
        thread = start_thread(
            self.community, author=self.member, kind="help", title="Accruals?", body="How do I accrue?"
        )
        answer = reply(thread, author=self.core, body="Use the accruals template.")
        reply(thread, author=self.lead, body="And tell the budget holder.")
        accept_answer(thread, post=answer)
        thread.refresh_from_db()
        body, authors = services.thread_as_page(thread)
        self.assertIn("How do I accrue?", body)
        self.assertIn("## The accepted answer, from Cora Core\n\nUse the accruals template.", body)
        self.assertEqual(authors, [self.member.pk, self.core.pk, self.lead.pk])
        resource = services.save_thread(thread, by=self.member, data=ResourceData("Accruals", body=body))
        self.assertEqual(resource.source_thread, thread)
        self.assertEqual(set(resource.credited.all()), {self.member, self.core, self.lead})
        self.assertEqual(list(thread.library_resources.all()), [resource])
        self.assertEqual(resource.kind, ResourceKind.PAGE)


class AccessTests(PersonasTestCase):
    def test_the_predicates_and_the_querysets_agree_for_every_persona(self) -> None:
        resources = [
            add_file(self.community, self.member),
            add_file(self.open_community, self.lead),
            add_file(self.private_community, self.core),
            add_file(None, self.programme_admin),
        ]
        collections = [
            services.create_collection(r.community, by=self.programme_admin, title="Kit") for r in resources
        ]
        for name in PERSONAS:
            person = self.persona(name)
            with self.subTest(persona=name):
                visible = set(Resource.objects.visible_to(person))
                self.assertEqual(visible, {r for r in resources if can_view_resource(person, r)})
                shown = set(Collection.objects.visible_to(person))
                self.assertEqual(shown, {c for c in collections if can_view_collection(person, c)})
        self.assertEqual(set(Resource.objects.visible_to(self.outsider)), {resources[1], resources[3]})
        self.assertEqual(
            set(Resource.objects.visible_to(self.member)), {resources[0], resources[1], resources[3]}
        )


class DownloadTests(PersonasTestCase):
    def test_a_download_is_the_file_as_an_attachment_with_safe_headers(self) -> None:
        resource = add_file(self.community, self.member)
        response = self.client_for("member").get(resource.versions.get().get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF)  # type: ignore[attr-defined]
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="Checklist.pdf"')
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("sandbox", response["Content-Security-Policy"])

    def test_a_text_file_of_html_is_served_as_text_to_download_never_as_a_page(self) -> None:
        resource = services.add_resource(
            self.community,
            by=self.member,
            kind=ResourceKind.FILE,
            data=ResourceData("Notes"),
            upload=upload(HTML, "notes.txt"),
        )
        response = self.client_for("member").get(resource.versions.get().get_absolute_url())
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))

    def test_a_private_community_s_file_is_a_404_to_outsiders_by_its_direct_address(self) -> None:
        resource = add_file(self.private_community, self.core)
        address = resource.versions.get().get_absolute_url()
        for name, status in (("member", 404), ("outsider", 404), ("core", 200), ("programme_admin", 200)):
            with self.subTest(persona=name):
                self.assertEqual(self.client_for(name).get(address).status_code, status)
        self.assertEqual(self.client_for(None).get(address).status_code, 302)

    def test_each_earlier_version_stays_downloadable(self) -> None:
        resource = add_file(self.community, self.member)
        services.replace_file(resource, by=self.member, upload=upload(docx(["v2"]), "Checklist.docx"))
        client = self.client_for("member")
        first, second = (client.get(v.get_absolute_url()) for v in resource.versions.order_by("version"))
        self.assertEqual(b"".join(first.streaming_content), PDF)  # type: ignore[attr-defined]
        self.assertEqual(second["Content-Disposition"], 'attachment; filename="Checklist.docx"')


class ViewTests(PersonasTestCase):
    def test_a_lead_adds_a_file_through_the_form(self) -> None:
        client = self.client_for("lead")
        chosen = io.BytesIO(PDF)
        chosen.name = "Close checklist.pdf"
        response = client.post(
            f"/library/new/?kind=file&community={self.community.slug}",
            {
                "title": "Close checklist",
                "summary": "Every step.",
                "tags": "month-end, checklist",
                "file": chosen,
            },
        )
        resource = Resource.objects.get()
        self.assertRedirects(response, resource.get_absolute_url())
        self.assertEqual(resource.versions.get().filename, "Close checklist.pdf")

    def test_a_refused_upload_shows_its_message_beside_the_field_and_keeps_the_input(self) -> None:
        client = self.client_for("member")
        renamed = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 60)
        renamed.name = "Budget.xlsx"
        response = client.post(
            f"/library/new/?kind=file&community={self.community.slug}", {"title": "Budget", "file": renamed}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Copse cannot keep this kind of file.", status_code=400)
        self.assertContains(response, 'value="Budget"', status_code=400)
        self.assertFalse(Resource.objects.exists())

    def test_an_oversized_upload_is_refused_on_the_form(self) -> None:
        big = io.BytesIO(PDF + b"0" * 2**20)
        big.name = "Big.pdf"
        with override_settings(COPSE_MAX_UPLOAD_MB=1):
            response = self.client_for("member").post(
                f"/library/new/?kind=file&community={self.community.slug}", {"title": "Big", "file": big}
            )
        self.assertContains(response, "Choose a file of 1 MB or less", status_code=400)

    def test_a_solved_thread_shows_save_to_the_library_and_then_where_it_was_saved(self) -> None:
        thread = start_thread(self.community, author=self.member, kind="help", title="Accruals?", body="How?")
        client = self.client_for("member")
        page = client.get(thread.get_absolute_url())
        self.assertContains(page, f"{thread.get_absolute_url()}save-to-library/")
        form = client.get(f"{thread.get_absolute_url()}save-to-library/")
        self.assertContains(form, "How?")
        response = client.post(
            f"{thread.get_absolute_url()}save-to-library/", {"title": "Accruals", "body": "How? Like this."}
        )
        resource = Resource.objects.get()
        self.assertRedirects(response, resource.get_absolute_url())
        self.assertContains(client.get(thread.get_absolute_url()), f'href="{resource.get_absolute_url()}"')
        self.assertContains(client.get(resource.get_absolute_url()), "Saved from the")


def _grow(test: PersonasTestCase, count: int) -> None:
    project = propose_project(test.community, by=test.member, title="Close")
    for index in range(count):
        resource = add_file(
            test.community, test.member, f"File {index}", tags=(f"tag{index}", "shared"), projects=(project,)
        )
        services.add_resource(
            None,
            by=test.programme_admin,
            kind=ResourceKind.LINK,
            data=ResourceData(f"Link {index}", url="https://example.org/"),
        )
        services.replace_file(resource, by=test.member, upload=upload())
    services.create_collection(
        test.community, by=test.lead, title="Kit", resources=list(Resource.objects.all()[:count])
    )


class QueryCountTests(PersonasTestCase):
    def counts(self, rows: int) -> dict[str, int]:
        _grow(self, rows)
        resource = Resource.objects.filter(kind=ResourceKind.FILE).first()
        assert resource is not None
        collection = Collection.objects.get()
        client = self.client_for("member")
        pages = {
            "library": "/library/",
            "tab": f"/communities/{self.community.slug}/library/",
            "detail": resource.get_absolute_url(),
            "collection": collection.get_absolute_url(),
            "download": resource.versions.first().get_absolute_url(),  # type: ignore[union-attr]
        }
        client.get("/library/")
        found = {}
        for name, address in pages.items():
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(client.get(address).status_code, 200)
            found[name] = len(queries)
        return found

    def test_the_pages_take_the_same_queries_for_2_and_20_rows(self) -> None:
        small = self.counts(2)
        Collection.objects.all().delete()
        Resource.objects.all().delete()
        large = self.counts(20)
        self.assertEqual(small, large)
        self.assertEqual(small, PINNED)


PINNED = {"library": 9, "tab": 9, "detail": 11, "collection": 7, "download": 5}


class PaginationTests(PersonasTestCase):
    def test_keyset_pages_without_offset(self) -> None:
        for index in range(27):
            services.add_resource(
                None,
                by=self.programme_admin,
                kind=ResourceKind.LINK,
                data=ResourceData(f"Link {index:02}", url="https://example.org/"),
            )
        client = self.client_for("member")
        first = client.get("/library/")
        self.assertEqual(len(first.context["page"].rows), 25)
        cursor = first.context["page"].next_cursor
        with CaptureQueriesContext(connection) as queries:
            second = client.get("/library/", {"after": cursor})
        self.assertEqual(len(second.context["page"].rows), 2)
        self.assertFalse(any("OFFSET" in query["sql"] for query in queries.captured_queries))
