"""The demo's library: in most running communities a guide file (one with a second version), a link and a page,
some marked best practice by a lead; a solved help request saved to the library; the programme's own resources
gathered into a "New starter toolkit"; and a community collection. Written through the services, files made
here in code (a small PDF, a Word document, a CSV), deterministic for a seed."""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.models import LISTED, Community, Membership, Role
from copse.discussions.models import Kind, Thread
from copse.projects.models import Project

from . import services
from .models import Resource, ResourceKind
from .services import ResourceData, Upload


def pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF with a title and lines of text (Helvetica, no images)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = ["BT /F1 18 Tf 72 760 Td (" + escape(title) + ") Tj ET"]
    for number, line in enumerate(lines):
        text.append(f"BT /F1 11 Tf 72 {730 - 18 * number} Td (" + escape(line) + ") Tj ET")
    stream = "\n".join(text).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def docx(paragraphs: list[str]) -> bytes:
    """A small Word document (Office Open XML) with one paragraph per item."""
    body = "".join(
        f"<w:p><w:r><w:t>{p.replace('&', '&amp;').replace('<', '&lt;')}</w:t></w:r></w:p>" for p in paragraphs
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
            f'wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>',
        )
    return out.getvalue()


@dataclass(frozen=True)
class Guide:
    title: str
    summary: str
    filename: str
    lines: tuple[str, ...]
    tags: tuple[str, ...]


GUIDES = [
    Guide(
        "Month-end close checklist",
        "Every step of the month-end close, who does it and by which working day.",
        "Month-end close checklist.pdf",
        (
            "Day 1: accruals agreed with budget holders.",
            "Day 2: bank and control accounts reconciled.",
            "Day 3: journals reviewed and posted.",
            "Day 4: reports to budget holders.",
            "Day 5: sign-off.",
        ),
        ("month-end", "checklist"),
    ),
    Guide(
        "Writing accessible documents",
        "Headings, alternative text, tables and colour: what makes a document work with a screen reader.",
        "Writing accessible documents.pdf",
        (
            "Use real headings, not bold text.",
            "Give every image alternative text.",
            "Keep tables simple, with a header row.",
            "Never rely on colour alone.",
        ),
        ("accessibility", "writing"),
    ),
    Guide(
        "Running a good community meeting",
        "An agenda template and tips for hybrid meetings where everyone can take part.",
        "Community meeting template.docx",
        (
            "Welcome and introductions (5 minutes)",
            "What worked this month: successes to share",
            "What is hard: a challenge to work on together",
            "Actions and who takes them",
        ),
        ("meetings", "template"),
    ),
]

LINKS = [
    (
        "GOV.UK Service Manual",
        "https://www.gov.uk/service-manual",
        "How UK public services design and run services.",
        ("service design",),
    ),
    (
        "Value creation in communities",
        "https://www.wenger-trayner.com/",
        "Etienne and Beverly Wenger-Trayner on learning in communities and the value it creates.",
        ("value creation",),
    ),
    (
        "Web Content Accessibility Guidelines (WCAG) 2.2",
        "https://www.w3.org/TR/WCAG22/",
        "The standard public sector websites and documents must meet.",
        ("accessibility",),
    ),
]

PAGE = (
    "How we hand over when someone leaves",
    "A short guide the community wrote after three handovers went wrong.",
    "## Before the last day\n\n- List the recurring tasks and where their files live.\n"
    "- Introduce the successor to the people they will work with.\n\n## On the last day\n\n"
    "- Move shared mailboxes and calendars.\n- Write down what is unfinished, and who now owns it.",
    ("handover", "guide"),
)

PROGRAMME = [
    (
        "Communities of Practice handbook",
        "What a community of practice is, how ours run, and what leads and members do.",
        "## What a community of practice is\n\nA group of people who share a concern or a passion for something "
        "they do, "
        "and learn how to do it better as they interact regularly.\n\n## How to take part\n\n"
        "- Join a community relevant to your role from the directory.\n- Read, ask, answer and share what worked.\n"
        "- Come to the events, or watch their recordings.\n\n## Telling the value\n\n"
        "Tell a story when something you learned here made a difference: it is how the programme shows its worth.",
    ),
]


def extend_demo(*, seed: int) -> str:
    with transaction.atomic():
        return _seed(random.Random(seed))  # noqa: S311 - a demo, not a secret


def _backdate(resource: Resource, days: int) -> None:
    moment = timezone.now() - timedelta(days=days)
    Resource.objects.filter(pk=resource.pk).update(created_at=moment, updated_at=moment)
    for version in resource.versions.all():
        version.created_at = moment - timedelta(days=30 * (resource.versions.count() - version.version))
        version.save(update_fields=["created_at"])


