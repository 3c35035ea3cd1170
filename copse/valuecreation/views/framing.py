"""Framing pages: a community's Value tab, and the aspirations and uncertainties of a person (their own), a
service area and the organisation. One set of views serves every level: the URL says which (`scope`, and the
community's or service area's `slug`), and `get_frame_for` fetches and authorises it."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copse.accounts.http import StaffRequest as Request
from copse.core.http import posted
from copse.core.refusals import Refused, form_status, refusal_response

from ..forms.framing import AspirationForm, ResolveForm, RevisionForm, RiskFormSet, UncertaintyForm
from ..models import (
    SMALL_GROUP,
    Aspiration,
    AspirationRevision,
    IndicatorAdoption,
    Risk,
    Scope,
    StoryStatus,
    Uncertainty,
    ValueStory,
)
from ..models.indicators import attach_latest
from ..permissions import (
    Frame,
    can_review_stories,
    can_tell_story_in,
    get_aspiration_for,
    get_frame_for,
    get_uncertainty_for,
)
from ..services import framing as services

# How each level's URL names begin (`valuecreation:community_aspiration_create`).
URL_PREFIX = {
    Scope.PERSON: "my",
    Scope.COMMUNITY: "community",
    Scope.AREA: "area",
    Scope.ORGANISATION: "organisation",
}


def frame_url(frame: Frame, name: str, pk: int | None = None) -> str:
    """The address of one of the level's pages: `frame_url(frame, "aspiration_create")`; "page" is the level's
    own page (for a community, its Value tab)."""
    if name == "page":
        name = "value" if frame.scope == Scope.COMMUNITY else "framing"
    slug = frame.community.slug if frame.community else frame.area.slug if frame.area else None
    kwargs = {key: value for key, value in (("slug", slug), ("pk", pk)) if value is not None}
    return reverse(f"valuecreation:{URL_PREFIX[frame.scope]}_{name}", kwargs=kwargs)


def frame_name(frame: Frame) -> str:
    """Whose framing it is, as a page's heading says it."""
    if frame.community is not None:
        return frame.community.name
    if frame.area is not None:
        return frame.area.name
    return "You" if frame.scope == Scope.PERSON else "The organisation"


def frame_trail(frame: Frame) -> list[str]:
    """The breadcrumbs' labels and addresses down to the level's own page: a page below it adds its own name
    (`breadcrumbs(*(trail + ["History"]))`), the level's page drops the last address (`trail[:-1]`)."""
    page = frame_url(frame, "page")
    if frame.community is not None:
        community = frame.community
        return [
            "Communities",
            reverse("communities:list"),
            community.name,
            community.get_absolute_url(),
            "Value",
            page,
        ]
    if frame.area is not None:
        return [
            "Service areas",
            reverse("communities:areas"),
            frame.area.name,
            frame.area.get_absolute_url(),
            "Aspirations",
            page,
        ]
    if frame.scope == Scope.PERSON:
        return ["Your aspirations", page]
    return ["The organisation’s aspirations", page]


def frame_context(frame: Frame) -> dict[str, Any]:
    return {
        "frame": frame,
        "community": frame.community,
        "frame_url": lambda name, pk=None: frame_url(frame, name, pk),
        "trail": frame_trail(frame),
    }


def framing_of(frame: Frame) -> dict[str, Any]:
    """The level's aspirations (held, then set aside) with their risks, and its uncertainties (open, then
    resolved): four queries whatever they hold."""
    aspirations = list(
        Aspiration.objects.filter(**frame.lookup()).prefetch_related(
            Prefetch("risks", queryset=Risk.objects.order_by("position", "pk"))
        )
    )
    uncertainties = list(Uncertainty.objects.filter(**frame.lookup()).order_by("-resolved_at", "pk"))
    return {
        "aspirations": [a for a in aspirations if a.set_aside_at is None],
        "set_aside": [a for a in aspirations if a.set_aside_at is not None],
        "open_uncertainties": [u for u in uncertainties if u.resolved_at is None],
        "resolved_uncertainties": [u for u in uncertainties if u.resolved_at is not None],
    }


@require_GET
def community_value(request: Request, slug: str) -> HttpResponse:
    """A community's Value tab: what it cares about, what it does not know yet, and the indicators it looks at
    with what was last seen of each. Members read it; leads and the programme team change it."""
    frame = get_frame_for(request.user, Scope.COMMUNITY, slug)
    adoptions = attach_latest(
        list(
            IndicatorAdoption.objects.filter(community=frame.community)
            .select_related("indicator__cycle")
            .with_latest_observation()
        )
    )
    by_cycle = [(cycle, list(rows)) for cycle, rows in groupby(adoptions, key=lambda a: a.indicator.cycle)]
    community = frame.community
    assert community is not None  # the community level always has one
    can_review = can_review_stories(request.user, community)
    context = {
        **frame_context(frame),
        **framing_of(frame),
        "indicators_by_cycle": by_cycle,
        "small_group": SMALL_GROUP,
        "can_tell": can_tell_story_in(request.user, community),
        "can_review": can_review,
        "waiting": ValueStory.objects.filter(community=community, status=StoryStatus.TOLD).count()
        if can_review
        else 0,
    }
    return render(request, "valuecreation/framing_community_value.html", context)


@require_GET
def framing_page(request: Request, scope: Scope, slug: str | None = None) -> HttpResponse:
    """The aspirations and uncertainties of a person (their own, which only they see), a service area or the
    organisation."""
    frame = get_frame_for(request.user, scope, slug)
    context = {**frame_context(frame), **framing_of(frame), "frame_name": frame_name(frame)}
    return render(request, "valuecreation/framing_page.html", context)


