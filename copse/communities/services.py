"""Workflows of joining, leaving and running communities.

Each takes plain, typed arguments, is atomic, takes row locks where two people could race, and tells people
through notifications (`notices`), whose emails are queued with `transaction.on_commit` so nothing is sent for
work that was rolled back. A refusal says why in the person's words, with its kind and the field it is about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils.text import slugify

from copse.core.refusals import Kind, Refused
from copse.core.text import (
    LOOK_ALIKE_MESSAGE,
    WEB_ADDRESS_MESSAGE,
    has_look_alike_letters,
    name_key,
    paragraphs,
    single_line,
    web_address,
)

from . import notices
from .models import (
    NAME_IN_USE,
    NAME_KEY_MAX,
    NAME_MAX,
    UNAPPROVED,
    Community,
    CommunityLink,
    JoinRequest,
    LogEntry,
    Membership,
    Role,
    Status,
    Visibility,
)
from .signals import membership_changed

if TYPE_CHECKING:
    from copse.accounts.models import ServiceArea, User

JOIN_MESSAGE_MAX = 1000
REASON_MAX = 1000
PURPOSE_MAX = 2000
CADENCE_MAX = 200
LINKS_MAX = 10
LINK_LABEL_MAX = 80
LINK_URL_MAX = 500


def _log(
    community: Community, *, actor: User | None, action: str, subject: User | None = None, detail: str = ""
) -> None:
    LogEntry.objects.create(
        community=community, actor=actor, action=action, subject=subject, detail=detail[:1000]
    )


def _refuse_if_closed(community: Community) -> None:
    if community.status == Status.RETIRED:
        raise Refused(
            f"{community.name} has been retired, so it no longer takes new members.", kind=Kind.CONFLICT
        )
    if community.status in UNAPPROVED:
        raise Refused(f"{community.name} is not running yet, so it cannot take members.", kind=Kind.CONFLICT)


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
        raise Refused(
            f"{community.name} asks its leads to approve new members. Ask to join instead.",
            kind=Kind.FORBIDDEN,
        )
    existing = _current_membership(community, person)
    if existing:
        return existing
    membership = _create_membership(community, person)
    if membership is None:  # a second click got there first
        return Membership.objects.current().get(community=community, person=person)
    _log(community, actor=person, action=LogEntry.Action.JOINED, subject=person)
    return membership


def request_to_join(community: Community, *, person: User, message: str) -> tuple[JoinRequest, bool]:
    """Ask the leads of an on-request community to let this person in; the leads are notified.

    Returns the request and whether it is new: asking twice returns the pending request, unchanged.
    """
    message = message.strip()
    if not message:
        raise Refused("Tell the leads a little about why you would like to join.", field="message")
    if len(message) > JOIN_MESSAGE_MAX:
        raise Refused(
            f"Your message must be {JOIN_MESSAGE_MAX} characters or fewer; it has {len(message)}.",
            field="message",
        )
    _refuse_if_closed(community)
    if community.visibility == Visibility.OPEN:
        raise Refused(f"{community.name} is open: join it straight away.", kind=Kind.CONFLICT)
    if community.visibility == Visibility.PRIVATE:
        raise Refused(f"{community.name} is by invitation only.", kind=Kind.FORBIDDEN)
    if _current_membership(community, person):
        raise Refused(f"You are already a member of {community.name}.", kind=Kind.CONFLICT)
    pending = JoinRequest.objects.filter(
        community=community, person=person, status=JoinRequest.Status.PENDING
    )
    if existing := pending.first():
        return existing, False
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(community=community, person=person, message=message)
            notices.request_waiting(join_request)
    except IntegrityError:
        # Two submissions raced; the other one created the pending request.
        return pending.get(), False
    return join_request, True


@transaction.atomic
def withdraw_request(join_request: JoinRequest, *, person: User) -> None:
    """The requester takes back a request that has not been decided yet."""
    locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if locked.person_id != person.pk:
        raise Refused("Only the person who asked can withdraw this request.", kind=Kind.FORBIDDEN)
    if not locked.is_pending:
        raise Refused("This request has already been decided, so it cannot be withdrawn.", kind=Kind.CONFLICT)
    locked.withdraw()
    join_request.refresh_from_db()


@transaction.atomic
def decide_request(join_request: JoinRequest, *, by: User, approve: bool, reason: str = "") -> JoinRequest:
    """Approve (the person becomes a member) or decline a pending request; the requester is notified."""
    locked = (
        JoinRequest.objects.select_for_update().select_related("community", "person").get(pk=join_request.pk)
    )
    if not locked.is_pending:
        raise Refused(
            f"This request was already {locked.get_status_display().lower()}"
            f"{' by ' + str(locked.decided_by) if locked.decided_by else ''}; nothing was changed.",
            kind=Kind.CONFLICT,
        )
    reason = single_line(reason, field="reason", label="the reason", max_length=REASON_MAX)
    community = locked.community
    _refuse_if_closed(community)
    locked.decide(approve=approve, by=by, reason=reason)
    if approve and not _current_membership(community, locked.person):
        _create_membership(community, locked.person)
    action = LogEntry.Action.APPROVED if approve else LogEntry.Action.DECLINED
    _log(community, actor=by, action=action, subject=locked.person, detail=reason)
    notices.request_decided(locked)
    return locked


@transaction.atomic
def add_member(community: Community, *, person: User, by: User) -> Membership:
    """A lead adds a colleague directly: how people join a private community. The colleague is notified."""
    _refuse_if_closed(community)
    if not person.is_active:
        raise Refused(f"{person} has left the organisation, so they cannot be added.", field="email")
    membership = None if _current_membership(community, person) else _create_membership(community, person)
    if membership is None:
        raise Refused(f"{person} is already a member of {community.name}.", kind=Kind.CONFLICT, field="email")
    # Someone added by a lead no longer needs their own request to be decided.
    JoinRequest.objects.filter(community=community, person=person, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.APPROVED, decided_by=by, decided_at=membership.joined_at
    )
    _log(community, actor=by, action=LogEntry.Action.ADDED, subject=person)
    notices.member_added(membership, by=by)
    return membership


def _lock_leads(community: Community) -> list[Membership]:
    return list(Membership.objects.leads().select_for_update().filter(community=community))


@transaction.atomic
def leave_community(community: Community, *, person: User) -> None:
    """Leave a community. The last lead cannot leave until someone else leads; a retired one is left as it was."""
    if community.status == Status.RETIRED:
        raise Refused(
            f"{community.name} has been retired, so its membership is kept as it was.", kind=Kind.CONFLICT
        )
    membership = (
        Membership.objects.current().select_for_update().filter(community=community, person=person).first()
    )
    if membership is None:
        raise Refused(f"You are not a member of {community.name}.", kind=Kind.CONFLICT)
    if membership.is_lead and len(_lock_leads(community)) == 1:
        raise Refused(
            f"You are the only lead of {community.name}. Make someone else a lead before you leave.",
            kind=Kind.CONFLICT,
        )
    membership.end()
    membership_changed.send(sender=Membership, community=community, person=person)
    _log(community, actor=person, action=LogEntry.Action.LEFT, subject=person)


@transaction.atomic
def change_role(membership: Membership, *, role: str, by: User) -> Membership:
    """Make a member a lead, core member or wider member. The last lead keeps the lead role."""
    if role not in Role.values:
        raise Refused("Choose lead, core member or member.", field="role")
    locked = (
        Membership.objects.select_for_update().select_related("community", "person").get(pk=membership.pk)
    )
    if locked.left_at is not None:
        raise Refused(f"{locked.person} is no longer a member.", kind=Kind.CONFLICT)
    if locked.role == role:
        return locked
    if locked.is_lead and len(_lock_leads(locked.community)) == 1:
        raise Refused(
            f"{locked.person} is the only lead. Make someone else a lead first.", kind=Kind.CONFLICT
        )
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
    membership_changed.send(sender=Membership, community=locked.community, person=locked.person)
    return locked


@transaction.atomic
def remove_member(membership: Membership, *, by: User, reason: str = "") -> None:
    """A lead removes someone from the community. The last lead cannot be removed."""
    reason = single_line(reason, field="reason", label="the reason", max_length=REASON_MAX)
    locked = (
        Membership.objects.select_for_update().select_related("community", "person").get(pk=membership.pk)
    )
    if locked.left_at is not None:
        raise Refused(f"{locked.person} is no longer a member.", kind=Kind.CONFLICT)
    if locked.is_lead and len(_lock_leads(locked.community)) == 1:
        raise Refused(
            f"{locked.person} is the only lead and cannot be removed. Make someone else a lead first.",
            kind=Kind.CONFLICT,
        )
    locked.end()
    membership_changed.send(sender=Membership, community=locked.community, person=locked.person)
    _log(
        locked.community,
        actor=by,
        action=LogEntry.Action.REMOVED,
        subject=locked.person,
        detail=reason,
    )


RESERVED_SLUGS = {"propose", "proposals"}


def unique_slug(name: str) -> str:
    """A slug for a new community that no other community (nor a fixed page under /communities/) uses."""
    base = slugify(name)[:100] or "community"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Community.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _new_name(name: str) -> tuple[str, str]:
    """A name for a new community and its key, refused when it is another community's name in disguise."""
    name = single_line(
        name, field="name", max_length=NAME_MAX, required=True, label="the name of the community"
    )
    if has_look_alike_letters(name):
        raise Refused(LOOK_ALIKE_MESSAGE, field="name")
    key = name_key(name)
    if len(key) > NAME_KEY_MAX or not key:
        raise Refused("Choose a shorter name made of ordinary letters.", field="name")
    if Community.objects.filter(name_key=key).exists():
        raise Refused(NAME_IN_USE, field="name")
    return name, key


