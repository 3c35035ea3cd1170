"""Files on the demo's projects: the first project of the lead persona's community gets one more update, with its
timetable as a PDF and a chart of its progress, described. Made in code (`copse.core.demo_files`) and posted
through `services.post_update` (back-dated, so no one is told), so they are checked and stored as people's are."""

from __future__ import annotations

import io
from datetime import timedelta

from django.db.models import Max
from django.utils import timezone

from copse.communities.demo_data import LEAD_COMMUNITY
from copse.core import demo_files
from copse.core.attachments import AttachmentData

from . import services
from .models import Project

BODY = (
    "Shared the new close timetable with the faculties, and the chart of working days to close since we "
    "started. Questions welcome at the next community session."
)
DESCRIPTION = (
    "Bar chart of working days to close the books in each of the last five months: nine, eight, seven, six and "
    "now five, the latest highlighted"
)


def extend_demo(*, seed: int) -> str:
    del seed  # the same files every time: nothing here is random
    project = (
        Project.objects.filter(community__name=LEAD_COMMUNITY)
        .annotate(latest=Max("updates__created_at"))
        .select_related("owner", "community")
        .order_by("pk")
        .first()
    )
    if project is None or project.owner is None:
        return "project attachments: none (no project in the lead's community)"
    latest = getattr(project, "latest", None) or project.created_at
    moment = min(latest + timedelta(days=7), timezone.now() - timedelta(hours=2))
    files = [
        AttachmentData(
            "Close timetable.pdf",
            io.BytesIO(
                demo_files.pdf(
                    "Month-end close timetable",
                    [
                        "Working day 1: cut-off for accruals agreed with departments.",
                        "Working day 2: weekly reconciliations rolled up; payroll journal posted.",
                        "Working day 3: management accounts drafted.",
                        "Working day 4: reviews with faculty finance managers.",
                        "Working day 5: reports issued to budget holders.",
                    ],
                )
            ),
        ),
        AttachmentData("Days to close.png", io.BytesIO(demo_files.bar_chart([9, 8, 7, 6, 5]))),
    ]
    update = services.post_update(
        project, author=project.owner, body=BODY, files=files, image_descriptions=DESCRIPTION, now=moment
    )
    return f"project attachments: {update.attachments.count()} files on an update of “{project.title}”"
