"""A community's indicators: those it looks at, the catalogue to adopt from, its own new ones, and what its leads
observed of each."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.db.models import OuterRef, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from copse.accounts.http import StaffRequest as Request
from copse.core.http import posted
from copse.core.refusals import Refused, form_status, refusal_from, refusal_response

from ..forms.indicators import IndicatorForm, IndicatorProjectsForm, ObservationForm, TargetForm
from ..models import SMALL_GROUP, IndicatorAdoption, IndicatorDefinition, IndicatorObservation, ValueCycle
from ..models.indicators import attach_latest
from ..permissions import (
    can_manage_indicators,
    can_record_for_organisation,
    get_adoptable_for,
    get_indicator_for,
    get_indicators_community_for,
    get_organisation_indicator_for,
)
from ..services import indicators as services


def _list_url(slug: str) -> str:
    return reverse("valuecreation:community_indicators", args=[slug])


def _detail_url(slug: str, pk: int) -> str:
    return reverse("valuecreation:community_indicator", args=[slug, pk])


@require_GET
def indicator_list(request: Request, slug: str) -> HttpResponse:
    """The indicators the community looks at, by cycle, with the last observation of each; for its leads, the
    rest of the catalogue (and its own indicators it stopped looking at) to adopt."""
    community = get_indicators_community_for(request.user, slug)
    adoptions = attach_latest(
        list(
            IndicatorAdoption.objects.filter(community=community)
            .select_related("indicator__cycle")
            .with_latest_observation()
        )
    )
    can_manage = can_manage_indicators(request.user, community)
    available: list[tuple[ValueCycle, list[IndicatorDefinition]]] = []
    if can_manage:
        adopted = {a.indicator_id for a in adoptions}
        rest = IndicatorDefinition.objects.filter(
            Q(community=None) | Q(community=community), cycle__is_enabled=True
        ).select_related("cycle")
        available = [
            (cycle, rows)
            for cycle, group in groupby(rest.order_by("cycle__position", "name"), key=lambda i: i.cycle)
            if (rows := [i for i in group if i.pk not in adopted])
        ]
    context = {
        "community": community,
        "adopted_by_cycle": [
            (c, list(rows)) for c, rows in groupby(adoptions, key=lambda a: a.indicator.cycle)
        ],
        "available": available,
        "can_manage": can_manage,
        "small_group": SMALL_GROUP,
    }
    return render(request, "valuecreation/indicators_list.html", context)


@require_GET
def indicator_detail(request: Request, slug: str, pk: int) -> HttpResponse:
    """One indicator the community looks at, with every observation of it, newest first."""
    adoption = get_indicator_for(request.user, slug, pk)
    observations = IndicatorObservation.objects.filter(
        community=adoption.community, indicator=adoption.indicator
    ).order_by("-period_end", "-period_start", "-pk")
    projects = list(adoption.projects.order_by("title"))
    can_manage = can_manage_indicators(request.user, adoption.community)
    context = {
        "community": adoption.community,
        "adoption": adoption,
        "indicator": adoption.indicator,
        "observations": observations,
        "can_manage": can_manage,
        "target_form": TargetForm(initial={"target": adoption.target}),
        "projects": projects,
        "projects_form": IndicatorProjectsForm(
            community=adoption.community, initial={"projects": [p.pk for p in projects]}
        )
        if can_manage
        else None,
        "small_group": SMALL_GROUP,
    }
    return render(request, "valuecreation/indicators_detail.html", context)


@require_POST
def indicator_adopt(request: Request, slug: str, pk: int) -> HttpResponse:
    community, indicator = get_adoptable_for(request.user, slug, pk)
    form = TargetForm(request.POST)
    if not form.is_valid():
        return refusal_response(request, refusal_from(form), then=_list_url(slug))
    try:
        services.adopt_indicator(community, indicator, by=request.user, **form.cleaned_data)
    except Refused as refusal:
        return refusal_response(request, refusal, then=_list_url(slug))
    messages.success(
        request, f"{community.name} now looks at {indicator.name}. Record what you see of it here."
    )
    return redirect(_detail_url(slug, indicator.pk))


@require_POST
def indicator_stop(request: Request, slug: str, pk: int) -> HttpResponse:
    adoption = get_indicator_for(request.user, slug, pk, "manage")
    services.stop_looking_at(adoption)
    messages.success(
        request,
        f"{adoption.community.name} no longer looks at {adoption.indicator.name}. What was seen is kept.",
    )
    return redirect(_list_url(slug))


@require_POST
def indicator_target(request: Request, slug: str, pk: int) -> HttpResponse:
    adoption = get_indicator_for(request.user, slug, pk, "manage")
    form = TargetForm(request.POST)
    if not form.is_valid():
        return refusal_response(request, refusal_from(form), then=_detail_url(slug, pk))
    try:
        services.set_target(adoption, **form.cleaned_data)
    except Refused as refusal:
        return refusal_response(request, refusal, then=_detail_url(slug, pk))
    messages.success(request, "The target is saved." if adoption.target else "The target is removed.")
    return redirect(_detail_url(slug, pk))


@require_POST
def indicator_projects(request: Request, slug: str, pk: int) -> HttpResponse:
    """A lead says which of the community's projects the indicator shows the difference of."""
    adoption = get_indicator_for(request.user, slug, pk, "manage")
    form = IndicatorProjectsForm(request.POST, community=adoption.community)
    if not form.is_valid():
        return refusal_response(request, refusal_from(form), then=_detail_url(slug, pk))
    try:
        services.set_projects(adoption, **form.cleaned_data)
    except Refused as refusal:
        return refusal_response(request, refusal, then=_detail_url(slug, pk))
    messages.success(
        request, "The projects it follows are saved. Each project's page links to this indicator."
    )
    return redirect(_detail_url(slug, pk))


