"""Effect data: the indicators a community looks at (from the shipped catalogue, or its own) and what its leads
observed of each over a period. The views check who may do this (`permissions.get_indicator_for`); these services
hold the rules of the thing itself, so the demo and a command get the same answers as a page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from copse.accounts.models import User
from copse.communities.models import Community
from copse.core.refusals import Kind, Refused
from copse.core.text import name_key, paragraphs, single_line, web_address
from copse.projects.models import Project

from ..models import (
    DESCRIPTION_MAX,
    INDICATOR_NAME_MAX,
    POTENTIAL,
    Capital,
    IndicatorAdoption,
    IndicatorDefinition,
    IndicatorObservation,
    ValueCycle,
)
from ..models.indicators import TEXT_MAX

TARGET_MAX = 200
UNIT_MAX = 40
EVIDENCE_MAX = 20
# What a DecimalField(max_digits=14, decimal_places=2) holds.
VALUE_LIMIT = Decimal("999999999999.99")
# More people than any organisation has: the most a figure can be drawn from.
PEOPLE_LIMIT = 10_000_000


def _target(target: str) -> str:
    return single_line(target, field="target", label="the target", max_length=TARGET_MAX)


@transaction.atomic
def adopt_indicator(
    community: Community, indicator: IndicatorDefinition, *, by: User, target: str = ""
) -> IndicatorAdoption:
    """The community starts looking at an indicator from the catalogue or of its own, with what it hopes to see.
    Refused for another community's indicator, one whose cycle is switched off, and one it already looks at."""
    if indicator.community_id not in (None, community.pk):
        raise Refused("That indicator belongs to another community.", kind=Kind.NOT_FOUND)
    if not indicator.cycle.is_enabled:
        raise Refused(
            f"{indicator.cycle.name} is switched off for the programme, so its indicators cannot be adopted.",
            kind=Kind.CONFLICT,
        )
    target = _target(target)
    try:
        with transaction.atomic():
            return IndicatorAdoption.objects.create(
                community=community, indicator=indicator, target=target, adopted_by=by
            )
    except IntegrityError:
        raise Refused(f"{community.name} already looks at {indicator.name}.", kind=Kind.CONFLICT) from None


@transaction.atomic
def stop_looking_at(adoption: IndicatorAdoption) -> None:
    """The community no longer looks at the indicator. What it observed is kept, for the reports of the periods
    it covered, and comes back if the indicator is adopted again."""
    adoption.delete()


@transaction.atomic
def set_projects(adoption: IndicatorAdoption, *, projects: Iterable[Project]) -> IndicatorAdoption:
    """The community's projects whose difference the indicator shows (its page and theirs link each other)."""
    chosen = list(projects)
    if any(project.community_id != adoption.community_id for project in chosen):
        raise Refused("Choose projects of this community only.", field="projects")
    adoption.projects.set(chosen)
    return adoption


@transaction.atomic
def set_target(adoption: IndicatorAdoption, *, target: str) -> IndicatorAdoption:
    """What the community hopes to see of the indicator (empty: no target)."""
    adoption.target = _target(target)
    adoption.save(update_fields=["target"])
    return adoption


@transaction.atomic
def define_indicator(
    community: Community,
    *,
    by: User,
    name: str,
    cycle: ValueCycle,
    description: str,
    measure: str = IndicatorDefinition.Measure.QUANTITATIVE,
    capital: str = "",
    unit: str = "",
    source: str = IndicatorDefinition.Source.MANUAL,
    better: str = IndicatorDefinition.Better.HIGHER,
    target: str = "",
) -> IndicatorAdoption:
    """A community's own indicator, adopted at once. A form of capital belongs to potential value alone; Copse
    counts only the catalogue's platform indicators, so a community's own come from a survey, the community or the
    organisation's data; its name differs from the catalogue's and the community's other indicators."""
    name = single_line(name, field="name", label="the name", max_length=INDICATOR_NAME_MAX, required=True)
    description = paragraphs(
        description, field="description", label="what it shows", max_length=DESCRIPTION_MAX, required=True
    )
    unit = single_line(unit, field="unit", label="the unit", max_length=UNIT_MAX)
    if not cycle.is_enabled:
        raise Refused(f"{cycle.name} is switched off for the programme: choose another cycle.", field="cycle")
    if capital and capital not in Capital.values:
        raise Refused("Choose one of the forms of capital.", field="capital")
    if capital and cycle.key != POTENTIAL:
        raise Refused("Only indicators of potential value measure a form of capital.", field="capital")
    if measure not in IndicatorDefinition.Measure.values:
        raise Refused("Choose whether it is a number or a description.", field="measure")
    if source not in IndicatorDefinition.Source.values or source == IndicatorDefinition.Source.PLATFORM:
        raise Refused(
            "Choose where the figures come from: Copse counts only the indicators it ships with.",
            field="source",
        )
    if better not in IndicatorDefinition.Better.values:
        raise Refused("Choose which direction is better.", field="better")
    if measure == IndicatorDefinition.Measure.QUALITATIVE:
        unit, better = "", IndicatorDefinition.Better.NEITHER
    key = name_key(name)
    taken = IndicatorDefinition.objects.filter(Q(community=community) | Q(community=None))
    if any(name_key(existing) == key for existing in taken.values_list("name", flat=True)):
        raise Refused(
            "An indicator with this name already exists: adopt it, or give yours a name of its own.",
            kind=Kind.CONFLICT,
            field="name",
        )
    indicator = IndicatorDefinition(
        community=community,
        name=name,
        cycle=cycle,
        capital=capital,
        description=description,
        measure=measure,
        unit=unit,
        source=source,
        better=better,
        created_by=by,
    )
    try:
        indicator.clean()
    except ValidationError as error:  # the model's own rule, should the checks above ever drift from it
        field, messages = next(iter(error.message_dict.items()))
        raise Refused(messages[0], field=field) from None
    indicator.save()
    return IndicatorAdoption.objects.create(
        community=community, indicator=indicator, target=_target(target), adopted_by=by
    )


