from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from copse.accounts.http import StaffRequest as Request
from copse.accounts.models import User
from copse.accounts.permissions import get_person_for
from copse.core.http import HtmxHttpRequest, posted
from copse.core.pagination import keyset_page
from copse.core.refusals import Refused, form_status, refusal_from, refusal_response

from . import services
from .context_processors import HeaderCommunity
from .forms import (
    ROLE_NAMES,
    AddMemberForm,
    CommunityForm,
    DecisionForm,
    DirectoryFilterForm,
    JoinRequestForm,
    LifecycleForm,
    LinkFormSet,
    MemberFilterForm,
    PeopleFilterForm,
    ProposalDecisionForm,
    ProposalForm,
    RemoveMemberForm,
    RoleForm,
    ServiceAreaForm,
    cleaned_filters,
)
from .models import LISTED, Community, JoinRequest, LogEntry, Membership, Visibility
from .permissions import (
    can_change_lifecycle,
    can_manage_community,
    can_view_community,
    get_community_for,
    get_join_request_for,
    get_membership_for,
    get_service_area_for,
    require_programme_team,
)
from .queries import (
    PeopleFilters,
    areas_with_counts,
    community_page_context,
    directory,
    matching_members,
    member_totals,
    members_page,
    my_memberships,
    my_proposals,
    my_requests,
    pending_request_of,
    people_directory,
    proposals,
    suggested_communities,
    visible_memberships_of,
)

MEMBERS_PAGE_SIZE = 50
PEOPLE_PAGE_SIZE = 50


@login_not_required
@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    """The landing page for visitors; for staff, their dashboard: what is new in their communities (the feed, from
    `activity_feed(memberships)`), what waits for them, their next events and requests; for someone in no community
    yet, communities to join instead of an empty feed."""
    user = request.user
    if not isinstance(user, User):
        return render(request, "communities/landing.html")
    memberships = list(my_memberships(user))
    context = {
        "memberships": memberships,
        # The header's "My communities" from the same rows, instead of its own query (context_processors.py).
        "header_communities": [
            HeaderCommunity.of(m.community) for m in memberships if m.community.status in LISTED
        ],
        "suggestions": [] if memberships else suggested_communities(user),
        "my_requests": my_requests(user),
        "my_proposals": my_proposals(user),
    }
    return render(request, "communities/home.html", context)


@require_GET
def community_list(request: Request) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    communities = directory(
        request.user, q=filters.get("q", ""), area=filters.get("area"), retired=filters.get("retired", False)
    )
    template = "communities/community_list.html"
    return render(
        request,
        f"{template}#results" if request.htmx else template,
        {"form": form, "communities": communities},
    )


def _community_page(
    request: Request,
    community: Community,
    *,
    fragment: bool = False,
    join_form: JoinRequestForm | None = None,
    status: int | None = None,
) -> HttpResponse:
    """The community page, or with `fragment` only its membership panel (for htmx)."""
    context = community_page_context(request.user, community) | {
        "join_form": join_form or JoinRequestForm(),
        "lifecycle_form": LifecycleForm(),
    }
    template = "communities/community_detail.html"
    if status is None:
        status = form_status(join_form)
    return render(request, f"{template}#membership_panel" if fragment else template, context, status=status)


@require_GET
def community_detail(request: Request, slug: str) -> HttpResponse:
    return _community_page(request, get_community_for(request.user, slug))


def _after_membership_change(request: Request, community: Community) -> HttpResponse:
    """After join, ask, withdraw or leave: the updated panel for htmx, the community page otherwise.

    Someone who has just left a private community may no longer see it: they go to their home page.
    """
    community = (
        Community.objects.with_viewer_state(request.user).select_related("service_area").get(pk=community.pk)
    )
    if not can_view_community(request.user, community):
        return (
            HttpResponseClientRedirect(reverse("communities:home"))
            if request.htmx
            else redirect("communities:home")
        )
    if not request.htmx:
        return redirect(community)
    return _community_page(request, community, fragment=True)