@require_http_methods(["GET", "POST"])
def indicator_define(request: Request, slug: str) -> HttpResponse:
    """A lead defines an indicator of the community's own; defining it adopts it."""
    community = get_indicators_community_for(request.user, slug, "manage")
    form = IndicatorForm(posted(request))

    def page(status: int) -> HttpResponse:
        context = {"community": community, "form": form}
        return render(request, "valuecreation/indicators_define.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            adoption = services.define_indicator(community, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(
            request, f"{adoption.indicator.name} is defined, and {community.name} now looks at it."
        )
        return redirect(_detail_url(slug, adoption.indicator_id))
    return page(form_status(form))


@require_http_methods(["GET", "POST"])
def observation_create(request: Request, slug: str, pk: int) -> HttpResponse:
    adoption = get_indicator_for(request.user, slug, pk, "manage")
    if adoption.indicator.source == IndicatorDefinition.Source.PLATFORM:
        refusal = Refused(
            "Copse counts this indicator itself, so it is not recorded by hand.", kind="conflict"
        )
        return refusal_response(request, refusal, then=_detail_url(slug, pk))
    form = ObservationForm(posted(request), indicator=adoption.indicator)

    community, indicator = adoption.community, adoption.indicator

    def page(status: int) -> HttpResponse:
        context: dict[str, Any] = {
            "indicator": indicator,
            "form": form,
            "trail": [
                *("Communities", reverse("communities:list"), community.name, community.get_absolute_url()),
                *("Value", reverse("valuecreation:community_value", args=[slug])),
                *(indicator.name, _detail_url(slug, pk)),
            ],
            "cancel_url": _detail_url(slug, pk),
        }
        return render(request, "valuecreation/indicators_observation_form.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            services.record_observation(
                adoption.community, adoption.indicator, by=request.user, **form.cleaned_data
            )
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, f"The observation of {adoption.indicator.name} is recorded.")
        return redirect(_detail_url(slug, pk))
    return page(form_status(form))


def _organisation_detail_url(pk: int) -> str:
    return reverse("valuecreation:organisation_indicator", args=[pk])


@require_GET
def organisation_indicators(request: Request) -> HttpResponse:
    """The catalogue, by cycle, with what the programme team last observed of each across the organisation."""
    latest = IndicatorObservation.objects.filter(indicator=OuterRef("pk"), community=None).order_by(
        "-period_end", "-period_start", "-pk"
    )
    indicators = list(
        IndicatorDefinition.objects.filter(community=None, cycle__is_enabled=True)
        .select_related("cycle")
        .annotate(latest_observation_id=Subquery(latest.values("pk")[:1]))
        .order_by("cycle__position", "name")
    )
    found = IndicatorObservation.objects.in_bulk(
        [i.latest_observation_id for i in indicators if i.latest_observation_id]  # type: ignore[attr-defined]
    )
    for indicator in indicators:
        indicator.latest = found.get(indicator.latest_observation_id)  # type: ignore[attr-defined]
    context = {
        "by_cycle": [(cycle, list(rows)) for cycle, rows in groupby(indicators, key=lambda i: i.cycle)],
        "can_record": can_record_for_organisation(request.user),
        "small_group": SMALL_GROUP,
    }
    return render(request, "valuecreation/indicators_organisation.html", context)


@require_GET
def organisation_indicator(request: Request, pk: int) -> HttpResponse:
    """One catalogue indicator, with the organisation's own observations of it, newest first."""
    indicator = get_organisation_indicator_for(request.user, pk)
    observations = IndicatorObservation.objects.filter(community=None, indicator=indicator).order_by(
        "-period_end", "-period_start", "-pk"
    )
    context = {
        "indicator": indicator,
        "observations": observations,
        "can_record": can_record_for_organisation(request.user),
        "small_group": SMALL_GROUP,
    }
    return render(request, "valuecreation/indicators_organisation_detail.html", context)


@require_http_methods(["GET", "POST"])
def organisation_observation_create(request: Request, pk: int) -> HttpResponse:
    indicator = get_organisation_indicator_for(request.user, pk, "manage")
    if indicator.source == IndicatorDefinition.Source.PLATFORM:
        refusal = Refused(
            "Copse counts this indicator itself, so it is not recorded by hand.", kind="conflict"
        )
        return refusal_response(request, refusal, then=_organisation_detail_url(pk))
    form = ObservationForm(posted(request), indicator=indicator)

    def page(status: int) -> HttpResponse:
        context: dict[str, Any] = {
            "indicator": indicator,
            "form": form,
            "trail": [
                *("The organisation’s indicators", reverse("valuecreation:organisation_indicators")),
                *(indicator.name, _organisation_detail_url(pk)),
            ],
            "cancel_url": _organisation_detail_url(pk),
        }
        return render(request, "valuecreation/indicators_observation_form.html", context, status=status)

    if request.method == "POST" and form.is_valid():
        try:
            services.record_organisation_observation(indicator, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            return refusal_response(request, refusal, form=form, page=page)
        messages.success(request, f"The organisation’s observation of {indicator.name} is recorded.")
        return redirect(_organisation_detail_url(pk))
    return page(form_status(form))
