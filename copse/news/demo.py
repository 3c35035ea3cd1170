"""The demo's news: two years of programme news (the national award, the move into HR Organisational
Development), community news by their leads, recognition of a community and of a person, one scheduled post.
The award and two programme posts (the first and the latest) have pictures drawn in `demo_pictures`."""

from __future__ import annotations

import io
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.demo_data import ADMIN, LEAD, LEAD_COMMUNITY
from copse.communities.models import Community, Membership, Role, Status

from .demo_pictures import PICTURES
from .models import NewsAudience, NewsKind, NewsPost
from .services import NewsText, publish_news

AWARD = "National award for the best organisational development and culture change initiative"

PROGRAMME = [
    (
        700,
        "Communities of practice: the programme starts",
        "Twenty communities, nine service areas and one aim: every member of staff can join a community "
        "relevant to their role.",
        "The programme team opens the first communities today.\n\nFind yours in the **Communities** directory, "
        "ask to join, and come to the launch event.",
    ),
    (
        420,
        "The programme moves into HR Organisational Development",
        "Communities of practice are now business as usual: the programme is part of HR Organisational "
        "Development.",
        "After its pilot years the programme becomes **business as usual**. The programme team joins HR "
        "Organisational Development, which now supports every community's leads.\n\nNothing changes for "
        "members: your communities, discussions and events stay where they are.",
    ),
    (
        30,
        "What our communities created this year",
        "Value stories from across the programme, told by the members who lived them.",
        "Members told their stories of value this year: time saved, problems solved, new ways of working. "
        "Read them in your communities' value pages.",
    ),
]


def extend_demo(*, seed: int) -> str:
    """Write the demo's news through the services; returns a one-line summary."""
    del seed  # the news is the same every time
    with transaction.atomic():
        return _seed()


def _seed() -> str:
    now = timezone.now()
    admin = User.objects.filter(email=ADMIN.email).first()
    if admin is None:
        return "news: no programme team persona"
    for days, title, summary, body in PROGRAMME:
        draw, alt = PICTURES.get(title, (None, ""))
        publish_news(
            by=admin,
            community=None,
            text=NewsText(
                title=title,
                summary=summary,
                body=body,
                audience=NewsAudience.PUBLIC,
                publish_at=now - timedelta(days=days),
                picture_alt=alt,
            ),
            picture=io.BytesIO(draw()) if draw else None,
        )
    award_title = "Our communities of practice win a national award"
    draw_award, award_alt = PICTURES[award_title]
    publish_news(
        by=admin,
        community=None,
        picture=io.BytesIO(draw_award()),
        text=NewsText(
            title=award_title,
            picture_alt=award_alt,
            summary="The programme has won the national award for the best organisational development and "
            "culture change initiative.",
            body="The judges praised how the communities grew from colleagues' own concerns, and how members "
            "measure the value they create.\n\nThank you to every lead, core member and member who made it.",
            audience=NewsAudience.PUBLIC,
            publish_at=now - timedelta(days=200),
            kind=NewsKind.RECOGNITION,
            award_name=AWARD,
            recognised_community=None,
            recognised_person=admin,
        ),
    )
    lead_community = Community.objects.filter(name=LEAD_COMMUNITY).first()
    lead = User.objects.filter(email=LEAD.email).first()
    if lead_community is not None:
        publish_news(
            by=admin,
            community=None,
            text=NewsText(
                title=f"Community of the year: {lead_community.name}",
                summary="For a year of answers within a day.",
                body="Members' help requests were answered within a day all year, and the community's "
                "month-end checklist is now used across the university.",
                publish_at=now - timedelta(days=90),
                kind=NewsKind.RECOGNITION,
                award_name="Community of the year",
                recognised_community=lead_community,
                recognised_person=None,
            ),
        )
    if lead is not None:
        publish_news(
            by=admin,
            community=None,
            text=NewsText(
                title=f"Lead of the year: {lead.name}",
                summary="For welcoming forty new members.",
                body="Nominated by the members of the community they lead.",
                publish_at=now - timedelta(days=60),
                kind=NewsKind.RECOGNITION,
                award_name="Community lead of the year",
                recognised_person=lead,
            ),
        )
    count = len(PROGRAMME) + 3
    leads = (
        Membership.objects.current()
        .filter(role=Role.LEAD, community__status=Status.ACTIVE)
        .select_related("community", "person")
        .order_by("community__name", "pk")
    )
    seen: set[int] = set()
    for membership in leads:
        if membership.community_id in seen or len(seen) >= 4:
            continue
        seen.add(membership.community_id)
        publish_news(
            by=membership.person,
            community=membership.community,
            text=NewsText(
                title=f"{membership.community.name}: our plans for the term",
                summary="Meetings, a new guide and a call for volunteers.",
                body="We meet every month this term. If you would like to help write our new guide, reply to the "
                "pinned discussion.",
                publish_at=now - timedelta(days=10 + 37 * len(seen)),
            ),
        )
        count += 1
    publish_news(
        by=admin,
        community=None,
        text=NewsText(
            title="Nominations open for next year's community awards",
            summary="Nominate a community or a colleague.",
            body="Nominations open next month.",
            audience=NewsAudience.PUBLIC,
            publish_at=now + timedelta(days=14),
        ),
    )
    count += 1
    return f"news: {count} posts ({NewsPost.objects.scheduled().count()} scheduled)"