@require_POST
def join(request: Request, slug: str) -> HttpResponse:
    """Join an open community at once, or ask the leads of an on-request community."""
    community = get_community_for(request.user, slug)
    if community.visibility == Visibility.OPEN:
        try:
            services.join_community(community, person=request.user)
        except Refused as refusal:
            return _membership_refused(request, community, refusal)
        messages.success(request, f"You have joined {community.name}.")
        return _after_membership_change(request, community)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        return _community_page(request, community, fragment=bool(request.htmx), join_form=form)
    try:
        _, created = services.request_to_join(
            community, person=request.user, message=form.cleaned_data["message"]
        )
    except Refused as refusal:
        return _membership_refused(request, community, refusal, join_form=form)
    if created:
        messages.success(
            request,
            "Your request has been sent to the community's leads. We will let you know their decision.",
        )
    else:
        messages.info(request, "You have already asked to join. The leads will decide soon.")
    return _after_membership_change(request, community)


def _membership_refused(
    request: Request, community: Community, refusal: Refused, *, join_form: JoinRequestForm | None = None
) -> HttpResponse:
    """A refused join, request, withdrawal or leaving: the message beside the request's message when it is about
    it, otherwise on the community page (for htmx, its membership panel with the refusal's status)."""

    def page(status: int) -> HttpResponse:
        return _community_page(
            request, community, fragment=bool(request.htmx), join_form=join_form, status=status
        )

    on_form = join_form if join_form is not None and refusal.field in join_form.fields else None
    return refusal_response(request, refusal, form=on_form, page=page, then=community)


@require_POST
def withdraw(request: Request, slug: str) -> HttpResponse:
    community = get_community_for(request.user, slug)
    join_request = pending_request_of(request.user, community)
    if join_request is None:
        messages.info(request, "You have no request waiting for this community.")
        return _after_membership_change(request, community)
    try:
        services.withdraw_request(join_request, person=request.user)
    except Refused as refusal:
        return _membership_refused(request, community, refusal)
    messages.success(request, "You have withdrawn your request to join.")
    return _after_membership_change(request, community)


@require_POST
def leave(request: Request, slug: str) -> HttpResponse:
    community = get_community_for(request.user, slug)
    try:
        services.leave_community(community, person=request.user)
    except Refused as refusal:
        return _membership_refused(request, community, refusal)
    messages.success(request, f"You have left {community.name}.")
    return _after_membership_change(request, community)


@require_GET
def members(request: Request, slug: str) -> HttpResponse:
    community = get_community_for(request.user, slug, "view_members")
    return _members_page(request, community, add_form=AddMemberForm())


def _members_page(
    request: Request, community: Community, *, add_form: AddMemberForm, status: int = 200
) -> HttpResponse:
    """The members list, searched and filtered by role, a page at a time; for htmx, only the results."""
    form = MemberFilterForm(request.GET or None)
    filters = cleaned_filters(form)
    cursor = request.GET.get("after", "")
    page = members_page(community, **filters, cursor=cursor, size=MEMBERS_PAGE_SIZE)
    totals = member_totals(community)
    if "q" in filters:
        matched: int | None = matching_members(community, **filters).count()
    else:
        matched = totals.of(filters["role"]) if "role" in filters else None
    context = {
        "community": community,
        "form": form,
        "page": page,
        "totals": totals,
        "matched": matched,
        "filters": urlencode(filters),
        "cursor": cursor,
        "can_manage": can_manage_community(request.user, community),
        "role_names": ROLE_NAMES,
        "add_form": add_form,
    }
    template = "communities/members.html"
    fragment = bool(request.htmx) and request.method == "GET"
    return render(request, f"{template}#results" if fragment else template, context, status=status)


@require_POST
def add_member(request: Request, slug: str) -> HttpResponse:
    """A lead adds a colleague by email: how people come into a private community."""
    community = get_community_for(request.user, slug, "manage")
    form = AddMemberForm(request.POST)

    def page(status: int) -> HttpResponse:
        return _members_page(request, community, add_form=form, status=status)

    if not form.is_valid():
        return page(form_status(form))
    try:
        membership = services.add_member(community, person=form.cleaned_data["email"], by=request.user)
    except Refused as refusal:
        return refusal_response(request, refusal, form=form, page=page)
    messages.success(
        request, f"{membership.person} is now a member of {community.name}. We have let them know."
    )
    return redirect("communities:members", slug)


