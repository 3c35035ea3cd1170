"""Who may see and do what in a community. Views and the API use these; none checks roles inline.

Each predicate has a queryset twin (`Community.objects.visible_to`), and tests check they agree for every persona.
Something a person may not see is a 404; something they may see but not do is a 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from copse.accounts.models import ServiceArea

from .models import UNAPPROVED, Community, JoinRequest, Membership, Role, Visibility

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User

Action = Literal["view", "view_members", "manage", "lifecycle"]


def is_programme_team(user: User | AnonymousUser) -> bool:
    """The programme team (and operators) act on every community."""
    return bool(user.is_authenticated and user.is_active and (user.is_programme_team or user.is_superuser))


def viewer_role(user: User | AnonymousUser, community: Community) -> str | None:
    """The person's current role in the community, or None: looked up once per community object.

    Uses the `viewer_role` annotation of `with_viewer_state` when it was made for this same person; otherwise
    queries once and keeps the answer on the object in the same way, so the page's further checks cost nothing.
    (Fetch the community again after changing its memberships, as the views do.)
    """
    if not user.is_authenticated:
        return None
    if getattr(community, "viewer_id", None) != user.pk:
        membership = (
            Membership.objects.current().filter(community=community, person=user).only("role").first()
        )
        community.viewer_id = user.pk  # type: ignore[attr-defined]
        community.viewer_role = membership.role if membership else None  # type: ignore[attr-defined]
    return community.viewer_role  # type: ignore[attr-defined,no-any-return]


def can_view_community(user: User | AnonymousUser, community: Community) -> bool:
    """Twin of `Community.objects.visible_to`."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_programme_team(user):
        return True
    if viewer_role(user, community) is not None:
        return True
    if community.status in UNAPPROVED:
        return community.proposed_by_id == user.pk
    return community.visibility != Visibility.PRIVATE


def can_see_members_area(user: User | AnonymousUser, community: Community) -> bool:
    """Members' links and the member list: anyone for open communities, members only otherwise."""
    if not can_view_community(user, community):
        return False
    if is_programme_team(user) or viewer_role(user, community) is not None:
        return True
    return community.visibility == Visibility.OPEN and community.status not in UNAPPROVED


def can_manage_community(user: User | AnonymousUser, community: Community) -> bool:
    """Leads (and the programme team) edit the community, decide requests and change members' roles."""
    if not user.is_authenticated or not user.is_active:
        return False
    if community.is_closed:
        return False
    return is_programme_team(user) or viewer_role(user, community) == Role.LEAD


def can_change_lifecycle(user: User | AnonymousUser) -> bool:
    """Approving proposals, marking dormant, retiring and restoring are the programme team's."""
    return is_programme_team(user)


def require_programme_team(user: User | AnonymousUser) -> None:
    """For pages that belong to the programme team alone: 403 for everyone else."""
    if not can_change_lifecycle(user):
        raise PermissionDenied


def get_community_for(user: User | AnonymousUser, slug: str, action: Action = "view") -> Community:
    """Fetch a community by slug for this person and action: 404 if they may not see it, 403 if they may not act."""
    queryset = Community.objects.select_related("service_area")
    if user.is_authenticated:
        queryset = queryset.with_viewer_state(user)  # type: ignore[arg-type]
    community = queryset.filter(slug=slug).first()
    if community is None or not can_view_community(user, community):
        raise Http404("No community found.")
    permitted = {
        "view": lambda: True,
        "view_members": lambda: can_see_members_area(user, community),
        "manage": lambda: can_manage_community(user, community),
        "lifecycle": lambda: can_change_lifecycle(user),
    }[action]
    if not permitted():
        raise PermissionDenied
    return community


def get_join_request_for(
    user: User | AnonymousUser, slug: str, request_id: int, action: Action = "manage"
) -> JoinRequest:
    """A request to join the community `slug`, for someone who may take `action` on that community (leads decide
    requests: "manage"). 404 for a request of another community; its `community` is the one checked, with the
    viewer's state."""
    community = get_community_for(user, slug, action)
    join_request = (
        JoinRequest.objects.select_related("person__person__department", "decided_by")
        .filter(pk=request_id, community=community)
        .first()
    )
    if join_request is None:
        raise Http404("No such request to join.")
    join_request.community = community
    return join_request


def get_membership_for(
    user: User | AnonymousUser, slug: str, membership_id: int, action: Action = "manage"
) -> Membership:
    """A current membership of the community `slug`, for someone who may take `action` on that community (leads
    change roles and remove members: "manage"). 404 for a membership of another community or one that ended."""
    community = get_community_for(user, slug, action)
    membership = (
        Membership.objects.current()
        .select_related("person__person__department")
        .filter(pk=membership_id, community=community)
        .first()
    )
    if membership is None:
        raise Http404("No such member.")
    membership.community = community
    return membership


AreaAction = Literal["view", "manage"]


def get_service_area_for(user: User | AnonymousUser, slug: str, action: AreaAction = "view") -> ServiceArea:
    """A service area: everyone signed in sees them; the programme team adds and edits them (403 otherwise)."""
    if action == "manage":
        require_programme_team(user)
    area = ServiceArea.objects.filter(slug=slug).first()
    if area is None:
        raise Http404("No such service area.")
    return area
