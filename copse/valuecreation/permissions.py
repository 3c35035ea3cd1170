"""Who may do what with value creation: every member of staff reads how it works; the programme team words the
cycles and switches them on and off; a story is read by the people its teller chose."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from copse.accounts.models import User
from copse.communities.models import Role
from copse.communities.permissions import is_programme_team, viewer_role

from .models import Audience, ValueCycle, ValueStory
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
