"""Who may do what with the framework itself: every member of staff reads how it works; the programme team words
the cycles and switches them on and off."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from copse.accounts.models import User
from copse.communities.permissions import is_programme_team

from .models import ValueCycle


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
