from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from copse.accounts.http import StaffRequest as Request
from copse.accounts.models import ServiceArea, User
from copse.communities.models import Community
from copse.communities.permissions import get_community_for
from copse.core.attachments import from_uploads
from copse.core.files import download
from copse.core.http import posted
from copse.core.pagination import keyset_page
from copse.core.refusals import Refused, form_status, refusal_response

from . import services
from .forms import EditForm, ProjectFilterForm, ProposeForm, UpdateForm
from .models import Project, ProjectFollow, ProjectUpdate
from .permissions import (
    can_change_owner,
    can_edit_project,
    can_propose_project,
    get_attachment_for,
    get_project_for,
)

PAGE_SIZE = 25


def _listed(projects: QuerySet[Project]) -> QuerySet[Project]:
    people = User.objects.select_related("person")
    return projects.select_related("community", "owner__person").prefetch_related(
        Prefetch("team", queryset=people)
    )


def _page(request: Request, projects: QuerySet[Project]) -> Any:
    return keyset_page(
        _listed(projects),
        sort_key="updated_at",
        cursor=request.GET.get("after", ""),
        size=PAGE_SIZE,
        descending=True,
    )


@require_GET
def project_list(request: Request) -> HttpResponse:
    """Every project the person may see, latest changed first, by status, service area and community."""
    communities = list(Community.objects.members_visible_to(request.user).order_by("name"))
    areas = list(ServiceArea.objects.order_by("name"))
    filters = ProjectFilterForm(request.GET, communities=communities, areas=areas)
    filters.is_valid()
    chosen = {name: filters.cleaned_data.get(name) or "" for name in ("status", "area", "community")}
    projects = Project.objects.visible_to(request.user)
    if chosen["status"]:
        projects = projects.filter(status=chosen["status"])
    if chosen["area"]:
        projects = projects.filter(community__service_area__slug=chosen["area"])
    if chosen["community"]:
        projects = projects.filter(community__slug=chosen["community"])
    query = "&".join(f"{name}={value}" for name, value in chosen.items() if value)
    context = {"page": _page(request, projects), "filters": filters, "query": query}
    return render(request, "projects/project_list.html", context)


@require_GET
def community_projects(request: Request, slug: str) -> HttpResponse:
    """The Projects tab: the community's projects, where its members' area is visible."""
    community = get_community_for(request.user, slug, "view_members")
    context = {
        "community": community,
        "page": _page(request, Project.objects.filter(community=community)),
        "can_propose": can_propose_project(request.user, community),
    }
    return render(request, "projects/community_projects.html", context)


@require_http_methods(["GET", "POST"])
def project_create(request: Request) -> HttpResponse:
    """`?community=<slug>`: a member proposes a project of that community."""
    community = get_community_for(request.user, request.GET.get("community", ""), "view_members")
    if not can_propose_project(request.user, community):
        raise PermissionDenied
    form = ProposeForm(posted(request))

    def page(status: int) -> HttpResponse:
        return render(
            request, "projects/project_form.html", {"form": form, "community": community}, status=status
        )

    if request.method == "POST" and form.is_valid():
        try:
            project = services.propose_project(community, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "Your project is proposed. Post updates as it goes.")
        return redirect(project)
    return page(form_status(form))


def _detail(request: Request, project: Project, update_form: UpdateForm, status: int = 200) -> HttpResponse:
    updates = (
        ProjectUpdate.objects.filter(project=project)
        .select_related("author__person")
        .prefetch_related("attachments")
    )
    context = {
        "project": project,
        "team": list(project.team.select_related("person__department").order_by("name")),
        "updates": list(updates),
        "following": ProjectFollow.objects.filter(project=project, person=request.user).exists(),
        "can_edit": can_edit_project(request.user, project),
        "update_form": update_form,
    }
    return render(request, "projects/project_detail.html", context, status=status)


@require_GET
def project_detail(request: Request, project_id: int) -> HttpResponse:
    return _detail(request, get_project_for(request.user, project_id), UpdateForm())


@require_http_methods(["GET", "POST"])
def project_edit(request: Request, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id, "edit")
    initial = {"team": list(project.team.all()), "owner": project.owner_id}
    form = EditForm(
        posted(request),
        project=project,
        owner_choice=can_change_owner(request.user, project),
        initial={**instance_data(project), **initial},
    )

    def page(status: int) -> HttpResponse:
        return render(
            request, "projects/project_edit.html", {"form": form, "project": project}, status=status
        )

    if request.method == "POST" and form.is_valid():
        try:
            services.edit_project(project, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "The project is saved.")
        return redirect(project)
    return page(form_status(form))


def instance_data(project: Project) -> dict[str, Any]:
    fields = ("title", "problem", "goals", "status", "starts_on", "ends_on", "outcomes")
    return {name: getattr(project, name) for name in fields}


@require_POST
def post_update(request: Request, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id, "edit")
    form = UpdateForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, project, form, status=400)
    try:
        services.post_update(
            project,
            author=request.user,
            body=form.cleaned_data["body"],
            files=from_uploads(form.cleaned_data["attachments"]),
            image_descriptions=form.cleaned_data["image_descriptions"],
        )
    except Refused as refusal:
        return refusal_response(
            request, refusal, form=form, page=lambda status: _detail(request, project, form, status)
        )
    messages.success(request, "Your update is posted. Followers will hear of it.")
    return redirect(project)


@require_safe
def attachment(request: Request, project_id: int, attachment_id: int, filename: str) -> FileResponse:
    """A file attached to a project update, for whoever may see the project: an image Copse re-encoded is shown
    in the page, any other file is a download with headers that stop a browser from running it."""
    item = get_attachment_for(request.user, project_id, attachment_id, filename)
    return download(
        str(item.file.name), filename=item.filename, content_type=item.content_type, inline=item.is_image
    )


@require_POST
def follow(request: Request, project_id: int) -> HttpResponse:
    project = get_project_for(request.user, project_id)
    following = request.POST.get("follow") != "no"
    services.follow(project, person=request.user, following=following)
    messages.success(
        request, "You follow this project." if following else "You no longer follow this project."
    )
    return redirect(project)
