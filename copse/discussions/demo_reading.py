"""How far the demo's personas have read, written through the reading services after the discussions exist.

The member has read every thread of the lead persona's community but three: the newest thread someone else
started, which they have not opened ("New"), and the two liveliest others, where replies came in since they last
looked ("2 new" and "1 new"). The lead has read all of it but one new reply and the newest thread. Their other
communities, and for the programme team every community until three days ago, are marked as read, so the lists
show a few new things rather than four weeks of history. Nothing here is random: it follows from the threads.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.demo_data import ADMIN, LEAD, LEAD_COMMUNITY, MEMBER
from copse.communities.models import Community, Membership

from . import services
from .models import Post, Thread

PROGRAMME_TEAM_READ = timedelta(days=3)  # the programme team last caught up three days ago


def extend_demo(*, seed: int) -> str:
    """Read positions for the member, the lead and the programme team; returns a one-line summary."""
    del seed  # the positions follow from the threads, which the seed already chose
    with transaction.atomic():
        people = User.objects.in_bulk([MEMBER.email, LEAD.email, ADMIN.email], field_name="email")
        community = Community.objects.filter(name=LEAD_COMMUNITY).first()
        if community is None or MEMBER.email not in people or LEAD.email not in people:
            return "No read positions: the demo has no lead persona's community."
        now = timezone.now()
        read = _read_all_but(community, people[MEMBER.email], waiting=(2, 1))
        read += _read_all_but(community, people[LEAD.email], waiting=(1,))
        for persona in (people[MEMBER.email], people[LEAD.email]):
            for other in Community.objects.filter(
                pk__in=Membership.objects.current().filter(person=persona).values("community")
            ).exclude(pk=community.pk):
                services.mark_community_read(other, person=persona, at=now)
        admin = people.get(ADMIN.email)
        if admin is not None:
            for each in Community.objects.listed():
                services.mark_community_read(each, person=admin, at=now - PROGRAMME_TEAM_READ)
    return (
        f"Marked {read} threads of {LEAD_COMMUNITY} as read by the member and the lead, with new replies and a "
        "new thread waiting for each."
    )


def _read_all_but(community: Community, person: User, *, waiting: tuple[int, ...]) -> int:
    """Read every thread of the community up to its latest post, except the newest thread someone else started
    (left unopened) and, in the threads with the latest activity, the last `waiting[i]` replies by others."""
    posts: dict[int, list[tuple[datetime, int | None]]] = {}
    for thread_id, created_at, author_id in (
        Post.objects.filter(thread__community=community, deleted_at__isnull=True, hidden_at__isnull=True)
        .order_by("thread_id", "created_at", "id")
        .values_list("thread_id", "created_at", "author_id")
    ):
        posts.setdefault(thread_id, []).append((created_at, author_id))
    threads = list(Thread.objects.filter(community=community).order_by("-last_activity_at", "-pk"))
    unopened = max(
        (t for t in threads if t.author_id != person.pk), key=lambda t: (t.created_at, t.pk), default=None
    )
    left = list(waiting)
    count = 0
    for thread in threads:
        shown = posts.get(thread.pk, [])
        if thread is unopened or not shown:
            continue
        keep = len(shown)
        if left:
            others = [i for i, (_, author) in enumerate(shown) if i > 0 and author != person.pk]
            if len(others) >= left[0]:  # leave its last replies by others new
                keep = others[-left.pop(0)]
        services.mark_thread_read(thread, person=person, up_to=shown[keep - 1][0])
        count += 1
    return count
