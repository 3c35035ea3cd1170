from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copse.accounts.http import StaffRequest as Request
from copse.accounts.models import User
from copse.communities.models import Community
from copse.communities.permissions import get_community_for
from copse.core import files
from copse.core.http import posted
from copse.core.pagination import keyset_page
from copse.core.refusals import Refused, form_status, refusal_response
from copse.discussions.permissions import get_thread_for

from . import services
from .forms import CollectionForm, LibraryFilterForm, ReplaceFileForm, ResourceForm, resource_initial
from .models import Collection, Resource, ResourceFile, ResourceKind
from .permissions import (
    can_add_resource,
    can_curate,
    can_edit_resource,
    get_collection_for,
    get_resource_for,
)

PAGE_SIZE = 25
COLLECTIONS_SHOWN = 6


def _listed(resources: QuerySet[Resource]) -> QuerySet[Resource]:
    latest = ResourceFile.objects.order_by("-version")
    return resources.select_related("community", "created_by__person").prefetch_related(
        "tags",  # type: ignore[misc]  # taggit's manager prefetches, which django-stubs cannot tell
        Prefetch("versions", queryset=latest, to_attr="file_versions"),
    )


def _page(request: Request, resources: QuerySet[Resource]) -> Any:
    return keyset_page(
        _listed(resources),
        sort_key="updated_at",
        cursor=request.GET.get("after", ""),
        size=PAGE_SIZE,
        descending=True,
    )


def _filtered(resources: QuerySet[Resource], filters: LibraryFilterForm) -> tuple[QuerySet[Resource], str]:
    filters.is_valid()
    chosen = {name: filters.cleaned_data.get(name) or "" for name in filters.fields}
    if chosen["kind"]:
        resources = resources.filter(kind=chosen["kind"])
    if chosen["tag"]:
        resources = resources.filter(tags__name=chosen["tag"].strip().lower())
    if chosen["best"]:
        resources = resources.filter(is_best_practice=True)
    if chosen.get("community") == "programme":
        resources = resources.filter(community__isnull=True)
    elif chosen.get("community"):
        resources = resources.filter(community__slug=chosen["community"])
    query = "&".join(f"{name}={'on' if value is True else value}" for name, value in chosen.items() if value)
    return resources, query


def _collections(collections: QuerySet[Collection]) -> list[Collection]:
    return list(
        collections.select_related("community")
        .annotate(size=Count("items"))
        .order_by("-updated_at", "-id")[:COLLECTIONS_SHOWN]
    )


@require_GET
def library(request: Request) -> HttpResponse:
    """Every resource the person may see, latest changed first, with the collections at the top."""
    communities = list(Community.objects.members_visible_to(request.user).order_by("name"))
    filters = LibraryFilterForm(request.GET, communities=communities)
    resources, query = _filtered(Resource.objects.visible_to(request.user), filters)
    context = {
        "page": _page(request, resources),
        "filters": filters,
        "query": query,
        "collections": _collections(Collection.objects.visible_to(request.user)),
        "can_add": can_add_resource(request.user, None),
    }
    return render(request, "library/library.html", context)


@require_GET
def community_library(request: Request, slug: str) -> HttpResponse:
    """The Library tab: the community's resources and collections, where its members' area is visible."""
    community = get_community_for(request.user, slug, "view_members")
    filters = LibraryFilterForm(request.GET)
    resources, query = _filtered(Resource.objects.filter(community=community), filters)
    context = {
        "community": community,
        "page": _page(request, resources),
        "filters": filters,
        "query": query,
        "collections": _collections(Collection.objects.filter(community=community)),
        "can_add": can_add_resource(request.user, community),
        "can_curate": can_curate(request.user, community),
    }
    return render(request, "library/community_library.html", context)


def _community_from_query(request: Request) -> Community | None:
    slug = request.GET.get("community", "")
    return get_community_for(request.user, slug, "view_members") if slug else None


@require_http_methods(["GET", "POST"])
def resource_create(request: Request) -> HttpResponse:
    """`?kind=link|file|page&community=<slug>`: add a resource to that community's library (no community: the
    programme's, for the programme team)."""
    community = _community_from_query(request)
    if not can_add_resource(request.user, community):
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    if kind not in ResourceKind.values:
        kind = ResourceKind.LINK
    form = ResourceForm(posted(request), request.FILES or None, kind=kind, community=community)

    def page(status: int) -> HttpResponse:
        context = {"form": form, "community": community, "kind": kind}
        return render(request, "library/resource_form.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            resource = services.add_resource(
                community, by=request.user, kind=kind, data=form.data_for_service(), upload=form.upload()
            )
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, f"“{resource.title}” is in the library.")
        return redirect(resource)
    return page(form_status(form))


def _detail(
    request: Request, resource: Resource, replace_form: ReplaceFileForm, status: int = 200
) -> HttpResponse:
    versions = list(resource.versions.select_related("uploaded_by__person"))
    context = {
        "resource": resource,
        "community": resource.community,
        "versions": versions,
        "current": versions[0] if versions else None,
        "tags": list(resource.tags.all()),
        "credited": list(resource.credited.select_related("person").order_by("name")),
        "projects": list(resource.projects.order_by("title")),
        "collections": list(Collection.objects.filter(items__resource=resource).distinct().order_by("title")),
        "can_edit": can_edit_resource(request.user, resource),
        "can_curate": can_curate(request.user, resource.community),
        "replace_form": replace_form,
    }
    return render(request, "library/resource_detail.html", context, status=status)


