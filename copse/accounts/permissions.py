"""Who may look up whom. Every member of staff may see every colleague who still works here; people who have
left are not found (their posts and decisions still show their name)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from .models import Person, User

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


def can_view_person(viewer: User | AnonymousUser, person: User) -> bool:
    """Twin of `User.objects.visible_to`."""
    return bool(viewer.is_authenticated and viewer.is_active and person.is_active)


def get_person_for(viewer: User | AnonymousUser, person_id: int) -> User:
    """A colleague's account with their profile, department and job family: 404 if they are not there for
    this viewer."""
    person = (
        User.objects.visible_to(viewer)
        .select_related("person__department", "person__job_family")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise Http404("No one found.")
    return person


def get_photo_for(viewer: User | AnonymousUser, person_id: int, version: str) -> Person:
    """The profile whose current photo is `version`, for a viewer who may see that person; 404 otherwise (an old
    version, no photo, someone who has left, or a viewer who may not look people up)."""
    person = (
        Person.objects.filter(pk=person_id, user__in=User.objects.visible_to(viewer)).only("photo").first()
    )
    if person is None or not person.photo or person.photo_version != version:
        raise Http404("No photo found.")
    return person
