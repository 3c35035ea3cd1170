"""Read-side queries for community pages: each page's rows in a fixed number of queries, whatever their count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Lower
from django.utils import timezone

from copse.accounts.models import Person, ServiceArea, User
from copse.core.pagination import Page, keyset_page

from .models import (
    ESTABLISHED,
    LISTED,
    UNAPPROVED,
    Community,
    JoinRequest,
    Membership,
    Role,
    Visibility,
)
from .permissions import can_change_lifecycle, can_manage_community, can_see_members_area, viewer_role

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
    statuses = ESTABLISHED if retired else LISTED
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
        pending = pending_request_of(user, community)
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
        "pending_count": JoinRequest.objects.filter(
            community=community, status=JoinRequest.Status.PENDING
        ).count()
        if can_manage_community(user, community)
        else 0,
    }


def pending_request_of(user: User, community: Community) -> JoinRequest | None:
    """The person's request to join the community that waits for a decision, if any."""
    return JoinRequest.objects.filter(
        community=community, person=user, status=JoinRequest.Status.PENDING
    ).first()


@dataclass(frozen=True)
class MemberTotals:
    """How many current members a community has, in each role."""

    leads: int
    core: int
    wider: int

    @property
    def all(self) -> int:
        return self.leads + self.core + self.wider

    def of(self, role: str) -> int:
        return {Role.LEAD: self.leads, Role.CORE: self.core, Role.MEMBER: self.wider}[Role(role)]


def member_totals(community: Community) -> MemberTotals:
    """The community's current members who still work here, counted by role in one query."""
    counts = (
        Membership.objects.of_staff()
        .filter(community=community)
        .aggregate(
            leads=Count("pk", filter=Q(role=Role.LEAD)),
            core=Count("pk", filter=Q(role=Role.CORE)),
            wider=Count("pk", filter=Q(role=Role.MEMBER)),
        )
    )
    return MemberTotals(**counts)


def members_page(community: Community, *, q: str = "", role: str = "", cursor: str, size: int) -> Page:
    """One page of the members list: leads, then core members, then wider members, each by name.

    Keyset-paginated on the role's rank followed by the name in lower case: one text key, so each page is one
    range of rows, never an OFFSET.
    """
    members = (
        matching_members(community, q=q, role=role)
        .select_related("person__person__department")
        .annotate(sort_key=Concat(Cast(ROLE_ORDER, CharField()), Lower("person__name")))
    )
    return keyset_page(members, sort_key="sort_key", cursor=cursor, size=size)


def matching_members(community: Community, *, q: str = "", role: str = "") -> QuerySet[Membership]:
    """Current members who still work here, in `role` if given, whose name, known-as name or job title has `q`."""
    members = Membership.objects.of_staff().filter(community=community)
    if role:
        members = members.filter(role=role)
    if q:
        members = members.filter(
            Q(person__name__icontains=q)
            | Q(person__known_as__icontains=q)
            | Q(person__person__job_title__icontains=q)
        )
    return members


@dataclass(frozen=True)
class PeopleFilters:
    """What the people directory is narrowed to, as the filters name things (ids and slugs); empty means all."""

    q: str = ""
    department: int | None = None  # a department's id
    job_family: int | None = None  # a job family's id
    area: str = ""  # a service area's slug
    community: str = ""  # a community's slug


def people_directory(viewer: User, filters: PeopleFilters) -> QuerySet[User]:
    """Colleagues this person may look up, narrowed by the filters, with what each row shows.

    The words match part of a name, known-as name or job title, or a whole skill. A community filter keeps its
    current members; the view only offers communities whose member list the viewer may see.
    """
    people = User.objects.visible_to(viewer).select_related("person__department")
    if filters.q:
        q = filters.q
        people = people.filter(
            Q(name__icontains=q)
            | Q(known_as__icontains=q)
            | Q(person__job_title__icontains=q)
            | Q(person__skills__name__iexact=q)
        ).distinct()
    if filters.department is not None:
        people = people.filter(person__department_id=filters.department)
    if filters.job_family is not None:
        people = people.filter(person__job_family_id=filters.job_family)
    if filters.area:
        people = people.filter(person__service_area__slug=filters.area)
    if filters.community:
        people = people.filter(
            memberships__community__slug=filters.community, memberships__left_at__isnull=True
        )
    return people


