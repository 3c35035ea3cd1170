"""Who may see and change the library. Views use these; none checks roles inline.

`can_view_resource` and `can_view_collection` have their queryset twins (`Resource.objects.visible_to`,
`Collection.objects.visible_to`); tests check they agree for every persona. A file's download is a resource's
view, so a private community's file is a 404 to outsiders, also by its direct address.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from copse.communities.models import Community, Role
from copse.communities.permissions import can_see_members_area, is_programme_team, viewer_role

from .models import Collection, Resource

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User

Action = Literal["view", "edit", "curate"]


def _is_staff(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_view_in(user: User | AnonymousUser, community: Community | None) -> bool:
    """Programme-wide (no community): every member of staff; a community's: where its members' area is visible."""
    if community is None:
        return _is_staff(user)
    return can_see_members_area(user, community)


def can_view_resource(user: User | AnonymousUser, resource: Resource) -> bool:
    """Twin of `Resource.objects.visible_to`."""
    return can_view_in(user, resource.community)


def can_view_collection(user: User | AnonymousUser, collection: Collection) -> bool:
    """Twin of `Collection.objects.visible_to`."""
    return can_view_in(user, collection.community)


def can_add_resource(user: User | AnonymousUser, community: Community | None) -> bool:
    """Members of a running community add to its library; the programme team adds programme-wide resources."""
    if not _is_staff(user):
        return False
    if community is None:
        return is_programme_team(user)
    if community.is_closed:
        return False
    return is_programme_team(user) or viewer_role(user, community) is not None


def can_curate(user: User | AnonymousUser, community: Community | None) -> bool:
    """Marking best practice and keeping collections: a community's leads, and the programme team everywhere."""
    if not _is_staff(user):
        return False
    if is_programme_team(user):
        return True
    if community is None or community.is_closed:
        return False
    return viewer_role(user, community) == Role.LEAD


def can_edit_resource(user: User | AnonymousUser, resource: Resource) -> bool:
    """Who added it, and those who curate where it is, edit a resource and replace its file."""
    if not _is_staff(user):
        return False
    if can_curate(user, resource.community):
        return True
    if resource.community is not None and resource.community.is_closed:
        return False
    return resource.created_by_id == user.pk and can_add_resource(user, resource.community)


def _with_viewer_state(user: User | AnonymousUser, community_id: int | None) -> Community | None:
    if community_id is None:
        return None
    communities = Community.objects.select_related("service_area")
    if user.is_authenticated:
        communities = communities.with_viewer_state(user)  # type: ignore[arg-type]
    return communities.get(pk=community_id)


def get_resource_for(user: User | AnonymousUser, resource_id: int, action: Action = "view") -> Resource:
    """A resource for this action: 404 when they may not see it, 403 when they may not act."""
    resource = (
        Resource.objects.select_related("created_by__person", "source_thread").filter(pk=resource_id).first()
    )
    if resource is None:
        raise Http404("No resource found.")
    resource.community = _with_viewer_state(user, resource.community_id)
    if not can_view_resource(user, resource):
        raise Http404("No resource found.")
    permitted = {
        "view": lambda: True,
        "edit": lambda: can_edit_resource(user, resource),
        "curate": lambda: can_curate(user, resource.community),
    }[action]
    if not permitted():
        raise PermissionDenied
    return resource


def get_collection_for(user: User | AnonymousUser, collection_id: int, action: Action = "view") -> Collection:
    """A collection for this action ("view", or "curate" to change it): 404 or 403 as for resources."""
    collection = Collection.objects.filter(pk=collection_id).first()
    if collection is None:
        raise Http404("No collection found.")
    collection.community = _with_viewer_state(user, collection.community_id)
    if not can_view_collection(user, collection):
        raise Http404("No collection found.")
    if action != "view" and not can_curate(user, collection.community):
        raise PermissionDenied
    return collection