@require_POST
def change_role(request: Request, slug: str, membership_id: int) -> HttpResponse:
    """A lead changes someone's role; with htmx, their row (and the totals) change in place."""
    membership = get_membership_for(request.user, slug, membership_id, "manage")
    form = RoleForm(request.POST)
    members_url = reverse("communities:members", args=[slug])

    def row(status: int) -> HttpResponse:
        return _member_row(request, membership.community, membership.pk, status=status)

    if not form.is_valid():
        return refusal_response(request, refusal_from(form), page=row, then=members_url)
    try:
        updated = services.change_role(membership, role=form.cleaned_data["role"], by=request.user)
    except Refused as refusal:
        return refusal_response(request, refusal, page=row, then=members_url)
    messages.success(request, f"{updated.person} is now {ROLE_NAMES[updated.role].lower()}.")
    if not request.htmx:
        return redirect(members_url)
    community = get_community_for(request.user, slug, "view_members")
    if not can_manage_community(request.user, community):  # a lead who stepped down: the controls go
        return HttpResponseClientRedirect(members_url)
    return _member_row(request, community, updated.pk)


def _member_row(
    request: Request, community: Community, membership_id: int, *, status: int = 200
) -> HttpResponse:
    """One member's row as it now stands, with the page's messages and totals, for htmx to swap in."""
    membership = (
        Membership.objects.of_staff()
        .select_related("person__person__department")
        .filter(pk=membership_id)
        .first()
    )
    context = {
        "community": community,
        "m": membership,
        "totals": member_totals(community),
        "can_manage": can_manage_community(request.user, community),
        "role_names": ROLE_NAMES,
        "oob": True,
    }
    return render(request, "communities/members.html#row_update", context, status=status)


@require_http_methods(["GET", "POST"])
def remove_member(request: Request, slug: str, membership_id: int) -> HttpResponse:
    """Ask the lead to confirm (with an optional reason for the log), then remove the member."""
    membership = get_membership_for(request.user, slug, membership_id, "manage")
    community = membership.community
    form = RemoveMemberForm(posted(request))

    def page(status: int) -> HttpResponse:
        context = {"community": community, "membership": membership, "form": form}
        return render(request, "communities/remove_member.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        members_url = reverse("communities:members", args=[slug])
        try:
            services.remove_member(membership, by=request.user, reason=form.cleaned_data["reason"])
        except Refused as refusal:
            return refusal_response(request, refusal, then=members_url)
        messages.success(request, f"{membership.person} has been removed from {community.name}.")
        return redirect(members_url)
    return page(form_status(form))


@require_GET
def join_requests(request: Request, slug: str) -> HttpResponse:
    community = get_community_for(request.user, slug, "manage")
    requests = JoinRequest.objects.filter(community=community).select_related(
        "person__person__department", "person__person__service_area", "decided_by"
    )
    context = {
        "community": community,
        "pending": requests.filter(status=JoinRequest.Status.PENDING).order_by("created_at", "id"),
        "decided": requests.exclude(status=JoinRequest.Status.PENDING).order_by("-decided_at", "-id")[:50],
        "log": LogEntry.objects.filter(community=community).select_related("actor", "subject")[:50],
    }
    return render(request, "communities/join_requests.html", context)


@require_POST
def decide(request: Request, slug: str, request_id: int) -> HttpResponse:
    """A lead approves or declines a request: the request's row again for htmx, the queue otherwise."""
    join_request = get_join_request_for(request.user, slug, request_id, "manage")
    community = join_request.community
    queue_url = reverse("communities:requests", args=[slug])

    def row(status: int) -> HttpResponse:
        pending_count = JoinRequest.objects.filter(
            community=community, status=JoinRequest.Status.PENDING
        ).count()
        context = {"community": community, "join_request": join_request, "pending_count": pending_count}
        return render(request, "communities/join_requests.html#request_row", context, status=status)

    form = DecisionForm(request.POST)
    if not form.is_valid():
        return refusal_response(request, refusal_from(form), page=row, then=queue_url)
    person = join_request.person  # fetched with their profile, which the row shows
    try:
        join_request = services.decide_request(
            join_request, by=request.user, approve=form.approve, reason=form.cleaned_data["reason"]
        )
        join_request.person = person
    except Refused as refusal:
        join_request.refresh_from_db(fields=["status", "decided_by", "decided_at", "decision_reason"])
        return refusal_response(request, refusal, page=row, then=queue_url)
    verb = "approved" if form.approve else "declined"
    messages.success(request, f"You {verb} {join_request.person}'s request. We have let them know.")
    return row(200) if request.htmx else redirect(queue_url)


@require_http_methods(["GET", "POST"])
def edit(request: Request, slug: str) -> HttpResponse:
    """A lead edits the community's purpose, meeting times, who can join and members' links."""
    community = get_community_for(request.user, slug, "manage")
    form = CommunityForm.of(community, posted(request))
    links = LinkFormSet.of(community, posted(request))

    def page(status: int) -> HttpResponse:
        context = {"community": community, "form": form, "links": links}
        return render(request, "communities/edit.html", context, status=status)

    if request.method == "POST" and form.is_valid() and links.is_valid():
        try:
            services.update_community(community, by=request.user, links=links.links(), **form.cleaned_data)
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "Your changes to the community have been saved.")
        return redirect(community)
    return page(form_status(form, links))