@transaction.atomic
def propose_community(
    *, person: User, name: str, purpose: str, service_area: ServiceArea, reason: str, visibility: str
) -> Community:
    """Any staff member proposes a new community; the programme team decides, and is told.

    Names are compared by `name_key`, so a look-alike of an existing name (another case, a zero-width or no-break
    space, full-width letters) is refused; the unique key makes that hold when two people propose at once.
    """
    name, _key = _new_name(name)
    if visibility not in Visibility.values:
        raise Refused("Choose who can join.", field="visibility")
    purpose = paragraphs(
        purpose, field="purpose", label="what the community is for", max_length=PURPOSE_MAX, required=True
    )
    reason = paragraphs(reason, field="reason", label="why it is needed", max_length=PURPOSE_MAX)
    try:
        with transaction.atomic():
            community = Community.objects.create(
                name=name,
                slug=unique_slug(name),
                purpose=purpose,
                service_area=service_area,
                visibility=visibility,
                status=Status.PROPOSED,
                proposed_by=person,
                proposal_reason=reason,
            )
    except IntegrityError:  # someone proposed the same name (or its look-alike) at the same moment
        raise Refused(NAME_IN_USE, field="name") from None
    _log(community, actor=person, action=LogEntry.Action.PROPOSED, detail=reason)
    notices.proposal_waiting(community)
    return community


