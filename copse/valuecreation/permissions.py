"""Who may do what with value creation: every member of staff reads how it works; the programme team words the
cycles and switches them on and off; a story is read by the people its teller chose."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from copse.accounts.models import ServiceArea, User
from copse.communities.models import UNAPPROVED, Community, Membership, Role
from copse.communities.permissions import (
    can_see_members_area,
    get_community_for,
    get_service_area_for,
    is_programme_team,
    viewer_role,
)

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


# Reports: the value-creation matrix of a community, a service area and the organisation.


def can_read_community_report(user: User | AnonymousUser, community: Community) -> bool:
    """A community's value report is read by whoever sees its members' area: its members, leads and the
    programme team (and, for an open community, every member of staff)."""
    return can_see_members_area(user, community)


def get_community_report_for(user: User | AnonymousUser, slug: str) -> Community:
    """The community whose report this is: 404 for a community they may not see, 403 outside its members' area."""
    return get_community_for(user, slug, "view_members")


def leads_in_area(user: User | AnonymousUser, area: ServiceArea) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        Membership.objects.current()
        .filter(person=user, role=Role.LEAD, community__service_area=area)
        .exclude(community__status__in=UNAPPROVED)
        .exists()
    )


def can_read_area_report(user: User | AnonymousUser, area: ServiceArea) -> bool:
    """A service area's report: the programme team and the leads of the area's communities."""
    return is_programme_team(user) or leads_in_area(user, area)


def get_area_report_for(user: User | AnonymousUser, slug: str) -> ServiceArea:
    """The service area whose report this is: 404 when there is none, 403 for who may not read it."""
    area = get_service_area_for(user, slug)
    if not can_read_area_report(user, area):
        raise PermissionDenied
    return area


def require_organisation_report_reader(user: User | AnonymousUser) -> None:
    """The organisation's report is the programme team's: 403 for everyone else."""
    if not is_programme_team(user):
        raise PermissionDenied


def sees_small_story_counts(user: User | AnonymousUser, community: Community | None) -> bool:
    """Story counts drawn from fewer than SMALL_GROUP tellers: the programme team, and a community's own leads for
    that community's report."""
    if is_programme_team(user):
        return True
    return community is not None and viewer_role(user, community) == Role.LEAD
