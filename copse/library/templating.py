"""The library's template globals, for other apps' pages: what was saved from a thread ("Saved in the library
as …", with "Save to the library"), and a project's related resources."""

from __future__ import annotations

from typing import Any

from .models import Resource
from .permissions import can_add_resource


def can_save_to_library(user: Any, community: Any) -> bool:
    """Members of a running community save its threads to its library (no query when the page's community
    carries the viewer's role)."""
    return community is not None and can_add_resource(user, community)


def library_saved_from(user: Any, thread: Any) -> list[Resource]:
    """The resources saved from this thread (in its own community's library, so seen by whoever sees it): one
    query."""
    return list(Resource.objects.filter(source_thread=thread).only("pk", "title").order_by("pk"))


def resources_for_project(user: Any, project: Any) -> list[Resource]:
    """The library resources related to a project that this person may see: one query."""
    return list(
        Resource.objects.visible_to(user).filter(projects=project).order_by("-is_best_practice", "title")
    )


GLOBALS = {
    "can_save_to_library": can_save_to_library,
    "library_saved_from": library_saved_from,
    "resources_for_project": resources_for_project,
}
