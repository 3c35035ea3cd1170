"""Read-side queries for community pages: each page's rows in a fixed number of queries, whatever their count."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Lower

from copse.accounts.models import ServiceArea
from copse.core.pagination import Page, keyset_page

from .forms import JoinRequestForm, LifecycleForm
from .models import Community, JoinRequest, Membership, Role, Status
from .permissions import can_change_lifecycle, can_manage_community, can_see_members_area, viewer_role

if TYPE_CHECKING:
    from copse.accounts.models import User

ROLE_ORDER = Case(
    When(role=Role.LEAD, then=Value(0)),
    When(role=Role.CORE, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def leads_prefetch() -> Prefetch:
    """Each community's current leads with their profiles, as `community.lead_memberships`."""
    return Prefetch(
        "memberships",
        queryset=Membership.objects.leads().select_related("person__person").order_by("person__name"),
        to_attr="lead_memberships",
    )


def directory(
    user: User, *, q: str = "", area: ServiceArea | None = None, retired: bool = False
) -> QuerySet[Community]:
    """The communities a person may see in the directory, ordered by service area, with counts and leads."""
    statuses = [Status.ACTIVE, Status.DORMANT] + ([Status.RETIRED] if retired else [])
    communities = Community.objects.visible_to(user).filter(status__in=statuses)
    if q:
        communities = communities.filter(Q(name__icontains=q) | Q(purpose__icontains=q))
    if area is not None:
        communities = communities.filter(service_area=area)
    return (
        communities.select_related("service_area")
        .with_member_counts()
        .with_viewer_state(user)
        .prefetch_related(leads_prefetch())
        .order_by("service_area__name", "name")
    )


def community_page_context(user: User, community: Community) -> dict[str, Any]:
    """What the community page shows this person: purpose, leads, counts, their state, members' links."""
    counted = Community.objects.with_member_counts().prefetch_related(leads_prefetch()).get(pk=community.pk)
    members_area = can_see_members_area(user, community)
    role = viewer_role(user, community)
    pending = None
    if role is None and getattr(community, "viewer_has_pending", False):
        pending = JoinRequest.objects.filter(
            community=community, person=user, status=JoinRequest.Status.PENDING
        ).first()
    return {
        "community": community,
        "leads": counted.lead_memberships,  # type: ignore[attr-defined]
        "core_count": counted.core_count,  # type: ignore[attr-defined]
        "wider_count": counted.wider_count,  # type: ignore[attr-defined]
        "viewer_role": role,
        "pending_request": pending,
        "members_area": members_area,
        "links": list(community.links.all()) if members_area else [],
        "can_manage": can_manage_community(user, community),
        "can_change_lifecycle": can_change_lifecycle(user),
        "lifecycle_form": LifecycleForm(),
        "join_form": JoinRequestForm(),
        "pending_count": JoinRequest.objects.filter(
            community=community, status=JoinRequest.Status.PENDING
        ).count()
        if can_manage_community(user, community)
        else 0,
    }


def members_page(community: Community, *, cursor: str, size: int) -> tuple[list[Membership], Page]:
    """The members page: leads and core members in full (a handful), then wider members by name, `size` at a time."""
    current = (
        Membership.objects.current().filter(community=community).select_related("person__person__department")
    )
    organisers: list[Membership] = list(
        current.filter(role__in=[Role.LEAD, Role.CORE]).order_by(ROLE_ORDER, Lower("person__name"), "pk")
    )
    wider = keyset_page(
        current.filter(role=Role.MEMBER).annotate(sort_name=Lower("person__name")),
        sort_key="sort_name",
        cursor=cursor,
        size=size,
    )
    return organisers, wider


def my_memberships(user: User) -> QuerySet[Membership]:
    """A person's current communities, for the home page and the header."""
    return (
        Membership.objects.current()
        .filter(person=user, community__status__in=[Status.ACTIVE, Status.DORMANT, Status.RETIRED])
        .select_related("community__service_area")
        .order_by("community__name")
    )


def visible_memberships_of(person: User, *, viewer: User) -> QuerySet[Membership]:
    """A person's current communities that the viewer may see, so a private community never leaks."""
    return my_memberships(person).filter(community__in=Community.objects.visible_to(viewer))
