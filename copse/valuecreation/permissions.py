"""Who may do what with value creation: every member of staff reads how it works; the programme team words the
cycles and switches them on and off; a story is read by the people its teller chose."""

from __future__ import annotations

from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from copse.accounts.models import User
from copse.communities.models import CLOSED, Community, Membership, Role
from copse.communities.permissions import get_community_for, is_programme_team, viewer_role

from .models import Audience, StoryStatus, ValueCycle, ValueStory
from .models.stories import CONFIRMED


def can_edit_cycles(user: User | AnonymousUser) -> bool:
    return is_programme_team(user)


def get_cycle_for(user: User | AnonymousUser, key: str) -> ValueCycle:
    """A cycle for the programme team to edit: 404 when there is no such cycle, 403 for everyone else."""
    cycle = ValueCycle.objects.filter(key=key).first()
    if cycle is None:
        raise Http404("No such cycle.")
    if not can_edit_cycles(user):
        raise PermissionDenied
    return cycle


def require_cycle_editor(user: User | AnonymousUser) -> None:
    """For the cycles' pages: 403 for everyone but the programme team."""
    if not can_edit_cycles(user):
        raise PermissionDenied


def can_view_story(user: User | AnonymousUser, story: ValueStory) -> bool:
    """Twin of `ValueStory.objects.visible_to`: the teller and its writer always; once the teller has confirmed
    it, the community's leads and the programme team, and the audience the teller chose."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.pk in (story.teller_id, story.written_by_id):
        return True
    if story.status not in CONFIRMED:
        return False
    if is_programme_team(user) or story.audience == Audience.ORGANISATION:
        return True
    role = viewer_role(user, story.community)
    return role == Role.LEAD or (story.audience == Audience.COMMUNITY and role is not None)


# == Stories: who tells, edits, confirms and reviews them ==

StoryAction = Literal["view", "edit", "review", "confirm"]

# What the teller may still change: before a lead has marked it ready, or when it was returned with a question.
TELLER_EDITS = (StoryStatus.AWAITING_TELLER, StoryStatus.TOLD, StoryStatus.RETURNED)


def can_tell_story_in(user: User | AnonymousUser, community: Community) -> bool:
    """Members of a community (any role) tell stories of what taking part in it made possible."""
    if not user.is_authenticated or not user.is_active or community.status in CLOSED:
        return False
    return viewer_role(user, community) is not None


def can_review_stories(user: User | AnonymousUser, community: Community) -> bool:
    """The community's leads and the programme team review its stories and write them on someone's behalf."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_programme_team(user) or viewer_role(user, community) == Role.LEAD


def can_write_on_behalf_in(user: User | AnonymousUser, community: Community) -> bool:
    return community.status not in CLOSED and can_review_stories(user, community)


def can_edit_story(user: User | AnonymousUser, story: ValueStory) -> bool:
    """The teller, until a lead has marked it ready (or when it was returned); whoever wrote it on someone's
    behalf, only until the teller has confirmed it. Nobody edits a story someone else confirmed."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.pk == story.teller_id:
        return story.status in TELLER_EDITS
    return user.pk == story.written_by_id and story.status == StoryStatus.AWAITING_TELLER


def can_confirm_story(user: User | AnonymousUser, story: ValueStory) -> bool:
    """Only the teller confirms a story written on their behalf."""
    return (
        user.is_authenticated and user.pk == story.teller_id and story.status == StoryStatus.AWAITING_TELLER
    )


def can_review_story(user: User | AnonymousUser, story: ValueStory) -> bool:
    """Leads of its community and the programme team review a story once its teller has confirmed it."""
    return story.status in CONFIRMED and can_review_stories(user, story.community)


def get_story_for(user: User | AnonymousUser, story_id: int, action: StoryAction = "view") -> ValueStory:
    """A story with its community and people: 404 when `can_view_story` says they may not read it, 403 when they
    may read it but not take `action` (edit, review, confirm)."""
    story = (
        ValueStory.objects.select_related(
            "community", "teller__person", "written_by__person", "reviewed_by", "thread", "post", "event"
        )
        .filter(pk=story_id)
        .first()
    )
    if story is None or not can_view_story(user, story):
        raise Http404("No story found.")
    permitted = {
        "view": lambda: True,
        "edit": lambda: can_edit_story(user, story),
        "review": lambda: can_review_story(user, story),
        "confirm": lambda: can_confirm_story(user, story),
    }[action]
    if not permitted():
        raise PermissionDenied
    return story


def get_story_review_for(user: User | AnonymousUser, slug: str) -> Community:
    """A community whose stories this person reviews: 404 when they may not see it, 403 unless they lead it or are
    on the programme team."""
    community = get_community_for(user, slug)
    if not can_review_stories(user, community):
        raise PermissionDenied
    return community


def tellable_communities(user: User) -> QuerySet[Community]:
    """The communities this person may tell a story in: those they belong to that are running."""
    belongs = Membership.objects.current().filter(person=user).values("community")
    return Community.objects.filter(pk__in=belongs).exclude(status__in=CLOSED).order_by("name")


def on_behalf_communities(user: User) -> QuerySet[Community]:
    """The communities this person may write a story in on someone's behalf: those they lead; every running one for
    the programme team."""
    running = Community.objects.exclude(status__in=CLOSED).order_by("name")
    if is_programme_team(user):
        return running
    led = Membership.objects.current().filter(person=user, role=Role.LEAD).values("community")
    return running.filter(pk__in=led)