@require_GET
def resource_detail(request: Request, resource_id: int) -> HttpResponse:
    return _detail(request, get_resource_for(request.user, resource_id), ReplaceFileForm())


@require_http_methods(["GET", "POST"])
def resource_edit(request: Request, resource_id: int) -> HttpResponse:
    resource = get_resource_for(request.user, resource_id, "edit")
    form = ResourceForm(
        posted(request),
        kind=resource.kind,
        community=resource.community,
        editing=True,
        initial=resource_initial(resource),
    )

    def page(status: int) -> HttpResponse:
        context = {"form": form, "resource": resource, "community": resource.community, "kind": resource.kind}
        return render(request, "library/resource_form.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            services.edit_resource(resource, by=request.user, data=form.data_for_service())
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "The resource is saved.")
        return redirect(resource)
    return page(form_status(form))


@require_POST
def replace_file(request: Request, resource_id: int) -> HttpResponse:
    resource = get_resource_for(request.user, resource_id, "edit")
    form = ReplaceFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, resource, form, status=400)
    chosen = form.cleaned_data["file"]
    try:
        version = services.replace_file(
            resource,
            by=request.user,
            upload=services.Upload(name=chosen.name, file=chosen),
            note=form.cleaned_data["note"],
        )
    except Refused as refusal:
        return refusal_response(
            request, refusal, form=form, page=lambda status: _detail(request, resource, form, status)
        )
    messages.success(
        request, f"Version {version.version} is now the one people download. Earlier versions are kept."
    )
    return redirect(resource)


@require_GET
def download(request: Request, resource_id: int, version: int, filename: str) -> FileResponse:
    """One version of a resource's file, to whoever may see the resource, always as a download."""
    resource = get_resource_for(request.user, resource_id)
    stored = ResourceFile.objects.filter(resource=resource, version=version).first()
    if stored is None:
        raise Http404("No file found.")
    return files.download(str(stored.file.name), filename=stored.filename, content_type=stored.content_type)


@require_POST
def best_practice(request: Request, resource_id: int) -> HttpResponse:
    resource = get_resource_for(request.user, resource_id, "curate")
    best = request.POST.get("best") != "no"
    services.mark_best_practice(resource, by=request.user, best=best)
    messages.success(
        request,
        "It is marked as best practice wherever it is listed."
        if best
        else "It is no longer marked as best practice.",
    )
    return redirect(resource)


def _choices(community: Community | None) -> QuerySet[Resource]:
    return Resource.objects.filter(Q(community__isnull=True) | Q(community=community)).order_by(
        "-is_best_practice", "title"
    )


@require_GET
def collection_detail(request: Request, collection_id: int) -> HttpResponse:
    collection = get_collection_for(request.user, collection_id)
    items = list(collection.items.select_related("resource__community"))
    context = {
        "collection": collection,
        "community": collection.community,
        "items": items,
        "can_curate": can_curate(request.user, collection.community),
    }
    return render(request, "library/collection_detail.html", context)


@require_http_methods(["GET", "POST"])
def collection_create(request: Request) -> HttpResponse:
    community = _community_from_query(request)
    if not can_curate(request.user, community):
        raise PermissionDenied
    form = CollectionForm(posted(request), choices=_choices(community))

    def page(status: int) -> HttpResponse:
        context = {"form": form, "community": community}
        return render(request, "library/collection_form.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            collection = services.create_collection(community, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, f"The collection “{collection.title}” is made.")
        return redirect(collection)
    return page(form_status(form))


@require_http_methods(["GET", "POST"])
def collection_edit(request: Request, collection_id: int) -> HttpResponse:
    collection = get_collection_for(request.user, collection_id, "curate")
    initial = {
        "title": collection.title,
        "description": collection.description,
        "resources": [item.resource_id for item in collection.items.all()],
    }
    form = CollectionForm(posted(request), choices=_choices(collection.community), initial=initial)

    def page(status: int) -> HttpResponse:
        context = {"form": form, "community": collection.community, "collection": collection}
        return render(request, "library/collection_form.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            services.edit_collection(collection, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "The collection is saved.")
        return redirect(collection)
    return page(form_status(form))


@require_http_methods(["GET", "POST"])
def save_thread(request: Request, slug: str, thread_id: int) -> HttpResponse:
    """ "Save to the library": the thread's question and accepted answer as a page of its community's library,
    crediting its authors. The person can change the words before saving."""
    thread = get_thread_for(request.user, slug, thread_id)
    if not can_add_resource(request.user, thread.community):
        raise PermissionDenied
    body, authors = services.thread_as_page(thread)
    initial = {"title": thread.title, "body": body}
    form = ResourceForm(posted(request), kind=ResourceKind.PAGE, community=thread.community, initial=initial)

    def page(status: int) -> HttpResponse:
        context = {
            "form": form,
            "thread": thread,
            "community": thread.community,
            "credited": list(User.objects.filter(pk__in=authors).select_related("person").order_by("name")),
        }
        return render(request, "library/save_thread.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            resource = services.save_thread(thread, by=request.user, data=form.data_for_service())
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(
            request, f"“{resource.title}” is saved in the library, crediting the thread’s authors."
        )
        return redirect(resource)
    return page(form_status(form))