@require_POST
def change_status(request: Request, slug: str) -> HttpResponse:
    community = get_community_for(request.user, slug, "lifecycle")
    form = LifecycleForm(request.POST)
    if not form.is_valid():
        return refusal_response(request, refusal_from(form), then=community)
    try:
        updated = services.change_status(
            community, by=request.user, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"]
        )
    except Refused as refusal:
        return refusal_response(request, refusal, then=community)
    messages.success(request, f"{updated.name} is now {updated.get_status_display().lower()}.")
    return redirect(community)


@require_http_methods(["GET", "POST"])
def propose(request: Request) -> HttpResponse:
    form = ProposalForm(posted(request))

    def page(status: int) -> HttpResponse:
        return render(request, "communities/propose.html", {"form": form}, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            community = services.propose_community(person=request.user, **form.cleaned_data)
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(
            request,
            "Thank you. Your proposal has been sent to the programme team, who will let you know their decision.",
        )
        return redirect(community)
    return page(form_status(form))


@require_GET
def proposal_list(request: Request) -> HttpResponse:
    require_programme_team(request.user)
    return render(request, "communities/proposals.html", {"proposals": proposals()})


@require_POST
def decide_proposal(request: Request, slug: str) -> HttpResponse:
    community = get_community_for(request.user, slug, "lifecycle")
    form = ProposalDecisionForm(request.POST)
    if not form.is_valid():
        return refusal_response(request, refusal_from(form), then="communities:proposals")
    try:
        services.decide_proposal(
            community, by=request.user, approve=form.approve, reason=form.cleaned_data["reason"]
        )
    except Refused as refusal:
        return refusal_response(request, refusal, then=reverse("communities:proposals"))
    outcome = "is now active, with its proposer as lead" if form.approve else "has been declined"
    messages.success(request, f"{community.name} {outcome}.")
    return redirect("communities:proposals")


@require_GET
def area_list(request: Request) -> HttpResponse:
    context = {"areas": areas_with_counts(request.user), "can_manage": can_change_lifecycle(request.user)}
    return render(request, "communities/area_list.html", context)


@require_GET
def area_detail(request: Request, slug: str) -> HttpResponse:
    area = get_service_area_for(request.user, slug)
    communities = directory(request.user, area=area)
    return render(
        request,
        "communities/area_detail.html",
        {"area": area, "communities": communities, "can_manage": can_change_lifecycle(request.user)},
    )


@require_http_methods(["GET", "POST"])
def area_form(request: Request, slug: str | None = None) -> HttpResponse:
    require_programme_team(request.user)
    area = get_service_area_for(request.user, slug, "manage") if slug else None
    form = ServiceAreaForm(posted(request), instance=area)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"Service area {saved.name} has been saved.")
        return redirect(saved)
    return render(
        request, "communities/area_form.html", {"form": form, "area": area}, status=form_status(form)
    )


@require_GET
@require_GET
def person_list(request: Request) -> HttpResponse:
    """The people directory: colleagues by name, searched and filtered by department, job family, service area
    and community, 50 at a time (keyset pagination on lower(name), id). Here because it spans both apps."""
    form = PeopleFilterForm(request.GET or None, viewer=request.user)
    filters = cleaned_filters(form)
    people = people_directory(request.user, PeopleFilters(**filters))
    page = keyset_page(
        people.annotate(sort_name=Lower("name")),
        sort_key="sort_name",
        cursor=request.GET.get("after", ""),
        size=PEOPLE_PAGE_SIZE,
    )
    context = {
        "form": form,
        "page": page,
        "total": people.count(),
        "filtered": bool(filters),
        "filters": urlencode(filters),
        "cursor": request.GET.get("after", ""),
    }
    template = "communities/person_list.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


def person_detail(request: Request, pk: int) -> HttpResponse:
    """A colleague's profile with the communities the viewer may see them in (here because it spans both apps)."""
    person = get_person_for(request.user, pk)
    context = {"person": person, "memberships": visible_memberships_of(person, viewer=request.user)}
    return render(request, "communities/person_detail.html", context)