@transaction.atomic
def decide_proposal(community: Community, *, by: User, approve: bool, reason: str = "") -> Community:
    """Approve a proposal (it becomes active with its proposer as lead) or decline it with a reason.

    The proposer is notified.
    """
    locked = Community.objects.select_for_update().get(pk=community.pk)
    if locked.status != Status.PROPOSED:
        raise Refused(f"{locked.name} has already been decided; nothing was changed.", kind=Kind.CONFLICT)
    reason = single_line(reason, field="reason", max_length=PURPOSE_MAX, label="the reason")
    if not approve and not reason:
        raise Refused("Say why the proposal is declined, so the proposer understands.", field="reason")
    locked.set_status(Status.ACTIVE if approve else Status.DECLINED, by=by, reason=reason)
    if approve and locked.proposed_by and not _current_membership(locked, locked.proposed_by):
        _create_membership(locked, locked.proposed_by, Role.LEAD)
    _log_status(locked, by=by, reason=reason)
    notices.proposal_decided(locked)
    return locked


LIFECYCLE_MOVES = {
    Status.ACTIVE: {Status.DORMANT, Status.RETIRED},
    Status.DORMANT: {Status.ACTIVE, Status.RETIRED},
    Status.RETIRED: {Status.ACTIVE},
}


@transaction.atomic
def change_status(community: Community, *, by: User, status: str, reason: str = "") -> Community:
    """Mark a community dormant, retire it (read-only, out of the directory by default) or bring it back.

    Retiring declines the requests still waiting, and the people who asked are notified.
    """
    locked = Community.objects.select_for_update().get(pk=community.pk)
    allowed = LIFECYCLE_MOVES.get(Status(locked.status), set())
    if status not in allowed:
        raise Refused(
            f"{locked.name} is {locked.get_status_display().lower()} and cannot be made {status}.",
            kind=Kind.CONFLICT,
            field="status",
        )
    reason = single_line(reason, field="reason", max_length=PURPOSE_MAX, label="the reason")
    locked.set_status(status, by=by, reason=reason)
    if status == Status.RETIRED:
        _decline_waiting_requests(locked, by=by)
    _log_status(locked, by=by, reason=reason)
    return locked