def _form_page(
    request: Request, frame: Frame, template: str, context: dict[str, Any]
) -> Callable[[int], HttpResponse]:
    def page(status: int) -> HttpResponse:
        full = {**frame_context(frame), "frame_name": frame_name(frame), **context}
        return render(request, f"valuecreation/{template}", full, status=status)

    return page


@require_http_methods(["GET", "POST"])
def aspiration_create(request: Request, scope: Scope, slug: str | None = None) -> HttpResponse:
    frame = get_frame_for(request.user, scope, slug, "edit")
    form, risks = AspirationForm.of(None, posted(request)), RiskFormSet.of(None, posted(request))
    page = _form_page(request, frame, "framing_aspiration_form.html", {"form": form, "risks": risks})
    if request.method == "POST" and form.is_valid() and risks.is_valid():
        owner = frame.community or frame.area or frame.person
        try:
            aspiration = services.create_aspiration(
                scope, owner, by=request.user, risks=risks.risks(), **form.cleaned_data
            )
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, f"“{aspiration.title}” is added to the aspirations.")
        return redirect(frame_url(frame, "page"))
    return page(form_status(form, risks))


@require_http_methods(["GET", "POST"])
def aspiration_revise(request: Request, scope: Scope, pk: int, slug: str | None = None) -> HttpResponse:
    frame, aspiration = get_aspiration_for(request.user, scope, slug, pk, "edit")
    if aspiration.set_aside_at is not None:
        refusal = Refused("This aspiration has been set aside, so it is no longer revised.", kind="conflict")
        return refusal_response(request, refusal, then=frame_url(frame, "aspiration_history", pk))
    form, risks = RevisionForm.of(aspiration, posted(request)), RiskFormSet.of(aspiration, posted(request))
    context = {"form": form, "risks": risks, "aspiration": aspiration}
    page = _form_page(request, frame, "framing_aspiration_form.html", context)
    if request.method == "POST" and form.is_valid() and risks.is_valid():
        try:
            revision = services.revise_aspiration(
                aspiration, by=request.user, risks=risks.risks(), **form.cleaned_data
            )
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, f"Version {revision.number} is saved. The earlier ones are in its history.")
        return redirect(frame_url(frame, "aspiration_history", aspiration.pk))
    return page(form_status(form, risks))


@require_GET
def aspiration_history(request: Request, scope: Scope, pk: int, slug: str | None = None) -> HttpResponse:
    """Every version of the aspiration, newest first, with why it changed and who changed it."""
    frame, aspiration = get_aspiration_for(request.user, scope, slug, pk)
    revisions = AspirationRevision.objects.filter(aspiration=aspiration).select_related(
        "revised_by__person__department"
    )
    context = {"aspiration": aspiration, "revisions": revisions}
    return _form_page(request, frame, "framing_aspiration_history.html", context)(200)


@require_POST
def aspiration_set_aside(request: Request, scope: Scope, pk: int, slug: str | None = None) -> HttpResponse:
    frame, aspiration = get_aspiration_for(request.user, scope, slug, pk, "edit")
    try:
        services.set_aside_aspiration(aspiration, by=request.user)
    except Refused as refusal:
        return refusal_response(request, refusal, then=frame_url(frame, "page"))
    messages.success(request, f"“{aspiration.title}” is set aside. Its history is kept.")
    return redirect(frame_url(frame, "page"))


@require_http_methods(["GET", "POST"])
def uncertainty_create(request: Request, scope: Scope, slug: str | None = None) -> HttpResponse:
    frame = get_frame_for(request.user, scope, slug, "edit")
    form = UncertaintyForm.of(None, posted(request))
    page = _form_page(request, frame, "framing_uncertainty_form.html", {"form": form})
    if request.method == "POST" and form.is_valid():
        owner = frame.community or frame.area or frame.person
        try:
            services.create_uncertainty(scope, owner, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "The uncertainty is added. Resolve it when you know the answer.")
        return redirect(frame_url(frame, "page"))
    return page(form_status(form))


@require_http_methods(["GET", "POST"])
def uncertainty_edit(request: Request, scope: Scope, pk: int, slug: str | None = None) -> HttpResponse:
    frame, uncertainty = get_uncertainty_for(request.user, scope, slug, pk, "edit")
    form = UncertaintyForm.of(uncertainty, posted(request))
    page = _form_page(
        request, frame, "framing_uncertainty_form.html", {"form": form, "uncertainty": uncertainty}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_uncertainty(uncertainty, **form.cleaned_data)
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "Your changes to the uncertainty are saved.")
        return redirect(frame_url(frame, "page"))
    return page(form_status(form))


@require_http_methods(["GET", "POST"])
def uncertainty_resolve(request: Request, scope: Scope, pk: int, slug: str | None = None) -> HttpResponse:
    frame, uncertainty = get_uncertainty_for(request.user, scope, slug, pk, "edit")
    form = ResolveForm(posted(request))
    page = _form_page(
        request, frame, "framing_uncertainty_resolve.html", {"form": form, "uncertainty": uncertainty}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_uncertainty(uncertainty, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, "The uncertainty is resolved, with what was learnt.")
        return redirect(frame_url(frame, "page"))
    return page(form_status(form))


@require_POST
def uncertainty_reopen(request: Request, scope: Scope, pk: int, slug: str | None = None) -> HttpResponse:
    frame, uncertainty = get_uncertainty_for(request.user, scope, slug, pk, "edit")
    try:
        services.reopen_uncertainty(uncertainty)
    except Refused as refusal:
        return refusal_response(request, refusal, then=frame_url(frame, "page"))
    messages.success(request, "The uncertainty is open again.")
    return redirect(frame_url(frame, "page"))
