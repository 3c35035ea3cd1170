"""Who may see and change a community's projects. Views use these; none checks roles inline.

`can_view_project` has its queryset twin `Project.objects.visible_to`; tests check they agree for every persona.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404

from copse.communities.models import Community, Role
from copse.communities.permissions import can_see_members_area, is_programme_team, viewer_role

from .models import Project, UpdateAttachment

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from copse.accounts.models import User

Action = Literal["view", "edit"]


def can_view_project(user: User | AnonymousUser, project: Project) -> bool:
    """Twin of `Project.objects.visible_to`: where the community's members' area is visible."""
    return can_see_members_area(user, project.community)


def can_propose_project(user: User | AnonymousUser, community: Community) -> bool:
    """Members of a running community propose projects."""
    if not user.is_authenticated or not user.is_active or community.is_closed:
        return False
    return viewer_role(user, community) is not None


def can_edit_project(user: User | AnonymousUser, project: Project) -> bool:
    """The owner, the team, the community's leads and the programme team edit a project and post its updates."""
    if not user.is_authenticated or not user.is_active or project.community.is_closed:
        return False
    if is_programme_team(user) or viewer_role(user, project.community) == Role.LEAD:
        return True
    if project.owner_id == user.pk:
        return True
    return project.team.filter(pk=user.pk).exists()


def can_change_owner(user: User | AnonymousUser, project: Project) -> bool:
    """The current owner, the community's leads and the programme team hand a project to another member; the
    rest of the team edits it but does not choose who owns it."""
    if not user.is_authenticated or not user.is_active or project.community.is_closed:
        return False
    if is_programme_team(user) or viewer_role(user, project.community) == Role.LEAD:
        return True
    return project.owner_id == user.pk


def get_project_for(user: User | AnonymousUser, project_id: int, action: Action = "view") -> Project:
    """A project for this action: 404 when they may not see it, 403 when they may not act."""
    project = (
        Project.objects.select_related("community__service_area", "owner__person")
        .filter(pk=project_id)
        .first()
    )
    if project is None:
        raise Http404("No project found.")
    communities = Community.objects.select_related("service_area")
    if user.is_authenticated:
        communities = communities.with_viewer_state(user)  # type: ignore[arg-type]
    project.community = communities.get(pk=project.community_id)
    if not can_view_project(user, project):
        raise Http404("No project found.")
    if action == "edit" and not can_edit_project(user, project):
        raise PermissionDenied
    return project


def get_attachment_for(
    user: User | AnonymousUser, project_id: int, attachment_id: int, filename: str
) -> UpdateAttachment:
    """A file attached to one of the project's updates, at its address: 404 unless this person may see the
    project (`get_project_for`) and the address names the file as it is kept."""
    project = get_project_for(user, project_id)
    attachment = (
        UpdateAttachment.objects.select_related("update")
        .filter(update__project=project, pk=attachment_id, filename=filename)
        .first()
    )
    if attachment is None:
        raise Http404("No file found.")
    return attachment