def _evidence(evidence: str) -> str:
    """Web addresses, one a line, each checked; blank lines dropped."""
    lines = [line.strip() for line in evidence.splitlines() if line.strip()]
    if len(lines) > EVIDENCE_MAX:
        raise Refused(f"Give {EVIDENCE_MAX} web addresses or fewer.", field="evidence")
    checked = "\n".join(web_address(line, field="evidence") for line in lines)
    if len(checked) > TEXT_MAX:
        raise Refused("The evidence is too long: give fewer web addresses.", field="evidence")
    return checked


def _value(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    try:
        rounded = Decimal(value).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError):
        raise Refused("Enter a number.", field="value") from None
    if abs(rounded) > VALUE_LIMIT:
        raise Refused("Enter a smaller number.", field="value")
    return rounded


@transaction.atomic
def record_observation(
    community: Community,
    indicator: IndicatorDefinition,
    *,
    by: User,
    period_start: date,
    period_end: date,
    value: Decimal | None = None,
    text: str = "",
    evidence: str = "",
    people: int | None = None,
) -> IndicatorObservation:
    """What a lead saw of an indicator the community looks at, over a period that has ended (today at the
    latest): a number for a quantitative indicator (with an optional note), words for a qualitative one, the web
    addresses of any evidence and, where known, how many people it is drawn from. Copse counts its platform
    indicators itself, so those are not recorded by hand."""
    adopted = IndicatorAdoption.objects.filter(community=community, indicator=indicator).exists()
    if not adopted:
        raise Refused(f"{community.name} does not look at {indicator.name}.", kind=Kind.NOT_FOUND)
    return _record(
        indicator,
        community=community,
        by=by,
        period_start=period_start,
        period_end=period_end,
        value=value,
        text=text,
        evidence=evidence,
        people=people,
    )


@transaction.atomic
def record_organisation_observation(
    indicator: IndicatorDefinition,
    *,
    by: User,
    period_start: date,
    period_end: date,
    value: Decimal | None = None,
    text: str = "",
    evidence: str = "",
    people: int | None = None,
) -> IndicatorObservation:
    """What the programme team saw of a catalogue indicator across the whole organisation (no community), with
    the same rules as a community's observation."""
    if not indicator.in_catalogue:
        raise Refused("The organisation records only the catalogue's indicators.", kind=Kind.NOT_FOUND)
    return _record(
        indicator,
        community=None,
        by=by,
        period_start=period_start,
        period_end=period_end,
        value=value,
        text=text,
        evidence=evidence,
        people=people,
    )


def _record(
    indicator: IndicatorDefinition,
    *,
    community: Community | None,
    by: User,
    period_start: date,
    period_end: date,
    value: Decimal | None,
    text: str,
    evidence: str,
    people: int | None,
) -> IndicatorObservation:
    if indicator.source == IndicatorDefinition.Source.PLATFORM:
        raise Refused(
            "Copse counts this indicator itself, so it is not recorded by hand.", kind=Kind.CONFLICT
        )
    if period_end < period_start:
        raise Refused("The period must end on or after the day it starts.", field="period_end")
    if period_end > timezone.localdate():
        raise Refused("The period must have ended: record it once it is over.", field="period_end")
    text = paragraphs(text, field="text", label="what was seen", max_length=TEXT_MAX)
    value = _value(value)
    if indicator.measure == IndicatorDefinition.Measure.QUANTITATIVE and value is None:
        raise Refused(f"Enter the figure for {indicator.name}.", field="value")
    if indicator.measure == IndicatorDefinition.Measure.QUALITATIVE:
        if value is not None:
            raise Refused(f"{indicator.name} is described in words, not counted.", field="value")
        if not text:
            raise Refused("Describe what was seen.", field="text")
    if people is not None and not 0 <= people <= PEOPLE_LIMIT:
        raise Refused(f"Enter how many people, up to {PEOPLE_LIMIT:,}, or leave it empty.", field="people")
    return IndicatorObservation.objects.create(
        indicator=indicator,
        community=community,
        period_start=period_start,
        period_end=period_end,
        value=value,
        text=text,
        evidence=_evidence(evidence),
        people=people,
        source=IndicatorObservation.Source.MANUAL,
        recorded_by=by,
    )
