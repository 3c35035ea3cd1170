"""What the community workflows tell people, each through a kind of notification.

Called by the services inside their transaction: the notifications are written with the change they are about
(and vanish with it on a rollback), and `notify` queues their emails after commit, as each person's preferences
for the kind say. Nothing here sends email itself.
"""

from __future__ import annotations

from textwrap import shorten
from typing import TYPE_CHECKING

from django.urls import reverse

from copse.accounts.models import User
from copse.notifications.services import notify

from .models import JoinRequest, Membership, Status

if TYPE_CHECKING:
    from .models import Community


def request_waiting(join_request: JoinRequest) -> int:
    """Tell the community's current leads that someone asked to join (kind `join_requests`)."""
    community = join_request.community
    leads = Membership.objects.leads().filter(community=community).values_list("person_id", flat=True)
    message = shorten(" ".join(join_request.message.split()), width=200, placeholder="…")
    return notify(
        recipient_ids=list(leads),
        kind="join_requests",
        title=f"{join_request.person} asked to join {community.name}: “{message}”",
        url=reverse("communities:requests", args=[community.slug]),
        actor_id=join_request.person_id,
    )


def request_decided(join_request: JoinRequest) -> int:
    """Tell the person who asked to join what the leads decided (kind `decisions`)."""
    community = join_request.community
    if join_request.status == JoinRequest.Status.APPROVED:
        title = f"Welcome to {community.name}: {join_request.decided_by or 'a lead'} approved your request"
    else:
        reason = f" The reason given: {join_request.decision_reason}" if join_request.decision_reason else ""
        title = f"Your request to join {community.name} was not approved.{reason}"
    return notify(
        recipient_ids=[join_request.person_id],
        kind="decisions",
        title=title,
        url=community.get_absolute_url(),
        actor_id=join_request.decided_by_id,
    )


def member_added(membership: Membership, *, by: User) -> int:
    """Tell someone a lead has added them to a community (kind `added_to_community`)."""
    community = membership.community
    return notify(
        recipient_ids=[membership.person_id],
        kind="added_to_community",
        title=f"You have been added to {community.name}",
        url=community.get_absolute_url(),
        actor_id=by.pk,
    )


def proposal_waiting(community: Community) -> int:
    """Tell the programme team that someone proposed a community (kind `proposals`): they decide it."""
    team = User.objects.filter(is_active=True, is_programme_team=True).values_list("pk", flat=True)
    return notify(
        recipient_ids=list(team),
        kind="proposals",
        title=f"{community.proposed_by} proposed a new community: {community.name}",
        url=reverse("communities:proposals"),
        actor_id=community.proposed_by_id,
    )


def proposal_decided(community: Community) -> int:
    """Tell the person who proposed a community what the programme team decided (kind `proposal_decisions`)."""
    if community.proposed_by_id is None:
        return 0
    if community.status == Status.ACTIVE:
        said = f" They said: {community.decision_reason}" if community.decision_reason else ""
        title = f"{community.name} has been approved, with you as its lead.{said}"
    else:
        title = f"Your proposal for {community.name} was not approved. They said: {community.decision_reason}"
    return notify(
        recipient_ids=[community.proposed_by_id],
        kind="proposal_decisions",
        title=title,
        url=community.get_absolute_url(),
        actor_id=community.decided_by_id,
    )


def requests_closed_by_retirement(community: Community, *, person_ids: list[int], by: User) -> int:
    """Tell the people whose requests to join were waiting that the community has retired (kind `retirements`)."""
    return notify(
        recipient_ids=person_ids,
        kind="retirements",
        title=f"{community.name} has been retired, so your request to join it was closed",
        url=community.get_absolute_url(),
        actor_id=by.pk,
    )
