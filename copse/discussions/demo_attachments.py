"""Files attached to a few of the demo's posts in the lead persona's community: a timetable and a business case
as PDFs, a chart and a workshop photo as images, each described. Made in code (`copse.core.demo_files`) and
attached through `services.attach_files`, so they are checked, re-encoded and stored as people's files are. The
posts are found by their threads' titles (`demo_data.SPECIFIC`), so the same demo always gets the same files."""

from __future__ import annotations

import io
from dataclasses import dataclass

from copse.communities.demo_data import LEAD_COMMUNITY
from copse.core import demo_files
from copse.core.attachments import AttachmentData

from . import services
from .models import Post


@dataclass(frozen=True)
class Attach:
    thread: str  # the thread's title
    reply: int | None  # None: the opening post; otherwise the reply at this place (0 the first)
    files: tuple[tuple[str, bytes], ...]
    descriptions: str = ""


def _attachments() -> list[Attach]:
    return [
        Attach(
            "Planning round 2026/27: key dates and what has changed",
            None,
            (
                (
                    "Planning timetable 2026-27.pdf",
                    demo_files.pdf(
                        "Planning timetable 2026/27",
                        [
                            "October: guidance and templates published to faculties.",
                            "November: three-year plans submitted; capital bids through the investment form.",
                            "December: challenge meetings with each faculty.",
                            "January: Planning Group reviews the first consolidated view.",
                            "March: budgets approved by Council.",
                        ],
                    ),
                ),
            ),
        ),
        Attach(
            "Business case for four lab technician posts approved first time",
            None,
            (
                (
                    "Business case summary.pdf",
                    demo_files.pdf(
                        "Four technician posts: business case summary",
                        [
                            "Need: practical teaching grew 30% in three years with no new technical staff.",
                            "Cost of doing nothing: overtime and agency spend of about £140,000 a year.",
                            "Proposal: four permanent technician posts, phased over two terms.",
                            "Benefit: lower agency spend, safer labs, fewer cancelled practicals.",
                        ],
                    ),
                ),
                ("Overtime and agency spend.png", demo_files.bar_chart([9.2, 8.1, 7.4, 6.0, 4.6])),
            ),
            "Bar chart of overtime and agency spend in Life Sciences over five quarters, falling each quarter; "
            "the latest quarter, highlighted, is about half the first",
        ),
        Attach(
            "Year-end timetable is squeezing the planning round again",
            0,
            (("Workshop board.jpg", demo_files.sticky_notes()),),
            "Whiteboard from our planning workshop: four rows of sticky notes, one row for each week of the "
            "year-end fortnight and the two weeks after it",
        ),
    ]


def extend_demo(*, seed: int) -> str:
    """Attach the files; a post this demo does not have is skipped."""
    del seed  # the same files every time: nothing here is random
    posts = files = 0
    for spec in _attachments():
        post = _post(spec)
        if post is None or post.author is None:
            continue
        made = services.attach_files(
            post,
            by=post.author,
            files=[AttachmentData(name, io.BytesIO(data)) for name, data in spec.files],
            image_descriptions=spec.descriptions,
        )
        posts += 1
        files += len(made)
    return f"attachments: {files} files on {posts} posts"


def _post(spec: Attach) -> Post | None:
    posts = Post.objects.filter(
        thread__community__name=LEAD_COMMUNITY, thread__title=spec.thread, deleted_at__isnull=True
    ).select_related("author", "thread__community")
    ordered = list(posts.order_by("created_at", "id"))
    if not ordered:
        return None
    if spec.reply is None:
        return ordered[0]
    replies = ordered[1:]
    return replies[spec.reply] if spec.reply < len(replies) else None