def _decline_waiting_requests(community: Community, *, by: User) -> None:
    """Nobody can decide requests to a retired community, so the people waiting are told now."""
    waiting = list(
        community.join_requests.filter(status=JoinRequest.Status.PENDING).values_list("person_id", flat=True)
    )
    JoinRequest.objects.filter(community=community, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.DECLINED,
        decided_by=by,
        decided_at=community.status_changed_at,
        decision_reason=f"{community.name} has been retired.",
    )
    notices.requests_closed_by_retirement(community, person_ids=waiting, by=by)


def _log_status(community: Community, *, by: User, reason: str) -> None:
    status = community.get_status_display()
    detail = f"{status}: {reason.strip()}" if reason.strip() else status
    _log(community, actor=by, action=LogEntry.Action.STATUS_CHANGED, detail=detail)


@dataclass(frozen=True)
class LinkData:
    """One of a community's members' links, such as its Teams channel."""

    label: str
    url: str


def _clean_links(links: list[LinkData]) -> list[LinkData]:
    if len(links) > LINKS_MAX:
        raise Refused(f"A community can have at most {LINKS_MAX} links.", field="links")
    cleaned = []
    for link in links:
        label = single_line(
            link.label, field="links", max_length=LINK_LABEL_MAX, required=True, label="link text"
        )
        url = web_address(link.url, field="links", max_length=LINK_URL_MAX)
        if not url:
            raise Refused(WEB_ADDRESS_MESSAGE, field="links")
        cleaned.append(LinkData(label=label, url=url))
    return cleaned


@transaction.atomic
def update_community(
    community: Community,
    *,
    by: User,
    purpose: str,
    visibility: str,
    meeting_cadence: str,
    links: list[LinkData],
) -> Community:
    """Save a lead's edits to the community and its links together, and note in the log what changed."""
    locked = Community.objects.select_for_update().get(pk=community.pk)
    if locked.is_closed:
        raise Refused(
            f"{locked.name} is {locked.get_status_display().lower()}, so it cannot be edited.",
            kind=Kind.CONFLICT,
        )
    purpose = paragraphs(
        purpose, field="purpose", label="what the community is for", max_length=PURPOSE_MAX, required=True
    )
    if visibility not in Visibility.values:
        raise Refused("Choose who can join.", field="visibility")
    meeting_cadence = single_line(
        meeting_cadence, field="meeting_cadence", max_length=CADENCE_MAX, label="when the community meets"
    )
    links = _clean_links(links)
    new = {"purpose": purpose, "meeting_cadence": meeting_cadence, "visibility": visibility}
    changed = [field for field, value in new.items() if getattr(locked, field) != value]
    for field in changed:
        setattr(locked, field, new[field])
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
    old_links = [LinkData(label=link.label, url=link.url) for link in locked.links.all()]
    if old_links != links:
        locked.links.all().delete()
        CommunityLink.objects.bulk_create(
            CommunityLink(community=locked, label=link.label, url=link.url, position=position)
            for position, link in enumerate(links)
        )
        changed.append("links")
    if changed:
        _log(locked, actor=by, action=LogEntry.Action.EDITED, detail=", ".join(changed))
    return locked
