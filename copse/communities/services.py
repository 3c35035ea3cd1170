"""Workflows of joining, leaving and running communities.

Each is atomic, takes row locks where two people could race, and queues email with `transaction.on_commit`
so nothing is sent for work that was rolled back.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.forms import BaseInlineFormSet, ModelForm
from django.utils.text import slugify

from copse.core.refusals import Refused

from . import tasks
from .models import Community, JoinRequest, LogEntry, Membership, Role, Status, Visibility
from .signals import membership_ended

if TYPE_CHECKING:
    from copse.accounts.models import ServiceArea, User

JOIN_MESSAGE_MAX = 1000


def _log(
    community: Community, *, actor: User | None, action: str, subject: User | None = None, detail: str = ""
) -> None:
    LogEntry.objects.create(
        community=community, actor=actor, action=action, subject=subject, detail=detail[:1000]
    )


def _refuse_if_closed(community: Community) -> None:
    if community.status == Status.RETIRED:
        raise Refused(f"{community.name} has been retired, so it no longer takes new members.")
    if community.status in {Status.PROPOSED, Status.DECLINED}:
        raise Refused(f"{community.name} is not running yet, so it cannot take members.")


def _current_membership(community: Community, person: User) -> Membership | None:
    return Membership.objects.current().filter(community=community, person=person).first()


def _create_membership(community: Community, person: User, role: str = Role.MEMBER) -> Membership | None:
    """A new membership, or None when a concurrent request has just created it (the constraint held)."""
    try:
        with transaction.atomic():
            return Membership.objects.create(community=community, person=person, role=role)
    except IntegrityError:
        return None


@transaction.atomic
def join_community(community: Community, *, person: User) -> Membership:
    """Join an open community at once. Joining twice returns the existing membership."""
    _refuse_if_closed(community)
    if community.visibility != Visibility.OPEN:
        raise Refused(f"{community.name} asks its leads to approve new members. Ask to join instead.")
    existing = _current_membership(community, person)
    if existing:
        return existing
    membership = _create_membership(community, person)
    if membership is None:  # a second click got there first
        return Membership.objects.current().get(community=community, person=person)
    _log(community, actor=person, action=LogEntry.Action.JOINED, subject=person)
    return membership


def request_to_join(community: Community, *, person: User, message: str) -> tuple[JoinRequest, bool]:
    """Ask the leads of an on-request community to let this person in; email the leads after commit.

    Returns the request and whether it is new: asking twice returns the pending request, unchanged.
    """
    message = message.strip()
    if not message:
        raise Refused("Tell the leads a little about why you would like to join.")
    if len(message) > JOIN_MESSAGE_MAX:
        raise Refused(f"Your message must be {JOIN_MESSAGE_MAX} characters or fewer; it has {len(message)}.")
    _refuse_if_closed(community)
    if community.visibility == Visibility.OPEN:
        raise Refused(f"{community.name} is open: join it straight away.")
    if community.visibility == Visibility.PRIVATE:
        raise Refused(f"{community.name} is by invitation only.")
    if _current_membership(community, person):
        raise Refused(f"You are already a member of {community.name}.")
    pending = JoinRequest.objects.filter(
        community=community, person=person, status=JoinRequest.Status.PENDING
    )
    if existing := pending.first():
        return existing, False
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(community=community, person=person, message=message)
            transaction.on_commit(lambda: tasks.email_leads_about_request.enqueue(join_request.pk))
    except IntegrityError:
        # Two submissions raced; the other one created the pending request.
        return pending.get(), False
    return join_request, True


@transaction.atomic
def withdraw_request(join_request: JoinRequest, *, person: User) -> None:
    """The requester takes back a request that has not been decided yet."""
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if locked.person_id != person.pk:
        raise Refused("Only the person who asked can withdraw this request.")
    if not locked.is_pending:
        raise Refused("This request has already been decided, so it cannot be withdrawn.")
    locked.withdraw()
    join_request.refresh_from_db()


@transaction.atomic
def decide_request(join_request: JoinRequest, *, by: User, approve: bool, reason: str = "") -> JoinRequest:
    """Approve (the person becomes a member) or decline a pending request; email the requester after commit."""
    locked = (
        JoinRequest.objects.select_for_update().select_related("community", "person").get(pk=join_request.pk)
    )
    if not locked.is_pending:
        raise Refused(
            f"This request was already {locked.get_status_display().lower()}"
            f"{' by ' + str(locked.decided_by) if locked.decided_by else ''}; nothing was changed."
        )
    reason = reason.strip()
    if len(reason) > 1000:
        raise Refused("The reason must be 1000 characters or fewer.")
    community = locked.community
    _refuse_if_closed(community)
    locked.decide(approve=approve, by=by, reason=reason)
    if approve and not _current_membership(community, locked.person):
        _create_membership(community, locked.person)
    action = LogEntry.Action.APPROVED if approve else LogEntry.Action.DECLINED
    _log(community, actor=by, action=action, subject=locked.person, detail=reason)
    transaction.on_commit(lambda: tasks.email_requester_about_decision.enqueue(locked.pk))
    return locked


@transaction.atomic
def add_member(community: Community, *, person: User, by: User) -> Membership:
    """A lead adds a colleague directly: how people join a private community. The colleague is emailed."""
    _refuse_if_closed(community)
    if not person.is_active:
        raise Refused(f"{person} has left the organisation, so they cannot be added.")
    membership = None if _current_membership(community, person) else _create_membership(community, person)
    if membership is None:
        raise Refused(f"{person} is already a member of {community.name}.")
    # Someone added by a lead no longer needs their own request to be decided.
    JoinRequest.objects.filter(community=community, person=person, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.APPROVED, decided_by=by, decided_at=membership.joined_at
    )
    _log(community, actor=by, action=LogEntry.Action.ADDED, subject=person)
    transaction.on_commit(lambda: tasks.email_added_member.enqueue(membership.pk, by.pk))
    return membership


def _lock_leads(community: Community) -> list[Membership]:
    return list(Membership.objects.leads().select_for_update().filter(community=community))


@transaction.atomic
def leave_community(community: Community, *, person: User) -> None:
    """Leave a community. The last lead cannot leave until someone else leads; a retired one is left as it was."""
    if community.status == Status.RETIRED:
        raise Refused(f"{community.name} has been retired, so its membership is kept as it was.")
    membership = (
        Membership.objects.current().select_for_update().filter(community=community, person=person).first()
    )
    if membership is None:
        raise Refused(f"You are not a member of {community.name}.")
    if membership.is_lead and len(_lock_leads(community)) == 1:
        raise Refused(
            f"You are the only lead of {community.name}. Make someone else a lead before you leave."
        )
    membership.end()
    membership_ended.send(sender=Membership, community=community, person=person)
    _log(community, actor=person, action=LogEntry.Action.LEFT, subject=person)


@transaction.atomic
def change_role(membership: Membership, *, role: str, by: User) -> Membership:
    """Make a member a lead, core member or wider member. The last lead keeps the lead role."""
    if role not in Role.values:
        raise Refused("Choose lead, core member or member.")
    locked = (
        Membership.objects.select_for_update().select_related("community", "person").get(pk=membership.pk)
    )
    if locked.left_at is not None:
        raise Refused(f"{locked.person} is no longer a member.")
    if locked.role == role:
        return locked
    if locked.is_lead and len(_lock_leads(locked.community)) == 1:
        raise Refused(f"{locked.person} is the only lead. Make someone else a lead first.")
    old = locked.get_role_display()
    locked.role = role
    locked.save(update_fields=["role"])
    _log(
        locked.community,
        actor=by,
        action=LogEntry.Action.ROLE_CHANGED,
        subject=locked.person,
        detail=f"{old} → {locked.get_role_display()}",
    )
    return locked


@transaction.atomic
def remove_member(membership: Membership, *, by: User, reason: str = "") -> None:
    """A lead removes someone from the community. The last lead cannot be removed."""
    locked = (
        Membership.objects.select_for_update().select_related("community", "person").get(pk=membership.pk)
    )
    if locked.left_at is not None:
        raise Refused(f"{locked.person} is no longer a member.")
    if locked.is_lead and len(_lock_leads(locked.community)) == 1:
        raise Refused(
            f"{locked.person} is the only lead and cannot be removed. Make someone else a lead first."
        )
    locked.end()
    membership_ended.send(sender=Membership, community=locked.community, person=locked.person)
    _log(
        locked.community,
        actor=by,
        action=LogEntry.Action.REMOVED,
        subject=locked.person,
        detail=reason.strip(),
    )


RESERVED_SLUGS = {"propose", "proposals"}


def unique_slug(name: str) -> str:
    """A slug for a new community that no other community (nor a fixed page under /communities/) uses."""
    base = slugify(name)[:100] or "community"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Community.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def propose_community(
    *, person: User, name: str, purpose: str, service_area: ServiceArea, reason: str, visibility: str
) -> Community:
    """Any staff member proposes a new community; the programme team decides."""
    if Community.objects.filter(name__iexact=name.strip()).exists():
        raise Refused("A community with this name already exists. Choose another name.")
    try:
        with transaction.atomic():
            community = Community.objects.create(
                name=name.strip(),
                slug=unique_slug(name),
                purpose=purpose.strip(),
                service_area=service_area,
                visibility=visibility,
                status=Status.PROPOSED,
                proposed_by=person,
                proposal_reason=reason.strip(),
            )
    except IntegrityError:  # someone proposed the same name at the same moment
        raise Refused("A community with this name already exists. Choose another name.") from None
    _log(community, actor=person, action=LogEntry.Action.PROPOSED, detail=reason)
    return community


@transaction.atomic
def decide_proposal(community: Community, *, by: User, approve: bool, reason: str = "") -> Community:
    """Approve a proposal (it becomes active with its proposer as lead) or decline it with a reason."""
    locked = Community.objects.select_for_update().get(pk=community.pk)
    if locked.status != Status.PROPOSED:
        raise Refused(f"{locked.name} has already been decided; nothing was changed.")
    reason = reason.strip()
    if not approve and not reason:
        raise Refused("Say why the proposal is declined, so the proposer understands.")
    locked.set_status(Status.ACTIVE if approve else Status.DECLINED, by=by, reason=reason)
    if approve and locked.proposed_by and not _current_membership(locked, locked.proposed_by):
        _create_membership(locked, locked.proposed_by, Role.LEAD)
    _log_status(locked, by=by, reason=reason)
    if locked.proposed_by_id:
        transaction.on_commit(lambda: tasks.email_proposer_about_decision.enqueue(locked.pk))
    return locked


LIFECYCLE_MOVES = {
    Status.ACTIVE: {Status.DORMANT, Status.RETIRED},
    Status.DORMANT: {Status.ACTIVE, Status.RETIRED},
    Status.RETIRED: {Status.ACTIVE},
}


@transaction.atomic
def change_status(community: Community, *, by: User, status: str, reason: str = "") -> Community:
    """Mark a community dormant, retire it (read-only, out of the directory by default) or bring it back."""
    locked = Community.objects.select_for_update().get(pk=community.pk)
    allowed = LIFECYCLE_MOVES.get(Status(locked.status), set())
    if status not in allowed:
        raise Refused(f"{locked.name} is {locked.get_status_display().lower()} and cannot be made {status}.")
    locked.set_status(status, by=by, reason=reason.strip())
    if status == Status.RETIRED:
        _decline_waiting_requests(locked, by=by)
    _log_status(locked, by=by, reason=reason)
    return locked


def _decline_waiting_requests(community: Community, *, by: User) -> None:
    """Nobody can decide requests to a retired community, so the people waiting are told now."""
    waiting = list(
        community.join_requests.filter(status=JoinRequest.Status.PENDING).values_list("pk", flat=True)
    )
    JoinRequest.objects.filter(pk__in=waiting).update(
        status=JoinRequest.Status.DECLINED,
        decided_by=by,
        decided_at=community.status_changed_at,
        decision_reason=f"{community.name} has been retired.",
    )
    for request_id in waiting:
        transaction.on_commit(partial(tasks.email_requester_about_decision.enqueue, request_id))


def _log_status(community: Community, *, by: User, reason: str) -> None:
    status = community.get_status_display()
    detail = f"{status}: {reason.strip()}" if reason.strip() else status
    _log(community, actor=by, action=LogEntry.Action.STATUS_CHANGED, detail=detail)


@transaction.atomic
def save_community(
    form: ModelForm[Community], links: BaseInlineFormSet[Any, Any, Any], *, by: User
) -> Community:
    """Save a lead's edits to the community and its links together, and note them in the log."""
    community = form.save()
    links.save()
    changed = ", ".join(form.changed_data + (["links"] if links.has_changed() else []))
    _log(community, actor=by, action=LogEntry.Action.EDITED, detail=changed)
    return community