def my_memberships(user: User) -> QuerySet[Membership]:
    """A person's current communities, for the home page and the header."""
    return (
        Membership.objects.current()
        .filter(person=user, community__status__in=ESTABLISHED)
        .select_related("community__service_area")
        .order_by("community__name")
    )


def visible_memberships_of(person: User, *, viewer: User) -> QuerySet[Membership]:
    """A person's current communities that the viewer may see, so a private community never leaks."""
    return my_memberships(person).filter(community__in=Community.objects.visible_to(viewer))


def pending_requests_to_lead(user: User) -> QuerySet[Community]:
    """Running communities this person leads that have requests waiting, each with its `pending` count."""
    return (
        Community.objects.listed()
        .filter(pk__in=Membership.objects.leads().filter(person=user).values("community"))
        .annotate(pending=Count("join_requests", filter=Q(join_requests__status=JoinRequest.Status.PENDING)))
        .filter(pending__gt=0)
        .order_by("name")
    )


# How long a decision on a request to join stays on the person's home page.
DECISIONS_SHOWN_FOR = timedelta(days=30)


def my_requests(user: User) -> QuerySet[JoinRequest]:
    """A person's requests to join that wait for a decision or were decided in the last 30 days (at most ten,
    latest first), with where each stands. Withdrawn requests are the person's own doing and are not shown."""
    recent = Q(status__in=[JoinRequest.Status.APPROVED, JoinRequest.Status.DECLINED]) & Q(
        decided_at__gte=timezone.now() - DECISIONS_SHOWN_FOR
    )
    return (
        JoinRequest.objects.filter(person=user)
        .filter(Q(status=JoinRequest.Status.PENDING) | recent)
        .select_related("community")
        .order_by("-created_at", "-pk")[:10]
    )


SUGGESTIONS_SHOWN = 6


def suggested_communities(user: User) -> list[Community]:
    """For someone in no community: the running communities of their service area, then open ones anyone may
    join at once, that they may see, with counts, leads and their own state (a request waiting), for cards."""
    area = Person.objects.filter(user=user).values("service_area")[:1]
    in_area = Q(service_area=Subquery(area))
    return list(
        Community.objects.visible_to(user)
        .listed()
        .filter(in_area | Q(visibility=Visibility.OPEN))
        .select_related("service_area")
        .with_member_counts()
        .with_viewer_state(user)
        .prefetch_related(leads_prefetch())
        .annotate(in_area=Case(When(in_area, then=Value(0)), default=Value(1), output_field=IntegerField()))
        .order_by("in_area", "name")[:SUGGESTIONS_SHOWN]
    )


def my_proposals(user: User) -> QuerySet[Community]:
    """Communities this person proposed that are waiting for, or were refused by, the programme team."""
    return Community.objects.filter(proposed_by=user, status__in=UNAPPROVED).order_by("-created_at")


def proposals() -> QuerySet[Community]:
    """Proposals waiting for the programme team, then those it declined."""
    return (
        Community.objects.filter(status__in=UNAPPROVED)
        .select_related("service_area", "proposed_by__person__department", "decided_by")
        .order_by("status", "-created_at")
    )


def areas_with_counts(user: User) -> QuerySet[ServiceArea]:
    """Service areas, each with `community_count`: the listed communities in it this person may see."""
    visible = Community.objects.visible_to(user).listed().filter(service_area=OuterRef("pk"))
    counted = visible.order_by().values("service_area").annotate(n=Count("pk")).values("n")
    return ServiceArea.objects.annotate(community_count=Coalesce(Subquery(counted), 0))
