"""What the story workflows tell people, each through a kind of notification (`my_stories` for the teller,
`story_reviews` for the community's leads).

Called by the services inside their transaction, as `copse.communities.notices` is: the notifications are written
with the change they are about (and vanish with it on a rollback), and `notify` queues their emails after commit.
Only people who may read the story are told: the teller always, the leads once the teller has confirmed it.
"""

from __future__ import annotations

from django.urls import reverse

from copse.accounts.models import User
from copse.communities.models import Membership
from copse.notifications.services import notify

from ..models import ValueStory


def story_told(story: ValueStory, *, answered: bool = False) -> int:
    """Tell the community's current leads that a confirmed story waits for their review (kind `story_reviews`).
    Never called for a story written on someone's behalf until they confirm it."""
    leads = Membership.objects.leads().filter(community=story.community).values_list("person_id", flat=True)
    if answered:
        title = f"{story.teller} answered your question about their story “{story.title}”"
    else:
        title = f"{story.teller} told a story in {story.community.name}: “{story.title}”"
    return notify(
        recipient_ids=list(leads),
        kind="story_reviews",
        title=title,
        url=reverse("valuecreation:story_review_queue", args=[story.community.slug]),
        actor_id=story.teller_id,
    )


def story_to_confirm(story: ValueStory) -> int:
    """Tell the teller that someone wrote a story on their behalf, for them to confirm (kind `my_stories`)."""
    return notify(
        recipient_ids=[story.teller_id],
        kind="my_stories",
        title=f"{story.written_by} wrote your story “{story.title}”: check it and confirm it",
        url=reverse("valuecreation:story", args=[story.pk]),
        actor_id=story.written_by_id,
    )


def story_returned(story: ValueStory, *, by: User) -> int:
    """Tell the teller a reviewer returned their story with a question (kind `my_stories`)."""
    return notify(
        recipient_ids=[story.teller_id],
        kind="my_stories",
        title=f"{by} has a question about your story “{story.title}”: {story.review_question}",
        url=reverse("valuecreation:story", args=[story.pk]),
        actor_id=by.pk,
    )


def follow_up_due(story: ValueStory) -> int:
    """Remind the teller that the day has come to tell how the next step they hoped for went (kind `my_stories`)."""
    return notify(
        recipient_ids=[story.teller_id],
        kind="my_stories",
        title=f"Time to tell what happened next: you hoped to {_first_words(story.hopes)}",
        url=reverse("valuecreation:story_new") + f"?follows={story.pk}",
    )


def _first_words(text: str, width: int = 120) -> str:
    words = " ".join(text.split())
    hoped = words[:1].lower() + words[1:]
    return hoped if len(hoped) <= width else hoped[: width - 1].rstrip() + "…"