def _seed(rng: random.Random) -> str:
    communities = list(Community.objects.filter(status__in=LISTED).order_by("pk"))
    counts = {"files": 0, "links": 0, "pages": 0, "best": 0, "collections": 0, "saved": 0}
    for index, community in enumerate(communities):
        if index % 4 == 3:  # most communities, not all
            continue
        members = list(
            Membership.objects.of_staff().filter(community=community).select_related("person").order_by("pk")
        )
        if len(members) < 3:
            continue
        lead = next((m.person for m in members if m.role == Role.LEAD), members[0].person)
        guide = GUIDES[index % len(GUIDES)]
        data = guide_file(guide)
        project = Project.objects.filter(community=community).order_by("pk").first()
        author = rng.choice(members).person
        resource = services.add_resource(
            community,
            by=author,
            kind=ResourceKind.FILE,
            data=ResourceData(
                guide.title, guide.summary, tags=guide.tags, projects=(project,) if project else ()
            ),
            upload=Upload(guide.filename, io.BytesIO(data)),
        )
        counts["files"] += 1
        if index % 3 == 0:
            services.replace_file(
                resource,
                by=lead,
                upload=Upload(guide.filename, io.BytesIO(guide_file(guide, revised=True))),
                note="Updated after the community's review.",
            )
        if index % 2 == 0:
            services.mark_best_practice(resource, by=lead)
            counts["best"] += 1
        _backdate(resource, rng.randint(20, 300))
        title, address, summary, tags = LINKS[index % len(LINKS)]
        link = services.add_resource(
            community,
            by=rng.choice(members).person,
            kind=ResourceKind.LINK,
            data=ResourceData(title, summary, url=address, tags=tags),
        )
        _backdate(link, rng.randint(5, 300))
        counts["links"] += 1
        if index % 3 != 2:
            page = services.add_resource(
                community,
                by=rng.choice(members).person,
                kind=ResourceKind.PAGE,
                data=ResourceData(PAGE[0], PAGE[1], body=PAGE[2], tags=PAGE[3]),
            )
            _backdate(page, rng.randint(5, 200))
            counts["pages"] += 1
        if index == 0:
            services.create_collection(
                community,
                by=lead,
                title="New starter toolkit",
                description=f"What a newcomer to {community.name} reads in their first month.",
                resources=[resource, link],
            )
            counts["collections"] += 1
        counts["saved"] += _save_a_solved_question(community, lead)
    counts["collections"] += _programme_library()
    return (
        "library: {files} files, {links} links, {pages} pages, {best} best practice, {collections} collections, "
        "{saved} solved questions saved".format(**counts)
    )


def guide_file(guide: Guide, *, revised: bool = False) -> bytes:
    lines = list(guide.lines) + (["Revised after the community's review."] if revised else [])
    if guide.filename.endswith(".docx"):
        return docx([guide.title, *lines])
    return pdf(guide.title, lines)


def _save_a_solved_question(community: Community, lead: User) -> int:
    thread = (
        Thread.objects.filter(community=community, kind=Kind.HELP, accepted_answer__isnull=False)
        .order_by("pk")
        .first()
    )
    if thread is None or Resource.objects.filter(source_thread=thread).exists():
        return 0
    body, _authors = services.thread_as_page(thread)
    services.save_thread(
        thread,
        by=lead,
        data=ResourceData(
            thread.title,
            "A question the community solved, kept for the next person who asks.",
            body=body,
            tags=("solved",),
        ),
    )
    return 1


def _programme_library() -> int:
    team = User.objects.filter(is_programme_team=True, is_active=True).order_by("pk").first()
    if team is None:
        return 0
    chosen = []
    for title, summary, body in PROGRAMME:
        page = services.add_resource(
            None,
            by=team,
            kind=ResourceKind.PAGE,
            data=ResourceData(title, summary, body=body, tags=("handbook",)),
        )
        services.mark_best_practice(page, by=team)
        chosen.append(page)
    handbook_file = services.add_resource(
        None,
        by=team,
        kind=ResourceKind.FILE,
        data=ResourceData(
            "Leading a community: a guide for CoP leads",
            "Deciding join requests, running events, framing aspirations and reporting value.",
            tags=("leads", "guide"),
        ),
        upload=Upload(
            "Guide for CoP leads.pdf",
            io.BytesIO(
                pdf(
                    "Leading a community",
                    [
                        "Welcome people who ask to join within a week.",
                        "Meet at a steady rhythm.",
                        "Frame what the community hopes to achieve.",
                        "Collect stories of the difference it makes.",
                    ],
                )
            ),
        ),
    )
    services.mark_best_practice(handbook_file, by=team)
    chosen.append(handbook_file)
    title, address, summary, tags = LINKS[1]
    chosen.append(
        services.add_resource(
            None, by=team, kind=ResourceKind.LINK, data=ResourceData(title, summary, url=address, tags=tags)
        )
    )
    services.create_collection(
        None,
        by=team,
        title="New starter toolkit",
        description=(
            "For everyone new to the university's communities of practice: how they work and the best of "
            "what they share."
        ),
        resources=chosen,
    )
    return 1
