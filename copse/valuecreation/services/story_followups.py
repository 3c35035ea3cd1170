"""Reminding tellers of aspirational stories, on the day they chose, to tell how the next step they hoped for went.

`manage.py send_story_followups` calls `send_due_followups` from cron once a day. Each story is claimed with a
conditional UPDATE of `follow_up_reminded_at` before its teller is told, so a re-run (or two overlapping runs)
never reminds anyone twice.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from ..models import ValueStory
from ..models.stories import CONFIRMED
from . import story_notices


def due_for_follow_up(today: date) -> list[ValueStory]:
    """Confirmed aspirational stories whose follow-up date has come and whose teller has not been reminded, nor
    has already told what happened next."""
    return list(
        ValueStory.objects.filter(
            status__in=CONFIRMED,
            follow_up_on__lte=today,
            follow_up_reminded_at__isnull=True,
            follow_ups__isnull=True,
            teller__is_active=True,
        ).order_by("follow_up_on", "pk")
    )


def send_due_followups(now: datetime | None = None) -> int:
    """Remind each teller whose follow-up date has come, once per story; returns how many were reminded.

    A story is claimed in the same transaction as its notification: if notifying fails, the claim is undone and
    the next run tries again."""
    now = now or timezone.now()
    reminded = 0
    for story in due_for_follow_up(timezone.localdate(now)):
        with transaction.atomic():
            unclaimed = ValueStory.objects.filter(pk=story.pk, follow_up_reminded_at__isnull=True)
            if not unclaimed.update(follow_up_reminded_at=now):
                continue  # another run got there first
            reminded += story_notices.follow_up_due(story)
    return reminded
