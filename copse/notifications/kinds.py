"""The kinds of notification, what each means to the person receiving it, and how it is delivered by default.

Other apps name a kind when they call `services.notify`; a kind not listed here is refused, so a typo cannot
create notifications nobody can switch off.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Delivery(models.TextChoices):
    """How a person wants to hear about one kind of notification. Every kind is always listed on their
    notifications page; this only decides the emails."""

    IMMEDIATE = "immediate", "Email me straight away"
    DAILY = "daily", "Daily digest email"
    WEEKLY = "weekly", "Weekly digest email"
    OFF = "off", "No emails"


DIGEST_PERIODS = (Delivery.DAILY, Delivery.WEEKLY)


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    description: str
    default: Delivery


KINDS: dict[str, Kind] = {
    kind.slug: kind
    for kind in (
        Kind(
            "replies_to_me",
            "Replies to me",
            "Someone replies to a discussion you started or posted in.",
            Delivery.IMMEDIATE,
        ),
        Kind("mentions", "Mentions", "Someone mentions you with @ in a post.", Delivery.IMMEDIATE),
        Kind(
            "new_threads",
            "New discussions",
            "Someone starts a discussion in one of your communities.",
            Delivery.WEEKLY,
        ),
        Kind(
            "help_requests",
            "Help requests",
            "Someone asks for help in one of your communities.",
            Delivery.DAILY,
        ),
        Kind(
            "join_requests",
            "Join requests",
            "Someone asks to join a community you lead.",
            Delivery.IMMEDIATE,
        ),
        Kind(
            "decisions",
            "Decisions about my requests",
            "A lead decides on your request to join a community.",
            Delivery.IMMEDIATE,
        ),
        Kind(
            "added_to_community",
            "Being added to a community",
            "A lead adds you to a community they run.",
            Delivery.IMMEDIATE,
        ),
        Kind(
            "proposals",
            "New community proposals",
            "Someone proposes a new community (for the programme team, who decide).",
            Delivery.IMMEDIATE,
        ),
        Kind(
            "proposal_decisions",
            "Decisions about my proposals",
            "The programme team approves or declines a community you proposed.",
            Delivery.IMMEDIATE,
        ),
        Kind(
            "retirements",
            "Retired communities",
            "A community you asked to join is retired, so your request is closed.",
            Delivery.IMMEDIATE,
        ),
        Kind(
            "event_updates",
            "Events I am going to",
            "An event you registered for is cancelled or moved, or a place frees up for you on the waiting list.",
            Delivery.IMMEDIATE,
        ),
        Kind(
            "event_reminders",
            "Event reminders",
            "A reminder shortly before an event you have a place at.",
            Delivery.IMMEDIATE,
        ),
        Kind(
            "my_stories",
            "My value stories",
            "A story written on your behalf waits for you to confirm it, a lead asks you about your story, or it is "
            "time to tell how a next step you hoped for went.",
            Delivery.IMMEDIATE,
        ),
        Kind(
            "story_reviews",
            "Stories to review",
            "Someone tells a value-creation story in a community you lead.",
            Delivery.DAILY,
        ),
        Kind(
            "surveys",
            "Value surveys",
            "A community you belong to, or an event you came to, asks you a few questions.",
            Delivery.IMMEDIATE,
        ),
        Kind(
            "project_updates",
            "Projects I follow",
            "Someone posts an update on a project you follow or are on the team of.",
            Delivery.DAILY,
        ),
    )
}

KIND_CHOICES = [(kind.slug, kind.label) for kind in KINDS.values()]


def kind_label(slug: str) -> str:
    kind = KINDS.get(slug)
    return kind.label if kind else slug
